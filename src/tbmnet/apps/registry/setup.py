"""Loading reference data and the demo world into the database (``tbmnet init [--demo]``)."""

from __future__ import annotations

from django.db import transaction

DEMO_PASSWORD = "tbmnet-demo"


def load_reference() -> str:
    """Load competent authorities and border points from the reference files. Idempotent."""
    return "nothing to load yet"


@transaction.atomic
def load_demo() -> str:
    """Create the demo world (states, authorities, companies, facilities, accounts). Idempotent."""
    return "no demo world yet"


def print_demo_accounts(console) -> None:
    console.print(f"Demo accounts: none yet (password {DEMO_PASSWORD})")
