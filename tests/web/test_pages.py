"""Pages through Django's test client: sign-in, each role's home, access refused, French."""

import pytest

from tbmnet.apps.registry.models import Membership, Organisation

pytestmark = pytest.mark.django_db

HOME_HEADINGS = {
    "notifier.jp": "My notifications",
    "ca.my": "Inbox",
    "customs.my": "Screening queue",
    "carrier.sg": "Handovers",
    "facility.my": "Incoming movements",
    "secretariat": "Network overview",
    "intel": "Shared alerts",
}


def sign_in(client, demo, username):
    response = client.post("/accounts/login/", {"username": username,
                                                "password": demo.DEMO_PASSWORD}, follow=True)
    assert response.status_code == 200
    return response


def test_visitor_sees_the_landing_page_with_a_sign_in_link(client):
    page = client.get("/").content.decode()
    assert "Control of transboundary movements" in page and 'href="/accounts/login/"' in page


def test_sign_in_page_has_csrf_and_labelled_fields(client):
    page = client.get("/accounts/login/").content.decode()
    assert "csrfmiddlewaretoken" in page
    assert 'for="id_username"' in page and 'for="id_password"' in page


def test_wrong_password_is_refused_with_a_message(client, demo):
    response = client.post("/accounts/login/", {"username": "ca.my", "password": "wrong"})
    assert response.status_code == 200 and "did not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("username,heading", HOME_HEADINGS.items())
def test_each_role_lands_on_its_home_showing_organisation_country_and_role(
        client, demo, username, heading):
    page = sign_in(client, demo, username).content.decode()
    membership = Membership.objects.select_related("organisation").get(user__username=username)
    assert f"<h1>{heading}</h1>" in page
    assert membership.organisation.name.replace("'", "&#x27;") in page
    assert f"({membership.organisation.country})" in page
    assert str(membership.get_role_display()) in page


def test_competent_authority_home_lists_its_states_permitted_facilities(client, demo):
    page = sign_in(client, demo, "ca.my").content.decode()
    assert "Klang Valley Lead Smelting Sdn. Bhd." in page and "JAS/ML/2024/0173" in page
    assert "Tuas Circular" not in page  # a Singapore facility


def test_facility_home_lists_its_permits(client, demo):
    page = sign_in(client, demo, "facility.my").content.decode()
    assert "JAS/ML/2024/0173" in page and "A1160" in page


def test_secretariat_home_lists_member_states_with_their_authorities(client, demo):
    page = sign_in(client, demo, "secretariat").content.decode()
    assert "Malaysia (MY)" in page and "Department of Environment" in page


def test_navigation_follows_the_role(client, demo):
    page = sign_in(client, demo, "ca.my").content.decode()
    assert "kind=facility" in page and "Administration" not in page
    client.post("/accounts/logout/")
    page = sign_in(client, demo, "notifier.jp").content.decode()
    assert "kind=facility" not in page


def test_another_states_company_page_is_a_clear_403(client, demo):
    smelter = Organisation.objects.get(name="Klang Valley Lead Smelting Sdn. Bhd.")
    sign_in(client, demo, "notifier.jp")
    response = client.get(f"/registry/organisations/{smelter.pk}/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Not allowed" in page and "record of MY" in page and "you act for JP" in page


def test_own_states_company_page_shows_address_and_permits(client, demo):
    smelter = Organisation.objects.get(name="Klang Valley Lead Smelting Sdn. Bhd.")
    sign_in(client, demo, "ca.my")
    page = client.get(f"/registry/organisations/{smelter.pk}/").content.decode()
    assert "Pelabuhan Klang" in page and "JAS/ML/2024/0173" in page and "R4, R13" in page


def test_pages_need_a_signed_in_user(client, demo):
    response = client.get("/registry/organisations/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_directory_filter_with_a_bad_kind_names_the_field(client, demo):
    sign_in(client, demo, "ca.my")
    response = client.get("/registry/organisations/", {"kind": "smelter"})
    assert response.status_code == 422 and "kind: unknown kind" in response.content.decode()


def test_directory_shows_only_what_the_user_may_see(client, demo):
    sign_in(client, demo, "notifier.jp")
    page = client.get("/registry/organisations/", {"country": "MY"}).content.decode()
    assert "Kastam Pelabuhan Klang" in page  # authorities are a public directory
    assert "Klang Valley Lead Smelting" not in page  # a Malaysian company is not


def test_sign_out_is_a_post_and_ends_the_session(client, demo):
    sign_in(client, demo, "ca.my")
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_language_switch_to_french(client, demo):
    sign_in(client, demo, "ca.my")
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Boîte de réception</h1>" in page and "Malaisie (MY)" in page
    assert "Se déconnecter" in page


def test_admin_without_membership_is_pointed_to_the_administration(client, demo):
    client.post("/accounts/login/", {"username": "admin", "password": demo.DEMO_PASSWORD})
    page = client.get("/").content.decode()
    assert "does not act for any organisation" in page and 'href="/admin/"' in page
