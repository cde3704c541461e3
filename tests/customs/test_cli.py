"""`tbmnet watchlist import` into the database and `tbmnet screen` against it."""

import csv
import json

import pytest
from registry.factories import member
from typer.testing import CliRunner

from tbmnet.apps.customs.models import WatchlistEntity
from tbmnet.apps.registry.models import Role
from tbmnet.cli import app

from .test_workspace import PLASTIC, WATCHLIST

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_watchlist_import_adds_entities_shared_by_the_account(tmp_path):
    member("secretariat", Role.SECRETARIAT, "JP")
    file = write_csv(tmp_path / "w.csv", WATCHLIST)
    result = runner.invoke(app, ["watchlist", "import", str(file), "--as", "secretariat",
                                 "--sharing-level", "amber"])
    assert result.exit_code == 0, result.output
    assert "1 added" in " ".join(result.output.split())
    entity = WatchlistEntity.objects.get()
    assert entity.sharing_level == "amber" and entity.shared_by.country == "JP"
    assert entity.aliases == ["Greenfield Polymers"]


def test_watchlist_import_needs_an_account_entitled_to_share(tmp_path):
    member("notifier.jp", Role.NOTIFIER, "JP")
    file = write_csv(tmp_path / "w.csv", WATCHLIST)
    assert runner.invoke(app, ["watchlist", "import", str(file)]).exit_code == 2
    result = runner.invoke(app, ["watchlist", "import", str(file), "--as", "notifier.jp"])
    assert result.exit_code == 2 and not WatchlistEntity.objects.exists()


def test_screen_without_files_uses_the_database(tmp_path):
    member("secretariat", Role.SECRETARIAT, "JP")
    runner.invoke(app, ["watchlist", "import", str(write_csv(tmp_path / "w.csv", WATCHLIST)),
                        "--as", "secretariat"])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["screen", str(write_csv(tmp_path / "d.csv", [PLASTIC])),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in out.read_text().splitlines()]
    assert {"watchlist_hit", "no_consent"} <= {f["code"] for f in line["flags"]}
