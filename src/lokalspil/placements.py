"""Placements (forløb): one young person in one opening or agreement, counted but never named.

A placement holds only choices from fixed lists (the kind, an age band, a school status, an outcome and why it
stopped), dates and the numbers of the company, opening and agreement. There is no text field: anything typed
that is not one of the choices, a date or a number is refused, so nothing that identifies a young person can be
stored (tests/test_cli_placements.py feeds a name and a CPR number through every command to make sure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from sqlite3 import Connection
from typing import Any

from lokalspil import danish
from lokalspil.agreements import parse_kind
from lokalspil.companies import Company
from lokalspil.database import insert_row, is_row_id, now, transaction, update_row
from lokalspil.errors import LokalspilError
from lokalspil.fields import FieldProblem, clean_fields, parse_choice, refuse
from lokalspil.messages import t
from lokalspil.migrations import OUTCOMES, SCHOOL_STATUSES, STOP_REASONS
from lokalspil.openings import agreement_of, parse_age_band


@dataclass(frozen=True)
class Placement:
    id: int
    company_id: int
    company: str
    opening_id: int | None
    agreement_id: int | None
    kind: str
    age_band: str
    school: str
    start: str
    end: str | None
    outcome: str | None
    stop_reason: str | None
    created_at: str
    updated_at: str

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "kind_label": t(f"agreement.kind.{self.kind}"),
            "school_label": t(f"placement.school.{self.school}"),
            "outcome_label": t(f"placement.outcome.{self.outcome}") if self.outcome else None,
            "stop_reason_label": t(f"placement.reason.{self.stop_reason}") if self.stop_reason else None,
        }


def parse_school(text: str) -> str:
    return parse_choice(text, SCHOOL_STATUSES, "placement.school", "value.not_school")


def parse_outcome(text: str) -> str:
    return parse_choice(text, OUTCOMES, "placement.outcome", "value.not_outcome")


def parse_reason(text: str) -> str:
    return parse_choice(text, STOP_REASONS, "placement.reason", "value.not_stop_reason")


def _date(raw: str) -> str:
    return danish.parse_date(raw).isoformat()


PARSERS: dict[str, Callable[[str], Any]] = {
    "kind": parse_kind,
    "age_band": parse_age_band,
    "school": parse_school,
    "start": _date,
    "end": _date,
    "outcome": parse_outcome,
    "stop_reason": parse_reason,
}
REQUIRED = ("kind", "age_band", "school", "start")

_SELECT = """SELECT p.id, p.company_id, c.name, p.opening_id, p.agreement_id, p.kind, p.age_band, p.school,
                    p.start, p."end", p.outcome, p.stop_reason, p.created_at, p.updated_at
             FROM placements p JOIN companies c ON c.id = p.company_id"""


def get_placement(conn: Connection, placement_id: int) -> Placement:
    row = (
        conn.execute(f"{_SELECT} WHERE p.id = ?", [placement_id]).fetchone()
        if is_row_id(placement_id)
        else None
    )
    if row is None:
        raise LokalspilError("placement.no_such_id", id=placement_id)
    return Placement(*row)


def list_placements(
    conn: Connection, company: Company | None = None, year: int | None = None
) -> list[Placement]:
    """The placements (of one company), or those that ran at some time in `year`."""
    where: list[str] = []
    params: list[Any] = []
    if company is not None:
        where.append("p.company_id = ?")
        params.append(company.id)
    if year is not None:
        where.append("""p.start <= ? AND (p."end" IS NULL OR p."end" >= ?)""")
        params += [f"{year}-12-31", f"{year}-01-01"]
    sql = f"{_SELECT} {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY p.start, p.id"
    return [Placement(*row) for row in conn.execute(sql, params)]


def _links(conn: Connection, company_id: int, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The opening and agreement a placement is in, checked to be the company's own; with the kind they give
    (as 'kind_from') and the agreement an opening belongs to."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    opening_id, agreement_id = raw.get("opening_id"), raw.get("agreement_id")
    if opening_id is not None:
        row = (
            conn.execute(
                "SELECT company_id, kind, agreement_id FROM openings WHERE id = ?", [opening_id]
            ).fetchone()
            if isinstance(opening_id, int) and is_row_id(opening_id)
            else None
        )
        if row is None:
            problems.append(f"--opening: {t('placement.no_opening', id=opening_id)}")
        elif row[0] != company_id:
            problems.append(f"--opening: {t('placement.opening_elsewhere', id=opening_id)}")
        elif agreement_id is not None and row[2] is not None and row[2] != agreement_id:
            problems.append(t("placement.opening_other_agreement", id=opening_id, agreement=row[2]))
        else:
            values.update(opening_id=opening_id, kind_from=row[1])
            if row[2] is not None:
                values["agreement_id"] = row[2]
    if agreement_id is not None:
        problem, kind = agreement_of(conn, company_id, agreement_id, "--agreement")
        if problem:
            problems.append(problem)
        else:
            values["agreement_id"] = agreement_id
            values.setdefault("kind_from", kind)
    return values, problems


def _check(merged: Mapping[str, Any]) -> list[str]:
    """What does not fit in a placement as it would be stored."""
    problems = []
    start, end, outcome = merged.get("start"), merged.get("end"), merged.get("outcome")
    if start and end and end < start:
        problems.append(t("placement.end_before_start"))
    if outcome and not end:
        problems.append(t("placement.outcome_needs_end"))
    if outcome == "stopped" and not merged.get("stop_reason"):
        problems.append(t("placement.reason_needed"))
    if merged.get("stop_reason") and outcome != "stopped":
        problems.append(t("placement.reason_only_stopped"))
    return problems


def _clean(conn: Connection, company_id: int, raw: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    fields = {k: v for k, v in raw.items() if k not in ("opening_id", "agreement_id")}
    values, found = clean_fields(fields, PARSERS, "placement.field", required=REQUIRED)
    links, linked = _links(conn, company_id, raw)
    problems: list[FieldProblem | str] = [*found, *linked]
    refuse("placement.refused", problems)
    kind_from = links.pop("kind_from", None)
    return {**values, **links}, kind_from


def add_placement(conn: Connection, company: Company, raw: Mapping[str, Any]) -> Placement:
    """`placement add`: the kind comes from the opening or agreement when none is given; the start is today
    unless another day is given."""
    values, kind_from = _clean(conn, company.id, raw)
    if kind_from:
        values.setdefault("kind", kind_from)
    values.setdefault("start", dt.date.today().isoformat())
    needed = [
        t(f"placement.{name}_needed") for name in ("kind", "age_band", "school") if not values.get(name)
    ]
    refuse("placement.refused", [*needed, *_check(values)])
    stamp = now()
    with transaction(conn):
        placement_id = insert_row(
            conn, "placements", {**values, "company_id": company.id, "created_at": stamp, "updated_at": stamp}
        )
    return get_placement(conn, placement_id)


def edit_placement(conn: Connection, placement: Placement, raw: Mapping[str, Any]) -> Placement:
    """`placement edit`: only the fields given change; an outcome other than 'stopped' takes away the reason."""
    values, _ = _clean(conn, placement.company_id, raw)
    if "outcome" in values and values["outcome"] != "stopped" and "stop_reason" not in values:
        values["stop_reason"] = None
    refuse("placement.refused", _check({**placement.as_dict(), **values}))
    if values:
        with transaction(conn):
            update_row(conn, "placements", placement.id, {**values, "updated_at": now()})
    return get_placement(conn, placement.id)


def end_placement(
    conn: Connection, placement: Placement, outcome: str, reason: str | None = None, on: str | None = None
) -> Placement:
    """`placement end`: how it ended (and, if it stopped, why), on the day given or today."""
    raw = {"outcome": outcome, "stop_reason": reason, "end": on or dt.date.today().isoformat()}
    return edit_placement(conn, placement, raw)
