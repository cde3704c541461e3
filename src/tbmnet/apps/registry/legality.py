"""The legality engine over the party lists as they stand in the database.

Party lists are partial (codes/data/PARTIES_SOURCES.md): an administrator corrects a row in
the admin, with the source of the correction, and every verdict from then on uses it. The
engine is compiled once and rebuilt only when a party status changes. With no party status
in the database (before ``tbmnet init``), the packaged files are used."""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from tbmnet.codes.reference import PartyStatus as PartyRow
from tbmnet.rules import Engine, default_engine

from .models import PartyStatus

_lock = threading.Lock()
_compiled: tuple[tuple, Engine] | None = None


def _rows() -> list[PartyRow]:
    return [PartyRow(instrument=p.instrument, country=p.country, role=p.role,
                     date_of_effect=p.date_of_effect, as_of=p.as_of,
                     verification=p.verification,
                     source=p.corrected_source or p.source, note=p.note)
            for p in PartyStatus.objects.all()]


def engine() -> Engine:
    """The engine for verdicts given by the application (API, notifications, screening)."""
    global _compiled
    version = tuple(PartyStatus.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
                    .values())
    if version[0] == 0:
        return default_engine()
    with _lock:
        if _compiled is None or _compiled[0] != version:
            _compiled = (version, Engine(parties=_rows()))
        return _compiled[1]
