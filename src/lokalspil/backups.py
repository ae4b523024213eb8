"""Backups of the workspace: consistent copies while it may be in use, kept in a folder beside the database.

A copy is made with SQLite's online backup API, so it is a snapshot of one moment even while another lokalspil
command writes. Copies are written to a temporary name and renamed into place, readable by their owner only, and
the oldest beyond the number to keep are removed. A backup is also made before any change of the schema.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from lokalspil.errors import BadUsage, LokalspilError
from lokalspil.files import check_output_path, make_folder, owner_only, remove_leftovers, temporary_name
from lokalspil.paths import backups_dir

KEEP = 10  # backups kept by default; `--keep N` or $LOKALSPIL_KEEP_BACKUPS
ENV_KEEP = "LOKALSPIL_KEEP_BACKUPS"
PREFIX = "lokalspil-"
SUFFIX = ".db"


def keep_count(option: int | None = None) -> int:
    if option is not None:
        if option < 1:
            raise BadUsage("backup.bad_keep", keep=option)
        return option
    wanted = os.environ.get(ENV_KEEP, "")
    return int(wanted) if wanted.isdigit() and int(wanted) > 0 else KEEP


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    made: dt.datetime


def list_backups(db_path: Path) -> list[Backup]:
    """The workspace's backups, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append(Backup(path, stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime)))
    return sorted(found, key=lambda b: (b.made, b.path.name), reverse=True)


