"""Opening an illegal-traffic case (Basel Art. 9) from a customs referral."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tbmnet.apps.audit import services as audit
from tbmnet.apps.customs.models import Referral
from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Role
from tbmnet.errors import NotAllowed, ValidationFailed

from .models import Case, IllegalTrafficGround


def _next_number(country: str, year: int) -> str:
    prefix = f"{country}-IT-{year}-"
    last = (Case.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:04d}"


def open_case(*, actor, referral: Referral, ground: str = "", summary: str = "") -> Case:
    """The competent authority the referral went to opens a case on it."""
    membership = access.require_role(actor, Role.COMPETENT_AUTHORITY)
    if membership.organisation_id != referral.authority_id:
        raise NotAllowed("the referral went to another authority")
    if Case.objects.filter(referral=referral).exists():
        raise ValidationFailed("referral", "a case is already open on this referral")
    if ground not in IllegalTrafficGround.values:
        grounds = ", ".join(g for g in IllegalTrafficGround.values if g)
        raise ValidationFailed("ground", f"one of {grounds} (Basel Art. 9(1)) or empty")
    declaration = referral.declaration
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.create(
            number=_next_number(membership.organisation.country, now.year),
            authority=membership.organisation, ground=ground,
            state_of_export=declaration.state_of_export,
            state_of_import=declaration.state_of_import,
            summary=summary.strip() or referral.note, referral=referral, opened_by=actor,
            opened_at=now)
        audit.record(actor, "CaseOpened", case, referral=referral.pk, ground=ground,
                     declaration=declaration.declaration_id)
    return case
