"""Declarations: parsing, validation, and a malformed row among good ones."""

import pytest

from tbmnet.screening import FIELDS, DeclarationError, parse
from tbmnet.screening.declaration import REQUIRED

from .world import row, screener


def test_the_contract_columns():
    assert FIELDS == ("declaration_id", "date", "direction", "customs_office",
                      "state_of_export", "state_of_import", "hs_code", "description",
                      "exporter_name", "exporter_address", "importer_name",
                      "importer_address", "net_mass_kg", "notification_number", "movement_id",
                      "containers")


def test_a_good_row_parses_with_normalised_codes():
    d = parse(row(hs_code="8549.11", state_of_export="jp", containers="A1|B2",
                  customs_office="mypkg"))
    assert (d.hs_code, d.state_of_export, d.containers, d.office_state) == (
        "854911", "JP", ("A1", "B2"), "MY")


@pytest.mark.parametrize("field", REQUIRED)
def test_each_required_field_is_named_when_missing(field):
    with pytest.raises(DeclarationError) as err:
        parse(row(**{field: ""}))
    assert err.value.field == field


@pytest.mark.parametrize(("field", "value"), [
    ("date", "02/03/2026"), ("date", "2026-02-30"), ("direction", "inbound"),
    ("state_of_export", "Japan"), ("state_of_import", "XX"), ("hs_code", "3915"),
    ("hs_code", "010000"), ("hs_code", "39159A"), ("net_mass_kg", "heavy"),
    ("net_mass_kg", "0"), ("net_mass_kg", "-5"), ("net_mass_kg", "nan"),
    ("net_mass_kg", "1e20"), ("declared_value", "inf"),
    ("declared_value", "-1"), ("states_of_transit", "Singapore")])
def test_malformed_values_name_the_field_and_value(field, value):
    with pytest.raises(DeclarationError) as err:
        parse(row(**{field: value}))
    assert err.value.field == field
    assert value in err.value.message


def test_json_object_with_lists_and_numbers_parses():
    data = row()
    data.update(net_mass_kg=20000, containers=["MSKU1234565"], states_of_transit=["SG"])
    d = parse(data)
    assert d.net_mass_kg == 20000 and d.containers == ("MSKU1234565",)


def test_a_malformed_row_is_answered_with_its_error_and_the_rest_are_screened():
    s = screener()
    results = [s.screen_row(r) for r in (row(declaration_id="A"),
                                         row(declaration_id="B", date="yesterday"),
                                         row(declaration_id="C"))]
    assert results[1] == {"declaration_id": "B", "error": {
        "field": "date", "message": "not a date (YYYY-MM-DD): 'yesterday'"}}
    assert [r.get("decision") for r in results] == ["release", None, "release"]


def test_result_has_exactly_the_contract_keys():
    result = screener().screen_row(row())
    assert set(result) == {"declaration_id", "decision", "risk", "matched_notification",
                           "matched_movement", "flags"}
