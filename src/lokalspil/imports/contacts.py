"""`lokalspil import contacts`: each row names a company (CVR, else its name) and a person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil.danish import parse_cvr
from lokalspil.database import insert_row, update_row
from lokalspil.errors import LokalspilError
from lokalspil.fields import name_key
from lokalspil.imports.columns import CONTACT_HEADERS, Column
from lokalspil.imports.reading import Reading, Report, reject, run_import, warn
from lokalspil.messages import t
from lokalspil.tables import Table, unguard


def import_contacts(
    conn: Connection,
    path: Path,
    reading: Reading = Reading(),
    *,
    confirm: Callable[[Report], bool] | None = None,
) -> Report:
    """`lokalspil import contacts FILE`: each row names a company (CVR, else its name) and a person. A person who is
    already held for that company (same name) takes the row's non-empty values; others are added."""
    from lokalspil.companies import get_company
    from lokalspil.contacts import PARSERS as CONTACT_PARSERS
    from lokalspil.fields import clean_fields

    def check_columns(header: list[str], columns: list[Column]) -> None:
        if not any(c.field in ("company", "cvr") for c in columns):
            raise LokalspilError("import.no_company_column", columns=", ".join(header))

    def names() -> list[tuple[int, str]]:
        return conn.execute("SELECT id, name FROM companies").fetchall()

    def work(table: Table, columns: list[Column], report: Report, rejected: list[list[str]]) -> None:
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        default_purpose = t("contact.default_purpose")
        width = len(table.header)
        guarded = table.guarded
        # Each person the file names, by company and name (case and spacing aside), in the order first named.
        people: dict[tuple[int, str], dict[str, Any]] = {}
        for line, cells in table.rows:
            report.rows += 1
            raw = {
                c.field: (unguard(cells[c.index].strip()) if guarded else cells[c.index].strip())
                for c in columns
                if c.field and c.index < len(cells)
            }
            raw = {k: v for k, v in raw.items() if v}
            reason = None
            company = None
            try:
                if raw.get("cvr"):
                    ids = [
                        r[0]
                        for r in conn.execute(
                            "SELECT id FROM companies WHERE cvr = ?", [parse_cvr(raw["cvr"])]
                        )
                    ]
                else:  # the exact name (case and spacing aside), not a part of it
                    wanted = name_key(raw.get("company", ""))
                    ids = [i for i, name in names() if name_key(name) == wanted] if wanted else []
                if len(ids) == 1:
                    company = get_company(conn, ids[0])
                else:
                    reason = t("import.reason.no_company" if not ids else "import.reason.two_companies")
            except LokalspilError as e:
                reason = str(e)
            person = {k: raw.get(k) for k in ("name", "role", "email", "phone", "purpose")}
            values, problems = clean_fields(person, CONTACT_PARSERS, "contact.field", required=("name",))
            for problem in problems:
                if problem.field == "name":  # (a name refused, say for a CPR number in it, says why)
                    reason = reason or str(problem)
                else:
                    warn(report, line, str(problem))
            if not values.get("name") and reason is None:
                reason = t("import.reason.no_contact_name")
            if reason is not None or company is None:
                reject(report, rejected, line, cells, width, reason or "")
                continue
            given = {k: v for k, v in values.items() if v is not None}
            key = (company.id, name_key(given["name"]))
            if key in people:  # the same person again in the file: the later non-empty values win
                report.merged += 1
                people[key].update({k: v for k, v in given.items() if k != "name"})
            else:
                people[key] = given
        # Then each person once: importing the same file again finds nothing to change.
        for (company_id, who), given in people.items():
            match = next(
                (
                    row
                    for row in conn.execute(
                        "SELECT id, name, role, email, phone, purpose FROM contacts WHERE company_id = ?",
                        [company_id],
                    )
                    if name_key(row[1]) == who
                ),
                None,
            )
            if match is None:
                insert_row(conn, "contacts", {
                    "company_id": company_id, "purpose": default_purpose, **given,
                    "created_at": stamp, "updated_at": stamp,
                })  # fmt: skip
                report.new += 1
                continue
            current = dict(zip(("id", "name", "role", "email", "phone", "purpose"), match, strict=True))
            changed = {k: v for k, v in given.items() if k != "name" and current.get(k) != v}  # name: the key
            if changed:
                update_row(conn, "contacts", current["id"], {**changed, "updated_at": stamp})
                report.updated += 1
            else:
                report.unchanged += 1

    return run_import(
        conn, path, reading, CONTACT_HEADERS, work, confirm, check_columns, labels="contact.field"
    )
