"""ConsentIndex: a changed consent takes the place of the one with its number."""

from dataclasses import replace
from datetime import date

from tbmnet.screening import ConsentRecord
from tbmnet.screening.consents import ConsentIndex

BATTERIES = ConsentRecord(notification_number="JP 2026 000001", state_of_export="JP",
                          state_of_import="MY", notifier_name="Sagami Lead Recovery",
                          consignee_name="Klang Smelting", valid_from=date(2026, 2, 1),
                          valid_until=date(2027, 1, 31), hs_codes=("854911",),
                          shipments_allowed=12)
OTHER = replace(BATTERIES, notification_number="JP 2026 000002", notifier_name="Other")


def test_a_changed_consent_replaces_the_old_one_everywhere():
    index = ConsentIndex([BATTERIES, OTHER])
    used = replace(BATTERIES, shipments_used=3)
    index.add(used)
    assert len(index) == 2
    assert index.get("JP2026000001") is used
    assert index.on_route("JP", "MY", "854911") == [OTHER, used]


def test_a_consent_whose_headings_changed_leaves_its_old_route():
    index = ConsentIndex([BATTERIES])
    moved = replace(BATTERIES, hs_codes=("391590",))
    index.add(moved)
    assert index.on_route("JP", "MY", "854911") == []
    assert index.on_route("JP", "MY", "391590") == [moved]
