"""Story 6: the network's secretariat sees figures across its member states (aggregates
only): movements without ESM confirmation, seizures by waste stream, cases, the trend."""

import pytest
from customs.factories import PLASTIC
from django.contrib.auth import get_user_model
from django.db.models import Q

from tbmnet.apps.cases.services import open_case
from tbmnet.apps.customs import services as customs
from tbmnet.apps.customs.models import Declaration
from tbmnet.apps.movements import demo as movements_demo
from tbmnet.apps.movements import workflow
from tbmnet.apps.movements.models import Movement
from tbmnet.apps.registry import setup
from tbmnet.apps.reporting.selectors import network_figures
from tbmnet.errors import NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    from tbmnet.apps.notifications import demo as notifications

    setup.load_demo()
    notifications.load_demo()
    movements_demo.load_demo()
    users = get_user_model().objects
    return {name: users.get(username=name) for name in ("secretariat", "customs.my", "ca.my")}


def by_state(figures):
    return {s.country: s for s in figures.states}


def seize_at_klang(people, codes=("Y46",)):
    officer = people["customs.my"]
    customs.screen(actor=officer, rows=[PLASTIC])
    declaration = Declaration.objects.get(declaration_id=PLASTIC["declaration_id"])
    customs.record_inspection(actor=officer, declaration=declaration, kind="physical",
                              findings="household waste", compliant=False,
                              waste_codes_found=codes)
    customs.seize(actor=officer, declaration=declaration, containers="MSKU1234565",
                  quantity_kg="21500", reason="no notification")
    return customs.refer(actor=officer, declaration=declaration, note="seized")


def test_member_states_with_their_movements(people):
    figures = network_figures(people["secretariat"])
    assert [s.country for s in figures.states] == ["CN", "JP", "MY", "PH", "SG"]
    for state in figures.states:
        mine = Movement.objects.filter(Q(export_state=state.country)
                                       | Q(import_state=state.country))
        assert state.awaiting_certificate == mine.filter(
            status__in=workflow.AWAITING_CERTIFICATE).count()
        assert state.awaiting_receipt == mine.filter(
            status__in=workflow.OPEN_BEFORE_RECEIPT).count()
        assert state.overdue == mine.filter(due_on__lt=figures.today).count()
    assert sum(s.awaiting_certificate + s.awaiting_receipt for s in figures.states) > 0


def test_a_seizure_and_a_case_show_in_the_figures_stream_and_trend(people):
    before = network_figures(people["secretariat"])
    referral = seize_at_klang(people, codes=("Y46", "A3210"))
    open_case(actor=people["ca.my"], referral=referral, ground="9(1)(a)")
    after = network_figures(people["secretariat"])
    malaysia = by_state(after)["MY"]
    assert malaysia.seizures == by_state(before)["MY"].seizures + 1
    assert malaysia.seized_kg == by_state(before)["MY"].seized_kg + 21500
    assert malaysia.open_cases == 1
    assert dict(after.waste_streams) == {"Y46": 1, "A3210": 1}
    assert after.seizures_by_month[-1][1] == before.seizures_by_month[-1][1] + 1
    assert len(after.seizures_by_month) == 12


def test_the_secretariat_home_shows_figures_and_charts(client, people):
    seize_at_klang(people)
    client.force_login(people["secretariat"])
    page = client.get("/").content.decode()
    assert 'id="network-figures"' in page and 'data-state="MY"' in page
    for chart in ("chart-unconfirmed", "chart-streams", "chart-months"):
        assert f'id="{chart}"' in page
    assert "Greenfield" not in page  # no company names leave their state


def test_only_a_secretariat_gets_network_figures(people):
    with pytest.raises(NotAllowed):
        network_figures(people["ca.my"])


# ---------------------------------------------------------------- story 4: trader's record
def test_the_ivorian_authority_sees_the_refused_notification_and_the_traders_record(
        client, people):
    from tbmnet.apps.notifications import demo as notifications
    from tbmnet.apps.notifications.models import Notification
    from tbmnet.apps.reporting.selectors import notifier_record

    slops = Notification.objects.get(contract_reference=notifications.SLOPS)
    assert slops.status == "submitted" and slops.verdict["verdict"] == "prohibited"
    users = get_user_model().objects
    ca_ci = users.get(username="ca.ci")
    trader = slops.notifier
    customs.import_watchlist(actor=users.get(username="ca.nl"), sharing_level="green", rows=[{
        "entity_id": "NL-2025-009", "kind": "company", "name": "Maasvlakte Tank Cleaning BV",
        "aliases": "", "address": "", "country": "NL", "identifiers": "",
        "source": "ILT inspection 2025 (fictional)"}])
    customs.import_watchlist(actor=users.get(username="customs.be"), sharing_level="red",
                             rows=[{"entity_id": "BE-RED-1", "kind": "company",
                                    "name": "Maasvlakte Tank Cleaning B.V.", "aliases": "",
                                    "address": "", "country": "NL", "identifiers": "",
                                    "source": "Antwerp customs (fictional)"}])
    record = notifier_record(ca_ci, trader)
    assert record.notifications == 1 and record.prohibited_verdicts == 1
    assert record.by_status == {"submitted": 1} and record.movements == 0
    assert [w["entity_id"] for w in record.watchlist] == ["NL-2025-009"]  # RED one hidden
    client.force_login(ca_ci)
    page = client.get(f"/notifications/{slops.number.replace(' ', '-')}/").content.decode()
    assert 'id="notifier-record"' in page and "NL-2025-009" in page and "BE-RED-1" not in page
    assert "Submitted to the authority of export: 1" in page
    assert "Bamako Convention Art. 4(1)" in page
    client.force_login(users.get(username="notifier.nl"))  # the trader sees no such section
    page = client.get(f"/notifications/{slops.number.replace(' ', '-')}/").content.decode()
    assert 'id="notifier-record"' not in page
    with pytest.raises(NotAllowed):
        notifier_record(users.get(username="notifier.nl"), trader)


def test_a_referral_without_seizure_is_not_a_seizure(people):
    officer = people["customs.my"]
    customs.screen(actor=officer, rows=[PLASTIC])
    declaration = Declaration.objects.get(declaration_id=PLASTIC["declaration_id"])
    customs.refer(actor=officer, declaration=declaration, note="documents look forged")
    assert by_state(network_figures(people["secretariat"]))["MY"].seizures == 0
