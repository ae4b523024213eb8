"""The one database opener, and the one place for the schema and its migrations.

Everything lokalspil keeps lives in one SQLite file. `open_database` checks that the file is a lokalspil workspace
made by this version or an older one, sets the pragmas, and applies pending migrations with sqlite-utils'
`Migrations`. A released migration is never edited: changes come as new steps at the end.

The opener hands out the standard library's connection: reading needs nothing more, and a command that only reads
(`status`) starts without importing sqlite-utils. Work that wants sqlite-utils (migrations, bulk inserts, search)
gets it on the same connection from `records(conn)`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lokalspil.errors import LokalspilError, os_reason
from lokalspil.files import make_folder, protect_workspace
from lokalspil.record_types import by_table, history_entities, search_indexes

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from lokalspil.record_types import RecordType

MIGRATION_SET = "lokalspil"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' table of applied migrations
SQLITE_HEADER = b"SQLite format 3\x00"
# How long a write waits for another lokalspil command that is writing (an import of a long list, say) before it
# says the workspace is busy. Writes are short, except an import, which is one transaction by design.
BUSY_SECONDS = 120
LARGEST_ID = 2**63 - 1  # SQLite's largest integer: no record has a larger number

# The migration steps, in order: (name, function taking a sqlite-utils Database). Append only.
STEPS: list[tuple[str, Callable[[Database], None]]] = []


def migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        STEPS.append((name, fn))
        return fn

    return register


@cache
def migrations() -> Migrations:
    """The steps as a sqlite-utils migration set (built, and sqlite-utils imported, only when needed)."""
    from sqlite_utils.migrations import Migrations

    steps = Migrations(MIGRATION_SET)
    for name, fn in STEPS:
        steps(name=name)(fn)
    return steps


def records(conn: sqlite3.Connection) -> Database:
    """The same connection through sqlite-utils, for bulk writes, search indexes and table changes."""
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def insert_row(conn: sqlite3.Connection, table: str, row: dict[str, object]) -> int:
    """Insert one row (column names quoted, so a column may be called "end"); returns its id."""
    columns = ", ".join(f'"{name}"' for name in row)
    cursor = conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update_row(conn: sqlite3.Connection, table: str, row_id: int, row: dict[str, object]) -> None:
    """Set the given columns of one row."""
    if row:
        assignments = ", ".join(f'"{name}" = ?' for name in row)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*row.values(), row_id])


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing: commit when the block ends, roll back if it raises (Ctrl-C included)."""
    if conn.in_transaction:
        yield conn
        return
    begin(conn)
    try:
        yield conn
        end(conn)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


# The command a write belongs to (`company edit`), for the history; set by the CLI before it runs a command.
_command: str | None = None


def set_command(name: str | None) -> None:
    global _command
    _command = name


# Told once when a write has to wait for another program (the CLI says so on the terminal); set by the CLI.
_waiting: Callable[[], None] | None = None
WAIT_STEP_MS = 250  # a write waits for the lock in steps this long, so that Ctrl-C stops it at once


def set_waiting(tell: Callable[[], None] | None) -> None:
    global _waiting
    _waiting = tell


def begin(conn: sqlite3.Connection) -> None:
    """Start a write: take the write lock now (so a busy workspace is waited for here, not halfway through), and
    tell the history which command the changes belong to.

    While another program writes, this waits up to BUSY_SECONDS, in short steps: SQLite's own wait cannot be
    interrupted, and a person who presses Ctrl-C while waiting must be answered at once. The first step that
    finds the workspace busy is told to `set_waiting`'s listener."""
    deadline = time.monotonic() + BUSY_SECONDS
    told = False
    conn.execute(f"PRAGMA busy_timeout = {WAIT_STEP_MS}")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as e:
                busy = "locked" in str(e) or "busy" in str(e)
                if not busy or time.monotonic() >= deadline:
                    raise
                if not told and _waiting is not None:
                    _waiting()
                    told = True
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
    _refuse_damage(conn)
    with suppress(sqlite3.OperationalError):  # a workspace from before the history: its migration is to come
        conn.execute("UPDATE history_context SET command = ?", [_command])


# The database files found sound before the first write since `open_database` last opened them.
_sound: set[str] = set()


def _file(conn: sqlite3.Connection) -> str:
    return str(conn.execute("PRAGMA database_list").fetchone()[2])


