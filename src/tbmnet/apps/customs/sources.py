"""What screening checks against, read from the database and compiled once per change.

The screening engine (``tbmnet.screening``) is pure Python; this module feeds it consents
(from notifications), the watchlist, the risk profiles and the legality engine over the
party lists of the database, and keeps one compiled
``Screener`` per process until one of those sources changes. The compiled watchlist is kept
apart, so that a consent issued or used does not compile a big watchlist again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Max, Sum

from tbmnet.apps.notifications.models import (
    Consent,
    Notification,
    NotificationStatus,
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
#: what ``_consent_states`` read when ``_compiled`` was last brought up to date
_consents_seen: dict[str, tuple] = {}


def consent_records(numbers: Iterable[str] | None = None) -> list[ConsentRecord]:
    """One record per notification that has a signed consent (only these notification
    numbers, when given)."""
    consents = (Consent.objects.select_related("notification__notifier",
                                               "notification__consignee")
                .prefetch_related("notification__states"))
    if numbers is None:
        return [r for r in map(_record, consents.iterator(chunk_size=2000)) if r]
    numbers, records = list(numbers), []
    for start in range(0, len(numbers), 500):
        chunk = consents.filter(notification__number__in=numbers[start:start + 500])
        records += [r for r in map(_record, chunk) if r]
    return records


def _record(consent: Consent) -> ConsentRecord | None:
    n = consent.notification
    states = sorted(n.states.all(), key=lambda s: s.position)
    by_role = {role: [s.state for s in states if s.role == role] for role in StateRole}
    if not by_role[StateRole.EXPORT] or not by_role[StateRole.IMPORT]:
        return None
    status = "consented"
    if consent.revoked_at:
        status = "revoked"
    elif n.status != NotificationStatus.CONSENTED:
        status = n.status
    tonnes = n.quantity_tonnes
    return ConsentRecord(
        notification_number=n.number,
        state_of_export=by_role[StateRole.EXPORT][0],
        state_of_import=by_role[StateRole.IMPORT][0],
        states_of_transit=tuple(by_role[StateRole.TRANSIT]),
        notifier_name=n.notifier.name,
        consignee_name=n.consignee.name if n.consignee else "",
        valid_from=consent.valid_from, valid_until=consent.valid_until, status=status,
        hs_codes=tuple(n.hs_codes), basel_codes=tuple(n.basel_codes),
        shipments_allowed=n.shipments, shipments_used=n.shipments_used,
        quantity_kg_allowed=float(tonnes * 1000) if tonnes is not None else None,
        quantity_kg_used=float((n.tonnes_used or Decimal(0)) * 1000),
    )


def _consent_states() -> dict[str, tuple]:
    """Per notification with a consent, what can change after the consent is issued (its
    status, revocation, validity and use): one narrow read, to find the consents that
    changed without loading them all."""
    rows = Consent.objects.values_list(
        "notification__number", "notification__status", "revoked_at", "valid_from",
        "valid_until", "notification__shipments_used", "notification__tonnes_used")
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
    """Changes whenever a watchlist entry is added, changed or removed, or a network's
    membership changes (who sees AMBER entries a network shared)."""
    entries = tuple(WatchlistEntity.objects.aggregate(n=Count("pk"),
                                                      last=Max("updated_at")).values())
    members = tuple(NetworkMember.objects.order_by("pk").values_list("network_id", "country"))
    return entries, members


def _consents_version() -> tuple:
    """Changes whenever a consent is issued, revoked or used by a movement, or the status of
    its notification changes."""
    issued = Consent.objects.aggregate(n=Count("pk"), last=Max("issued_at"))
    revoked = Consent.objects.filter(revoked_at__isnull=False).aggregate(
        n=Count("pk"), last=Max("revoked_at"))
    used = Notification.objects.filter(consent__isnull=False).aggregate(
        last=Max("updated_at"), shipments=Sum("shipments_used"), tonnes=Sum("tonnes_used"))
    return tuple(issued.values()), tuple(revoked.values()), tuple(used.values())


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
    if version[0][0] < WAIT_AT_MOST:
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


def screener() -> Screener:
    """The compiled screener for the current data.

    Compiled again only when a source changed; when only consents changed (a movement used
    one, one was issued or revoked), the consents that changed are read again and put in
    place in the compiled screener, so that customs is not kept waiting while every consent
    of the network is read again after each shipment."""
    global _compiled, _consents_seen
    watchlist_version = _watchlist_version()
    version = (watchlist_version, _consents_version(), _rules_version())
    with _lock:
        if _compiled is not None and _compiled[0] == version:
            return _compiled[1]
        states = _consent_states()
        if (_compiled is not None and _compiled[0][0::2] == version[0::2]
                and _consents_seen.keys() <= states.keys()):
            changed = [n for n, state in states.items() if _consents_seen.get(n) != state]
            _compiled[1].update_consents(consent_records(changed))
            _compiled, _consents_seen = (version, _compiled[1]), states
            return _compiled[1]
        _compiled = (version, Screener(
            consents=consent_records(), watchlist=_watchlist_for(watchlist_version),
            profiles=profiles(), remember_exporters=False,
            legality=Legality(rules_judge(party_engine()))))
        _consents_seen = states
        return _compiled[1]
