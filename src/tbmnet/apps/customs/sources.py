"""What screening checks against, read from the database and compiled once per change.

The screening engine (``tbmnet.screening``) is pure Python; this module feeds it consents
(from notifications), the watchlist, the risk profiles and the legality engine over the
party lists of the database, and keeps one compiled
``Screener`` per process until one of those sources changes. The compiled watchlist is kept
apart, so that a consent issued or used does not compile a big watchlist again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Max

from tbmnet.apps.notifications.models import (
    Consent,
    Notification,
    NotificationStatus,
    StateConcerned,
    StateRole,
)
from tbmnet.apps.registry.legality import engine as party_engine
from tbmnet.apps.registry.models import NetworkMember, Organisation, PartyStatus
from tbmnet.matching.index import Entity
from tbmnet.screening import ConsentRecord, Legality, Screener, Watchlist, profile_from_dict
from tbmnet.screening.legality import rules_judge

from .models import RiskProfile, SharingLevel, WatchlistEntity

_lock = threading.RLock()
_compiling_lock = threading.Lock()
_compiling: set[tuple] = set()
_watchlist: tuple[tuple, Watchlist | None] | None = None
_compiled: tuple[tuple, Screener] | None = None
#: the state of every consent (``_consent_states``) when ``_compiled`` was brought up to date
_consents_seen: dict[str, tuple] = {}
_read_all_at = 0.0  # time.monotonic() when every consent's state was last read


#: what a consent record is made of, read as plain values (no model instances: a network
#: holds a hundred thousand consents)
_RECORD_FIELDS = ("notification_id", "notification__number", "notification__status",
                  "revoked_at", "valid_from", "valid_until", "notification__notifier__name",
                  "notification__consignee__name", "notification__hs_codes",
                  "notification__basel_codes", "notification__shipments",
                  "notification__quantity_tonnes", "notification__shipments_used",
                  "notification__tonnes_used")

#: what can change in a consent record after the consent is issued (``_consent_states``)
_STATE_FIELDS = ("notification__number", "notification__status", "revoked_at", "valid_from",
                 "valid_until", "notification__shipments_used", "notification__tonnes_used")


def consent_records(numbers: Iterable[str] | None = None) -> list[ConsentRecord]:
    """One record per notification that has a signed consent (only these notification
    numbers, when given); one without a state of export or of import is left out."""
    rows = Consent.objects.order_by("notification_id").values_list(*_RECORD_FIELDS)
    if numbers is None:
        rows = list(rows.iterator(chunk_size=5000))
    else:
        numbers, wanted = list(numbers), []
        for start in range(0, len(numbers), 500):
            wanted += rows.filter(notification__number__in=numbers[start:start + 500])
        rows = wanted
    records = []
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        route: dict[int, dict[str, list[str]]] = {}
        for notification_id, state, role in (
                StateConcerned.objects.filter(notification_id__in=[r[0] for r in chunk])
                .order_by("notification_id", "position")
                .values_list("notification_id", "state", "role")):
            route.setdefault(notification_id, {}).setdefault(role, []).append(state)
        records += filter(None, (_record(row, route.get(row[0], {})) for row in chunk))
    return records


def _record(row: tuple, route: dict[str, list[str]]) -> ConsentRecord | None:
    (_, number, notification_status, revoked_at, valid_from, valid_until, notifier, consignee,
     hs_codes, basel_codes, shipments, tonnes, shipments_used, tonnes_used) = row
    if not route.get(StateRole.EXPORT) or not route.get(StateRole.IMPORT):
        return None
    status = "consented"
    if revoked_at:
        status = "revoked"
    elif notification_status != NotificationStatus.CONSENTED:
        status = notification_status
    return ConsentRecord(
        notification_number=number,
        state_of_export=route[StateRole.EXPORT][0], state_of_import=route[StateRole.IMPORT][0],
        states_of_transit=tuple(route.get(StateRole.TRANSIT, ())),
        notifier_name=notifier, consignee_name=consignee or "",
        valid_from=valid_from, valid_until=valid_until, status=status,
        hs_codes=tuple(hs_codes), basel_codes=tuple(basel_codes),
        shipments_allowed=shipments, shipments_used=shipments_used,
        quantity_kg_allowed=float(tonnes * 1000) if tonnes is not None else None,
        quantity_kg_used=float((tonnes_used or Decimal(0)) * 1000),
    )


def _consent_states(changed_since: datetime | None = None) -> dict[str, tuple]:
    """Per notification with a consent (changed since this time, when given), what can
    change after its consent is issued: a narrow read, to find the consents that changed
    without loading them all."""
    rows = Consent.objects.values_list(*_STATE_FIELDS)
    if changed_since is not None:
        rows = rows.filter(notification__updated_at__gte=changed_since)
    return {number: tuple(rest) for number, *rest in rows.iterator(chunk_size=5000)}


def entities() -> list[Entity]:
    return [Entity(entity_id=e.entity_id, kind=e.kind, name=e.name,
                   aliases=tuple(e.aliases), address=e.address or None,
                   country=e.country or None, identifiers=tuple(e.identifiers),
                   source=e.source)
            for e in WatchlistEntity.objects.all().iterator(chunk_size=5000)]


def viewer(organisation: Organisation) -> frozenset[str]:
    """The audience tokens of someone acting for ``organisation`` (see ``audiences``)."""
    return frozenset({f"org:{organisation.pk}", f"state:{organisation.country}"})


def audiences() -> dict[str, frozenset[str]]:
    """Who may see each restricted watchlist entity, by its sharing level (FIRST, Traffic
    Light Protocol 2.0, https://www.first.org/tlp/):

    - CLEAR (no limit) and GREEN (the community: every TBMnet member): no entry;
    - AMBER (the recipients' organisations, need to know): the sharing organisation and the
      authorities and customs of its state; for a network or secretariat, of its member
      states;
    - RED (named recipients only): the sharing organisation alone.
    An entry without a sharing organisation (loaded by an administrator) is not limited.
    """
    restricted = (WatchlistEntity.objects
                  .filter(sharing_level__in=(SharingLevel.AMBER, SharingLevel.RED),
                          shared_by__isnull=False)
                  .values_list("entity_id", "sharing_level", "shared_by_id",
                               "shared_by__country"))
    members: dict[int, set[str]] = {}
    for network_id, country in NetworkMember.objects.values_list("network_id", "country"):
        members.setdefault(network_id, set()).add(country)
    out: dict[str, frozenset[str]] = {}
    for entity_id, level, organisation_id, country in restricted.iterator(chunk_size=5000):
        tokens = {f"org:{organisation_id}"}
        if level == SharingLevel.AMBER:
            tokens.add(f"state:{country}")
            tokens.update(f"state:{member}" for member in members.get(organisation_id, ()))
        out[entity_id] = frozenset(tokens)
    return out


def profiles():
    return [profile_from_dict({"profile_id": p.profile_id, "title": p.title,
                               "owner": p.owner.name, "active": p.active, **p.definition,
                               "states": [p.owner.country]})
            for p in RiskProfile.objects.select_related("owner").filter(active=True)]


def _watchlist_version() -> tuple:
    """Changes whenever a watchlist entry is added or changed, or a network's membership
    changes (who sees AMBER entries a network shared): two indexed maxima, where a count
    would read a million rows on every screening request. An entry removed is found by the
    periodic count (``READ_ALL_EVERY``)."""
    entries = WatchlistEntity.objects.aggregate(last=Max("pk"), changed=Max("updated_at"))
    members = tuple(NetworkMember.objects.order_by("pk").values_list("network_id", "country"))
    return (entries["last"] or 0, entries["changed"]), members


def _consents_version() -> tuple:
    """Changes whenever a consent is issued or revoked, or a notification changes (its
    status, or a movement using its consent: ``record_shipment`` writes ``updated_at``).
    Three indexed maxima, so that each screening request can afford to ask."""
    notifications = Notification.objects.aggregate(last=Max("updated_at"))["last"]
    consents = Consent.objects.aggregate(last=Max("pk"), revoked=Max("revoked_at"))
    return notifications, consents["last"], consents["revoked"]


def _rules_version() -> tuple:
    """Changes whenever a risk profile or a party status is added, changed or removed."""
    return tuple(tuple(queryset.aggregate(n=Count("pk"), last=Max("updated_at")).values())
                 for queryset in (RiskProfile.objects, PartyStatus.objects))


def _watchlist_for(version: tuple) -> Watchlist | None:
    global _watchlist
    with _lock:
        if _watchlist is None or _watchlist[0] != version:
            known = list(entities())
            _watchlist = (version, Watchlist.build(known, audiences()) if known else None)
        return _watchlist[1]


def _watchlist_count() -> int:
    compiled = _watchlist[1] if _watchlist else None
    return len(compiled.entities) if compiled else 0


def watchlist() -> Watchlist | None:
    """The compiled watchlist (``None`` while it is empty), rebuilt only when it changed.

    Compiling a big list is the slow part (a million entities take about half a minute), so
    it is kept apart from the consents: a movement using a consent rebuilds those, not this.
    """
    return _watchlist_for(_watchlist_version())


#: From this many entities a page that only informs (a notifier's record) does not wait for
#: the watchlist to compile: it reads the last compiled one while a thread compiles the new.
WAIT_AT_MOST = 20_000


@dataclass(frozen=True)
class WatchlistNow:
    """The watchlist a page may show at once: ``current`` False while a newer one compiles
    (``watchlist`` is then the last compiled one, or ``None`` if there is none yet)."""

    watchlist: Watchlist | None
    current: bool


def watchlist_now() -> WatchlistNow:
    """The compiled watchlist without waiting half a minute for a big one to compile.

    A small list is compiled in the request (milliseconds). A big one that changed is
    compiled by a background thread, once per version; until it is done this answers the
    last compiled list, marked not current. Customs screening never uses this: it waits for
    the current list (``screener``)."""
    version = _watchlist_version()
    last = _watchlist  # reading one reference needs no lock; a compile may hold the lock
    if last is not None and last[0] == version:
        return WatchlistNow(last[1], True)
    if version[0][0] < WAIT_AT_MOST:  # the last id: about as many entries, or more
        return WatchlistNow(_watchlist_for(version), True)
    with _compiling_lock:
        if version not in _compiling:
            _compiling.add(version)
            threading.Thread(target=_compile_in_background, args=(version,),
                             name="watchlist-compile", daemon=True).start()
    return WatchlistNow(last[1] if last else None, False)


def _compile_in_background(version: tuple) -> None:
    try:
        _watchlist_for(version)
    finally:
        connection.close()  # this thread's own database connection
        with _compiling_lock:
            _compiling.discard(version)


#: A refresh reads again the consents whose notification changed since the last change it
#: saw, less this margin: a transaction that committed after a later one is still found.
LOOK_BACK = timedelta(minutes=5)
#: and at least this often every consent's state is read (``_consent_states`` without a
#: time) and the watchlist counted: a change written around ``updated_at``, a consent or a
#: watchlist entry deleted, is found then.
READ_ALL_EVERY = 600.0  # seconds


def screener() -> Screener:
    """The compiled screener for the current data.

    Compiled again only when the watchlist, a risk profile or a party status changed. When
    only consents changed (a movement used one, one was issued, revoked or withdrawn), the
    consents that changed are found with a narrow read of the notifications changed since
    the last change seen, read again and put in place in the compiled screener: customs is
    not kept waiting while every consent of the network is read after each shipment."""
    global _compiled, _consents_seen, _read_all_at, _watchlist
    watchlist_version = _watchlist_version()
    version = (watchlist_version, _consents_version(), _rules_version())
    read_all = time.monotonic() - _read_all_at > READ_ALL_EVERY
    with _lock:
        if read_all and _watchlist_count() != WatchlistEntity.objects.count():
            _watchlist = _compiled = None  # an entry was removed: compile again
        if _compiled is not None and _compiled[0] == version and not read_all:
            return _compiled[1]
        if _compiled is not None and _compiled[0][0::2] == version[0::2]:
            last_seen = _compiled[0][1][0]
            if read_all or last_seen is None:
                fresh, _read_all_at = _consent_states(), time.monotonic()
                gone = _consents_seen.keys() - fresh.keys()  # deleted: compile again
            else:
                fresh, gone = _consent_states(changed_since=last_seen - LOOK_BACK), ()
            if not gone:
                changed = [n for n, state in fresh.items() if _consents_seen.get(n) != state]
                _compiled[1].update_consents(consent_records(changed))
                _consents_seen.update(fresh)
                _compiled = (version, _compiled[1])
                return _compiled[1]
        _consents_seen, _read_all_at = _consent_states(), time.monotonic()
        _compiled = (version, Screener(
            consents=consent_records(), watchlist=_watchlist_for(watchlist_version),
            profiles=profiles(), remember_exporters=False,
            legality=Legality(rules_judge(party_engine()))))
        return _compiled[1]
