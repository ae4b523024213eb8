"""Restore and `import all` accept only what lokalspil itself made, and bad input never gives a traceback."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

Cli = Callable[..., Result]
Query = Callable[..., list[tuple[Any, ...]]]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


# -- restore ------------------------------------------------------------------------------------------------------

CHANGED_TRIGGER = """CREATE TRIGGER companies_history_removed AFTER DELETE ON companies BEGIN
    DELETE FROM history; END"""


@pytest.mark.parametrize(
    ("statements", "told"),
    [
        (
            ["CREATE TRIGGER x AFTER INSERT ON companies BEGIN DELETE FROM contacts; END"],
            "den har en ekstra trigger 'x'",
        ),
        (["CREATE TABLE noter (tekst TEXT)"], "den har en ekstra tabel 'noter'"),
        (["CREATE VIEW alle AS SELECT * FROM companies"], "den har et ekstra view 'alle'"),
        (["CREATE INDEX companies_city ON companies (city)"], "den har et ekstra indeks 'companies_city'"),
        (["DROP INDEX companies_stage"], "indekset 'companies_stage' mangler"),
        (
            ["DROP TRIGGER companies_history_removed", CHANGED_TRIGGER],
            "triggeren 'companies_history_removed' er ændret",
        ),
        (
            ["DROP TABLE companies_fts_config", "CREATE TABLE companies_fts_config (k, v)"],
            "tabellen 'companies_fts_config' er ændret",
        ),
    ],
    ids=["trigger", "table", "view", "index", "missing-index", "altered-trigger", "altered-fts-table"],
)
def test_restore_refuses_a_file_lokalspil_did_not_make(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path, statements: list[str], told: str
) -> None:
    ok(cli("company", "add", "Bageriet"))
    copy = tmp_path / "kopi.db"
    ok(cli("backup", str(copy)))
    tamper(copy, *statements)
    result = cli("restore", str(copy), "--yes")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "ikke lavet af lokalspil, eller den er blevet ændret" in message and told in message
    assert "ikke ændret" in message and "Traceback" not in result.output
    assert query("SELECT name FROM companies") == [("Bageriet",)]
    assert not list((tmp_path / "backups" / "workspace").glob("*before-restore*"))  # nothing was begun


def test_restore_accepts_a_genuine_backup_new_or_from_an_older_lokalspil(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path
) -> None:
    from lokalspil.database import MIGRATION_SET, STEPS, records

    ok(cli("company", "add", "Bageriet"))
    copy = tmp_path / "kopi.db"
    ok(cli("backup", str(copy)))
    ok(cli("company", "add", "Maleren"))
    ok(cli("restore", str(copy), "--yes"))
    assert query("SELECT name FROM companies") == [("Bageriet",)]
    # A workspace made by a lokalspil that had the first three schema steps only.
    from sqlite_utils.migrations import Migrations

    old = tmp_path / "gammel.db"
    steps = Migrations(MIGRATION_SET)
    for name, fn in STEPS[:3]:
        steps(name=name)(fn)
    conn = sqlite3.connect(old)
    steps.apply(records(conn))
    conn.execute("INSERT INTO areas (id, name, created_at) VALUES (1, 'A', '2024-01-01T00:00:00+00:00')")
    conn.execute(
        """INSERT INTO workspace (id, area_id, language, created_at, updated_at)
           VALUES (1, 1, 'da', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')"""
    )
    conn.execute(
        """INSERT INTO companies (name, cvr, created_at, updated_at)
           VALUES ('Gamle Bager', '13585628', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')"""
    )
    conn.commit()
    conn.close()
    ok(cli("restore", str(old), "--yes"))
    assert query("SELECT name FROM companies") == [("Gamle Bager",)]
    ok(cli("company", "add", "Ny"))  # brought up to date: the history and its triggers are there
    assert ok(cli("search", "bager")).stdout.count("Gamle Bager") == 1
    assert len(query("SELECT name FROM _sqlite_migrations")) == len(STEPS)


def test_restore_refuses_a_file_from_a_newer_lokalspil(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path
) -> None:
    copy = tmp_path / "kopi.db"
    ok(cli("backup", str(copy)))
    tamper(
        copy,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('lokalspil', '9999_future', 'x')",
    )
    result = cli("restore", str(copy), "--yes")
    assert result.exit_code == 1 and "nyere udgave" in result.stderr
