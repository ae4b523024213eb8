"""`lokalspil import companies`: files as Danish offices export them, the rules per row, matching, safety."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, Query, printed_json, read

DANISH_HEADER = ["CVR-nr.", "Firmanavn", "Adresse", "Postnr.", "By", "Branchekode", "Antal ansatte", "E-mail",
                 "Tlf.", "Reklamebeskyttet", "Intern note"]  # fmt: skip
MESSY_ROWS = [
    ["13585628", "Bageriet Ørnen ApS", "Søborg Hovedgade 1", "2860", "Søborg", "107100", "10-19", "info@oernen.dk",
     "39661234", "nej", "x"],
    ["DK 10150817", "Netto; Søborg", 'Vej 2 "baghuset"\nanden linje', "DK-2860", "Søborg", "011100", "50",
     "netto@netto", "+45 44 55 66 77", "ja", ""],
    ["", "", "", "", "", "", "", "", "", "", ""],
    ["13585627", "Forkert CVR A/S", "", "2860", "", "", "", "", "", "", ""],
    ["", "Grøn Cykel", "", "28600", "Søborg", "", "", "cykel@groen.dk", "", "", ""],
    ["", "", "", "2860", "", "", "", "", "", "", ""],
    ["13585628", "Bageriet Ørnen ApS", "", "", "", "", "", "", "", "", "dublet"],
    ["", "Grøn  cykel", "Ny vej 3", "", "", "", "", "", "", "", ""],
    ["", "Slagter Hansen", "", "860", "Søborg", "", "", "", "", "", ""],
]  # fmt: skip
# new: Ørnen, Netto, Grøn Cykel, Slagter Hansen; rejected: bad CVR, no name; warnings: e-mail, postcode 28600
EXPECTED = {"new": 4, "updated": 0, "unchanged": 0, "rejected": 2, "warnings": 2}


def write_table(path: Path, header: list[str], rows: list[list[str]], encoding: str, delimiter: str) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def run_import(cli: Cli, path: Path, *options: str) -> dict[str, Any]:
    report: dict[str, Any] = printed_json(cli("import", "companies", str(path), "--json", *options))
    return report


def counts(report: dict[str, Any]) -> dict[str, int]:
    return {k: report[k] for k in ("new", "updated", "unchanged", "rejected", "warnings")}


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("cp1252", ";"), ("utf-8-sig", ";"), ("utf-8", ","), ("cp1252", "\t")]
)
def test_a_messy_file_imports_with_exactly_the_counts_the_rules_give(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query, encoding: str, delimiter: str
) -> None:
    path = write_table(tmp_path / "liste.csv", DANISH_HEADER, MESSY_ROWS, encoding, delimiter)
    report = run_import(cli, path, "--rejects", str(tmp_path / "afvist.csv"))
    assert counts(report) == EXPECTED
    companies = {
        row[0]: row[1:]
        for row in query(
            "SELECT name, cvr, postcode, industry_code, phone, email, protected, address FROM companies"
        )
    }
    assert companies["Bageriet Ørnen ApS"][:4] == ("13585628", "2860", "107100", "+45 39 66 12 34")
    assert companies["Netto; Søborg"] == (
        "10150817",
        "2860",
        "011100",
        "+45 44 55 66 77",
        None,
        1,
        'Vej 2 "baghuset" anden linje',
    )
    assert companies["Grøn cykel"][:2] == (None, None) and companies["Grøn cykel"][6] == "Ny vej 3"
    assert companies["Slagter Hansen"][1] == "0860"
    with (tmp_path / "afvist.csv").open(encoding="utf-8-sig", newline="") as f:
        rejected = list(csv.reader(f, delimiter=";"))
    assert rejected[0] == [*DANISH_HEADER, "Årsag"]
    assert [r[1] for r in rejected[1:]] == ["Forkert CVR A/S", ""]
    assert "kontrolcifferet" in rejected[1][-1] and "Navnet mangler" in rejected[2][-1]
    assert (tmp_path / "afvist.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_english_headers_and_quoted_fields(cli: Cli, workspace: Path, tmp_path: Path, query: Query) -> None:
    header = ["Company", "VAT no", "Address", "Zip", "City", "Phone", "Website", "Employees"]
    rows = [
        [
            "Smith, Jones & Co",
            "13585628",
            '1 "High" St, floor 2',
            "2100",
            "København Ø",
            "12345678",
            "smith.dk",
            "5-9",
        ]
    ]
    report = run_import(cli, write_table(tmp_path / "en.csv", header, rows, "utf-8", ","))
    assert report["new"] == 1
    assert query("SELECT name, cvr, address, website, employees FROM companies") == [
        ("Smith, Jones & Co", "13585628", '1 "High" St, floor 2', "https://smith.dk", "5-9")
    ]


def test_dry_run_changes_nothing_and_a_second_import_changes_nothing(
    cli: Cli, workspace: Path, tmp_path: Path, db_path: Path
) -> None:
    path = write_table(tmp_path / "liste.csv", DANISH_HEADER, MESSY_ROWS, "cp1252", ";")

    def dump() -> list[str]:
        conn = sqlite3.connect(db_path)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()

    before = dump()
    assert counts(run_import(cli, path, "--dry-run")) == EXPECTED
    assert dump() == before
    assert counts(run_import(cli, path)) == EXPECTED
    assert counts(run_import(cli, path)) == {**EXPECTED, "new": 0, "unchanged": 4}


def test_a_match_updates_fields_and_keeps_the_companys_history(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    assert (
        cli(
            "company",
            "add",
            "Bageriet Ørnen ApS",
            "--cvr",
            "13585628",
            "--tag",
            "bager",
            "--stage",
            "meeting",
        ).exit_code
        == 0
    )
    assert cli("log", "ørnen", "Ringede").exit_code == 0
    assert cli("contact", "add", "ørnen", "Mette").exit_code == 0
    assert cli("company", "add", "Grøn Cykel", "--postcode", "2860").exit_code == 0
    header = ["CVR", "Navn", "Postnr.", "By"]
    rows = [["13585628", "Bageriet Ørnen ApS", "2860", "Søborg"], ["", "grøn cykel", "2860", "Søborg"]]
    report = run_import(
        cli, write_table(tmp_path / "l.csv", header, rows, "utf-8", ";"), "--tag", "cvr-udtræk"
    )
    assert counts(report) == {"new": 0, "updated": 2, "unchanged": 0, "rejected": 0, "warnings": 0}
    assert query("SELECT name, city, stage, tags FROM companies ORDER BY id") == [
        ("Bageriet Ørnen ApS", "Søborg", "meeting", '["bager", "cvr-udtræk"]'),
        ("grøn cykel", "Søborg", "candidate", '["cvr-udtræk"]'),
    ]
    assert query("SELECT count(*) FROM activities WHERE kind != 'stage'") == [(1,)]
    assert query("SELECT count(*) FROM contacts") == [(1,)]


def test_imported_companies_are_found_by_search_new_and_updated_alike(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    """The import fills the search index in one go rather than row by row: new companies, companies it updates,
    one it gives a CVR and one whose flag it changes are all found by their new words, and the index is sound."""
    assert cli("company", "add", "Bageriet Ørnen ApS", "--cvr", "13585628", "--city", "Herlev").exit_code == 0
    assert cli("company", "add", "Grøn Cykel", "--postcode", "2860").exit_code == 0
    assert cli("company", "add", "Slagter Hansen", "--cvr", "10150817", "--protected").exit_code == 0
    header = ["CVR", "Navn", "Postnr.", "By", "Reklamebeskyttet"]
    rows = [
        ["13585628", "Bageriet Ørnen ApS", "2860", "Søborg", ""],
        ["35657207", "Grøn Cykel", "2860", "Gladsaxe", ""],
        ["10150817", "Slagter Hansen", "", "", "nej"],
        ["29217092", "Kaffebaren Mågen", "2100", "Vordingborg", "ja"],
    ]
    report = run_import(cli, write_table(tmp_path / "s.csv", header, rows, "utf-8", ";"))
    assert counts(report) == {"new": 1, "updated": 3, "unchanged": 0, "rejected": 0, "warnings": 0}

    def found(word: str) -> list[str]:
        return [h["company"] for h in json.loads(cli("search", word, "--json").stdout)]

    assert found("søborg") == ["Bageriet Ørnen ApS"]
    assert found("herlev") == []
    assert found("gladsaxe") == ["Grøn Cykel"]
    assert found("vordingborg") == ["Kaffebaren Mågen"]
    assert found("slagter") == ["Slagter Hansen"]
    assert query("SELECT protected FROM companies WHERE name = 'Slagter Hansen'") == [(0,)]
    assert query("INSERT INTO companies_fts (companies_fts, rank) VALUES ('integrity-check', 1)") == []
    assert query("SELECT count(*) FROM sqlite_master WHERE name = 'companies_ai'") == [(1,)]


def test_xlsx_with_numbers_for_codes(cli: Cli, workspace: Path, tmp_path: Path, query: Query) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Virksomhedsnavn", "CVR-nummer", "Postnummer", "Branchekode", "Telefon"])
    sheet.append(["Bageren", 13585628, 860, "011100", 39661234])
    sheet.append([None, None, None, None, None])
    sheet.append(["Netto", "10150817", "2860", 471100, "+45 44 55 66 77"])
    path = tmp_path / "liste.xlsx"
    book.save(path)
    report = run_import(cli, path)
    assert report["new"] == 2 and report["rejected"] == 0
    assert query("SELECT name, cvr, postcode, industry_code, phone FROM companies ORDER BY name") == [
        ("Bageren", "13585628", "0860", "011100", "+45 39 66 12 34"),
        ("Netto", "10150817", "2860", "471100", "+45 44 55 66 77"),
    ]


def test_columns_by_map_unknown_kept_as_notes_and_a_missing_name_column(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    header = ["Kunde", "Kontonr", "Postnr"]
    path = write_table(tmp_path / "k.csv", header, [["Bageren", "K-17", "2860"]], "utf-8", ";")
    missing = cli("import", "companies", str(path))
    assert missing.exit_code == 1 and "--map" in missing.stderr and "Kunde" in missing.stderr
    report = run_import(cli, path, "--map", "Kunde=name", "--keep-unknown")
    assert report["new"] == 1
    assert query("SELECT name, notes FROM companies") == [("Bageren", "Kontonr: K-17")]
    shown = cli("import", "companies", str(path), "--map", "Kunde=name", "--dry-run")
    assert "Kontonr" in shown.stdout and "indlæses ikke" in shown.stdout


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
def test_an_import_stopped_midway_leaves_nothing_from_the_file(
    workspace: Path, tmp_path: Path, how: signal.Signals
) -> None:
    path = tmp_path / "stor.csv"
    with path.open("w", encoding="cp1252", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Navn", "Postnr.", "By"])
        for i in range(400_000):
            writer.writerow([f"Virksomhed {i} ApS", f"{1000 + i % 8990}", "Søborg"])
    env = {**os.environ, "LOKALSPIL_DB": str(workspace)}
    child = subprocess.Popen(
        [sys.executable, "-m", "lokalspil", "import", "companies", str(path), "--yes"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1.5)
    assert child.poll() is None, "the import finished before it could be stopped"
    child.send_signal(how)
    _, err = child.communicate(timeout=60)
    assert child.returncode != 0
    assert "Traceback" not in err
    assert read(workspace, "SELECT count(*) FROM companies") == [(0,)]


# -- export, and back in --------------------------------------------------------------------------------------


def test_csv_xlsx_and_json_out_and_back_in_lose_nothing(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    adds = [
        ["Bageriet Ørnen ApS", "--cvr", "13585628", "--postcode", "0860", "--industry-code", "011100",
         "--phone", "39661234", "--tag", "bager", "--tag", "kantine", "--note", "To linjer\n=SUM(A1) er ikke en formel",
         "--protected", "--website", "oernen.dk", "--employees", "10-19"],
        ["=HYPERLINK(\"x\")", "--email", "a@b.dk", "--social-economy", "--rsv"],
        ["Netto", "--postcode", "2860", "--city", "Søborg", "--industry", "Supermarked"],
    ]  # fmt: skip
    for options in adds:
        assert cli("company", "add", *options).exit_code == 0
    # Values that start with a quote before what looks like a formula (the mark the CSV guard itself puts).
    assert (
        cli("company", "add", "--city", "'+x", "--note", "'=citeret i forvejen", "--", "'-Apostrof").exit_code
        == 0
    )
    assert cli("company", "stage", "13585628", "meeting").exit_code == 0
    assert cli("company", "stage", "Netto", "declined").exit_code == 0
    fields = "name, cvr, pnr, address, postcode, city, industry_code, industry, employees, website, email, phone, tags, notes, social_economy, rsv, protected, stage"
    original = sorted(query(f"SELECT {fields} FROM companies"))
    for fmt in ("csv", "xlsx", "json"):
        out = tmp_path / f"ud.{fmt}"
        assert cli("export", "companies", "-o", str(out)).exit_code == 0  # the format from the file name
        other = tmp_path / f"andet-{fmt}.db"
        assert cli("--db", str(other), "init", "--area", "Andet").exit_code == 0
        result = cli("--db", str(other), "import", "companies", str(out), "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["new"] == 4
        assert sorted(read(other, f"SELECT {fields} FROM companies")) == original, fmt


def test_exported_csv_is_for_danish_excel_and_disarms_formulas(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    assert cli("company", "add", "=1+1", "--phone", "39661234", "--industry-code", "011100").exit_code == 0
    out = tmp_path / "ud.csv"
    assert cli("export", "companies", "-o", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Navn", "CVR-nummer"]
    assert rows[1][0] == "'=1+1" and rows[1][11] == "39 66 12 34" and rows[1][6] == "011100"
    from openpyxl import load_workbook

    xlsx = tmp_path / "ud.xlsx"
    assert cli("export", "companies", "--format", "xlsx", "-o", str(xlsx)).exit_code == 0
    sheet = load_workbook(xlsx).active
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s" and sheet["G2"].value == "011100"


def test_export_all_and_import_all_restore_the_workspace(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    assert cli("company", "add", "Bageriet Ørnen", "--cvr", "13585628").exit_code == 0
    assert cli("contact", "add", "ørnen", "Mette").exit_code == 0
    assert cli("log", "ørnen", "Ringede", "--follow-up", "+3").exit_code == 0
    assert cli("agreement", "add", "ørnen", "--kind", "fritidsjob", "--status", "signed").exit_code == 0
    assert cli("guide", "answer", "formaal.antal-unge", "12").exit_code == 0
    dump = tmp_path / "alt.json"
    assert cli("export", "all", "-o", str(dump)).exit_code == 0
    other = str(tmp_path / "ny.db")
    restored = cli("--db", other, "import", "all", str(dump))
    assert restored.exit_code == 0, restored.output
    for command in (
        ["company", "show", "ørnen", "--json"],
        ["guide", "answers", "--format", "json"],
        ["status", "--json"],
    ):
        mine, theirs = cli(*command).stdout, cli("--db", other, *command).stdout
        assert json.loads(mine) | {"workspace": None} == json.loads(theirs) | {"workspace": None}, command
    history = json.loads(cli("history", "--json").stdout)  # who changed what, when: as it was
    assert history and json.loads(cli("--db", other, "history", "--json").stdout) == history
    assert [h["company"] for h in json.loads(cli("--db", other, "search", "ørn", "--json").stdout)] == [
        "Bageriet Ørnen"
    ]
    again = cli("--db", other, "import", "all", str(dump))
    assert again.exit_code == 1 and "ikke tomt" in again.stderr


def test_import_contacts_matches_companies_and_people(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    assert cli("company", "add", "Bageriet Ørnen", "--cvr", "13585628").exit_code == 0
    assert cli("company", "add", "Netto Søborg").exit_code == 0
    assert cli("contact", "add", "ørnen", "Mette Bagersen", "--role", "ejer").exit_code == 0
    header = ["CVR-nr.", "Virksomhed", "Kontaktperson", "Stilling", "E-mail", "Mobil"]
    rows = [
        ["13585628", "", "mette  bagersen", "indehaver", "mette@oernen.dk", "22334455"],
        ["", "netto søborg", "Ida Holm", "butikschef", "ida(at)netto.dk", ""],
        ["", "Slagteren", "Jens", "", "", ""],
        ["13585628", "", "", "", "x@y.dk", ""],
    ]
    path = write_table(tmp_path / "kontakter.csv", header, rows, "cp1252", ";")
    result = cli("import", "contacts", str(path), "--json", "--rejects", str(tmp_path / "afvist.csv"))
    assert result.exit_code == 0, result.output
    assert counts(json.loads(result.stdout)) == {
        "new": 1,
        "updated": 1,
        "unchanged": 0,
        "rejected": 2,
        "warnings": 1,
    }
    assert query(
        "SELECT c.name, p.name, p.role, p.email, p.phone FROM contacts p JOIN companies c ON c.id = p.company_id ORDER BY p.id"
    ) == [
        ("Bageriet Ørnen", "Mette Bagersen", "indehaver", "mette@oernen.dk", "+45 22 33 44 55"),
        ("Netto Søborg", "Ida Holm", "butikschef", None, None),
    ]
    again = json.loads(cli("import", "contacts", str(path), "--json").stdout)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 2)


def test_counts_when_a_file_names_the_same_company_by_cvr_and_by_name(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    assert cli("company", "add", "Netto", "--postcode", "2860", "--cvr", "10150817").exit_code == 0
    header = ["CVR", "Navn", "Postnr.", "By"]
    rows = [
        ["13585628", "Bageren", "2860", ""],
        ["", "Bageren", "2860", "Søborg"],  # the company the row above makes
        ["10150817", "Netto", "2860", ""],
        ["", "Netto", "2860", "Søborg"],  # the existing company the row above names by CVR
    ]
    report = run_import(cli, write_table(tmp_path / "l.csv", header, rows, "utf-8", ";"))
    assert counts(report) == {"new": 1, "updated": 1, "unchanged": 0, "rejected": 0, "warnings": 0}
    again = run_import(cli, write_table(tmp_path / "l.csv", header, rows, "utf-8", ";"))
    assert counts(again) == {"new": 0, "updated": 0, "unchanged": 2, "rejected": 0, "warnings": 0}


# -- from the review of the importer --------------------------------------------------------------------------


def test_notes_from_a_list_are_added_never_replacing(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    run_import(cli, write_table(tmp_path / "a.csv", ["Navn", "CVR"], [["Foo", "13585628"]], "utf-8", ";"))
    assert cli("company", "edit", "foo", "--note", "Vigtig samtale").exit_code == 0
    b = write_table(
        tmp_path / "b.csv", ["Navn", "CVR", "Liste"], [["Foo", "13585628", "B"]], "utf-8", ";"
    )  # (an unknown column: "Kilde" is read as the company's source)
    assert counts(run_import(cli, b, "--keep-unknown"))["updated"] == 1
    assert counts(run_import(cli, b, "--keep-unknown"))["unchanged"] == 1
    assert query("SELECT notes FROM companies") == [("Vigtig samtale\nListe: B",)]


def test_a_cvr_row_finds_the_company_held_without_one(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    run_import(cli, write_table(tmp_path / "s1.csv", ["Navn", "Postnr."], [["Foo", "2200"]], "utf-8", ";"))
    report = run_import(
        cli,
        write_table(
            tmp_path / "s2.csv", ["Navn", "CVR", "Postnr."], [["Foo", "13585628", "2200"]], "utf-8", ";"
        ),
    )
    assert counts(report)["new"] == 0 and counts(report)["updated"] == 1
    assert query("SELECT name, cvr, postcode FROM companies") == [("Foo", "13585628", "2200")]


def test_contacts_attach_by_cvr_or_the_exact_name_only(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    for name in ("Gamma", "Beta", "Alfa"):
        assert cli("company", "add", name).exit_code == 0
    path = write_table(
        tmp_path / "k.csv", ["Firma", "Navn"], [["amm", "Kim"], ["3", "Lis"], ["gamma", "Bo"]], "utf-8", ";"
    )
    report = json.loads(cli("import", "contacts", str(path), "--json").stdout)
    assert (report["new"], report["rejected"]) == (1, 2)


def test_reading_problems_are_told_plainly(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    bad = tmp_path / "e.csv"
    bad.write_bytes(b"Navn;By\nA;B\xe6\n")
    result = cli("import", "companies", str(bad), "--encoding", "utf-8")
    assert result.exit_code == 1 and "--encoding cp1252" in result.stderr
    odd = tmp_path / "f.csv"
    odd.write_bytes(b"\x81Navn;By\nA;B\n")
    assert cli("import", "companies", str(odd), "--map", "\ufffdNavn=name", "--json").exit_code == 0
    sep = cli("import", "companies", str(bad), "--delimiter", "||")
    assert sep.exit_code == 2 and "ét tegn" in sep.stderr
    doc = tmp_path / "b.json"
    doc.write_text('{"migrations": [], "companies": [{"foo": 1}]}', encoding="utf-8")
    other = str(tmp_path / "ny.db")
    restored = cli("--db", other, "import", "all", str(doc))
    assert restored.exit_code == 1 and "passer ikke" in restored.stderr


def test_line_numbers_count_blank_lines_before_the_header(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "ln.csv"
    path.write_bytes(b"\r\n\r\nNavn;CVR\r\n;13585628\r\n")
    result = cli("import", "companies", str(path), "--dry-run", "--yes")
    assert "linje 4:" in result.stdout


def test_xlsx_decimal_numbers_are_not_misread(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Navn", "Ansatte"])
    book.active.append(["A", 3.5])
    path = tmp_path / "x.xlsx"
    book.save(path)
    report = run_import(cli, path)
    assert report["warnings"] == 1
    assert query("SELECT employees FROM companies") == [(None,)]


def test_a_title_above_the_header_is_passed_over(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Virksomheder i Søborg, udtræk fra CVR"])
    sheet.append(["Dannet 03-12-2026"])
    sheet.append([None])
    sheet.append(["CVR-nummer", "Navn", "Postnummer"])
    sheet.append(["13585628", "Bageriet Ørnen", "2860"])
    path = tmp_path / "med-titel.xlsx"
    book.save(path)
    assert counts(run_import(cli, path))["new"] == 1
    csv_path = tmp_path / "med-titel.csv"
    csv_path.write_text("Leverandørliste 2026\r\n\r\nNavn;CVR\r\nNetto;10150817\r\n", encoding="cp1252")
    report = run_import(cli, csv_path)
    assert report["new"] == 1 and report["rejected"] == 0
    assert query("SELECT name, cvr FROM companies ORDER BY name") == [
        ("Bageriet Ørnen", "13585628"),
        ("Netto", "10150817"),
    ]
    none = write_table(tmp_path / "ingen.csv", ["Kunde", "Kontonr"], [["Bageren", "K-17"]], "utf-8", ";")
    refused = cli("import", "companies", str(none))
    assert refused.exit_code == 1 and "Kunde, Kontonr" in refused.stderr


def test_flags_given_for_companies_held_change_only_what_differs(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    assert cli("company", "add", "Bageriet Ørnen ApS", "--cvr", "13585628", "--protected").exit_code == 0
    assert cli("company", "add", "Slagter Hansen", "--cvr", "10150817", "--protected", "--rsv").exit_code == 0
    header = ["CVR", "Navn", "Reklamebeskyttet", "RSV", "Socialøkonomisk"]
    rows = [
        ["13585628", "Bageriet Ørnen ApS", "ja", "ja", ""],  # rsv set: updated
        ["10150817", "Slagter Hansen", "ja", "ja", "nej"],  # as held: unchanged
        ["29217092", "Kaffebaren Mågen", "", "", "ja"],
    ]
    report = run_import(cli, write_table(tmp_path / "f.csv", header, rows, "utf-8", ";"))
    assert counts(report) == {"new": 1, "updated": 1, "unchanged": 1, "rejected": 0, "warnings": 0}
    assert query("SELECT name, protected, rsv, social_economy FROM companies ORDER BY id") == [
        ("Bageriet Ørnen ApS", 1, 1, 0),
        ("Slagter Hansen", 1, 1, 0),
        ("Kaffebaren Mågen", 0, 0, 1),
    ]
    again = run_import(cli, write_table(tmp_path / "f.csv", header, rows, "utf-8", ";"))
    assert counts(again) == {"new": 0, "updated": 0, "unchanged": 3, "rejected": 0, "warnings": 0}


def test_industry_codes_that_lost_their_leading_zero_get_it_back(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    """Excel reads 011100 as the number 11100 and saves it so; a list holding it must not overwrite 011100."""
    assert (
        cli("company", "add", "Landbrug ApS", "--cvr", "13585628", "--industry-code", "011100").exit_code == 0
    )
    path = write_table(
        tmp_path / "liste.csv", ["Navn", "CVR-nummer", "Branchekode"],
        [["Landbrug ApS", "13585628", "11100"], ["Gartneri", "10150817", "13000.0"]], "cp1252", ";",
    )  # fmt: skip
    report = run_import(cli, path)
    assert (report["new"], report["updated"], report["unchanged"]) == (1, 0, 1)
    assert query("SELECT industry_code FROM companies ORDER BY name") == [("013000",), ("011100",)]


def test_export_takes_its_format_from_the_file_name_and_refuses_a_contradiction(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    assert cli("company", "add", "Bageren").exit_code == 0
    assert cli("export", "companies", "-o", str(tmp_path / "liste.xlsx")).exit_code == 0
    assert (tmp_path / "liste.xlsx").read_bytes()[:2] == b"PK"  # a zip: an Excel workbook, not CSV text
    result = cli("export", "companies", "-f", "csv", "-o", str(tmp_path / "liste2.xlsx"))
    assert result.exit_code == 2 and "-f xlsx" in result.output
    assert not (tmp_path / "liste2.xlsx").exists()


def test_files_as_excel_and_people_really_save_them(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tabs between the cells.
    unicode_text = tmp_path / "unicode.txt"
    unicode_text.write_bytes("Navn\tPostnr\r\nÆrø Bageri\t2860\r\nSmedjen\t800\r\n".encode("utf-16"))
    assert counts(run_import(cli, unicode_text))["new"] == 2
    # A title with commas above a header with semicolons: the separator is the one the lines agree on.
    titled = tmp_path / "titel.csv"
    titled.write_bytes(
        "Leverandører, Gladsaxe, juni 2026\r\nCVR-nr.;Navn;Postnr.\r\n10150817;Netto;2860\r\n".encode(
            "cp1252"
        )
    )
    assert counts(run_import(cli, titled))["new"] == 1
    assert query("SELECT name, postcode FROM companies ORDER BY id") == [
        ("Ærø Bageri", "2860"), ("Smedjen", "0800"), ("Netto", "2860")
    ]  # fmt: skip


def test_a_quote_never_closed_stops_the_import_at_its_line(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    path = tmp_path / "citat.csv"
    path.write_bytes(
        'Navn;Postnr;By\r\nBager "Ærø";2860;Søborg\r\n"Smed;2860;Søborg\r\nKiosk;2860;Søborg\r\nFrisør;2860;Søborg\r\n'.encode(
            "cp1252"
        )
    )
    result = cli("import", "companies", str(path), "--yes")
    assert result.exit_code == 1 and "linje 3" in result.stderr and "anførselstegn" in result.stderr
    assert query("SELECT count(*) FROM companies") == [(0,)]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [("mappe.csv", None, "er en mappe"),
     ("program.csv", b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "ikke en tekstfil"),
     ("gammel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "gamle format (.xls)"),
     ("tom.csv", b";;;\r\n\r\n;;\r\n", "er tom"),
     ("regneark.ods", b"PK\x03\x04", "Gem regnearket som .xlsx")],
)  # fmt: skip
def test_files_that_are_not_lists_are_named_for_what_they_are(
    cli: Cli, workspace: Path, tmp_path: Path, name: str, content: bytes | None, words: str
) -> None:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    result = cli("import", "companies", str(path), "--yes")
    assert result.exit_code == 1 and words in result.stderr and "Traceback" not in result.output


def test_a_byte_that_does_not_decode_is_found_on_its_line(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "sen.csv"
    text = "Navn;Postnr\n" + "".join(f"Firma {i};2860\n" for i in range(5000)) + "Ærø;2860\n"
    path.write_bytes(text.encode("cp1252"))
    result = cli("import", "companies", str(path), "--yes", "--encoding", "utf-8")
    assert result.exit_code == 1 and "linje 5002" in result.stderr


def test_a_person_named_twice_in_a_contact_list_is_one_person(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    assert cli("company", "add", "Smed A/S").exit_code == 0
    header = ["Virksomhed", "Kontaktperson", "Stilling", "E-mail"]
    rows = [
        ["Smed A/S", "Hanne Hansen", "Indehaver", "hanne@smed.dk"],
        ["smed  a/s", "hanne  hansen", "Direktør", ""],
        ["Smed A/S", "Notes 010190-1234", "", ""],  # a CPR number in the name: refused as one
    ]
    path = write_table(tmp_path / "kontakter.csv", header, rows, "cp1252", ";")
    rejects = tmp_path / "afvist.csv"
    first = json.loads(cli("import", "contacts", str(path), "--json", "--rejects", str(rejects)).stdout)
    assert (first["new"], first["updated"], first["rejected"]) == (1, 0, 1)
    assert query("SELECT name, role, email FROM contacts") == [("Hanne Hansen", "Direktør", "hanne@smed.dk")]
    assert "CPR" in rejects.read_text(encoding="utf-8-sig")
    again = json.loads(cli("import", "contacts", str(path), "--json", "--rejects", str(rejects)).stdout)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 1)
    assert query("SELECT count(*) FROM history WHERE entity = 'contact' AND action = 'changed'") == [(0,)]


def test_repeated_rows_join_their_notes_and_are_counted(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    header = ["CVR-nr.", "Navn", "Intern kommentar"]
    rows = [["13585628", "Bager Ærø ApS", "god kunde"], ["13585628", "Bager Ærø ApS", "ny note"]]
    path = write_table(tmp_path / "liste.csv", header, rows, "cp1252", ";")
    result = cli("import", "companies", str(path), "--keep-unknown", "--yes")
    assert result.exit_code == 0, result.output
    assert "(gemmes i noterne)" in result.stdout and "(indlæses ikke)" not in result.stdout
    assert "Gentagelser i filen (lagt sammen)" in result.stdout
    assert query("SELECT notes FROM companies") == [
        ("Intern kommentar: god kunde\nIntern kommentar: ny note",)
    ]


def test_the_rejects_file_never_overwrites_the_list_and_an_old_one_is_cleared(
    cli: Cli, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_table(tmp_path / "liste.csv", ["Navn", "CVR"], [["A", "12345678"], ["C", ""]], "utf-8", ";")
    refused = cli("import", "companies", str(path), "--yes", "--rejects", str(path))
    assert refused.exit_code == 1 and "--rejects" in refused.stderr
    assert "C;" in path.read_text(encoding="utf-8")  # the list as it was
    assert cli("import", "companies", str(path), "--yes").exit_code == 0
    assert (tmp_path / "liste.rejects.csv").is_file()
    write_table(path, ["Navn", "CVR"], [["A", "13585628"], ["C", ""]], "utf-8", ";")  # fixed in Excel
    fixed = cli("import", "companies", str(path), "--yes")
    assert fixed.exit_code == 0 and "slettet" in fixed.stdout
    assert not (tmp_path / "liste.rejects.csv").exists()


def test_control_characters_in_a_cell_are_not_stored(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    path = tmp_path / "styretegn.csv"
    path.write_bytes('Navn;Noter\r\nBager\x07 Ærø\x1b;"linje 1\x01\nlinje 2"\r\n'.encode())
    assert counts(run_import(cli, path))["new"] == 1
    assert query("SELECT name, notes FROM companies") == [("Bager Ærø", "linje 1\nlinje 2")]


def test_new_companies_are_numbered_in_the_order_of_the_files_rows(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    rows = [  # neither names nor CVRs in sorted order
        ["30000048", "Ørnen"],
        ["30000005", "Cykelsmeden"],
        ["30000021", "Bageren"],
        ["", "Zebra Kaffe"],
        ["", "Apoteket"],
    ]
    run_import(cli, write_table(tmp_path / "l.csv", ["CVR", "Navn"], rows, "utf-8", ";"))
    assert [name for (name,) in query("SELECT name FROM companies ORDER BY id")] == [r[1] for r in rows]