def _copy(source: sqlite3.Connection, target: Path, db_path: Path) -> None:
    """Copy the open database `source` into a new file `target` (whole or not at all), and check the copy: a
    damaged one is no backup (LokalspilError 'backup.damaged'). A file at `target`, even one that appears
    meanwhile, is left alone (LokalspilError 'backup.exists')."""
    temporary = temporary_name(target)  # (each process its own)
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        copy = sqlite3.connect(str(temporary))
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if copy.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                raise LokalspilError("backup.damaged", path=db_path)
        finally:
            copy.close()
        _move_unless_taken(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    owner_only(target)


def _move_unless_taken(temporary: Path, target: Path) -> None:
    """Rename `temporary` to `target` unless `target` exists: a hard link fails rather than replace a file. Where
    the file system has no hard links (a FAT-formatted USB stick), a plain rename after a last look."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise LokalspilError("backup.exists", path=target) from None
    except OSError:
        if target.exists() or target.is_symlink():
            raise LokalspilError("backup.exists", path=target) from None
        os.replace(temporary, target)
    else:
        temporary.unlink()


def make_backup(db_path: Path, target: Path | None = None, keep: int | None = None, reason: str = "") -> Path:
    """`lokalspil backup [FILE]`: a consistent copy of the workspace. Without FILE it goes into the backups folder
    with the time in its name, and only the newest `keep` backups there are kept. FILE must not exist yet: a backup
    never replaces another file (another workspace, an earlier backup)."""
    if not db_path.is_file():
        raise LokalspilError("workspace.missing", path=db_path)
    folder = backups_dir(db_path)
    automatic = target is None
    if target is None:
        make_folder(folder)
        owner_only(folder.parent, folder=True)
        owner_only(folder, folder=True)
        remove_leftovers(folder)  # copies a killed backup left unfinished
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]  # to the millisecond: names sort by time
        label = f"-{reason}" if reason else ""
        target = folder / f"{PREFIX}{stamp}{label}{SUFFIX}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{PREFIX}{stamp}{label}-{n}{SUFFIX}"
    else:
        check_output_path(target, workspace=db_path)
        if target.exists() or target.is_symlink():
            raise LokalspilError("backup.exists", path=target)
    try:
        make_folder(target.parent)
        remove_leftovers(target.parent, target.name)
        source = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            base = target.stem
            for attempt in range(2, 12):
                try:
                    _copy(source, target, db_path)
                    break
                except LokalspilError as taken:
                    # Two commands backing up in the same millisecond (both migrating an older workspace):
                    # the second takes the next name. A FILE the user named is never replaced.
                    if not automatic or taken.key != "backup.exists":
                        raise
                    target = target.with_name(f"{base}-{attempt}{SUFFIX}")
        finally:
            source.close()
    except (OSError, sqlite3.Error) as e:
        from lokalspil.database import is_damage

        if is_damage(e):
            raise LokalspilError("backup.damaged", path=db_path) from None
        raise LokalspilError("backup.failed", path=target, reason=str(e)) from None
    if target.parent == folder:
        prune(db_path, keep_count(keep), sound=target)
    return target


def backup_before_update(db_path: Path) -> None:
    """The backup made before the schema of a workspace in use changes (database.open_database's
    `before_migrate`)."""
    make_backup(db_path, reason="before-update")


def prune(db_path: Path, keep: int, sound: Path | None = None) -> list[Path]:
    """Remove the oldest backups beyond the newest `keep`, but never the last sound one: when none of those
    kept is sound (`sound` is known to be), the newest sound one among the older stays too."""
    backups = list_backups(db_path)
    kept, going = backups[:keep], backups[keep:]
    if going and not any(b.path == sound or not check_workspace_file(b.path) for b in kept):
        last_sound = next((b for b in going if not check_workspace_file(b.path)), None)
        going = [b for b in going if b is not last_sound]
    removed = []
    for old in going:
        try:
            old.path.unlink()
            removed.append(old.path)
        except OSError:
            pass
    return removed


def check_workspace_file(path: Path) -> list[str]:
    """What is wrong with `path` as a lokalspil workspace (empty: it is sound). Read-only; changes nothing."""
    from lokalspil.database import MIGRATIONS_TABLE, SQLITE_HEADER, applied_migrations
    from lokalspil.messages import t
    from lokalspil.migrations import STEPS

    if path.is_dir():
        return [t("db.is_directory", path=path)]
    if not path.is_file():
        return [t("restore.no_file", path=path)]
    with path.open("rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return [t("restore.not_sqlite", path=path)]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            problems = []
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if integrity != ["ok"]:
                problems.append(t("restore.damaged", detail="; ".join(integrity[:3])))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if MIGRATIONS_TABLE not in tables or "workspace" not in tables:
                return [*problems, t("restore.not_lokalspil", path=path)]
            if set(applied_migrations(conn)) - {name for name, _ in STEPS}:
                problems.append(t("restore.newer", path=path))
            if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                problems.append(t("restore.foreign_keys"))
            return problems
        finally:
            conn.close()
    except sqlite3.Error as e:
        return [t("restore.unreadable", path=path, reason=str(e))]


def check_backup_file(path: Path) -> list[str]:
    """What is wrong with `path` as a file to restore (empty: it may be restored): `check_workspace_file`, and
    its schema must be the very one lokalspil's own migrations make. An extra trigger, table, view or index (or
    one changed) would run or stay in the workspace: such a file was not made by lokalspil, or was altered."""
    problems = check_workspace_file(path)
    if problems:
        return problems
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            changes = schema_changes(conn)
        finally:
            conn.close()
    except sqlite3.Error as e:
        from lokalspil.messages import t

        return [t("restore.unreadable", path=path, reason=str(e))]
    return changes


SCHEMA_KINDS = ("table", "index", "trigger", "view")


def schema_changes(conn: sqlite3.Connection) -> list[str]:
    """How the schema of `conn` differs from the one its applied migrations make, as one sentence (empty: not)."""
    from lokalspil.database import applied_migrations, expected_schema, schema_of
    from lokalspil.messages import t

    found = schema_of(conn)
    expected = expected_schema(frozenset(applied_migrations(conn)))
    changes = []
    for key in sorted(found.keys() | expected.keys(), key=lambda k: (k[1], k[0])):
        kind, name = key
        if kind not in SCHEMA_KINDS:
            kind = "table"
        if key not in expected:
            changes.append(t(f"restore.schema_extra.{kind}", name=name))
        elif key not in found:
            changes.append(t(f"restore.schema_missing.{kind}", name=name))
        elif found[key] != expected[key]:
            changes.append(t(f"restore.schema_altered.{kind}", name=name))
    if not changes:
        return []
    shown = ", ".join(changes[:3]) + (
        t("restore.schema_more", count=len(changes) - 3) if len(changes) > 3 else ""
    )
    return [t("restore.schema_changed", changes=shown)]


@dataclass(frozen=True)
class Restored:
    source: Path
    previous: Path | None  # the backup of the workspace as it was, when there was one


def restore_backup(db_path: Path, source: Path) -> Restored:
    """`lokalspil restore FILE`: check FILE, back up the current workspace, then copy FILE into its place (through
    SQLite, so a reader never sees half of either). A backup from an older lokalspil is brought up to date."""
    problems = check_backup_file(source)
    if problems:
        raise LokalspilError("restore.refused", path=source, problems=" ".join(problems))
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise LokalspilError("backup.onto_itself", path=source)
    previous = make_backup(db_path, reason="before-restore") if db_path.is_file() else None
    try:
        make_folder(db_path.parent)
        if not db_path.exists():
            fd = os.open(db_path, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        dest = sqlite3.connect(str(db_path), timeout=30)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
        finally:
            src.close()
            dest.close()
    except (OSError, sqlite3.Error) as e:
        raise LokalspilError("restore.failed", path=db_path, reason=str(e), backup=previous or "-") from None
    owner_only(db_path)
    from lokalspil.database import open_database

    # Applies what an older backup lacks.
    open_database(db_path, before_migrate=backup_before_update).close()
    return Restored(source, previous)
