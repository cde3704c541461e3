"""Reads for customs and the authorities they refer to; access is decided here."""

from __future__ import annotations

from django.db.models import QuerySet

from tbmnet.apps.registry import access
from tbmnet.apps.registry.models import Role
from tbmnet.errors import NotAllowed, NotFound

from .models import Declaration, DeclarationStatus, Referral, RiskProfile


def declarations_visible_to(user) -> QuerySet[Declaration]:
    """Customs see their own state's declarations; its competent authority those referred."""
    states = access.countries(user, Role.CUSTOMS)
    authorities = [o.pk for o in access.organisations(user, Role.COMPETENT_AUTHORITY)]
    if not states and not authorities:
        return Declaration.objects.none()
    return (Declaration.objects.filter(state__in=states)
            | Declaration.objects.filter(referral__authority__in=authorities)).distinct()


def queue(user) -> QuerySet[Declaration]:
    """What awaits the officer: flagged or not yet released, riskiest first."""
    if not access.countries(user, Role.CUSTOMS):
        raise NotAllowed("the screening queue is for customs officers")
    return (declarations_visible_to(user)
            .exclude(status=DeclarationStatus.RELEASED)
            .exclude(decision="release", status=DeclarationStatus.OPEN)
            .order_by("-risk", "-screened_at"))


def declaration_for(user, pk: int) -> Declaration:
    declaration = Declaration.objects.filter(pk=pk).first()
    if declaration is None:
        raise NotFound(f"no declaration {pk}", field="declaration")
    if not declarations_visible_to(user).filter(pk=pk).exists():
        raise NotAllowed("this declaration belongs to another state's customs")
    return declaration


def referrals_for(user) -> QuerySet[Referral]:
    authorities = [o.pk for o in access.organisations(user, Role.COMPETENT_AUTHORITY)]
    return (Referral.objects.filter(authority__in=authorities)
            .select_related("declaration", "referred_by").order_by("-at"))


def profiles_for(user) -> QuerySet[RiskProfile]:
    """The risk profiles of the user's state (its customs and competent authorities)."""
    states = access.countries(user, Role.CUSTOMS) | access.countries(
        user, Role.COMPETENT_AUTHORITY)
    if not states:
        raise NotAllowed("risk profiles are for customs and competent authorities")
    return (RiskProfile.objects.filter(owner__country__in=states)
            .select_related("owner", "updated_by").order_by("-active", "profile_id"))


def profile_for(user, profile_id: str) -> RiskProfile:
    profile = profiles_for(user).filter(profile_id=profile_id).first()
    if profile is None:
        if RiskProfile.objects.filter(profile_id=profile_id).exists():
            raise NotAllowed("this profile belongs to another state")
        raise NotFound(f"no risk profile {profile_id}", field="profile_id")
    return profile