def _refuse_damage(conn: sqlite3.Connection) -> None:
    """Before the first write after opening a database: refuse one that is damaged, so that nothing is saved on
    top of the damage (SQLite itself notices only when it happens to read a damaged page). `quick_check` takes a
    thousandth of a second for a workspace of a few hundred companies, a fifth for one of 100,000."""
    file = _file(conn)
    if file in _sound or not file:
        return
    try:
        sound = conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError as e:
        if not is_damage(e):
            raise
        sound = False
    if not sound:
        conn.rollback()
        raise LokalspilError("db.damaged", path=file)
    _sound.add(file)


def end(conn: sqlite3.Connection) -> None:
    """Before a write commits: what other programs change afterwards belongs to no lokalspil command."""
    with suppress(sqlite3.OperationalError):
        conn.execute("UPDATE history_context SET command = NULL")


@contextmanager
def bulk_insert(conn: sqlite3.Connection, table: str) -> Iterator[None]:
    """Rows the block inserts into `table` reach its search index (`<table>_fts`) and the history in one statement
    each when the block ends, instead of one trigger call per row: for a bulk insert, the index is built at about
    half the cost, and the history at a small part of it.

    The insert triggers are dropped for the block and made again from their own SQL afterwards, in the caller's
    transaction, so an error or Ctrl-C (a rollback) leaves them as they were. Within the block, rows may be
    inserted, and rows that were there before may be changed (their update triggers still run); rows inserted in
    the block must not be changed or deleted, as the index does not hold them yet. New rows are told by their id:
    above the largest before the block (lokalspil never sets ids itself)."""
    if not conn.in_transaction:
        raise RuntimeError("bulk_insert needs a transaction")
    names = (f"{table}_ai", f"{table}_history_added")
    saved = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({', '.join('?' for _ in names)})",
        names,
    ).fetchall()
    (last,) = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()
    for name, _ in saved:
        conn.execute(f'DROP TRIGGER "{name}"')
    yield
    dropped = {name for name, _ in saved}
    if f"{table}_ai" in dropped:
        columns = ", ".join(f'"{row[1]}"' for row in conn.execute(f'PRAGMA table_info("{table}_fts")'))
        conn.execute(
            f'INSERT INTO "{table}_fts" (rowid, {columns}) SELECT rowid, {columns} FROM {table} WHERE rowid > ?',
            [last],
        )
    if f"{table}_history_added" in dropped:
        rt = by_table(table)
        entity, company = rt.entity, rt.company_column
        conn.execute(
            f"""INSERT INTO history (command, entity, entity_id, company_id, action)
                SELECT (SELECT command FROM history_context WHERE id = 1), '{entity}', id, {company}, 'added'
                FROM {table} WHERE rowid > ? ORDER BY rowid""",
            [last],
        )
    for _, sql in saved:
        conn.execute(sql)


