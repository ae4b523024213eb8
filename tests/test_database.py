"""The one opener: the migrated schema, the pragmas, and refusing files that are not ours."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from lokalspil.database import applied_migrations, bulk_insert, open_database, records, transaction
from lokalspil.errors import LokalspilError
from lokalspil.migrations import STEPS
from tests.conftest import Cli

EXPECTED_SCHEMA = {
    "areas": ["id", "name", "organisation", "municipality", "created_at"],
    "workspace": [
        "id", "area_id", "coordinator_name", "coordinator_email", "coordinator_phone", "language",
        "created_at", "updated_at", "signatory_name", "signatory_title", "organisation_address", "logo",
    ],
    "guides": ["id", "path", "title_da", "title_en", "last_used_at"],
    "guide_answers": ["guide_id", "step_id", "question_id", "value", "skipped", "answered_at"],
    "guide_checklist": ["guide_id", "step_id", "item_id", "done_at"],
    "_sqlite_migrations": ["id", "migration_set", "name", "applied_at"],
    "companies": [
        "id", "area_id", "name", "cvr", "pnr", "address", "postcode", "city", "industry_code", "industry",
        "employees", "website", "email", "phone", "tags", "notes", "social_economy", "rsv", "protected", "stage",
        "created_at", "updated_at", "source",
    ],
    "contacts": ["id", "company_id", "name", "role", "email", "phone", "purpose", "created_at", "updated_at"],
    "activities": [
        "id", "company_id", "contact_id", "kind", "date", "summary", "old_stage", "new_stage", "follow_up",
        "follow_up_done_at", "created_at", "next_action",
    ],
    "agreements": [
        "id", "company_id", "kind", "places", "start", "end", "review", "status", "participants", "contact_id",
        "notes", "created_at", "updated_at", "address", "m2", "what", "amount", "signed",
    ],
    "openings": [
        "id", "company_id", "agreement_id", "kind", "title", "places", "age_bands", "hours", "from_time", "to_time",
        "weekly_hours", "season", "requirements", "status", "opened", "closed", "notes", "created_at", "updated_at",
    ],
    "placements": [
        "id", "company_id", "opening_id", "agreement_id", "kind", "age_band", "school", "start", "end", "outcome",
        "stop_reason", "created_at", "updated_at",
    ],
    "targets": ["id", "indicator", "year", "target", "baseline", "updated_at"],
    "history": ["id", "at", "command", "entity", "entity_id", "company_id", "action", "fields"],
    "history_context": ["id", "command"],
    "contact_former_values": ["contact_id", "field", "value"],
}  # fmt: skip
SEARCH_INDEXES = {"companies_fts", "contacts_fts", "activities_fts", "openings_fts"}


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
    cli: Cli, db_path: Path, make: Callable[[Path], None], says: str
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


def test_rows_of_a_bulk_insert_are_found_and_in_the_history_and_a_rollback_keeps_the_triggers(
    tmp_path: Path,
) -> None:
    conn = open_database(tmp_path / "w.db", create=True)
    stamp = "2026-01-01T00:00:00"
    insert = "INSERT INTO companies (name, city, created_at, updated_at) VALUES (?, ?, ?, ?)"
    conn.execute(insert, ["Bageren", "Herlev", stamp, stamp])
    conn.commit()
    with transaction(conn), bulk_insert(conn, "companies"):
        conn.executemany(insert, [("Smeden", "Søborg", stamp, stamp), ("Maleren", "Gladsaxe", stamp, stamp)])
        conn.execute("UPDATE companies SET city = 'Ballerup' WHERE name = 'Bageren'")  # held before: fine
    with pytest.raises(KeyboardInterrupt), transaction(conn), bulk_insert(conn, "companies"):
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
    assert conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'companies_history_added'"
    ).fetchone() == (1,)
    conn.execute("INSERT INTO companies_fts (companies_fts, rank) VALUES ('integrity-check', 1)")
    history = conn.execute("SELECT entity, action, fields FROM history ORDER BY id").fetchall()
    assert history == [
        ("company", "added", None),  # Bageren, by the trigger
        ("company", "changed", "city"),  # Bageren moved, by the trigger within the block
        ("company", "added", None),  # Smeden and Maleren, in one statement after the block
        ("company", "added", None),
    ]
    conn.close()


def test_a_populated_workspace_migrates_to_the_cheaper_company_checks_with_everything_kept(
    tmp_path: Path,
) -> None:
    from lokalspil.migrations import migrations

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    migrations().apply(records(conn), stop_before="0004_companies_cheaper_checks")
    stamp = "2026-01-01T00:00:00"
    conn.execute("INSERT INTO areas (name, created_at) VALUES ('Gellerup', ?)", [stamp])
    companies = [
        (3, "Bageren", "13585628", "2860", "Søborg", "candidate"),
        (7, "Smeden", None, "0800", "Høje Taastrup", "meeting"),
        (9, "Maleren", "25313763", None, "Gladsaxe", "paused"),
    ]
    conn.executemany(
        """INSERT INTO companies (id, area_id, name, cvr, postcode, city, stage, created_at, updated_at)
           VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)""",
        [(*c, stamp, stamp) for c in companies],
    )
    conn.execute(
        "INSERT INTO contacts (company_id, name, created_at, updated_at) VALUES (7, 'Jens', ?, ?)",
        [stamp] * 2,
    )
    conn.execute(
        "INSERT INTO activities (company_id, kind, date, created_at) VALUES (7, 'call', '2026-01-02', ?)",
        [stamp],
    )
    conn.execute(
        "INSERT INTO agreements (company_id, kind, created_at, updated_at) VALUES (3, 'praktik', ?, ?)",
        [stamp] * 2,
    )
    conn.commit()
    columns = ", ".join(row[1] for row in conn.execute("PRAGMA table_info(companies)"))
    before = conn.execute(f"SELECT {columns} FROM companies ORDER BY id").fetchall()
    conn.close()

    db = open_database(path)
    assert applied_migrations(db) == [name for name, _ in STEPS]
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute(f"SELECT {columns} FROM companies ORDER BY id").fetchall() == before
    for table in ("contacts", "activities", "agreements"):  # not deleted with the old table
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone() == (1,)
    schema = db.execute("SELECT sql FROM sqlite_master WHERE name = 'companies'").fetchone()[0]
    assert " IN (" not in schema and "GLOB '[0-9][0-9][0-9][0-9]'" in schema
    assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'companies'")} == {
        "companies", "sqlite_autoindex_companies_1", "companies_stage", "companies_postcode",
        "companies_ai", "companies_ad", "companies_au",
        "companies_history_added", "companies_history_changed", "companies_history_removed",
    }  # fmt: skip
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    def found(word: str) -> list[int]:
        return [
            r[0] for r in db.execute("SELECT rowid FROM companies_fts WHERE companies_fts MATCH ?", [word])
        ]

    assert (found("søborg"), found("taastrup"), found("maleren")) == ([3], [7], [9])
    with transaction(db):  # the triggers were made again: new, changed and removed companies reach the index
        db.execute(
            "INSERT INTO companies (name, city, created_at, updated_at) VALUES ('Tømreren', 'Viby', ?, ?)",
            [stamp] * 2,
        )
        db.execute("UPDATE companies SET city = 'Bagsværd' WHERE id = 3")
    assert (found("viby"), found("bagsværd"), found("søborg")) == ([10], [3], [])
    db.execute("INSERT INTO companies_fts (companies_fts, rank) VALUES ('integrity-check', 1)")
    # The rules are the same: refused values are still refused.
    for column, value in (("cvr", "1234567"), ("cvr", "1234567x"), ("postcode", "080"), ("postcode", "08a0"),
                          ("pnr", "123456789"), ("stage", "won"), ("rsv", 2), ("name", "  ")):  # fmt: skip
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(f"UPDATE companies SET {column} = ? WHERE id = 9", [value])
    with transaction(db):  # deleting a company still takes its contacts, log and agreements with it
        db.execute("DELETE FROM companies WHERE id IN (3, 7)")
    counts = [
        db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("contacts", "activities", "agreements")
    ]
    assert counts == [0, 0, 0]
    assert found("smeden") == []
    db.close()
