"""The schema: its migration steps, in order, and the words its CHECK constraints allow.

`database.open_database` applies the steps (with sqlite-utils' `Migrations`); nothing else does. A released step is
never edited: changes come as new steps at the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING

from lokalspil.record_types import history_entities

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from lokalspil.record_types import RecordType

MIGRATION_SET = "lokalspil"

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


# Outcomes (0007): what the companies offer, and the young people who start, counted over time.
AGE_BANDS = ("13-14", "15-17", "18-24", "25-29")
SCHOOL_STATUSES = ("in_school", "finished_9th", "in_education", "neither")
OPENING_STATUSES = ("open", "filled", "closed")
OUTCOMES = ("completed", "stopped", "job", "education")
STOP_REASONS = ("school", "moved", "mismatch", "own_choice", "employer", "other")
_TIME = "GLOB '[0-2][0-9]:[0-5][0-9]'"
_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"

# The history triggers 0007 makes again for two types that gained a column, frozen with it: (entity, columns).
_HISTORY_0007 = {
    "activities": ("activity", (
        "company_id", "contact_id", "kind", "date", "summary", "old_stage", "new_stage", "follow_up",
        "follow_up_done_at", "next_action")),
    "agreements": ("agreement", (
        "company_id", "kind", "places", "start", "end", "review", "status", "participants", "contact_id", "notes",
        "address", "m2", "what", "amount", "signed")),
}  # fmt: skip


@migration("0007_outcomes")
def _m0007(db: Database) -> None:
    from lokalspil.record_types import OPENINGS, PLACEMENTS

    conn = db.conn
    # Where a company's data came from ('CVR-udtræk marts 2026', 'liste.csv importeret 2026-12-06'): CVR data on a
    # company that is reklamebeskyttet may only be used with a legal basis or consent, so its origin is kept.
    conn.execute("ALTER TABLE companies ADD COLUMN source TEXT")
    # The sender of letters and agreements: who signs on the organisation's behalf (with mandate), the
    # organisation's address, and its logo (a file name in the workspace's folder) for the letterhead.
    for column in ("signatory_name", "signatory_title", "organisation_address", "logo"):
        conn.execute(f"ALTER TABLE workspace ADD COLUMN {column} TEXT")
    # A log entry says what happened (summary); its follow-up says what to do next (next_action) and by when
    # (follow_up). Until now the follow-up had only its date.
    conn.execute("ALTER TABLE activities ADD COLUMN next_action TEXT")
    # The day an agreement was signed, so that a report counts it in the period it happened. Agreements signed
    # before this step get their start day (or the day they were recorded) as the best that is known.
    conn.execute(f"ALTER TABLE agreements ADD COLUMN signed TEXT CHECK (signed IS NULL OR signed {_DATE})")
    conn.execute(
        """UPDATE agreements SET signed = coalesce(start, substr(created_at, 1, 10))
           WHERE status IN ('signed', 'running', 'ended')"""
    )
    for table, (entity, columns) in _HISTORY_0007.items():
        for action in ("added", "changed", "removed"):
            conn.execute(f"DROP TRIGGER {table}_history_{action}")
        _history_triggers(db, table, entity, "company_id", columns)
    # Openings: what a company offers (a job board). Hours as a window (from, to) and hours a week, so that the
    # rules for young workers can be checked; the free text says the rest.
    conn.execute(
        f"""CREATE TABLE openings (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            agreement_id INTEGER REFERENCES agreements(id) ON DELETE SET NULL,
            kind TEXT NOT NULL {_one_of("kind", AGREEMENT_KINDS)},
            title TEXT NOT NULL CHECK (trim(title) != ''),
            places INTEGER NOT NULL DEFAULT 1 CHECK (places >= 1),
            age_bands TEXT NOT NULL DEFAULT '[]',
            hours TEXT,
            from_time TEXT CHECK (from_time IS NULL OR from_time {_TIME}),
            to_time TEXT CHECK (to_time IS NULL OR to_time {_TIME}),
            weekly_hours REAL CHECK (weekly_hours IS NULL OR (weekly_hours > 0 AND weekly_hours <= 60)),
            season TEXT,
            requirements TEXT,
            status TEXT NOT NULL DEFAULT 'open' {_one_of("status", OPENING_STATUSES)},
            opened TEXT NOT NULL CHECK (opened {_DATE}),
            closed TEXT CHECK (closed IS NULL OR closed {_DATE}),
            notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX openings_company ON openings (company_id)")
    conn.execute("CREATE INDEX openings_opened ON openings (opened)")
    # Placements (forløb): one young person in one opening or agreement. Never named: no column takes free text,
    # only an age band, a school status, dates and an outcome from fixed lists.
    conn.execute(
        f"""CREATE TABLE placements (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            opening_id INTEGER REFERENCES openings(id) ON DELETE SET NULL,
            agreement_id INTEGER REFERENCES agreements(id) ON DELETE SET NULL,
            kind TEXT NOT NULL {_one_of("kind", AGREEMENT_KINDS)},
            age_band TEXT NOT NULL {_one_of("age_band", AGE_BANDS)},
            school TEXT NOT NULL {_one_of("school", SCHOOL_STATUSES)},
            start TEXT NOT NULL CHECK (start {_DATE}),
            "end" TEXT CHECK ("end" IS NULL OR ("end" {_DATE} AND "end" >= start)),
            outcome TEXT CHECK (outcome IS NULL OR outcome IN ({", ".join(repr(v) for v in OUTCOMES)})),
            stop_reason TEXT CHECK (stop_reason IS NULL OR stop_reason IN ({", ".join(repr(v) for v in STOP_REASONS)})),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX placements_company ON placements (company_id)")
    conn.execute("CREATE INDEX placements_start ON placements (start)")
    # Targets (måltal): per indicator and year, the number aimed for and the baseline it starts from.
    conn.execute(
        """CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            indicator TEXT NOT NULL CHECK (indicator GLOB '[a-z]*' AND indicator NOT GLOB '*[^a-z0-9_]*'),
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
            target INTEGER CHECK (target IS NULL OR target >= 0),
            baseline INTEGER CHECK (baseline IS NULL OR baseline >= 0),
            updated_at TEXT NOT NULL,
            UNIQUE (indicator, year)
        )"""
    )
    for record_type in (OPENINGS, PLACEMENTS):
        record_type_schema(db, record_type)