def now() -> str:
    """The time stamp stored with rows: UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@migration("0001_workspace_and_guides")
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


# The pipeline, the activity kinds and the agreement kinds and statuses; the CHECK constraints below use these.
STAGES = ("candidate", "contacted", "meeting", "agreement", "active", "ended", "declined", "paused")
ACTIVITY_KINDS = ("call", "email", "letter", "meeting", "visit", "event", "note", "stage")
AGREEMENT_KINDS = (
    "fritidsjob", "lommepengejob", "erhvervspraktik", "praktik", "laereplads", "virksomhedsbesoeg", "mentor",
    "rollemodel", "jobmesse", "sponsorat", "socialoekonomisk-indkoeb", "erhvervslejemaal", "andet",
)  # fmt: skip
AGREEMENT_STATUSES = ("draft", "signed", "running", "ended")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"CHECK ({column} IN ({', '.join(repr(v) for v in values)}))"


@migration("0002_companies_contacts_activities_agreements")
def _m0002(db: Database) -> None:
    db.execute(
        f"""CREATE TABLE companies (
            id INTEGER PRIMARY KEY,
            area_id INTEGER REFERENCES areas(id),
            name TEXT NOT NULL CHECK (trim(name) != ''),
            cvr TEXT UNIQUE CHECK (cvr IS NULL OR (length(cvr) = 8 AND cvr NOT GLOB '*[^0-9]*')),
            pnr TEXT CHECK (pnr IS NULL OR (length(pnr) = 10 AND pnr NOT GLOB '*[^0-9]*')),
            address TEXT,
            postcode TEXT CHECK (postcode IS NULL OR (length(postcode) = 4 AND postcode NOT GLOB '*[^0-9]*')),
            city TEXT,
            industry_code TEXT,
            industry TEXT,
            employees TEXT,
            website TEXT,
            email TEXT,
            phone TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            notes TEXT,
            social_economy INTEGER NOT NULL DEFAULT 0 CHECK (social_economy IN (0, 1)),
            rsv INTEGER NOT NULL DEFAULT 0 CHECK (rsv IN (0, 1)),
            protected INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),
            stage TEXT NOT NULL DEFAULT 'candidate' {_one_of("stage", STAGES)},
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX companies_stage ON companies (stage)")
    db.execute("CREATE INDEX companies_postcode ON companies (postcode)")
    # Contact persons are personal data: `purpose` says why we hold them (GDPR), `contact forget` erases them.
    db.execute(
        """CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (trim(name) != ''),
            role TEXT,
            email TEXT,
            phone TEXT,
            purpose TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX contacts_company ON contacts (company_id)")
    # The log: calls, letters, meetings ... and every stage change (old and new stage), with follow-ups.
    db.execute(
        f"""CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
            kind TEXT NOT NULL {_one_of("kind", ACTIVITY_KINDS)},
            date TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            old_stage TEXT,
            new_stage TEXT,
            follow_up TEXT,
            follow_up_done_at TEXT,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX activities_company ON activities (company_id, date)")
    db.execute("CREATE INDEX activities_follow_up ON activities (follow_up) WHERE follow_up_done_at IS NULL")
    # Agreements count young people taking part; no names of young residents are stored.
    db.execute(
        f"""CREATE TABLE agreements (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            kind TEXT NOT NULL {_one_of("kind", AGREEMENT_KINDS)},
            places INTEGER CHECK (places IS NULL OR places >= 0),
            start TEXT,
            "end" TEXT,
            review TEXT,
            status TEXT NOT NULL DEFAULT 'draft' {_one_of("status", AGREEMENT_STATUSES)},
            participants INTEGER CHECK (participants IS NULL OR participants >= 0),
            contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
            notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX agreements_company ON agreements (company_id)")
    # Search: FTS5 indexes kept in step by triggers.
    for table, columns in (
        ("companies", ["name", "city", "industry", "tags", "notes"]),
        ("contacts", ["name", "role", "email"]),
        ("activities", ["summary"]),
    ):
        db.table(table).enable_fts(columns, fts_version="FTS5", create_triggers=True)


@migration("0003_agreement_premises_and_purchases")
def _m0003(db: Database) -> None:
    # What a social-economy agreement is about: premises let out (erhvervslejemål: address and area in m²) and
    # purchases (socialøkonomisk indkøb: what is bought and the yearly amount in DKK).
    for column in (
        "address TEXT",
        "m2 REAL CHECK (m2 IS NULL OR m2 > 0)",
        "what TEXT",
        "amount REAL CHECK (amount IS NULL OR amount >= 0)",
    ):
        db.execute(f"ALTER TABLE agreements ADD COLUMN {column}")


def _digits(column: str, count: int) -> str:
    """CHECK: NULL, or exactly `count` characters each a digit (one GLOB character class per place: several times
    cheaper per row than length() with NOT GLOB '*[^0-9]*', and the same rule)."""
    return f"CHECK ({column} IS NULL OR {column} GLOB '{'[0-9]' * count}')"


def _either(column: str, values: tuple[object, ...]) -> str:
    """CHECK: one of `values`, as a chain of comparisons. The same rule as `column IN (...)`, which SQLite evaluates
    by building a lookup table of the list again for every row it checks."""
    return f"CHECK ({' OR '.join(f'{column} = {v!r}' for v in values)})"


@migration("0004_companies_cheaper_checks")
def _m0004(db: Database) -> None:
    # The same rules for companies as 0002 gave them, written as expressions SQLite checks several times faster:
    # an import of 100,000 companies spent about half its writing time in them. A table's CHECK constraints cannot
    # be altered, so the table is made again (SQLite's procedure for other changes to a table: new table, copy,
    # drop, rename, then its indexes and triggers again), with every row and id. The migrations run with foreign
    # keys off (see open_database), so dropping the old table deletes no contacts, log or agreements; the check at
    # the end refuses the migration, rolling it back, if any reference were left pointing nowhere. The search index
    # (external content, by rowid) keeps its rows; its triggers are made again from their own SQL.
    conn = db.conn
    saved = conn.execute(
        """SELECT sql FROM sqlite_master WHERE tbl_name = 'companies' AND type IN ('index', 'trigger')
           AND sql IS NOT NULL ORDER BY type, name"""
    ).fetchall()
    conn.execute(
        f"""CREATE TABLE companies_new (
            id INTEGER PRIMARY KEY,
            area_id INTEGER REFERENCES areas(id),
            name TEXT NOT NULL CHECK (trim(name) != ''),
            cvr TEXT UNIQUE {_digits("cvr", 8)},
            pnr TEXT {_digits("pnr", 10)},
            address TEXT,
            postcode TEXT {_digits("postcode", 4)},
            city TEXT,
            industry_code TEXT,
            industry TEXT,
            employees TEXT,
            website TEXT,
            email TEXT,
            phone TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            notes TEXT,
            social_economy INTEGER NOT NULL DEFAULT 0 {_either("social_economy", (0, 1))},
            rsv INTEGER NOT NULL DEFAULT 0 {_either("rsv", (0, 1))},
            protected INTEGER NOT NULL DEFAULT 0 {_either("protected", (0, 1))},
            stage TEXT NOT NULL DEFAULT 'candidate' {_either("stage", STAGES)},
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    columns = ", ".join(row[1] for row in conn.execute("PRAGMA table_info(companies)"))
    conn.execute(f"INSERT INTO companies_new ({columns}) SELECT {columns} FROM companies ORDER BY id")
    conn.execute("DROP TABLE companies")  # its indexes and triggers go with it
    conn.execute("ALTER TABLE companies_new RENAME TO companies")
    for (sql,) in saved:
        conn.execute(sql)
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise sqlite3.IntegrityError(f"0004: references left without their row: {broken[:5]}")


# The history: which command changed what, and when. Only the names of the fields that changed are kept, never
# their values, so the history holds no personal data of its own. The columns as 0005 made its triggers, frozen with
# it (the declaration in record_types.py says what they are now; tests/test_record_types.py checks the two agree):
# table -> (entity, the column naming the company, columns).
_HISTORY_0005 = {
    "companies": ("company", "id", (
        "area_id", "name", "cvr", "pnr", "address", "postcode", "city", "industry_code", "industry", "employees",
        "website", "email", "phone", "tags", "notes", "social_economy", "rsv", "protected", "stage")),
    "contacts": ("contact", "company_id", (
        "company_id", "name", "role", "email", "phone", "purpose")),
    "activities": ("activity", "company_id", (
        "company_id", "contact_id", "kind", "date", "summary", "old_stage", "new_stage", "follow_up",
        "follow_up_done_at")),
    "agreements": ("agreement", "company_id", (
        "company_id", "kind", "places", "start", "end", "review", "status", "participants", "contact_id", "notes",
        "address", "m2", "what", "amount")),
}  # fmt: skip


def _history_table(entities: Iterable[str], name: str = "history") -> str:
    """The history table, taking rows about the record types `entities`."""
    return f"""CREATE TABLE {name} (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            command TEXT,
            entity TEXT NOT NULL CHECK (entity IN ({", ".join(f"'{e}'" for e in entities)})),
            entity_id INTEGER NOT NULL,
            company_id INTEGER,
            action TEXT NOT NULL CHECK (action IN ('added', 'changed', 'removed')),
            fields TEXT
        )"""


def _history_triggers(db: Database, table: str, entity: str, company: str, columns: Iterable[str]) -> None:
    """The triggers that write a row to the history when a record of `table` is added, changed or removed."""
    command = "(SELECT command FROM history_context WHERE id = 1)"
    changed = " || ".join(
        f"""CASE WHEN old."{c}" IS NOT new."{c}" THEN '{c} ' ELSE '' END""" for c in columns
    )
    db.execute(
        f"""CREATE TRIGGER {table}_history_added AFTER INSERT ON {table} BEGIN
                INSERT INTO history (command, entity, entity_id, company_id, action)
                VALUES ({command}, '{entity}', new.id, new.{company}, 'added');
            END"""
    )
    db.execute(
        f"""CREATE TRIGGER {table}_history_changed AFTER UPDATE ON {table} WHEN ({changed}) != '' BEGIN
                INSERT INTO history (command, entity, entity_id, company_id, action, fields)
                VALUES ({command}, '{entity}', new.id, new.{company}, 'changed', rtrim({changed}));
            END"""
    )
    db.execute(
        f"""CREATE TRIGGER {table}_history_removed AFTER DELETE ON {table} BEGIN
                INSERT INTO history (command, entity, entity_id, company_id, action)
                VALUES ({command}, '{entity}', old.id, old.{company}, 'removed');
            END"""
    )


@migration("0005_history")
def _m0005(db: Database) -> None:
    db.execute(
        _history_table(entity for entity, _, _ in _HISTORY_0005.values())
    )  # company_id has no foreign key: the history of a removed company stays
    db.execute("CREATE INDEX history_company ON history (company_id, id)")
    db.execute("CREATE INDEX history_entity ON history (entity, entity_id)")
    db.execute("CREATE TABLE history_context (id INTEGER PRIMARY KEY CHECK (id = 1), command TEXT)")
    db.execute("INSERT INTO history_context (id, command) VALUES (1, NULL)")
    for table, (entity, company, columns) in _HISTORY_0005.items():
        _history_triggers(db, table, entity, company, columns)


def record_type_schema(db: Database, rt: RecordType) -> None:
    """For the migration that makes a new record type's table (its `since`), right after the table: its search
    index (FTS5, kept in step by triggers) over its `search` columns, and, if the history follows it, the history's
    list of entities remade to take it in and its history triggers. All from its declaration in record_types.py."""
    if rt.search:
        db.table(rt.table).enable_fts(list(rt.search), fts_version="FTS5", create_triggers=True)
    if rt.history:
        remake_history_entities(db, history_entities(up_to=rt.since))
        _history_triggers(db, rt.table, rt.entity, rt.company_column, rt.history)


def remake_history_entities(db: Database, entities: Iterable[str]) -> None:
    """Make the history table again, with every row, taking rows about `entities` (its CHECK constraint cannot be
    altered). SQLite's procedure: new table, copy, drop, rename, then its indexes again. The rename is done the
    legacy way, which leaves the history triggers of every record type as they are: they name `history`, which the
    new table is called once renamed."""
    conn = db.conn
    saved = conn.execute(
        """SELECT sql FROM sqlite_master WHERE tbl_name = 'history' AND type IN ('index', 'trigger')
           AND sql IS NOT NULL ORDER BY type, name"""
    ).fetchall()
    conn.execute(_history_table(entities, "history_new"))
    conn.execute("INSERT INTO history_new SELECT * FROM history ORDER BY id")
    conn.execute("DROP TABLE history")
    legacy = conn.execute("PRAGMA legacy_alter_table").fetchone()[0]
    conn.execute("PRAGMA legacy_alter_table = ON")
    try:
        conn.execute("ALTER TABLE history_new RENAME TO history")
    finally:
        conn.execute(f"PRAGMA legacy_alter_table = {int(legacy)}")
    for (sql,) in saved:
        conn.execute(sql)


@migration("0006_contact_former_values")
def _m0006(db: Database) -> None:
    # The names, e-mails and phone numbers a contact person had before a change, kept only so that `contact forget`
    # finds the person under them too: shown nowhere else, left out of `export all`, and erased with the person (by
    # forget, and through the foreign key when their company is removed). A trigger fills it, so no change escapes
    # it, whichever command (or an import) makes it.
    db.execute(
        """CREATE TABLE contact_former_values (
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            field TEXT NOT NULL CHECK (field = 'name' OR field = 'email' OR field = 'phone'),
            value TEXT NOT NULL,
            PRIMARY KEY (contact_id, field, value) ON CONFLICT IGNORE
        )"""
    )
    keep = " ".join(
        f"""INSERT INTO contact_former_values (contact_id, field, value)
            SELECT old.id, '{c}', old."{c}" WHERE old."{c}" IS NOT NULL AND old."{c}" IS NOT new."{c}";"""
        for c in ("name", "email", "phone")
    )
    db.execute(f"CREATE TRIGGER contacts_former_values AFTER UPDATE ON contacts BEGIN {keep} END")


def erase_traces(conn: sqlite3.Connection) -> bool:
    """After text was removed for good (in a transaction run with `PRAGMA secure_delete = ON`): the search
    indexes merged, so that no old segment holds the words; the write-ahead log emptied into the file; and the file
    rewritten without its free pages. Returns whether that completed: a program reading the workspace right now
    keeps old pages in the log until it lets go (the next write's close completes it)."""
    for fts in search_indexes():
        with transaction(conn):
            conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")
    conn.execute("PRAGMA busy_timeout = 200")
    try:
        for attempt in range(5):
            if not conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
                conn.execute("VACUUM")  # without free pages (secure_delete zeroed them already)
                return not conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            time.sleep(0.1 * (attempt + 1))
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")


def schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], str | None]:
    """The schema objects of a database (tables, with the search indexes' own, indexes, triggers, views) as
    (type, name) -> their SQL with its spacing normalised. SQLite's statistics tables (made by ANALYZE) are left
    out: they hold no schema."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")
    return {(kind, name): _normalised(sql) for kind, name, sql in rows}


def _normalised(sql: str | None) -> str | None:
    if sql is None:  # (an index SQLite makes itself for a UNIQUE or PRIMARY KEY constraint)
        return None
    return re.sub(r" ?([(),;=]) ?", r"\1", " ".join(sql.split()))


@cache
def expected_schema(applied: frozenset[str]) -> dict[tuple[str, str], str | None]:
    """The schema lokalspil's migrations `applied` make: they are run on an empty database in memory."""
    from sqlite_utils.migrations import Migrations

    steps = Migrations(MIGRATION_SET)
    for name, fn in STEPS:
        if name in applied:
            steps(name=name)(fn)
    conn = sqlite3.connect(":memory:")
    try:
        steps.apply(records(conn))
        return schema_of(conn)
    finally:
        conn.close()


def is_row_id(number: int) -> bool:
    """Whether a number typed as a record's number can be one (SQLite cannot even look up a larger one)."""
    return 0 < number <= LARGEST_ID


def has_database(path: Path) -> bool:
    """Whether a file is there that may hold a workspace: an empty file (made by `touch`, say) holds none."""
    return path.is_file() and path.stat().st_size > 0


def _refuse_foreign_file(path: Path) -> None:
    if path.is_dir():
        raise LokalspilError("db.is_directory", path=path)
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        header = f.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise LokalspilError("db.not_sqlite", path=path)


def _applied(conn: sqlite3.Connection, tables: set[str]) -> list[str]:
    if MIGRATIONS_TABLE not in tables:
        return []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET]
    ).fetchall()
    return [r[0] for r in rows]


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    return _applied(conn, _tables(conn))


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return {r[0] for r in rows}


