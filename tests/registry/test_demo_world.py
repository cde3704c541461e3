"""The demo world: every state, authority, port, company, facility and account is there,
believable and consistent, and loading it twice changes nothing."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from rich.console import Console

from tbmnet.apps.audit.models import AuditRecord
from tbmnet.apps.audit.services import verify
from tbmnet.apps.registry import demo_world, setup
from tbmnet.apps.registry.models import (
    Membership,
    NetworkMember,
    Organisation,
    OrganisationKind,
    Permit,
    Role,
)
from tbmnet.codes import catalogue

pytestmark = pytest.mark.django_db
STATES = {"JP", "SG", "MY", "CN", "PH", "SN", "CI", "NE", "BE", "NL", "AU", "FJ", "US"}


def _snapshot():
    user_model = get_user_model()
    return (list(Organisation.objects.order_by("pk").values()),
            list(Permit.objects.order_by("pk").values()),
            list(Membership.objects.order_by("pk").values()),
            list(NetworkMember.objects.order_by("pk").values()),
            list(user_model.objects.order_by("pk").values("username", "password")),
            AuditRecord.objects.count())


def test_loading_the_demo_world_twice_changes_nothing():
    setup.load_demo()
    first = _snapshot()
    summary = setup.load_demo()
    assert _snapshot() == first
    assert summary.startswith("0 new organisations")


def test_demo_world_after_reference_data_reuses_the_reference_authorities():
    setup.load_reference()
    authorities = Organisation.objects.filter(kind=OrganisationKind.COMPETENT_AUTHORITY).count()
    setup.load_demo()
    assert Organisation.objects.filter(
        kind=OrganisationKind.COMPETENT_AUTHORITY).count() == authorities
    ca_my = Membership.objects.get(user__username="ca.my").organisation
    assert ca_my.code == "MY" and "Department of Environment" in ca_my.name


def test_load_is_audited_once():
    setup.load_demo()
    records = AuditRecord.objects.filter(event="DemoWorldLoaded")
    assert records.count() == 1 and records.get().data["users"] == len(demo_world.ACCOUNTS) + 1
    assert verify().intact


def test_every_demo_state_has_authority_customs_administration_and_offices():
    setup.load_demo()
    for country in STATES | {"TO", "DE", "MA"}:
        kinds = set(Organisation.objects.filter(country=country).values_list("kind", flat=True))
        assert {OrganisationKind.COMPETENT_AUTHORITY, OrganisationKind.CUSTOMS_ADMINISTRATION,
                OrganisationKind.CUSTOMS_OFFICE} <= kinds, country
    klang = Organisation.objects.get(kind=OrganisationKind.CUSTOMS_OFFICE, code="MYPKG")
    assert klang.parent.kind == OrganisationKind.CUSTOMS_ADMINISTRATION
    assert klang.parent.country == "MY"


def test_twelve_companies_and_six_permitted_facilities():
    setup.load_demo()
    companies = Organisation.objects.filter(kind__in=[
        OrganisationKind.NOTIFIER, OrganisationKind.GENERATOR, OrganisationKind.CONSIGNEE,
        OrganisationKind.CARRIER, OrganisationKind.FACILITY])
    assert companies.count() >= 12
    facilities = companies.filter(kind=OrganisationKind.FACILITY, permits__isnull=False)
    assert facilities.distinct().count() >= 6
    for company in companies:
        # fictional: mail goes to reserved example domains, never to a real company
        assert company.address and "example" in company.email.split("@")[1], company.name
        assert "foo" not in company.name.lower() and "bar" not in company.name.lower()


def test_permits_use_known_operations_and_waste_codes_and_their_state_issued_them():
    setup.load_demo()
    codes = catalogue()
    for permit in Permit.objects.select_related("facility", "issued_by"):
        for code in permit.operations + permit.waste_codes:
            assert codes.versions(code), f"{permit.number}: unknown code {code}"
        assert permit.issued_by.kind == OrganisationKind.COMPETENT_AUTHORITY
        assert permit.issued_by.country == permit.facility.country
    smelter = Permit.objects.get(facility__name="Klang Valley Lead Smelting Sdn. Bhd.")
    assert "R4" in smelter.operations and "A1160" in smelter.waste_codes


def test_demo_accounts_sign_in_with_the_demo_password_in_their_role_and_state():
    setup.load_demo()
    user = authenticate(username="notifier.jp", password=setup.DEMO_PASSWORD)
    assert user is not None
    # one hash for every demo account (hashing is slow by design): checking one checks all
    hashes = set(get_user_model().objects.values_list("password", flat=True))
    assert hashes == {user.password}
    for account in demo_world.ACCOUNTS:
        membership = Membership.objects.get(user__username=account.username)
        assert membership.role == account.role
        if "." in account.username:
            assert membership.organisation.country == account.username.split(".")[1].upper()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(setup.DEMO_PASSWORD)


def test_named_demo_accounts_exist_with_their_roles():
    setup.load_demo()
    expected = {"notifier.jp": Role.NOTIFIER, "ca.jp": Role.COMPETENT_AUTHORITY,
                "ca.my": Role.COMPETENT_AUTHORITY, "ca.sg": Role.COMPETENT_AUTHORITY,
                "customs.my": Role.CUSTOMS, "carrier.sg": Role.CARRIER,
                "facility.my": Role.FACILITY, "ca.sn": Role.COMPETENT_AUTHORITY,
                "ca.ci": Role.COMPETENT_AUTHORITY, "customs.sn": Role.CUSTOMS,
                "notifier.sn": Role.NOTIFIER, "notifier.nl": Role.NOTIFIER,
                "ca.nl": Role.COMPETENT_AUTHORITY, "ca.au": Role.COMPETENT_AUTHORITY,
                "notifier.fj": Role.NOTIFIER, "ca.fj": Role.COMPETENT_AUTHORITY,
                "customs.sg": Role.CUSTOMS, "secretariat": Role.SECRETARIAT,
                "intel": Role.INTELLIGENCE}
    roles = dict(Membership.objects.filter(user__username__in=expected)
                 .values_list("user__username", "role"))
    assert roles == expected
    network = Membership.objects.get(user__username="secretariat").organisation
    assert network.kind == OrganisationKind.SECRETARIAT and "Asian Network" in network.name
    assert set(network.members.values_list("country", flat=True)) >= {"JP", "MY", "SG"}
    intel = Membership.objects.get(user__username="intel").organisation
    assert intel.kind == OrganisationKind.INTERNATIONAL_ORGANISATION


def test_print_demo_accounts_lists_account_role_organisation_country_and_password():
    setup.load_demo()
    out = io.StringIO()
    setup.print_demo_accounts(Console(file=out, width=160))
    text = out.getvalue()
    assert setup.DEMO_PASSWORD in text
    assert "customs.my" in text and "Kastam Pelabuhan Klang" in text and "MY" in text
    assert "secretariat" in text and "admin" in text


def test_init_demo_through_the_cli_prints_the_accounts_and_is_idempotent():
    from typer.testing import CliRunner

    from tbmnet.cli import app

    first = CliRunner().invoke(app, ["init", "--demo"])
    assert first.exit_code == 0, first.output
    assert "notifier.jp" in first.output and "customs.my" in first.output
    assert setup.DEMO_PASSWORD in first.output
    counts = _snapshot()
    again = CliRunner().invoke(app, ["init", "--demo"])
    assert again.exit_code == 0 and "0 new organisations" in again.output
    assert _snapshot() == counts
