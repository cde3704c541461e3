"""Build organisations and users for tests: ``organisation(...)``, ``member(...)``.

Other apps' tests reuse these: ``from tests.registry.factories import member`` needs the
project root on sys.path; inside tests/, ``from registry.factories import member`` works too."""

from __future__ import annotations

import itertools
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from tbmnet.apps.registry.models import Membership, Organisation, OrganisationKind, Permit, Role

PASSWORD = "pw-for-tests-only"
_numbers = itertools.count(1)

# The organisation a role acts for, by default.
KIND_FOR_ROLE = {
    Role.NOTIFIER: OrganisationKind.NOTIFIER,
    Role.COMPETENT_AUTHORITY: OrganisationKind.COMPETENT_AUTHORITY,
    Role.CUSTOMS: OrganisationKind.CUSTOMS_OFFICE,
    Role.CARRIER: OrganisationKind.CARRIER,
    Role.FACILITY: OrganisationKind.FACILITY,
    Role.SECRETARIAT: OrganisationKind.SECRETARIAT,
    Role.INTELLIGENCE: OrganisationKind.INTERNATIONAL_ORGANISATION,
    Role.PUBLIC: OrganisationKind.NGO,
}


def organisation(kind: str = OrganisationKind.NOTIFIER, country: str = "MY", name: str = "",
                 **fields) -> Organisation:
    """A new organisation of ``kind`` in ``country``, with a readable made-up name."""
    number = next(_numbers)
    return Organisation.objects.create(
        kind=kind, country=country, name=name or f"Test {kind.replace('_', ' ')} {number}",
        code=fields.pop("code", f"T{number:05d}"), source="test", **fields)


def member(username: str, role: str = Role.NOTIFIER, country: str = "MY",
           organisation_: Organisation | None = None, password: str = PASSWORD, **user_fields):
    """A user acting in ``role`` for ``organisation_`` (made in ``country`` when not given)."""
    org = organisation_ or organisation(KIND_FOR_ROLE[Role(role)], country)
    user = get_user_model().objects.create_user(username=username, password=None,
                                                **user_fields)
    # hashing is slow by design: once per password and hasher setting
    user.password = _hashed(password, tuple(settings.PASSWORD_HASHERS))
    user.save(update_fields=["password"])
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@lru_cache(maxsize=8)
def _hashed(password: str, hashers: tuple[str, ...]) -> str:
    return make_password(password)


def permit(facility: Organisation, number: str = "", operations=("R4",),
           waste_codes=("A1160", "Y31"), valid_from=date(2024, 1, 1),
           valid_until=date(2028, 12, 31), **fields) -> Permit:
    return Permit.objects.create(facility=facility, number=number or f"P-{next(_numbers)}",
                                 operations=list(operations), waste_codes=list(waste_codes),
                                 valid_from=valid_from, valid_until=valid_until, **fields)
