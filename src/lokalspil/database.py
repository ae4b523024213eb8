"""The one database opener, which applies the migrations (their steps, in order, are in lokalspil.migrations).

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lokalspil.errors import LokalspilError, os_reason
from lokalspil.files import make_folder, protect_workspace
from lokalspil.migrations import MIGRATION_SET, STEPS, migrations
from lokalspil.record_types import by_table, search_indexes

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' table of applied migrations
SQLITE_HEADER = b"SQLite format 3\x00"
# How long a write waits for another lokalspil command that is writing (an import of a long list, say) before it
# says the workspace is busy. Writes are short, except an import, which is one transaction by design.
BUSY_SECONDS = 120
LARGEST_ID = 2**63 - 1  # SQLite's largest integer: no record has a larger number


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


def open_database(
    path: Path, *, create: bool = False, before_migrate: Callable[[Path], None] | None = None
) -> sqlite3.Connection:
    """Open the workspace at `path` (creating it if `create`), with pragmas set and migrations applied. From then
    on no file this process writes may take its place (files.check_output_path).

    `before_migrate` is called with `path` before the migrations change a workspace in use (one that has some of
    the steps already): the commands pass the backup made then (workspace.open_workspace_db), so this module needs
    nothing from lokalspil.backups."""
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
            if len(pending) < len(STEPS) and before_migrate is not None:  # a workspace in use
                before_migrate(path)  # (a copy from before the change)
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
