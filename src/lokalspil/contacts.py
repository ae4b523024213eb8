"""Contact persons at companies: personal data, held for a reason, shown on request and erased for good."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from sqlite3 import Connection
from typing import Any

from lokalspil import danish
from lokalspil.companies import Company
from lokalspil.database import insert_row, is_row_id, now, transaction, update_row
from lokalspil.errors import BadUsage, LokalspilError
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


def export_contact(conn: Connection, contact: Contact) -> dict[str, Any]:
    """Everything held about a person (a data access request): the record, the log entries and agreements that
    point to them, every text that names them (the same places `contact forget` cleans), and the names, e-mails
    and phone numbers an edit replaced (kept only so that `contact forget` finds the person under them too)."""
    from lokalspil.forgetting import former_values, mentions

    linked_activities = [
        {"id": r[0], "date": r[1], "kind": r[2], "summary": r[3], "next_action": r[5], "company": r[4]}
        for r in conn.execute(
            """SELECT a.id, a.date, a.kind, a.summary, c.name, a.next_action FROM activities a
               JOIN companies c ON c.id = a.company_id
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
        "former_values": former_values(conn, contact),
        "exported_at": now(),
    }


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
        raise BadUsage("gdpr.bad_months", months=months)
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
