"""An administrator's correction of a party list changes the verdicts given from then on."""

from datetime import date

import pytest

from tbmnet.apps.registry import setup
from tbmnet.apps.registry.admin import PartyStatusForm
from tbmnet.apps.registry.legality import engine
from tbmnet.apps.registry.models import PartyStatus
from tbmnet.rules import check_one

pytestmark = pytest.mark.django_db

JP_TO_MY = {"waste": {"basel_codes": ["A1160"], "y_codes": ["Y31"], "h_codes": ["H8"],
                      "oecd_codes": [], "hs_codes": ["854911"], "radioactive": False,
                      "description": "spent lead-acid batteries"},
            "state_of_export": "JP", "states_of_transit": [], "state_of_import": "MY",
            "operation": "R4", "date": "2026-03-01"}


def test_a_corrected_party_list_is_used_by_the_next_verdict():
    setup.load_reference()
    assert check_one(JP_TO_MY, engine())["verdict"] == "consent_required"
    # Suppose Japan accepted the Ban Amendment (it has not): an administrator records it.
    PartyStatus.objects.create(instrument="basel_ban", country="JP", role="party",
                               date_of_effect=date(2026, 1, 1), verification="V",
                               source="test", corrected_source="depositary notification (test)")
    verdict = check_one(JP_TO_MY, engine())
    assert verdict["verdict"] == "prohibited"
    assert "basel.ban_amendment" in {r["rule"] for r in verdict["reasons"]}


def test_reloading_the_reference_keeps_a_correction():
    setup.load_reference()
    row = PartyStatus.objects.get(instrument="basel", country="FJ")
    PartyStatus.objects.filter(pk=row.pk).update(note="corrected", corrected_source="gazette")
    setup.load_reference()
    assert PartyStatus.objects.get(pk=row.pk).note == "corrected"


def test_changing_a_party_row_in_the_admin_needs_the_source_of_the_correction():
    setup.load_reference()
    row = PartyStatus.objects.get(instrument="basel", country="FJ")
    data = {f: getattr(row, f) or "" for f in ("instrument", "country", "role", "date_of_effect",
                                                 "as_of", "verification", "source", "note")}
    form = PartyStatusForm(data=dict(data, role="party"), instance=row)
    assert not form.is_valid() and "corrected_source" in form.errors
    form = PartyStatusForm(data=dict(data, role="party", corrected_source="UNTC C.N.1.2026"),
                           instance=row)
    assert form.is_valid(), form.errors


def test_without_party_rows_in_the_database_the_packaged_lists_answer():
    assert check_one(JP_TO_MY, engine())["verdict"] == "consent_required"
