"""The demo world of DESIGN.md, app by app, in dependency order. Idempotent."""

from __future__ import annotations


def load_demo() -> list[tuple[str, str]]:
    """Load every app's demo data; (app, summary) pairs come back."""
    from tbmnet.apps.customs import demo as customs
    from tbmnet.apps.movements import demo as movements
    from tbmnet.apps.notifications import demo as notifications
    from tbmnet.apps.registry import setup as registry

    return [("registry", registry.load_demo()), ("notifications", notifications.load_demo()),
            ("movements", movements.load_demo()), ("customs", customs.load_demo())]
