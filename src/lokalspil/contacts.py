"""Contact persons at companies: personal data, held for a reason, shown on request and erased for good."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from sqlite3 import Connection
from typing import Any

from lokalspil import danish
from lokalspil.companies import Company
from lokalspil.database import erase_traces, insert_row, is_row_id, now, transaction, update_row
from lokalspil.errors import LokalspilError
from lokalspil.fields import FieldProblem, clean_fields, free_text, one_line, refuse
from lokalspil.messages import t

PARSERS: dict[str, Callable[[str], Any]] = {
    "name": one_line,
    "role": one_line,
    "email": danish.parse_email,
    "phone": danish.parse_phone,
    "purpose": free_text,
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
    row = (
        conn.execute(f"{_SELECT} WHERE p.id = ?", [contact_id]).fetchone() if is_row_id(contact_id) else None
    )
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


# Free text that may mention a person: (table, column, label key). Guide answers are JSON, handled beside these.
TEXTS = (
    ("activities", "summary", "heading.timeline"),
    ("companies", "notes", "company.field.notes"),
    ("agreements", "notes", "agreement.field.notes"),
    ("contacts", "purpose", "contact.field.purpose"),
)


def person_patterns(contact: Contact) -> list[re.Pattern[str]]:
    """How the person may be written in free text: the full name and the e-mail as whole words (case ignored, Æ,
    Ø and Å included), and a Danish phone number in any spacing (2233 4455, 22 33 44 55, +45 22334455)."""
    patterns = [
        re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE)
        for value in (contact.name, contact.email)
        if value
    ]
    digits = re.sub(r"\D", "", contact.phone or "")
    if len(digits) >= 8:
        national = digits[-8:]
        spaced = r"[\s.\-]?".join(national)
        patterns.append(re.compile(rf"(?<!\d)(?:(?:\+|00)45[\s.\-]?)?{spaced}(?!\d)"))
    return patterns


@dataclass(frozen=True)
class Mention:
    table: str
    row_id: int
    column: str
    label: str
    company: str | None
    text: str


def mentions(conn: Connection, contact: Contact) -> list[Mention]:
    """Every place outside the person's own record where free text names them (every row is read: SQL's LIKE folds
    the case of ASCII letters only)."""
    patterns = person_patterns(contact)
    found: list[Mention] = []
    for table, column, label in TEXTS:
        company = "c.name" if table != "companies" else "t.name"
        join = "" if table == "companies" else " LEFT JOIN companies c ON c.id = t.company_id"
        where = " WHERE t.id != ?" if table == "contacts" else ""
        params = [contact.id] if table == "contacts" else []
        for row_id, text, company_name in conn.execute(
            f"SELECT t.id, t.{column}, {company} FROM {table} t{join}{where}", params
        ):
            if text and any(p.search(text) for p in patterns):
                found.append(Mention(table, row_id, column, t(label), company_name, text))
    for guide_id, step_id, question_id, value in conn.execute(
        "SELECT guide_id, step_id, question_id, value FROM guide_answers WHERE value IS NOT NULL"
    ):
        text = json.loads(value)
        if isinstance(text, str) and any(p.search(text) for p in patterns):
            found.append(
                Mention("guide_answers", 0, f"{guide_id}/{step_id}.{question_id}", step_id, None, text)
            )
    return found


def export_contact(conn: Connection, contact: Contact) -> dict[str, Any]:
    """Everything held about a person (a data access request): the record, the log entries and agreements that
    point to them, and every text that names them (the same places `contact forget` cleans)."""
    linked_activities = [
        {"id": r[0], "date": r[1], "kind": r[2], "summary": r[3], "company": r[4]}
        for r in conn.execute(
            """SELECT a.id, a.date, a.kind, a.summary, c.name FROM activities a JOIN companies c ON c.id = a.company_id
               WHERE a.contact_id = ? ORDER BY a.date, a.id""",
            [contact.id],
        )
    ]
    agreements = [
        {"id": r[0], "kind": r[1], "status": r[2], "company": r[3]}
        for r in conn.execute(
            """SELECT g.id, g.kind, g.status, c.name FROM agreements g JOIN companies c ON c.id = g.company_id
               WHERE g.contact_id = ?""",
            [contact.id],
        )
    ]
    return {
        "contact": contact.as_dict(),
        "activities": linked_activities,
        "agreements": agreements,
        "mentioned_in": [
            {"where": m.label, "table": m.table, "id": m.row_id, "company": m.company, "text": m.text}
            for m in mentions(conn, contact)
        ],
        "exported_at": now(),
    }


@dataclass(frozen=True)
class Forgotten:
    name: str
    activities_unlinked: int
    texts_redacted: int
    still_named_in: list[str]  # company names that contain the person's name (kept: they name the company)
    complete: bool  # False when another program held the file open and old bytes may remain until it closes
    in_backups: int = 0  # backups made before that still hold the person (forget does not rewrite backups)
    backups_folder: str = ""
    company_fields: list[str] = field(
        default_factory=list
    )  # the company's own e-mail/phone, the person's: emptied


def forget_contact(conn: Connection, contact: Contact) -> Forgotten:
    """Erase a person for good: their row; their name, e-mail and phone wherever they were copied into notes, the
    log, guide answers or the company's own e-mail and phone (replaced by a neutral marker or emptied); the search
    index entries and the freed pages (secure_delete, VACUUM); and the write-ahead log. Activities stay, but no
    longer point to the person."""
    marker = t("contact.forgotten_marker")
    patterns = person_patterns(contact)

    def redact(text: str) -> str:
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
        for m in mentions(conn, contact):
            if m.table == "guide_answers":
                guide_id, _, key = m.column.partition("/")
                step_id, _, question_id = key.partition(".")
                conn.execute(
                    "UPDATE guide_answers SET value = ? WHERE guide_id = ? AND step_id = ? AND question_id = ?",
                    [json.dumps(redact(m.text), ensure_ascii=False), guide_id, step_id, question_id],
                )
            else:
                conn.execute(f"UPDATE {m.table} SET {m.column} = ? WHERE id = ?", [redact(m.text), m.row_id])
            redacted += 1
        emptied = []
        for column, value, compare in (
            ("email", contact.email, "COLLATE NOCASE"),
            ("phone", contact.phone, ""),
        ):
            if (
                value
                and conn.execute(
                    f"UPDATE companies SET {column} = NULL WHERE {column} = ? {compare}", [value]
                ).rowcount
            ):
                emptied.append(t(f"company.field.{column}"))
        conn.execute("DELETE FROM contacts WHERE id = ?", [contact.id])
        from lokalspil.history import forget_contact

        forget_contact(conn, contact.id)
    still = [
        name
        for (name,) in conn.execute("SELECT name FROM companies")
        if any(p.search(name) for p in patterns[:1])
    ]
    complete = erase_traces(conn)
    holding, folder = _backups_holding(conn, contact)
    return Forgotten(contact.name, unlinked, redacted, still, complete, holding, folder, emptied)


def _backups_holding(conn: Connection, contact: Contact) -> tuple[int, str]:
    """How many of the workspace's backups still hold the person's name or e-mail, and where they are."""
    from pathlib import Path

    from lokalspil.backups import backups_dir, list_backups

    row = conn.execute("SELECT file FROM pragma_database_list WHERE name = 'main'").fetchone()
    if not row or not row[0]:
        return 0, ""
    db_path = Path(row[0])
    needles = [x.encode("utf-8") for x in (contact.name, contact.email) if x]
    holding = 0
    for backup in list_backups(db_path):
        try:
            data = backup.path.read_bytes()
        except OSError:
            continue
        holding += any(needle in data for needle in needles)
    return holding, str(backups_dir(db_path))


@dataclass(frozen=True)
class Untouched:
    contact: Contact
    last_touched: str  # the date of the latest change or log entry about the person
    months: int

    def as_dict(self) -> dict[str, Any]:
        return {**self.contact.as_dict(), "last_touched": self.last_touched, "months": self.months}


def untouched_contacts(conn: Connection, months: int = 24, today: dt.date | None = None) -> list[Untouched]:
    """`lokalspil gdpr review`: contact persons nobody has touched for `months` months (no change to them, no log
    entry or agreement naming them), the longest untouched first. Keep personal data only while it is needed."""
    if months < 1:
        raise LokalspilError("gdpr.bad_months", months=months)
    day = today or dt.date.today()
    month = day.month - months % 12
    year = day.year - months // 12 - (1 if month < 1 else 0)
    month = month + 12 if month < 1 else month
    cutoff = dt.date(year, month, min(day.day, 28)).isoformat()
    rows = conn.execute(
        """SELECT p.id, max(substr(p.updated_at, 1, 10),
                            coalesce((SELECT max(max(a.date, substr(a.created_at, 1, 10))) FROM activities a
                                      WHERE a.contact_id = p.id), ''),
                            coalesce((SELECT max(substr(g.updated_at, 1, 10)) FROM agreements g
                                      WHERE g.contact_id = p.id), '')) AS touched
           FROM contacts p GROUP BY p.id HAVING touched < ? ORDER BY touched, p.id""",
        [cutoff],
    ).fetchall()
    found = []
    for contact_id, touched in rows:
        then = dt.date.fromisoformat(touched)
        age = (day.year - then.year) * 12 + day.month - then.month - (1 if day.day < then.day else 0)
        found.append(Untouched(get_contact(conn, contact_id), touched, age))
    return found
