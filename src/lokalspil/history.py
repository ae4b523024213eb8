"""The history of changes: which command changed which record, and when (`lokalspil history [COMPANY]`).

The database keeps it itself (triggers made by migration 0005 write a row for every change to a company, contact
person, log entry or agreement), so no change escapes it, whoever makes it. It names the fields that changed,
never their values: it holds no personal data of its own, and forgetting a person removes their rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from sqlite3 import Connection
from typing import Any

from lokalspil.companies import Company
from lokalspil.errors import BadUsage

LIMIT = 50
MAX_LIMIT = 1_000_000  # --limit: more changes than anyone reads, far fewer than SQLite can count


@dataclass(frozen=True)
class Change:
    id: int
    at: str  # UTC, ISO 8601
    command: str | None
    entity: str
    entity_id: int
    company_id: int | None
    company: str | None  # None when the company has since been removed
    action: str
    fields: list[str]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def local_time(self) -> str:
        moment = dt.datetime.fromisoformat(self.at.replace("Z", "+00:00"))
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def changes(conn: Connection, company: Company | None = None, limit: int = LIMIT) -> list[Change]:
    """The latest changes, newest first: of one company (and its contacts, log and agreements) or of everything."""
    if not 1 <= limit <= MAX_LIMIT:
        raise BadUsage("history.bad_limit", limit=limit)
    where, params = ("WHERE h.company_id = ?", [company.id]) if company is not None else ("", [])
    rows = conn.execute(
        f"""SELECT h.id, h.at, h.command, h.entity, h.entity_id, h.company_id, c.name, h.action, h.fields
            FROM history h LEFT JOIN companies c ON c.id = h.company_id {where}
            ORDER BY h.id DESC LIMIT ?""",
        [*params, limit],
    )
    return [
        Change(id_, at, command, entity, entity_id, company_id, name, action, (fields or "").split())
        for id_, at, command, entity, entity_id, company_id, name, action, fields in rows
    ]


def forget_contact(conn: Connection, contact_id: int) -> int:
    """Remove a forgotten person's rows from the history (within the caller's transaction)."""
    return conn.execute(
        "DELETE FROM history WHERE entity = 'contact' AND entity_id = ?", [contact_id]
    ).rowcount