def _pending(conn: sqlite3.Connection, path: Path) -> list[str]:
    """The migrations still to apply; refuses, without changing anything, a database that is not ours or was made
    by a newer lokalspil."""
    tables = _tables(conn)
    applied = set(_applied(conn, tables))
    if not applied and tables - {MIGRATIONS_TABLE}:
        raise LokalspilError("db.not_lokalspil", path=path)
    known = [name for name, _ in STEPS]
    if applied - set(known):
        raise LokalspilError("db.newer_version", path=path)
    return [name for name in known if name not in applied]


def open_database(path: Path, *, create: bool = False) -> sqlite3.Connection:
    """Open the workspace at `path` (creating it if `create`), with pragmas set and migrations applied. From then
    on no file this process writes may take its place (files.check_output_path)."""
    protect_workspace(path)
    _refuse_foreign_file(path)
    if not has_database(path):  # (an empty file is no workspace yet: it is left untouched)
        if not create:
            raise LokalspilError("workspace.missing", path=path)
        try:
            make_folder(path.parent)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # the owner's only, from the start
            os.chmod(path, 0o600)  # (an empty file made by someone else kept its own mode)
        except OSError as e:
            raise LokalspilError("db.cannot_create", path=path, reason=os_reason(e)) from e
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_SECONDS)
        _sound.discard(_file(conn))  # checked again before this connection's first write
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")  # wait this long for another writer
        pending = _pending(conn, path)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # an accepted answer survives a power cut too
        if pending:
            if len(pending) < len(STEPS):  # a workspace in use: keep a copy from before the change
                from lokalspil.backups import make_backup

                make_backup(path, reason="before-update")
            # Foreign keys are off while the schema changes, as SQLite's procedure for remaking a table asks (else
            # dropping the old table would delete what refers to it); a step that remakes one checks them itself.
            conn.execute("PRAGMA foreign_keys = OFF")
            try:
                migrations().apply(records(conn))
            except sqlite3.OperationalError:
                if _pending(conn, path):
                    raise
                # another lokalspil command opened the workspace at the same moment and made the change first
            finally:
                conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as e:
        raise LokalspilError(
            "db.damaged" if is_damage(e) else "db.unreadable", path=path, reason=str(e)
        ) from e
    return conn


# What SQLite says of a database file whose pages are damaged (a disk fault, a copy cut short).
DAMAGE = ("malformed", "not a database", "vtable constructor failed", "corrupt")


def is_damage(error: BaseException) -> bool:
    """Whether an error from SQLite means the database file itself is damaged."""
    return isinstance(error, sqlite3.DatabaseError) and any(word in str(error).lower() for word in DAMAGE)
