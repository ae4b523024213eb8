"""Targets (måltal): per indicator and year, the number the area aims for and the baseline it starts from.

The indicators are declared in indicators.py; `report` sets each period's count against the year's target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from sqlite3 import Connection
from typing import Any

from lokalspil import danish
from lokalspil.database import now, transaction
from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.indicators import by_id, indicator_ids
from lokalspil.messages import CATALOGUES, get_language


@dataclass(frozen=True)
class Target:
    id: int
    indicator: str
    year: int
    target: int | None
    baseline: int | None
    updated_at: str

    @property
    def label(self) -> str:
        """The indicator's name in the reader's language, where the catalogue has one; else its id."""
        return CATALOGUES[get_language()].get(f"indicator.{self.indicator}") or self.indicator

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "label": self.label}


def parse_indicator(text: str) -> str:
    """An indicator's id ('young_started'; 'young-started' and any case will do)."""
    ref = "_".join(text.strip().casefold().replace("-", " ").split())
    if by_id(ref) is None:
        raise InvalidValue("value.not_indicator", value=text.strip(), allowed=", ".join(indicator_ids()))
    return ref


def _whole(text: str, low: int, high: int, error: str) -> int:
    try:
        number = danish.parse_number(text)
    except InvalidValue:
        raise InvalidValue(error, value=text.strip()) from None
    if not isinstance(number, int) or not low <= number <= high:
        raise InvalidValue(error, value=text.strip())
    return number


def parse_year(text: str) -> int:
    return _whole(text, 2000, 2100, "value.not_year")


def parse_target(text: str) -> int:
    return _whole(text, 0, 10_000_000, "value.not_target")


PARSERS: dict[str, Callable[[str], Any]] = {
    "indicator": parse_indicator,
    "year": parse_year,
    "target": parse_target,
    "baseline": parse_target,
}


def _parsed(name: str, raw: str) -> Any:
    try:
        return PARSERS[name](raw)
    except InvalidValue as e:
        raise LokalspilError("target.refused", problems=str(e)) from None


_SELECT = "SELECT id, indicator, year, target, baseline, updated_at FROM targets"


def get_target(conn: Connection, indicator: str, year: int) -> Target | None:
    row = conn.execute(f"{_SELECT} WHERE indicator = ? AND year = ?", [indicator, year]).fetchone()
    return Target(*row) if row else None


def set_target(
    conn: Connection, indicator: str, year: str, target: str, baseline: str | None = None
) -> Target:
    """`target set`: the target for an indicator in a year (and its baseline, if given), made or replaced."""
    ref, when, number = _parsed("indicator", indicator), _parsed("year", year), _parsed("target", target)
    row: dict[str, Any] = {"target": number, "updated_at": now()}
    if baseline is not None:
        row["baseline"] = _parsed("baseline", baseline) if baseline.strip() else None
    with transaction(conn):
        conn.execute(
            f"""INSERT INTO targets (indicator, year, {", ".join(row)}) VALUES (?, ?, {", ".join("?" * len(row))})
                ON CONFLICT (indicator, year) DO UPDATE SET {", ".join(f"{k} = excluded.{k}" for k in row)}""",
            [ref, when, *row.values()],
        )
    found = get_target(conn, ref, when)
    assert found is not None
    return found


def list_targets(conn: Connection, year: str | None = None) -> list[Target]:
    """The targets, in the indicators' order, year by year."""
    order = {ref: n for n, ref in enumerate(indicator_ids())}
    if year is None:
        rows = conn.execute(_SELECT).fetchall()
    else:
        rows = conn.execute(f"{_SELECT} WHERE year = ?", [_parsed("year", year)]).fetchall()
    return sorted(
        (Target(*row) for row in rows), key=lambda x: (x.year, order.get(x.indicator, 99), x.indicator)
    )


def remove_target(conn: Connection, indicator: str, year: str) -> Target:
    """`target remove`: the target for an indicator in a year, gone. Returns what it was."""
    ref, when = _parsed("indicator", indicator), _parsed("year", year)
    found = get_target(conn, ref, when)
    if found is None:
        raise LokalspilError("target.none_set", indicator=ref, year=when)
    with transaction(conn):
        conn.execute("DELETE FROM targets WHERE id = ?", [found.id])
    return found
