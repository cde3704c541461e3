"""`tbmnet screen` on files (offline) and `tbmnet watchlist import` refusing a bad file;
the database side is tested in tests/customs/test_cli.py."""

import csv
import json

from typer.testing import CliRunner

from tbmnet.cli import app

from .world import row

runner = CliRunner()
WATCHLIST = ("entity_id,kind,name,aliases,address,country,identifiers,source\n"
             'rn-1,company,"Green Earth Recycling Co., Ltd.",,,HK,,network alert (test)\n')


def write_declarations(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def consents_file(path):
    path.write_text(json.dumps([{
        "notification_number": "JP-2026-0001", "state_of_export": "JP", "state_of_import": "MY",
        "states_of_transit": ["SG"], "notifier_name": "Nippon Battery Recycling K.K.",
        "consignee_name": "Malaysia Smelting Sdn Bhd", "hs_codes": ["854911"],
        "basel_codes": ["A1160"], "valid_from": "2026-01-01", "valid_until": "2026-10-31",
        "status": "consented", "shipments_allowed": 12, "shipments_used": 3,
        "quantity_kg_allowed": 240000, "quantity_kg_used": 60000,
        "movement_ids": ["JP-2026-0001-004"]}]))
    return path


def test_screen_writes_one_json_line_per_declaration_and_exit_2_on_an_error(tmp_path):
    declarations = tmp_path / "d.csv"
    write_declarations(declarations, [
        row(declaration_id="A"), row(declaration_id="B", hs_code="12"),
        row(declaration_id="C", exporter_name="Green Earth Recycling Company Limited",
            notification_number="", movement_id="", hs_code="391590",
            description="plastic scrap", state_of_export="HK", states_of_transit="")])
    watchlist = tmp_path / "w.csv"
    watchlist.write_text(WATCHLIST)
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, ["screen", str(declarations), "--out", str(out),
                                 "--watchlist", str(watchlist),
                                 "--consents", str(consents_file(tmp_path / "c.json")),
                                 "--profiles", "example"])
    assert result.exit_code == 2, result.output
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["declaration_id"] for x in lines] == ["A", "B", "C"]
    assert lines[0]["decision"] == "release"
    assert lines[1]["error"]["field"] == "hs_code"
    assert {"watchlist_hit", "no_consent"} <= {f["code"] for f in lines[2]["flags"]}


def test_screen_refuses_a_file_without_the_required_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("declaration_id,date\nA,2026-01-01\n")
    result = runner.invoke(app, ["screen", str(bad)])
    assert result.exit_code == 2 and "direction" in " ".join(result.output.split())


def test_watchlist_import_with_a_bad_row_writes_nothing(tmp_path):
    bad = tmp_path / "w.csv"
    bad.write_text(WATCHLIST + "rn-2,robot,R2,,,,,x\n")
    result = runner.invoke(app, ["watchlist", "import", str(bad), "--as", "secretariat"])
    assert result.exit_code == 2
    assert "line 3, kind" in " ".join(result.output.split())
    assert "nothing imported" in " ".join(result.output.split())
