"""The workspace: the housing area, the coordinator and the language, in the one database file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil import danish
from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.fields import one_line
from lokalspil.messages import normalise_language, t

# The fields `lokalspil init` records, in the order it asks for them.
FIELDS = (
    "area", "organisation", "organisation_address", "municipality", "coordinator", "email", "phone",
    "signatory", "signatory_title", "language",
)  # fmt: skip
REQUIRED = ("area",)
OPTIONS = {
    "area": "--area",
    "organisation": "--org",
    "organisation_address": "--address",
    "municipality": "--municipality",
    "coordinator": "--coordinator",
    "email": "--email",
    "phone": "--phone",
    "signatory": "--signatory",
    "signatory_title": "--signatory-title",
    "language": "--lang",
}
# The fields kept in the workspace table, by the column that holds them (the others are the area's).
_COLUMNS = {
    "coordinator": "coordinator_name",
    "email": "coordinator_email",
    "phone": "coordinator_phone",
    "signatory": "signatory_name",
    "signatory_title": "signatory_title",
    "organisation_address": "organisation_address",
    "language": "language",
}

# How the CLI asks for a value: ask(label, check, default) returns the checked value.
Ask = Callable[[str, Callable[[str], Any], "str | None"], Any]


@dataclass(frozen=True)
class Workspace:
    path: Path
    area: str
    organisation: str | None
    municipality: str | None
    coordinator: str | None
    email: str | None
    phone: str | None
    language: str
    # Who signs agreements on the organisation's behalf (with mandate), and the organisation's postal address.
    signatory: str | None = None
    signatory_title: str | None = None
    organisation_address: str | None = None
    logo: str | None = None  # the logo's file name in the workspace's folder (lokalspil.logo)

    def as_dict(self) -> dict[str, str | None]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


def check_field(name: str, raw: str) -> str | None:
    """A value for one workspace field, cleaned; raises InvalidValue. Empty optional values become None."""
    text = " ".join(raw.split())
    if not text:
        if name in REQUIRED:
            raise InvalidValue("value.empty")
        return None
    if name == "email":
        return danish.parse_email(text)
    if name == "phone":
        return danish.parse_phone(text)
    if name == "language":
        lang = normalise_language(text)
        if lang is None:
            raise InvalidValue("value.not_language", value=text)
        return lang
    return one_line(text)


def read_workspace(db: Connection, path: Path) -> Workspace | None:
    row = db.execute(
        """SELECT a.name, a.organisation, a.municipality, w.coordinator_name, w.coordinator_email,
                  w.coordinator_phone, w.language, w.signatory_name, w.signatory_title, w.organisation_address,
                  w.logo
           FROM workspace w LEFT JOIN areas a ON a.id = w.area_id WHERE w.id = 1"""
    ).fetchone()
    if row is None:
        return None
    area, organisation, municipality, coordinator, email, phone, language, *sender = row
    return Workspace(
        path, area or "", organisation, municipality, coordinator, email, phone, language, *sender
    )


def open_workspace_db(path: Path, *, create: bool = False) -> Connection:
    """The workspace's database as every command opens it (database.open_database): a workspace in use is backed
    up before its schema changes."""
    from lokalspil.database import open_database

    return open_database(path, create=create, before_migrate=_backup_before_update)


def _backup_before_update(path: Path) -> None:
    from lokalspil.backups import backup_before_update  # (imported only when a workspace is migrated)

    backup_before_update(path)


def open_workspace(path: Path) -> tuple[Connection, Workspace]:
    """The existing workspace at `path`; raises a LokalspilError saying how to create one if there is none."""
    db = open_workspace_db(path)
    workspace = read_workspace(db, path)
    if workspace is None:
        raise LokalspilError("workspace.missing", path=path)
    return db, workspace


def save_workspace(path: Path, values: dict[str, str | None]) -> tuple[Workspace, bool]:
    """Create the workspace, or update the fields given; returns it and whether it was created.

    `values` holds already checked values (see `check_field`); keys left out or None keep what is stored.
    """
    from lokalspil.database import now, transaction

    db = open_workspace_db(path, create=True)
    existing = read_workspace(db, path)
    stamp = now()
    with transaction(db):
        if existing is None:
            area_id = db.execute(
                "INSERT INTO areas (name, organisation, municipality, created_at) VALUES (?, ?, ?, ?)",
                [values.get("area") or "", values.get("organisation"), values.get("municipality"), stamp],
            ).lastrowid
            row = {column: values.get(name) for name, column in _COLUMNS.items()}
            row["language"] = values.get("language") or "da"
            db.execute(
                f"""INSERT INTO workspace (id, area_id, {", ".join(row)}, created_at, updated_at)
                    VALUES (1, ?, {", ".join("?" for _ in row)}, ?, ?)""",
                [area_id, *row.values(), stamp, stamp],
            )
        else:
            merged = {k: values.get(k) or getattr(existing, k) for k in FIELDS}
            db.execute(
                """UPDATE areas SET name = ?, organisation = ?, municipality = ?
                   WHERE id = (SELECT area_id FROM workspace WHERE id = 1)""",
                [merged["area"], merged["organisation"], merged["municipality"]],
            )
            db.execute(
                f"""UPDATE workspace SET {", ".join(f"{c} = ?" for c in _COLUMNS.values())}, updated_at = ?
                    WHERE id = 1""",
                [*(merged[name] for name in _COLUMNS), stamp],
            )
    workspace = read_workspace(db, path)
    db.close()
    assert workspace is not None
    return workspace, existing is None


def _existing(path: Path) -> Workspace | None:
    from lokalspil.database import has_database

    if not has_database(path):
        return None
    db = open_workspace_db(path)
    try:
        return read_workspace(db, path)
    finally:
        db.close()


def init_workspace(
    path: Path, given: dict[str, str | None], ask: Ask | None = None, logo: Path | None = None
) -> tuple[Workspace, bool]:
    """`lokalspil init`: check the values given as options, ask for the missing ones where `ask` is given (a new
    workspace, or no options at all), and create or update the workspace. Nothing is stored if a value is bad
    (the `logo` file included)."""
    from lokalspil.logo import read_logo

    checked_logo = read_logo(logo) if logo is not None else None
    values: dict[str, str | None] = {}
    for name in FIELDS:
        raw = given.get(name)
        if raw is not None:
            try:
                values[name] = check_field(name, raw)
            except InvalidValue as e:
                raise LokalspilError("init.bad_option", option=OPTIONS[name], reason=str(e)) from None
    existing = _existing(path)
    if ask is not None and (existing is None or (not values and logo is None)):
        for name in FIELDS:
            if name not in values:
                current = getattr(existing, name) if existing else ("da" if name == "language" else None)
                values[name] = ask(t(f"field.{name}"), partial(check_field, name), current)
    if existing is None and not values.get("area"):
        raise LokalspilError("init.area_needed")
    saved = save_workspace(path, values)
    if checked_logo is None:
        return saved
    return _set_logo(path, *checked_logo), saved[1]


def _set_logo(path: Path, data: bytes, kind: str) -> Workspace:
    from lokalspil.database import now, transaction
    from lokalspil.logo import store_logo

    name = store_logo(path, data, kind)
    db = open_workspace_db(path)
    try:
        with transaction(db):
            db.execute("UPDATE workspace SET logo = ?, updated_at = ? WHERE id = 1", [name, now()])
        workspace = read_workspace(db, path)
    finally:
        db.close()
    assert workspace is not None
    return workspace


def ensure_workspace(path: Path, ask: Ask | None, tell: Callable[[str], None] | None = None) -> None:
    """The first `lokalspil guide` on a fresh machine makes the workspace: it says what it will ask (through
    `tell`), then asks for the area's name, the housing organisation and the coordinator (the last two may be left
    empty)."""
    if _existing(path) is not None:
        return
    if ask is None:
        raise LokalspilError("workspace.missing", path=path)
    from lokalspil.messages import get_language

    if tell is not None:
        tell(t("workspace.first_run", path=path))
    values: dict[str, str | None] = {"language": get_language()}
    for name, label in (("area", "field.area"), ("organisation", "field.organisation"),
                        ("coordinator", "field.coordinator")):  # fmt: skip
        values[name] = ask(t(label), partial(check_field, name), None)
    save_workspace(path, values)


@contextmanager
def connect(path: Path) -> Iterator[Connection]:
    """The existing workspace's database for the length of a command, closed afterwards."""
    conn, _ = open_workspace(path)
    try:
        yield conn
    finally:
        conn.close()
