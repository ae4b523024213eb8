"""`lokalspil doctor`: is the workspace sound, and what to do about anything that is not.

Every check reads; none changes the workspace (the search index check runs in a transaction that is rolled
back). `--repair` rebuilds the search indexes, the one problem lokalspil can mend by itself.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lokalspil.backups import list_backups
from lokalspil.files import leftovers
from lokalspil.messages import t
from lokalspil.paths import backups_dir
from lokalspil.record_types import search_indexes

SEARCH_INDEXES = search_indexes()
BACKUP_AGE_DAYS = 30


@dataclass(frozen=True)
class Finding:
    check: str
    level: str  # "ok", "warning" (worth doing something about) or "problem" (the workspace is not sound)
    text: str
    advice: str = ""


@dataclass
class Checkup:
    paths: dict[str, str]
    schema: dict[str, Any]
    size: int
    last_backup: str | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return all(f.level != "problem" for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sound": self.sound,
            "paths": self.paths,
            "schema": self.schema,
            "size": self.size,
            "last_backup": self.last_backup,
            "findings": [asdict(f) for f in self.findings],
        }


def _permissions(paths: list[Path]) -> list[Finding]:
    if sys.platform.startswith("win"):
        return []
    loose = [p for p in paths if p.exists() and stat.S_IMODE(p.stat().st_mode) & 0o077]
    if not loose:
        return [Finding("permissions", "ok", t("doctor.permissions_ok"))]
    return [
        Finding(
            "permissions",
            "warning",
            t("doctor.permissions_loose", path=p, mode=oct(stat.S_IMODE(p.stat().st_mode))[2:]),
            t("doctor.permissions_fix", path=p, mode="700" if p.is_dir() else "600"),
        )
        for p in loose
    ]


def _own_templates(folder: Path) -> list[Finding]:
    """The workspace's own templates: refused while someone else could change them (templates.check_private)."""
    from lokalspil.templates import loose_templates

    if not folder.is_dir():
        return []
    loose = loose_templates(folder)
    if not loose:
        return [Finding("templates", "ok", t("doctor.templates_ok"))]
    return [Finding("templates", "warning", str(problem)) for problem in loose]


def check_workspace(db_path: Path, *, repair: bool = False, today: dt.date | None = None) -> Checkup:
    from lokalspil.database import applied_migrations
    from lokalspil.migrations import STEPS
    from lokalspil.paths import user_guides_dir, user_templates_dir

    folder = backups_dir(db_path)
    paths = {
        "database": str(db_path),
        "backups": str(folder),
        "templates": str(user_templates_dir(db_path)),
        "guides": str(user_guides_dir()),
    }
    size = sum(p.stat().st_size for p in (db_path, Path(f"{db_path}-wal")) if p.is_file())
    backups = list_backups(db_path)
    last = backups[0] if backups else None
    checkup = Checkup(paths, {}, size, str(last.path) if last else None)
    add = checkup.findings.append
    from lokalspil.backups import check_workspace_file

    problems = check_workspace_file(db_path)
    if problems:
        advice = t("doctor.restore_advice", backup=last.path) if last else t("doctor.no_backup_to_restore")
        for problem in problems:
            add(Finding("workspace", "problem", problem, advice))
        return checkup
    conn = sqlite3.connect(str(db_path), timeout=3)  # a check waits briefly for a writer, then says so
    try:
        applied = applied_migrations(conn)
        known = [name for name, _ in STEPS]
        checkup.schema = {
            "applied": len(applied),
            "known": len(known),
            "latest": applied[-1] if applied else None,
        }
        pending = [name for name in known if name not in applied]
        if pending:
            add(
                Finding(
                    "schema", "warning", t("doctor.schema_behind", count=len(pending)), t("doctor.schema_fix")
                )
            )
        else:
            add(Finding("schema", "ok", t("doctor.schema_ok", version=len(applied))))
        add(Finding("integrity", "ok", t("doctor.integrity_ok")))  # check_workspace_file ran integrity_check
        add(Finding("foreign_keys", "ok", t("doctor.foreign_keys_ok")))
        add(_search_indexes(conn, repair, db_path))
    finally:
        conn.close()
    checkup.findings += _permissions([db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), folder])
    unfinished = leftovers(folder)
    if unfinished:
        names = ", ".join(p.name for p in unfinished)
        add(Finding("leftovers", "warning", t("doctor.leftovers", folder=folder, names=names),
                    t("doctor.leftovers_fix")))  # fmt: skip
    checkup.findings += _own_templates(Path(paths["templates"]))
    if last is None:
        add(Finding("backup", "warning", t("doctor.no_backup"), t("doctor.backup_fix")))
    else:
        age = ((today or dt.date.today()) - last.made.date()).days
        level = "warning" if age > BACKUP_AGE_DAYS else "ok"
        add(Finding("backup", level, t("doctor.last_backup", path=last.path, days=age),
                    t("doctor.backup_fix") if level == "warning" else ""))  # fmt: skip
    return checkup


def _search_indexes(conn: sqlite3.Connection, repair: bool, db_path: Path) -> Finding:
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    broken = []
    for index in SEARCH_INDEXES:
        if index not in present:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")  # waits (busy timeout) for a command that is writing
            conn.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                return Finding(
                    "search_index", "warning", t("doctor.search_busy"), t("doctor.search_busy_fix")
                )
            if "readonly" in str(e) or "read-only" in str(e):  # sound, but nothing can be saved in it
                return Finding(
                    "search_index", "warning", t("doctor.read_only"), t("doctor.read_only_fix", path=db_path)
                )
            broken.append(index)
        except sqlite3.DatabaseError:
            broken.append(index)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    if broken and repair:
        with conn:
            for index in broken:
                conn.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")
        return Finding("search_index", "ok", t("doctor.search_repaired", count=len(broken)))
    if broken:
        return Finding("search_index", "problem", t("doctor.search_broken"), t("doctor.search_fix"))
    return Finding("search_index", "ok", t("doctor.search_ok"))
