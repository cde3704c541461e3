"""Who a user is acting as: their memberships, roles and country. Access checks start here."""

from __future__ import annotations

from tbmnet.errors import NotAllowed

from .models import Membership, Organisation, Role


def memberships(user) -> list[Membership]:
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_tbmnet_memberships", None)
    if cached is None:
        cached = list(Membership.objects.select_related("organisation").filter(user=user))
        user._tbmnet_memberships = cached
    return cached


def remember(user, found: list[Membership]) -> None:
    """Give ``user`` the memberships already read with it (``tokens.user_for_token``): this
    request's ``memberships`` then asks the database no more."""
    user._tbmnet_memberships = found


def roles(user) -> set[str]:
    return {m.role for m in memberships(user)}


def countries(user, role: str | None = None) -> set[str]:
    """The states a user acts for (in a given role)."""
    return {m.organisation.country for m in memberships(user) if role in (None, m.role)}


def organisations(user, role: str | None = None) -> list[Organisation]:
    return [m.organisation for m in memberships(user) if role in (None, m.role)]


def require_role(user, *allowed: str) -> Membership:
    """The user's first membership in one of ``allowed`` roles; raises NotAllowed otherwise."""
    for membership in memberships(user):
        if membership.role in allowed:
            return membership
    names = ", ".join(str(Role(r).label) for r in allowed)
    raise NotAllowed(f"this needs the role of {names}")


def require_country(user, country: str, role: str) -> Membership:
    """The user's membership in ``role`` for ``country``; raises NotAllowed for another state."""
    for membership in memberships(user):
        if membership.role == role and membership.organisation.country == country:
            return membership
    raise NotAllowed(f"you do not act as {str(Role(role).label).lower()} for {country}")
