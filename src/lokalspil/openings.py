"""Openings (jobopslag): what a company offers young people (a leisure job, an internship ...), for how many, at
which ages and hours, and whether it is still open. An opening may belong to an agreement with the company."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any

from lokalspil import danish
from lokalspil.agreements import parse_kind
from lokalspil.companies import Company
from lokalspil.database import insert_row, is_row_id, now, transaction, update_row
from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.fields import FieldProblem, clean_fields, free_text, one_line, parse_choice, refuse
from lokalspil.messages import t
from lokalspil.migrations import AGE_BANDS, OPENING_STATUSES

if TYPE_CHECKING:
    from lokalspil.young_workers import Breach


@dataclass(frozen=True)
class Opening:
    id: int
    company_id: int
    company: str
    agreement_id: int | None
    kind: str
    title: str
    places: int
    age_bands: tuple[str, ...]
    hours: str | None
    from_time: str | None
    to_time: str | None
    weekly_hours: float | None
    season: str | None
    requirements: str | None
    status: str
    opened: str
    closed: str | None
    notes: str | None
    created_at: str
    updated_at: str

    def as_dict(self) -> dict[str, Any]:
        hours = self.weekly_hours
        return {
            **asdict(self),
            "age_bands": list(self.age_bands),
            "weekly_hours": int(hours) if isinstance(hours, float) and hours.is_integer() else hours,
            "kind_label": t(f"agreement.kind.{self.kind}"),
            "status_label": t(f"opening.status.{self.status}"),
        }


def parse_age_band(text: str) -> str:
    """One age band: '15-17', '15–17', '15 - 17 år'."""
    band = "".join(text.casefold().removesuffix("år").removesuffix("years").split()).replace("–", "-")
    if band not in AGE_BANDS:
        raise InvalidValue("value.not_age_band", value=text.strip(), allowed=", ".join(AGE_BANDS))
    return band


def parse_age_bands(text: str) -> str:
    """Age bands separated by commas ('13-14,15-17'), stored as a JSON list in the bands' own order."""
    bands = {parse_age_band(part) for part in text.split(",") if part.strip()}
    return json.dumps(sorted(bands, key=AGE_BANDS.index))


def parse_status(text: str) -> str:
    return parse_choice(text, OPENING_STATUSES, "opening.status", "value.not_opening_status")


def _places(raw: str) -> int:
    number = danish.parse_number(raw)
    if not isinstance(number, int) or not 1 <= number <= 100_000:
        raise InvalidValue("value.not_places", value=raw.strip())
    return number


def _weekly_hours(raw: str) -> float:
    text = raw.strip().casefold().removesuffix("timer").removesuffix("hours").removesuffix("t").strip()
    try:
        number = danish.parse_number(text)
    except InvalidValue:
        raise InvalidValue("value.not_weekly_hours", value=raw.strip()) from None
    if not 0 < number <= 60:
        raise InvalidValue("value.not_weekly_hours", value=raw.strip())
    return float(number)


def _date(raw: str) -> str:
    return danish.parse_date(raw).isoformat()


PARSERS: dict[str, Callable[[str], Any]] = {
    "kind": parse_kind,
    "title": one_line,
    "places": _places,
    "age_bands": parse_age_bands,
    "hours": one_line,
    "from_time": danish.parse_time,
    "to_time": danish.parse_time,
    "weekly_hours": _weekly_hours,
    "season": one_line,
    "requirements": free_text,
    "status": parse_status,
    "opened": _date,
    "closed": _date,
    "notes": free_text,
}
REQUIRED = ("kind", "title", "places", "status", "opened")  # may not be emptied


def agreement_of(conn: Connection, company_id: int, agreement_id: Any, option: str) -> tuple[str | None, str]:
    """The problem with linking an agreement (None if there is none) and the agreement's kind."""
    row = (
        conn.execute("SELECT company_id, kind FROM agreements WHERE id = ?", [agreement_id]).fetchone()
        if isinstance(agreement_id, int) and is_row_id(agreement_id)
        else None
    )
    if row is None:
        return f"{option}: {t('opening.no_agreement', id=agreement_id)}", ""
    if row[0] != company_id:
        return f"{option}: {t('opening.agreement_elsewhere', id=agreement_id)}", ""
    return None, str(row[1])


def _clean(conn: Connection, company_id: int, raw: Mapping[str, Any], adding: bool = False) -> dict[str, Any]:
    fields = {k: v for k, v in raw.items() if k != "agreement_id"}
    values, found = clean_fields(fields, PARSERS, "opening.field", required=REQUIRED)
    problems: list[FieldProblem | str] = [*found]
    agreement_id = raw.get("agreement_id")
    if agreement_id is not None:
        problem, kind = agreement_of(conn, company_id, agreement_id, "--agreement")
        if problem:
            problems.append(problem)
        else:
            values["agreement_id"] = int(agreement_id)
            if adding:
                values.setdefault("kind", kind)  # the agreement's kind, unless another is given
    refuse("opening.refused", problems)
    return values


_SELECT = """SELECT o.id, o.company_id, c.name, o.agreement_id, o.kind, o.title, o.places, o.age_bands, o.hours,
                    o.from_time, o.to_time, o.weekly_hours, o.season, o.requirements, o.status, o.opened, o.closed,
                    o.notes, o.created_at, o.updated_at
             FROM openings o JOIN companies c ON c.id = o.company_id"""


