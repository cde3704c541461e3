"""`tbmnet codes show|search`: every code of the files round-trips; errors are clear."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tbmnet.cli import app
from tbmnet.codes import catalogue

runner = CliRunner()
ALL = sorted({c.code for c in catalogue()})


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ALL))
def test_every_code_round_trips_through_codes_show(code):
    result = runner.invoke(app, ["codes", "show", code, "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert [(v["code"], v["list"], v["source"]) for v in shown] == [
        (v.code, v.list, v.source) for v in catalogue().versions(code)]


def test_show_on_a_date_gives_the_version_in_force():
    result = runner.invoke(app, ["codes", "show", "A1180", "--on", "2024-06-01", "--json"])
    assert json.loads(result.output)[0]["effective_to"] == "2024-12-31"
    result = runner.invoke(app, ["codes", "show", "A1180", "--on", "2025-06-01"])
    assert result.exit_code == 2 and "not in force on 2025-06-01" in result.output


def test_unknown_code_and_bad_date_are_clear_errors():
    result = runner.invoke(app, ["codes", "show", "A9999"])
    assert result.exit_code == 2 and "unknown code 'A9999'" in result.output
    result = runner.invoke(app, ["codes", "show", "A1160", "--on", "soon"])
    assert result.exit_code == 2 and "--on" in result.output


def test_search_ranks_and_filters():
    result = runner.invoke(app, ["codes", "search", "lead acid", "--json", "--limit", "3"])
    assert json.loads(result.output)[0]["code"] == "A1160"
    result = runner.invoke(app, ["codes", "search", "lead", "--list", "annex_z"])
    assert result.exit_code == 2 and "--list" in result.output
    assert runner.invoke(app, ["codes", "search", "zzqxj"]).exit_code == 1
