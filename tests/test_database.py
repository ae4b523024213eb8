"""The one opener: the migrated schema, the pragmas, and refusing files that are not ours."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lokalspil.database import (
    STEPS,
    applied_migrations,
    open_database,
    records,
    search_index_after,
    transaction,
)
from lokalspil.errors import LokalspilError

EXPECTED_SCHEMA = {
    "areas": ["id", "name", "organisation", "municipality", "created_at"],
    "workspace": [
        "id", "area_id", "coordinator_name", "coordinator_email", "coordinator_phone", "language",
        "created_at", "updated_at",
    ],
    "guides": ["id", "path", "title_da", "title_en", "last_used_at"],
    "guide_answers": ["guide_id", "step_id", "question_id", "value", "skipped", "answered_at"],
    "guide_checklist": ["guide_id", "step_id", "item_id", "done_at"],
    "_sqlite_migrations": ["id", "migration_set", "name", "applied_at"],
    "companies": [
        "id", "area_id", "name", "cvr", "pnr", "address", "postcode", "city", "industry_code", "industry",
        "employees", "website", "email", "phone", "tags", "notes", "social_economy", "rsv", "protected", "stage",
        "created_at", "updated_at",
    ],
    "contacts": ["id", "company_id", "name", "role", "email", "phone", "purpose", "created_at", "updated_at"],
    "activities": [
        "id", "company_id", "contact_id", "kind", "date", "summary", "old_stage", "new_stage", "follow_up",
        "follow_up_done_at", "created_at",
    ],
    "agreements": [
        "id", "company_id", "kind", "places", "start", "end", "review", "status", "participants", "contact_id",
        "notes", "created_at", "updated_at", "address", "m2", "what", "amount",
    ],
    "history": ["id", "at", "command", "entity", "entity_id", "company_id", "action", "fields"],
    "history_context": ["id", "command"],
}  # fmt: skip
SEARCH_INDEXES = {"companies_fts", "contacts_fts", "activities_fts"}


def test_an_empty_database_migrates_to_the_expected_schema(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db", create=True)
    tables = {t.name: [c.name for c in t.columns] for t in records(db).tables if "_fts" not in t.name}
    assert tables == EXPECTED_SCHEMA
    assert {t for t in records(db).table_names() if t.endswith("_fts")} == SEARCH_INDEXES
    triggers = {t.name for t in records(db).triggers}
    assert {
        f"{table}_{suffix}"
        for table in ("companies", "contacts", "activities")
        for suffix in ("ai", "ad", "au")
    } <= triggers
    assert applied_migrations(db) == [name for name, _ in STEPS]
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_opening_twice_applies_nothing_new(tmp_path: Path) -> None:
    open_database(tmp_path / "w.db", create=True).close()
    db = open_database(tmp_path / "w.db")
    stamps = db.execute("SELECT name, applied_at FROM _sqlite_migrations").fetchall()
    db.close()
    db = open_database(tmp_path / "w.db")
    assert db.execute("SELECT name, applied_at FROM _sqlite_migrations").fetchall() == stamps
    db.close()


def test_a_missing_workspace_is_not_created_by_reading(tmp_path: Path) -> None:
    with pytest.raises(LokalspilError) as e:
        open_database(tmp_path / "nothing.db")
    assert "lokalspil init" in str(e.value)
    assert not (tmp_path / "nothing.db").exists()


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO recipes (name) VALUES ('æblekage')")
    conn.commit()
    conn.close()


def _newer_lokalspil(path: Path) -> None:
    db = open_database(path, create=True)
    with transaction(db):
        db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
            ["lokalspil", "9999_from_the_future", "2030-01-01"],
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.write_text("navn;cvr\nBageren;13585628\n", encoding="utf-8"), "ikke en SQLite-database"),
        (_foreign_sqlite, "et andet program"),
        (_newer_lokalspil, "nyere version"),
    ],
    ids=["csv-file", "other-programs-database", "newer-lokalspil"],
)
def test_files_that_are_not_ours_are_refused_and_left_unchanged(
    cli: Callable[..., Result], db_path: Path, make: Callable[[Path], None], says: str
) -> None:
    make(db_path)
    before = db_path.read_bytes()
    for command in (["status"], ["init", "--area", "X"], ["guide", "answer", "formaal.antal-unge", "3"]):
        result = cli(*command)
        assert result.exit_code == 1
        assert says in result.stderr
        assert str(db_path) in result.stderr
        assert "Traceback" not in result.output
    assert db_path.read_bytes() == before


def test_rows_inserted_with_the_search_index_after_are_found_and_a_rollback_keeps_the_trigger(
    tmp_path: Path,
) -> None:
    conn = open_database(tmp_path / "w.db", create=True)
    stamp = "2026-01-01T00:00:00"
    insert = "INSERT INTO companies (name, city, created_at, updated_at) VALUES (?, ?, ?, ?)"
    conn.execute(insert, ["Bageren", "Herlev", stamp, stamp])
    conn.commit()
    with transaction(conn), search_index_after(conn, "companies"):
        conn.executemany(insert, [("Smeden", "Søborg", stamp, stamp), ("Maleren", "Gladsaxe", stamp, stamp)])
        conn.execute("UPDATE companies SET city = 'Ballerup' WHERE name = 'Bageren'")  # held before: fine
    with pytest.raises(KeyboardInterrupt), transaction(conn), search_index_after(conn, "companies"):
        conn.execute(insert, ["Tømreren", "Lyngby", stamp, stamp])
        raise KeyboardInterrupt

    def found(word: str) -> list[str]:
        sql = "SELECT c.name FROM companies_fts JOIN companies c ON c.id = companies_fts.rowid WHERE companies_fts MATCH ?"
        return [r[0] for r in conn.execute(sql, [word])]

    assert (found("søborg"), found("gladsaxe"), found("ballerup"), found("herlev")) == (
        ["Smeden"],
        ["Maleren"],
        ["Bageren"],
        [],
    )
    assert conn.execute("SELECT count(*) FROM companies WHERE name = 'Tømreren'").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'companies_ai'").fetchone() == (1,)
    conn.execute("INSERT INTO companies_fts (companies_fts, rank) VALUES ('integrity-check', 1)")
    conn.close()