def _opening(row: tuple[Any, ...]) -> Opening:
    values = list(row)
    values[7] = tuple(json.loads(values[7] or "[]"))
    return Opening(*values)


def get_opening(conn: Connection, opening_id: int) -> Opening:
    row = (
        conn.execute(f"{_SELECT} WHERE o.id = ?", [opening_id]).fetchone() if is_row_id(opening_id) else None
    )
    if row is None:
        raise LokalspilError("opening.no_such_id", id=opening_id)
    return _opening(row)


def list_openings(
    conn: Connection, company: Company | None = None, status: str | None = None
) -> list[Opening]:
    where: list[str] = []
    params: list[Any] = []
    if company is not None:
        where.append("o.company_id = ?")
        params.append(company.id)
    if status:
        where.append("o.status = ?")
        params.append(parse_status(status))
    sql = f"{_SELECT} {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY o.opened, o.id"
    return [_opening(row) for row in conn.execute(sql, params)]


def _check_dates(opened: str | None, closed: str | None) -> None:
    if opened and closed and closed < opened:
        raise LokalspilError("opening.refused", problems=t("opening.closed_before_opened"))


def add_opening(conn: Connection, company: Company, raw: Mapping[str, Any]) -> Opening:
    """`opening add`: the kind comes from the agreement linked when none is given; it opens today unless
    another day is given."""
    values = _clean(conn, company.id, raw, adding=True)
    missing = [t(f"opening.{name}_needed") for name in ("kind", "title") if not values.get(name)]
    refuse("opening.refused", missing)
    values.setdefault("opened", dt.date.today().isoformat())
    if values.get("status") in ("filled", "closed"):
        values.setdefault("closed", values["opened"])
    _check_dates(values["opened"], values.get("closed"))
    _check_rules(company.industry_code, values)
    stamp = now()
    with transaction(conn):
        opening_id = insert_row(
            conn, "openings", {**values, "company_id": company.id, "created_at": stamp, "updated_at": stamp}
        )
    return get_opening(conn, opening_id)


def _bands(value: Any) -> list[str]:
    return list(json.loads(value)) if isinstance(value, str) else list(value or [])


def _industry_code(conn: Connection, company_id: int) -> str | None:
    """The company's industry code: which trade the rules for young workers apply to."""
    row = conn.execute("SELECT industry_code FROM companies WHERE id = ?", [company_id]).fetchone()
    return row[0] if row else None


def _breaches(industry_code: str | None, values: Mapping[str, Any]) -> tuple[list[Breach], list[Breach]]:
    """What the rules for young workers refuse, and what they allow only on some days, for an opening's values."""
    from lokalspil.young_workers import opening_breaches

    return opening_breaches(_bands(values.get("age_bands")), values.get("from_time"), values.get("to_time"),
                            values.get("weekly_hours"), industry_code)  # fmt: skip


def _check_rules(industry_code: str | None, values: Mapping[str, Any]) -> None:
    """Refuse work the rules for young workers never allow for the opening's age bands (lokalspil rules)."""
    from lokalspil.young_workers import refuse_breaches

    refused, _ = _breaches(industry_code, values)
    refuse_breaches(refused, ", ".join(b for b in _bands(values.get("age_bands")) if b in ("13-14", "15-17")))


def rule_warnings(conn: Connection, opening: Opening) -> list[str]:
    """What the rules for young workers allow only on some days, for the command to say after saving."""
    _, warned = _breaches(_industry_code(conn, opening.company_id), opening.as_dict())
    return [str(b) for b in warned]


def edit_opening(conn: Connection, opening: Opening, raw: Mapping[str, Any]) -> Opening:
    """`opening edit`: only the fields given change. Opening it again clears its closing day; closing it without
    one gives it today's."""
    values = _clean(conn, opening.company_id, raw)
    status = values.get("status")
    if status == "open" and "closed" not in values:
        values["closed"] = None
    elif status in ("filled", "closed") and not values.get("closed", opening.closed):
        values["closed"] = dt.date.today().isoformat()
    _check_dates(values.get("opened", opening.opened), values.get("closed", opening.closed))
    if {"age_bands", "from_time", "to_time", "weekly_hours"} & set(values):
        _check_rules(_industry_code(conn, opening.company_id), {**opening.as_dict(), **values})
    if values:
        with transaction(conn):
            update_row(conn, "openings", opening.id, {**values, "updated_at": now()})
    return get_opening(conn, opening.id)


def close_opening(conn: Connection, opening: Opening, filled: bool = False, on: str | None = None) -> Opening:
    """`opening close`: closed (or filled) on the day given, else today."""
    try:
        day = danish.parse_date(on).isoformat() if on else dt.date.today().isoformat()
    except InvalidValue as e:
        raise LokalspilError("opening.refused", problems=f"--date: {e}") from None
    _check_dates(opening.opened, day)
    status = "filled" if filled else "closed"
    with transaction(conn):
        update_row(conn, "openings", opening.id, {"status": status, "closed": day, "updated_at": now()})
    return get_opening(conn, opening.id)
