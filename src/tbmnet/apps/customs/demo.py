"""The customs part of the demo world: a shared watchlist and Malaysian risk profiles.

Everything here is fictional. ``demo/declarations_port_klang.csv`` is a day's declarations
a customs officer can upload (story 2 of shared/STORIES.md)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from . import services
from .models import RiskProfile, WatchlistEntity

DEMO_DIR = Path(__file__).parent / "demo"
DECLARATIONS_FILE = DEMO_DIR / "declarations_port_klang.csv"


@transaction.atomic
def load_demo() -> str:
    """Load once; a second load changes nothing."""
    users = get_user_model().objects
    made = []
    if not WatchlistEntity.objects.exists():
        with (DEMO_DIR / "watchlist.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        summary = services.import_watchlist(actor=users.get(username="secretariat"), rows=rows,
                                            sharing_level="amber")
        made.append(f"{summary['created']} watchlist entities")
    if not RiskProfile.objects.exists():
        officer = users.get(username="customs.my")
        profiles = json.loads((DEMO_DIR / "profiles.json").read_text(encoding="utf-8"))
        for definition in profiles["profiles"]:
            services.save_risk_profile(actor=officer, definition=definition)
        made.append(f"{len(profiles['profiles'])} risk profiles")
    return ", ".join(made) or "customs demo data already loaded"
