"""Where a company's data came from (`companies.source`): typed with --source, set by an import, shown on the
card and in `company list --json`, kept by `export all` / `import all`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from lokalspil.danish import format_date
from tests.conftest import Cli, Query, ok, printed_json
from tests.test_imports import counts, run_import, write_table


def test_source_typed_with_add_and_edit_shows_on_the_card_and_in_json(
    cli: Cli, workspace: Path, query: Query
) -> None:
    ok(cli("company", "add", "Bageriet", "--source", "CVR-udtræk 1. december 2026"))
    assert query("SELECT source FROM companies") == [("CVR-udtræk 1. december 2026",)]
    card = ok(cli("company", "show", "Bageriet")).stdout
    assert "Kilde" in card and "CVR-udtræk 1. december 2026" in card
    ok(cli("company", "edit", "Bageriet", "--source", "Virksomhedens hjemmeside"))
    listed = printed_json(cli("company", "list", "--json"))
    assert listed[0]["source"] == "Virksomhedens hjemmeside"
    assert "Virksomhedens hjemmeside" in ok(cli("company", "show", "Bageriet", "--json")).stdout


def test_source_is_checked_like_any_field(cli: Cli, workspace: Path) -> None:
    result = cli("company", "add", "Bageriet", "--source", "kunde 010190-1234")
    assert result.exit_code != 0 and "CPR" in result.output


def test_an_import_records_the_file_and_day(cli: Cli, workspace: Path, tmp_path: Path, query: Query) -> None:
    today = format_date(dt.date.today())
    table = write_table(
        tmp_path / "cvr-liste.csv",
        ["Navn", "CVR", "Postnr."],
        [["Foo", "13585628", "2200"], ["Uden CVR", "", "2860"]],
        "utf-8",
        ";",
    )
    run_import(cli, table)
    expected = f"cvr-liste.csv, importeret {today}"
    assert query("SELECT name, source FROM companies ORDER BY name") == [
        ("Foo", expected), ("Uden CVR", expected)
    ]  # fmt: skip
    # The same file again changes nothing, the source included.
    ok(cli("company", "edit", "Foo", "--source", "Rettet i hånden"))
    assert counts(run_import(cli, table))["unchanged"] == 2
    assert query("SELECT source FROM companies WHERE name = 'Foo'") == [("Rettet i hånden",)]
    # A file that changes a company gives it its source.
    changed = write_table(
        tmp_path / "ny.csv",
        ["Navn", "CVR", "Postnr.", "By"],
        [["Foo", "13585628", "2200", "Kbh N"]],
        "utf-8",
        ";",
    )
    assert counts(run_import(cli, changed))["updated"] == 1
    assert query("SELECT source FROM companies WHERE name = 'Foo'") == [(f"ny.csv, importeret {today}",)]


def test_a_source_column_in_the_file_wins(cli: Cli, workspace: Path, tmp_path: Path, query: Query) -> None:
    for header in ("Kilde", "Source"):
        table = write_table(
            tmp_path / f"{header}.csv",
            ["Navn", "CVR", header],
            [["Foo", "13585628", f"Erhvervsforeningen ({header})"], ["Bar", "", "Messen 2026"]],
            "utf-8",
            ";",
        )
        run_import(cli, table)
        assert query("SELECT name, source, notes FROM companies ORDER BY name") == [
            ("Bar", "Messen 2026", None), ("Foo", f"Erhvervsforeningen ({header})", None)
        ]  # fmt: skip
        ok(cli("company", "remove", "Foo", "--yes"))
        ok(cli("company", "remove", "Bar", "--yes"))


def test_export_all_and_import_all_keep_the_source(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Bageriet", "--source", "Virksomhedens hjemmeside"))
    ok(cli("export", "all", "-o", "alt.json"))
    doc = json.loads((tmp_path / "alt.json").read_text(encoding="utf-8"))
    text = json.dumps(doc, ensure_ascii=False)
    assert "Virksomhedens hjemmeside" in text
    other = tmp_path / "other.db"
    ok(cli("--db", str(other), "import", "all", "alt.json"))
    assert printed_json(cli("--db", str(other), "company", "list", "--json"))[0]["source"] == (
        "Virksomhedens hjemmeside"
    )
