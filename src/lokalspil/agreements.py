"""Agreements (samarbejdsaftaler): what a company and the area agreed on, for how many young people, and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from sqlite3 import Connection
from typing import Any

from lokalspil import danish
from lokalspil.companies import Company, advance_to
from lokalspil.database import insert_row, is_row_id, now, transaction, update_row
from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.fields import FieldProblem, clean_fields, free_text, one_line, parse_choice, refuse
from lokalspil.messages import t
from lokalspil.migrations import AGREEMENT_KINDS, AGREEMENT_STATUSES

SIGNED = ("signed", "running")


@dataclass
class Agreement:
    id: int
    company_id: int
    company: str
    kind: str
    places: int | None
    start: str | None
    end: str | None
    review: str | None
    status: str
    participants: int | None
    contact_id: int | None
    contact: str | None
    notes: str | None
    created_at: str
    updated_at: str
    address: str | None = None  # premises let out (erhvervslejemål)
    m2: float | None = None
    what: str | None = None  # what is bought (socialøkonomisk indkøb)
    amount: float | None = None  # DKK a year
    signed: str | None = None  # the day it was signed: `report` counts it in that period

    def as_dict(self) -> dict[str, Any]:
        whole = {
            k: int(v) for k in ("m2", "amount") if isinstance(v := getattr(self, k), float) and v.is_integer()
        }
        return {
            **asdict(self),
            **whole,
            "kind_label": t(f"agreement.kind.{self.kind}"),
            "status_label": t(f"agreement.status.{self.status}"),
        }


def about(agreement: Agreement) -> str:
    """What an agreement is about, in a few words: the premises or the purchase ('Vej 1, 120 m²')."""
    from lokalspil.templates import format_amount

    parts = []
    if agreement.address:
        parts.append(agreement.address)
    if agreement.m2 is not None:
        parts.append(t("agreement.m2", m2=format_amount(agreement.m2)))
    if agreement.what:
        parts.append(agreement.what)
    if agreement.amount is not None:
        parts.append(t("agreement.amount", amount=format_amount(agreement.amount)))
    return ", ".join(parts)


def parse_kind(text: str) -> str:
    return parse_choice(text, AGREEMENT_KINDS, "agreement.kind", "value.not_agreement_kind")


def parse_status(text: str) -> str:
    return parse_choice(text, AGREEMENT_STATUSES, "agreement.status", "value.not_agreement_status")


def _count(raw: str) -> int:
    number = danish.parse_number(raw)
    if not isinstance(number, int) or not 0 <= number <= 100_000:
        raise InvalidValue("value.not_count", value=raw.strip())
    return number


def _positive(raw: str, error: str, zero: bool = False) -> float:
    """An area in m² or an amount in DKK: a number (Danish or English form), above 0 (or 0 for an amount)."""
    text = (
        raw.strip().casefold().removesuffix("kr.").removesuffix("kr").removesuffix("dkk").removesuffix("m²")
    )
    text = text.removesuffix("m2").strip()
    try:
        number = danish.parse_number(text)
    except InvalidValue:
        raise InvalidValue(error, value=raw.strip()) from None
    if number < 0 or (number == 0 and not zero) or number > 1e12:
        raise InvalidValue(error, value=raw.strip())
    return float(number)


PARSERS: dict[str, Callable[[str], Any]] = {
    "kind": parse_kind,
    "status": parse_status,
    "places": _count,
    "participants": _count,
    "start": lambda raw: danish.parse_date(raw).isoformat(),
    "end": lambda raw: danish.parse_date(raw).isoformat(),
    "review": lambda raw: danish.parse_date(raw, prefer="future").isoformat(),
    "signed": lambda raw: danish.parse_date(raw, prefer="past").isoformat(),
    "notes": free_text,
    "address": one_line,
    "m2": lambda raw: _positive(raw, "value.not_area"),
    "what": one_line,
    "amount": lambda raw: _positive(raw, "value.not_amount", zero=True),
}


def _clean(conn: Connection, company_id: int, raw: Mapping[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in raw.items() if k != "contact_id"}
    values, found = clean_fields(fields, PARSERS, "agreement.field")
    problems: list[FieldProblem | str] = [*found]
    contact_id = raw.get("contact_id")
    if contact_id is not None:
        row = (
            conn.execute("SELECT company_id FROM contacts WHERE id = ?", [contact_id]).fetchone()
            if is_row_id(contact_id)
            else None
        )
        if row is None or row[0] != company_id:
            problems.append(f"--contact: {t('agreement.contact_elsewhere', id=contact_id)}")
        values["contact_id"] = int(contact_id)
    start, end = values.get("start"), values.get("end")
    if start and end and end < start:
        problems.append(t("agreement.end_before_start"))
    refuse("agreement.refused", problems)
    return values


_SELECT = """SELECT g.id, g.company_id, c.name, g.kind, g.places, g.start, g."end", g.review, g.status,
                    g.participants, g.contact_id, p.name, g.notes, g.created_at, g.updated_at,
                    g.address, g.m2, g.what, g.amount, g.signed
             FROM agreements g JOIN companies c ON c.id = g.company_id LEFT JOIN contacts p ON p.id = g.contact_id"""


def get_agreement(conn: Connection, agreement_id: int) -> Agreement:
    row = (
        conn.execute(f"{_SELECT} WHERE g.id = ?", [agreement_id]).fetchone()
        if is_row_id(agreement_id)
        else None
    )
    if row is None:
        raise LokalspilError("agreement.no_such_id", id=agreement_id)
    return Agreement(*row)


def list_agreements(
    conn: Connection, company: Company | None = None, status: str | None = None
) -> list[Agreement]:
    where: list[str] = []
    params: list[Any] = []
    if company is not None:
        where.append("g.company_id = ?")
        params.append(company.id)
    if status:
        where.append("g.status = ?")
        params.append(parse_status(status))
    sql = f"{_SELECT} {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY coalesce(g.start, g.created_at), g.id"
    return [Agreement(*row) for row in conn.execute(sql, params)]


def open_agreements(conn: Connection, company_ids: Sequence[int]) -> dict[int, list[Agreement]]:
    """The agreements not ended of each company, the one a letter is most likely about first: running, then
    signed, then the newest draft."""
    import json

    found: dict[int, list[Agreement]] = {}
    rows = conn.execute(
        f"""{_SELECT} WHERE g.status != 'ended' AND g.company_id IN (SELECT value FROM json_each(?))
            ORDER BY g.company_id, CASE g.status WHEN 'running' THEN 0 WHEN 'signed' THEN 1 ELSE 2 END, g.id DESC""",
        [json.dumps(list(company_ids))],
    )
    for row in rows:
        agreement = Agreement(*row)
        found.setdefault(agreement.company_id, []).append(agreement)
    return found


def add_agreement(conn: Connection, company: Company, raw: Mapping[str, Any]) -> tuple[Agreement, bool]:
    """`agreement add`; a signed or running agreement moves the company to the agreement stage unless it is
    further along. Returns the agreement and whether the stage moved."""
    values = _clean(conn, company.id, raw)
    if not values.get("kind"):
        raise LokalspilError("agreement.refused", problems=t("agreement.kind_needed"))
    stamp = now()
    row = {**_signed_day(values, None), "company_id": company.id, "created_at": stamp, "updated_at": stamp}
    with transaction(conn):
        agreement_id = insert_row(conn, "agreements", row)
        moved = values.get("status") in SIGNED and advance_to(conn, company.id, "agreement")
    return get_agreement(conn, agreement_id), bool(moved)


def edit_agreement(conn: Connection, agreement: Agreement, raw: Mapping[str, Any]) -> tuple[Agreement, bool]:
    values = _clean(conn, agreement.company_id, raw)
    merged_start = values.get("start", agreement.start)
    merged_end = values.get("end", agreement.end)
    if merged_start and merged_end and merged_end < merged_start:
        raise LokalspilError("agreement.refused", problems=t("agreement.end_before_start"))
    moved = False
    if values:
        values = _signed_day(values, agreement)
        with transaction(conn):
            update_row(conn, "agreements", agreement.id, {**values, "updated_at": now()})
            moved = values.get("status") in SIGNED and advance_to(conn, agreement.company_id, "agreement")
    return get_agreement(conn, agreement.id), bool(moved)


def _signed_day(values: dict[str, Any], agreement: Agreement | None) -> dict[str, Any]:
    """The values with the day of signing: as given (`--signed`), else today when the agreement becomes signed or
    running and has no such day yet. A signed day is never moved by a later change of status."""
    already = agreement.signed if agreement is not None else None
    status = values.get("status", agreement.status if agreement is not None else None)
    if "signed" not in values and already is None and status in SIGNED:
        return {**values, "signed": dt.date.today().isoformat()}
    return values


def end_agreement(conn: Connection, agreement: Agreement, on: str | None = None) -> tuple[Agreement, bool]:
    """Mark an agreement ended: today, or the date given; an earlier planned end date stands. Returns the agreement
    and whether it changed: one already ended is left as it is. One that has not started by that day is refused
    (ending it on its start date would invent a date), and so is an end date before its start."""
    if agreement.status == "ended":
        return agreement, False
    try:
        day = danish.parse_date(on).isoformat() if on else dt.date.today().isoformat()
    except InvalidValue as e:
        raise LokalspilError("agreement.refused", problems=f"--on: {e}") from None
    if agreement.start and day < agreement.start:
        if on:
            raise LokalspilError("agreement.refused", problems=t("agreement.end_before_start"))
        raise LokalspilError(
            "agreement.not_started",
            id=agreement.id,
            company=agreement.company,
            start=danish.format_date(agreement.start),
        )
    end = agreement.end if agreement.end and agreement.end <= day else day
    with transaction(conn):
        update_row(conn, "agreements", agreement.id, {"status": "ended", "end": end, "updated_at": now()})
    return get_agreement(conn, agreement.id), True
