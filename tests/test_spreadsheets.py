"""Lists that go out to a spreadsheet (LibreOffice, Excel) and come back: nothing is lost or doubled on the way."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import Cli, Query, ok

SOFFICE = shutil.which("soffice")
# LibreOffice's CSV import as a Danish user meets it: ';', '"', UTF-8, from line 1, Danish, special numbers (dates)
# detected, as Excel always does.
CSV_IN = "CSV:59,34,76,1,,1030,false,true"
CSV_OUT = "csv:Text - txt - csv (StarCalc):59,34,76"


@pytest.fixture
def companies(cli: Cli, workspace: Path) -> None:
    """Companies with every value a spreadsheet likes to change: ranges it reads as dates, phone numbers it reads
    as formulas or numbers, codes with leading zeros, names that look like formulas."""
    adds = [
        ["Bageriet Ørnen ApS", "--cvr", "13585628", "--postcode", "0860", "--industry-code", "011100",
         "--phone", "39661234", "--employees", "1-4", "--tag", "bager"],
        ["Maler Jensen", "--postcode", "2860", "--phone", "+49 30 1234567", "--employees", "5-9"],
        ["=HYPERLINK(\"x\")", "--postcode", "2880", "--phone", "70 03 11 40", "--employees", "10-19",
         "--note", "-ikke et minus"],
        ["+Plus Service", "--postcode", "2800", "--employees", "12"],
    ]  # fmt: skip
    for options in adds:
        ok(cli("company", "add", *options))


def dry_run(cli: Cli, path: Path) -> dict[str, int]:
    return json.loads(ok(cli("import", "companies", str(path), "--dry-run", "--json")).stdout)  # type: ignore[no-any-return]


def soffice(*args: str, cwd: Path) -> None:
    profile = (cwd / "lo-profile").as_uri()  # its own profile: no clash with another LibreOffice running
    subprocess.run(
        [SOFFICE or "soffice", f"-env:UserInstallation={profile}", "--headless", *args],
        cwd=cwd, check=True, capture_output=True, timeout=180,
    )  # fmt: skip


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_csv_saved_by_libreoffice_as_xlsx_or_csv_imports_back_without_changes(
    cli: Cli, companies: None, tmp_path: Path, query: Query
) -> None:
    ok(cli("export", "companies", "-o", "liste.csv"))
    soffice(f"--infilter={CSV_IN}", "--convert-to", "xlsx", "liste.csv", cwd=tmp_path)
    sheet = load_workbook(tmp_path / "liste.xlsx").active
    assert sheet is not None
    employees = [c.value for c in sheet["I"][1:]]
    assert "1–4" in employees and "5–9" in employees  # no 1st of April, no 5th of September
    report = dry_run(cli, tmp_path / "liste.xlsx")
    assert (report["new"], report["updated"], report["rejected"], report["warnings"]) == (0, 0, 0, 0)
    # ... and saved back as CSV by the spreadsheet
    soffice("--convert-to", CSV_OUT, "--outdir", "igen", "liste.xlsx", cwd=tmp_path)
    report = dry_run(cli, tmp_path / "igen" / "liste.csv")
    assert (report["new"], report["updated"], report["rejected"], report["warnings"]) == (0, 0, 0, 0)
    assert query("SELECT count(*) FROM companies") == [(4,)]


def test_export_writes_ranges_and_danish_phones_so_no_spreadsheet_changes_them(
    cli: Cli, companies: None, tmp_path: Path
) -> None:
    ok(cli("export", "companies", "-o", "liste.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "liste.csv").read_text("utf-8-sig")), delimiter=";"))
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Bageriet Ørnen ApS"][8] == "1–4" and by_name["Bageriet Ørnen ApS"][11] == "39 66 12 34"
    # A foreign number keeps its '+', so it needs the guard.
    assert by_name["Maler Jensen"][11] == "'+49301234567"
    formula = '\'=HYPERLINK("x")'
    assert formula in by_name and by_name[formula][11] == "70 03 11 40"
    assert "'+Plus Service" in by_name


def test_a_spreadsheets_xlsx_with_guards_and_dates_imports_back_unchanged(
    cli: Cli, companies: None, tmp_path: Path
) -> None:
    """As Excel or LibreOffice saves an exported CSV: the guard's quote kept as text, '1-4' turned into a date,
    codes turned into numbers."""
    ok(cli("export", "companies", "-o", "liste.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "liste.csv").read_text("utf-8-sig")), delimiter=";"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    import datetime as dt

    for row in rows:
        cells: list[object] = list(row)
        if cells[8] == "1–4":
            cells[8] = dt.datetime(2026, 4, 1)
        if cells[8] == "5–9":
            cells[8] = dt.datetime(2026, 9, 5)
        for i in (1, 4, 6):  # CVR, postcode, industry code as numbers
            if str(cells[i]).isdigit():
                cells[i] = int(str(cells[i]))
        sheet.append(cells)
    book.save(tmp_path / "gemt.xlsx")
    report = dry_run(cli, tmp_path / "gemt.xlsx")
    assert (report["new"], report["updated"], report["rejected"], report["warnings"]) == (0, 0, 0, 0)


def test_xlsx_export_is_ready_to_work_in(cli: Cli, companies: None, tmp_path: Path) -> None:
    ok(cli("export", "companies", "-o", "liste.xlsx"))
    book = load_workbook(tmp_path / "liste.xlsx")
    sheet = book.active
    assert sheet is not None
    assert book.properties.creator == "Værebroparken, AB Gladsaxe"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R5"
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Navn", "CVR-nummer"]
    letters = {name: sheet.cell(1, i + 1).column_letter for i, name in enumerate(header)}
    for column in ("CVR-nummer", "Postnummer", "Telefon", "Branchekode"):
        assert sheet.column_dimensions[letters[column]].number_format == "@", column
        assert sheet[f"{letters[column]}2"].number_format == "@", column
    assert sheet.column_dimensions[letters["Navn"]].width >= len("Bageriet Ørnen ApS")
    assert all(8 <= sheet.column_dimensions[letter].width <= 50 for letter in letters.values())
    names = [c.value for c in sheet["A"][1:]]
    assert '=HYPERLINK("x")' in names and sheet["A2"].data_type == "s"
