"""The loader refuses malformed reference files and names the file and line."""

from pathlib import Path

import pytest

from tbmnet.codes import DATA_DIR, ReferenceDataError, load_catalogue, read_table
from tbmnet.codes.loader import SCHEMAS, TableSchema

HEADER = ("code,title,sub_items,related_entries,section,status,effective_from,effective_to,"
          "note,verification,source\n")
GOOD = "A1010,Metal wastes,,,A1,in_force,,,,verified,Basel Annex VIII\n"


def write(tmp_path: Path, text: str, name: str = "basel_annex_viii.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_well_formed_file_is_read(tmp_path):
    rows = read_table(write(tmp_path, HEADER + GOOD))
    assert rows == [{"code": "A1010", "title": "Metal wastes", "sub_items": "",
                     "related_entries": "", "section": "A1", "status": "in_force",
                     "effective_from": "", "effective_to": "", "note": "",
                     "verification": "verified", "source": "Basel Annex VIII"}]


def test_unknown_column_is_refused_naming_it(tmp_path):
    path = write(tmp_path, HEADER.replace("note,", "note,colour,") +
                 GOOD.replace(",,verified", ",,red,verified"))
    with pytest.raises(ReferenceDataError) as error:
        read_table(path)
    assert (error.value.file, error.value.line) == ("basel_annex_viii.csv", 1)
    assert "colour" in error.value.message


def test_missing_column_is_refused(tmp_path):
    path = write(tmp_path, HEADER.replace(",source", "") + GOOD.rsplit(",", 1)[0] + "\n")
    with pytest.raises(ReferenceDataError, match="missing column.*source"):
        read_table(path)


def test_duplicate_code_is_refused_with_both_lines(tmp_path):
    with pytest.raises(ReferenceDataError) as error:
        read_table(write(tmp_path, HEADER + GOOD + GOOD))
    assert error.value.line == 3 and "first on line 2" in error.value.message


def test_same_code_with_another_date_is_a_new_version_not_a_duplicate(tmp_path):
    later = GOOD.replace("in_force,,", "in_force,2025-01-01,")
    assert len(read_table(write(tmp_path, HEADER + GOOD + later))) == 2


def test_bad_date_is_refused_naming_the_column(tmp_path):
    bad = GOOD.replace("in_force,,", "in_force,2025-13-01,")
    with pytest.raises(ReferenceDataError) as error:
        read_table(write(tmp_path, HEADER + bad))
    assert error.value.line == 2 and "effective_from" in error.value.message


def test_malformed_code_is_refused(tmp_path):
    with pytest.raises(ReferenceDataError, match="'code' is malformed: 'B1010'"):
        read_table(write(tmp_path, HEADER + GOOD.replace("A1010", "B1010")))


def test_row_without_source_is_refused(tmp_path):
    with pytest.raises(ReferenceDataError, match="'source' is empty"):
        read_table(write(tmp_path, HEADER + GOOD.replace("Basel Annex VIII", "")))


def test_row_with_wrong_number_of_fields_is_refused(tmp_path):
    with pytest.raises(ReferenceDataError, match="expected 11 fields, found 10"):
        read_table(write(tmp_path, HEADER + "A1010,x,,,A1,in_force,,,,verified\n"))


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(ReferenceDataError, match="empty"):
        read_table(write(tmp_path, ""))


def test_file_without_schema_is_refused(tmp_path):
    with pytest.raises(ReferenceDataError, match="no schema"):
        read_table(write(tmp_path, "a,b\n", name="mystery.csv"))


def test_explicit_schema_is_used(tmp_path):
    schema = TableSchema(required=("code", "source"))
    assert read_table(write(tmp_path, "code,source\nX,here\n", "x.csv"), schema) == [
        {"code": "X", "source": "here"}]


def test_a_broken_packaged_file_stops_the_whole_catalogue(tmp_path):
    for file in DATA_DIR.glob("*.csv"):
        if file.name in SCHEMAS:
            (tmp_path / file.name).write_bytes(file.read_bytes())
    (tmp_path / "y_codes.csv").write_text(
        (DATA_DIR / "y_codes.csv").read_text() + "Y1,dup,x,in_force,1992-05-05,,verified,s\n")
    with pytest.raises(ReferenceDataError, match="y_codes.csv.*duplicate"):
        load_catalogue(tmp_path)


def test_every_packaged_file_has_a_schema_and_loads():
    for file in DATA_DIR.glob("*.csv"):
        assert file.name in SCHEMAS, file.name
        assert read_table(file), f"{file.name} is empty"
