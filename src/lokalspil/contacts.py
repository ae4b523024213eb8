"""Contact persons at companies: personal data, held for a reason, shown on request and erased for good."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from sqlite3 import Connection
from typing import Any

from lokalspil import danish
from lokalspil.companies import Company
from lokalspil.database import insert_row, now, transaction, update_row
from lokalspil.errors import LokalspilError
from lokalspil.fields import FieldProblem, clean_fields, refuse
from lokalspil.messages import t

PARSERS: dict[str, Callable[[str], Any]] = {
    "name": lambda raw: " ".join(raw.split()),
    "role": lambda raw: " ".join(raw.split()),
    "email": danish.parse_email,
    "phone": danish.parse_phone,
    "purpose": lambda raw: raw.strip(),
}


@dataclass
class Contact:
    id: int
    company_id: int
    company: str
    name: str
    role: str | None
    email: str | None
    phone: str | None
    purpose: str | None
    created_at: str
    updated_at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _clean(raw: Mapping[str, Any], *, adding: bool = False) -> dict[str, Any]:
    values, problems = clean_fields(raw, PARSERS, "contact.field", required=("name",))
    if adding and not values.get("name") and not problems:
        problems.append(FieldProblem("name", t("contact.field.name"), t("value.empty")))
    refuse("contact.refused", problems)
    return values


_SELECT = """SELECT p.id, p.company_id, c.name, p.name, p.role, p.email, p.phone, p.purpose, p.created_at, p.updated_at
             FROM contacts p JOIN companies c ON c.id = p.company_id"""


def get_contact(conn: Connection, contact_id: int) -> Contact:
    row = conn.execute(f"{_SELECT} WHERE p.id = ?", [contact_id]).fetchone()
    if row is None:
        raise LokalspilError("contact.no_such_id", id=contact_id)
    return Contact(*row)


def list_contacts(conn: Connection, company: Company | None = None) -> list[Contact]:
    if company is None:
        rows = conn.execute(f"{_SELECT} ORDER BY c.name COLLATE NOCASE, p.name COLLATE NOCASE").fetchall()
    else:
        rows = conn.execute(
            f"{_SELECT} WHERE p.company_id = ? ORDER BY p.name COLLATE NOCASE", [company.id]
        ).fetchall()
    return [Contact(*row) for row in rows]


def add_contact(conn: Connection, company: Company, raw: Mapping[str, Any]) -> Contact:
    values = _clean(raw, adding=True)
    values.setdefault("purpose", None)
    values["purpose"] = values["purpose"] or t("contact.default_purpose")
    stamp = now()
    row = {**values, "company_id": company.id, "created_at": stamp, "updated_at": stamp}
    with transaction(conn):
        contact_id = insert_row(conn, "contacts", row)
    return get_contact(conn, contact_id)


def edit_contact(conn: Connection, contact: Contact, raw: Mapping[str, Any]) -> Contact:
    values = _clean(raw)
    if values:
        with transaction(conn):
            update_row(conn, "contacts", contact.id, {**values, "updated_at": now()})
    return get_contact(conn, contact.id)


def export_contact(conn: Connection, contact: Contact) -> dict[str, Any]:
    """Everything held about a person (a data access request): the record, and where they appear in the log and
    in agreements."""
    activities = [
        {"id": r[0], "date": r[1], "kind": r[2], "summary": r[3], "company": r[4]}
        for r in conn.execute(
            """SELECT a.id, a.date, a.kind, a.summary, c.name FROM activities a JOIN companies c ON c.id = a.company_id
               WHERE a.contact_id = ? OR a.summary LIKE ? ORDER BY a.date, a.id""",
            [contact.id, f"%{contact.name}%"],
        )
    ]
    agreements = [
        {"id": r[0], "kind": r[1], "status": r[2], "company": r[3]}
        for r in conn.execute(
            """SELECT g.id, g.kind, g.status, c.name FROM agreements g JOIN companies c ON c.id = g.company_id
               WHERE g.contact_id = ? OR g.notes LIKE ?""",
            [contact.id, f"%{contact.name}%"],
        )
    ]
    return {
        "contact": contact.as_dict(),
        "activities": activities,
        "agreements": agreements,
        "exported_at": now(),
    }


@dataclass(frozen=True)
class Forgotten:
    name: str
    activities_unlinked: int
    texts_redacted: int


def forget_contact(conn: Connection, contact: Contact) -> Forgotten:
    """Erase a person for good: their row, their name, e-mail and phone wherever they were copied into notes or
    summaries (replaced by a neutral marker), the search index entries and the free pages (secure_delete), and the
    write-ahead log. Activities stay, but no longer point to the person."""
    marker = t("contact.forgotten_marker")
    needles = [v for v in (contact.name, contact.email, contact.phone) if v]
    if contact.phone and contact.phone.startswith("+45 "):  # the ways a Danish number is written in a note
        national = contact.phone[4:]
        needles += [national, national.replace(" ", "")]
    patterns = [re.compile(re.escape(v), re.IGNORECASE) for v in needles]

    def redact(text: str | None) -> str | None:
        if text is None:
            return None
        for pattern in patterns:
            text = pattern.sub(marker, text)
        return text

    conn.execute("PRAGMA secure_delete = ON")
    redacted = 0
    with transaction(conn):
        unlinked = conn.execute(
            "UPDATE activities SET contact_id = NULL WHERE contact_id = ?", [contact.id]
        ).rowcount
        conn.execute("UPDATE agreements SET contact_id = NULL WHERE contact_id = ?", [contact.id])
        for table, column in (
            ("activities", "summary"),
            ("companies", "notes"),
            ("agreements", "notes"),
            ("contacts", "purpose"),
        ):
            like = " OR ".join(f"{column} LIKE ?" for _ in needles)
            rows = conn.execute(
                f"SELECT id, {column} FROM {table} WHERE {like}", [f"%{v}%" for v in needles]
            ).fetchall()
            for row_id, text in rows:
                new = redact(text)
                if new != text:
                    conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", [new, row_id])
                    redacted += 1
        conn.execute("DELETE FROM contacts WHERE id = ?", [contact.id])
        for fts in ("companies_fts", "contacts_fts", "activities_fts"):
            conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Forgotten(contact.name, unlinked, redacted)
