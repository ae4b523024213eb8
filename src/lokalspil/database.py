"""The one database opener, and the one place for the schema and its migrations.

Everything lokalspil keeps lives in one SQLite file. `open_database` checks that the file is a lokalspil workspace
made by this version or an older one, sets the pragmas, and applies pending migrations. A released migration is
never edited: changes come as new steps at the end.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from lokalspil.errors import LokalspilError

MIGRATION_SET = "lokalspil"
SQLITE_HEADER = b"SQLite format 3\x00"

migrations = Migrations(MIGRATION_SET)


def now() -> str:
    """The time stamp stored with rows: UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@migrations(name="0001_workspace_and_guides")
def _m0001(db: Database) -> None:
    # The housing areas the workspace works for; the first is made by `lokalspil init`.
    # Companies, contacts, activities and agreements (later migrations) point to an area.
    db.execute(
        """CREATE TABLE areas (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            organisation TEXT,
            municipality TEXT,
            created_at TEXT NOT NULL
        )"""
    )
    # One row: who runs the work, and in which language lokalspil speaks to them.
    db.execute(
        """CREATE TABLE workspace (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            area_id INTEGER REFERENCES areas(id),
            coordinator_name TEXT,
            coordinator_email TEXT,
            coordinator_phone TEXT,
            language TEXT NOT NULL DEFAULT 'da' CHECK (language IN ('da', 'en')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    # Guides the workspace has worked with, so `status` can find a user's own guide file again.
    db.execute(
        """CREATE TABLE guides (
            id TEXT PRIMARY KEY,
            path TEXT,
            title_da TEXT NOT NULL,
            title_en TEXT NOT NULL,
            last_used_at TEXT NOT NULL
        )"""
    )
    # One row per question answered (value as JSON) or deliberately skipped (value NULL, skipped 1).
    db.execute(
        """CREATE TABLE guide_answers (
            guide_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            value TEXT,
            skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
            answered_at TEXT NOT NULL,
            PRIMARY KEY (guide_id, step_id, question_id)
        )"""
    )
    # One row per checklist item that is done.
    db.execute(
        """CREATE TABLE guide_checklist (
            guide_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            done_at TEXT NOT NULL,
            PRIMARY KEY (guide_id, step_id, item_id)
        )"""
    )


def _refuse_foreign_file(path: Path) -> None:
    if path.is_dir():
        raise LokalspilError("db.is_directory", path=path)
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        header = f.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise LokalspilError("db.not_sqlite", path=path)


def _check_ownership(db: Database, path: Path) -> None:
    """Refuse, without changing anything, a database that is not ours or was made by a newer lokalspil."""
    tables = set(db.table_names())
    applied = {m.name for m in migrations.applied(db)} if Migrations.migrations_table in tables else set()
    if not applied:
        if tables - {Migrations.migrations_table}:
            raise LokalspilError("db.not_lokalspil", path=path)
        return
    known = {m.name for m in migrations._migrations}
    if applied - known:
        raise LokalspilError("db.newer_version", path=path)


def open_database(path: Path, *, create: bool = False) -> Database:
    """Open the workspace at `path` (creating it if `create`), with pragmas set and migrations applied."""
    _refuse_foreign_file(path)
    if not path.exists():
        if not create:
            raise LokalspilError("workspace.missing", path=path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise LokalspilError("db.cannot_create", path=path, reason=e.strerror or str(e)) from e
    try:
        conn = sqlite3.connect(str(path), timeout=10)
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 10000")
        _check_ownership(db, path)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")  # an accepted answer survives a power cut too
        if migrations.pending(db):
            migrations.apply(db)
    except sqlite3.DatabaseError as e:
        raise LokalspilError("db.unreadable", path=path, reason=str(e)) from e
    return db

