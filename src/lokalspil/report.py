"""`lokalspil report`: every indicator of lokalspil.indicators per period, beside its target (måltal).

Every figure is counted from dated records only, so a past period's figures stay what they were when today's
records change (a company moves on, a placement ends, an opening closes); only an edit of the very dates counts
differently. What each indicator counts, for a period from its first day to its last, both included:

- companies_contacted: companies whose first stage change away from 'candidate' (a log entry of kind 'stage' with
  old stage 'candidate', to any other stage) is dated in the period. A company counts once, in the period of its
  first such change, however often it is put back and contacted again.
- meetings: log entries of kind 'meeting' dated in the period.
- agreements_signed: agreements whose day of signing (`signed`) is in the period.
- places_offered: the places of the openings opened (`opened`) in the period.
- young_started, and per age band young_started_13_14, _15_17, _18_24, _25_29: placements that started in the
  period.
- in_job_after_3_months: placements whose three-month mark (the start plus three calendar months; from 30
  November that is 28 February) is in the period and has come (is not after today), and that had not ended
  before the mark (no end, or an end on or after the mark) or ended before it as an ordinary job.
- went_on_to_job / went_on_to_education: placements that ended in the period with the outcome 'job' /
  'education'.
- company_events: log entries of kind 'event' dated in the period.

Periods: a year (`--year`, this year when nothing is given) or a range of days (`--from`, `--to`), split into
quarters (the default), months or years; a period at an edge of the range is cut to the range.

Targets come from the `targets` table (`target set INDICATOR YEAR N`). For a range within one year: that year's
target and baseline. For a range over several years: the sum of those years' targets, or none if any of them has
none; the baseline of the year the range starts in. The distance is the target less the total; the target is
reached when it is 0 or less.

`build_report(conn, start, end, by)` is the library's way in (the plan shows its results so far with it);
`report_range` reads what the user typed. The SQL reads each table for the whole range at once (the log twice:
its meetings and events, and its stage changes), through the indexes on openings(opened) and placements(start),
and the days are then put into their periods.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil.charts import Bar
from lokalspil.errors import BadUsage, LokalspilError, option_value
from lokalspil.indicators import AREAS, INDICATORS
from lokalspil.messages import t
from lokalspil.migrations import AGE_BANDS

SPLITS = ("quarter", "month", "year")
_DANISH_SPLITS = {"kvartal": "quarter", "måned": "month", "maaned": "month", "år": "year", "aar": "year"}
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a target can be set for
MAIN = ("young_started", "places_offered")  # the indicators the charts show


# ---------------------------------------------------------------------------------------------------------------
# Periods


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later; the month's last day where that month is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Period:
    label: str  # '1. kvt. 2026', 'jan. 2026', '2026'
    start: dt.date
    end: dt.date  # included
    short: str = ""  # without the year, where the heading says it: 'K1', 'jan.'

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "from": self.start.isoformat(), "to": self.end.isoformat()}


def _first_of(day: dt.date, by: str) -> tuple[dt.date, dt.date]:
    """The first day of the period `day` is in, and the first day of the next one."""
    if by == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)
    months = 3 if by == "quarter" else 1
    first = dt.date(day.year, (day.month - 1) // months * months + 1, 1)
    return first, add_months(first, months)


def _labels(first: dt.date, by: str) -> tuple[str, str]:
    """The period's name, and its name without the year."""
    if by == "year":
        return str(first.year), str(first.year)
    if by == "quarter":
        quarter = (first.month - 1) // 3 + 1
        return t("report.quarter", quarter=quarter, year=first.year), t(
            "report.quarter_short", quarter=quarter
        )
    month = t("report.months").split(",")[first.month - 1]
    return t("report.month", month=month, year=first.year), month


def split_periods(start: dt.date, end: dt.date, by: str) -> tuple[Period, ...]:
    """The quarters, months or years from `start` to `end`, those at the edges cut to the range."""
    periods = []
    day = start
    while day <= end:
        first, following = _first_of(day, by)
        label, short = _labels(first, by)
        periods.append(Period(label, day, min(following - dt.timedelta(days=1), end), short))
        day = following
    return tuple(periods)


def report_range(
    year: int | None = None,
    start: str | None = None,
    end: str | None = None,
    by: str | None = None,
    today: dt.date | None = None,
) -> tuple[dt.date, dt.date, str]:
    """What the user typed (`--year`, or `--from` and `--to` as Danes write dates, and `--by`) as the first and
    last day and the split. Without a year or a range: this year. `--from` alone runs to the end of its year,
    `--to` alone from the start of its year."""
    from lokalspil.danish import format_date, parse_date

    today = today or dt.date.today()
    split = (by or "quarter").strip().lower()
    split = _DANISH_SPLITS.get(split, split)
    if split not in SPLITS:
        raise BadUsage("report.bad_split", value=by, splits=", ".join(SPLITS))
    if year is not None and (start or end):
        raise BadUsage("report.year_and_range")
    if start or end:
        first = option_value(lambda text: parse_date(text, today, prefer="past"), start) if start else None
        last = option_value(lambda text: parse_date(text, today, prefer="past"), end) if end else None
        first = first or dt.date(last.year if last else today.year, 1, 1)
        last = last or dt.date(first.year, 12, 31)
        if first > last:
            raise BadUsage("report.from_after_to", start=format_date(first), end=format_date(last))
        for day in (first, last):
            _check_year(day.year)
        return first, last, split
    chosen = today.year if year is None else year
    _check_year(chosen)
    return dt.date(chosen, 1, 1), dt.date(chosen, 12, 31), split


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadUsage("report.bad_year", year=year, first=FIRST_YEAR, last=LAST_YEAR)


# ---------------------------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Row:
    """One indicator: its count per period, the total, and the target for the range."""

    id: str
    area: str
    values: tuple[int, ...]
    total: int
    target: int | None
    baseline: int | None

    @property
    def label(self) -> str:
        return t(f"indicator.{self.id}")

    @property
    def about(self) -> str:
        return t(f"indicator.{self.id}.about")

    @property
    def distance(self) -> int | None:
        """The target less the total (reached when 0 or less); None without a target."""
        return None if self.target is None else self.target - self.total

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "area": self.area,
            "label": self.label,
            "values": list(self.values),
            "total": self.total,
            "target": self.target,
            "baseline": self.baseline,
            "distance": self.distance,
        }


@dataclass(frozen=True)
class Report:
    start: dt.date
    end: dt.date
    by: str
    periods: tuple[Period, ...]
    rows: tuple[Row, ...]  # in the order of lokalspil.indicators

    def row(self, indicator_id: str) -> Row:
        return next(r for r in self.rows if r.id == indicator_id)

    def by_area(self) -> list[tuple[str, list[Row]]]:
        """The rows under their indsatsområde, in the fund's order; areas without an indicator left out."""
        grouped = [(area, [r for r in self.rows if r.area == area]) for area in AREAS]
        return [(area, rows) for area, rows in grouped if rows]

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "by": self.by,
            "periods": [p.as_dict() for p in self.periods],
            "indicators": [r.as_dict() for r in self.rows],
        }


def build_report(
    conn: Connection, start: dt.date, end: dt.date, by: str = "quarter", today: dt.date | None = None
) -> Report:
    """Every indicator per period from `start` to `end` (both included), split by quarter, month or year, with
    the targets for those years. `today` only decides which three-month marks have come."""
    periods = split_periods(start, end, by)
    counts = _count(conn, start, end, today or dt.date.today())
    starts = [p.start for p in periods]
    targets = _targets(conn, start.year, end.year)
    rows = []
    for indicator in INDICATORS:
        values = [0] * len(periods)
        for day, count in counts.get(indicator.id, Counter()).items():
            values[bisect.bisect_right(starts, day) - 1] += count
        target, baseline = targets.get(indicator.id, (None, None))
        rows.append(Row(indicator.id, indicator.area, tuple(values), sum(values), target, baseline))
    return Report(start, end, by, periods, tuple(rows))


def _targets(conn: Connection, first: int, last: int) -> dict[str, tuple[int | None, int | None]]:
    """{indicator: (the sum of the years' targets, or None if a year has none; the first year's baseline)}."""
    found: dict[str, dict[int, tuple[int | None, int | None]]] = {}
    for indicator, year, target, baseline in conn.execute(
        "SELECT indicator, year, target, baseline FROM targets WHERE year BETWEEN ? AND ?", [first, last]
    ):
        found.setdefault(indicator, {})[year] = (target, baseline)
    result = {}
    for indicator, years in found.items():
        wanted = [years.get(y, (None, None))[0] for y in range(first, last + 1)]
        total = None if any(w is None for w in wanted) else sum(w for w in wanted if w is not None)
        result[indicator] = (total, years.get(first, (None, None))[1])
    return result


# ---------------------------------------------------------------------------------------------------------------
# Counting: {indicator: {day: count}} for the days from start to end


def _days(rows: Iterable[tuple[Any, ...]]) -> Counter[dt.date]:
    counted: Counter[dt.date] = Counter()
    for day, count in rows:
        counted[dt.date.fromisoformat(day[:10])] += count
    return counted


def _count(conn: Connection, start: dt.date, end: dt.date, today: dt.date) -> dict[str, Counter[dt.date]]:
    first, last = start.isoformat(), end.isoformat()
    # A log entry's date is compared as text: before the next day.
    after = (end + dt.timedelta(days=1)).isoformat()
    counts: dict[str, Counter[dt.date]] = {"meetings": Counter(), "company_events": Counter()}
    for day, kind, count in conn.execute(
        """SELECT substr(date, 1, 10) AS day, kind, count(*) FROM activities
           WHERE kind IN ('meeting', 'event') AND date >= ? AND date < ? GROUP BY day, kind""",
        [first, after],
    ):
        counts["meetings" if kind == "meeting" else "company_events"][dt.date.fromisoformat(day)] += count
    # Each company's first change away from 'candidate', from one pass over the log (`+company_id`: grouped by
    # sorting what the pass finds, not by walking the index on company_id and reading every entry from it).
    counts["companies_contacted"] = _days(
        conn.execute(
            """SELECT day, count(*) FROM (
                   SELECT min(substr(date, 1, 10)) AS day FROM activities
                   WHERE kind = 'stage' AND old_stage = 'candidate' AND new_stage != 'candidate' AND date < ?
                   GROUP BY +company_id)
               WHERE day >= ? GROUP BY day""",
            [after, first],
        )
    )
    counts["agreements_signed"] = _days(
        conn.execute(
            "SELECT signed, count(*) FROM agreements WHERE signed BETWEEN ? AND ? GROUP BY signed",
            [first, last],
        )
    )
    counts["places_offered"] = _days(
        conn.execute(
            "SELECT opened, sum(places) FROM openings WHERE opened BETWEEN ? AND ? GROUP BY opened",
            [first, last],
        )
    )
    started: Counter[dt.date] = Counter()
    for band in AGE_BANDS:
        counts[f"young_started_{band.replace('-', '_')}"] = Counter()
    for day, band, count in conn.execute(
        """SELECT start, age_band, count(*) FROM placements WHERE start BETWEEN ? AND ?
           GROUP BY start, age_band""",
        [first, last],
    ):
        started[dt.date.fromisoformat(day)] += count
        counts[f"young_started_{band.replace('-', '_')}"][dt.date.fromisoformat(day)] += count
    counts["young_started"] = started
    counts["in_job_after_3_months"] = _still_in_job(conn, start, min(end, today))
    for outcome in ("job", "education"):
        counts[f"went_on_to_{outcome}"] = _days(
            conn.execute(
                """SELECT "end", count(*) FROM placements WHERE outcome = ? AND "end" BETWEEN ? AND ?
                   GROUP BY 1""",
                [outcome, first, last],
            )
        )
    return counts


def _still_in_job(conn: Connection, start: dt.date, end: dt.date) -> Counter[dt.date]:
    """Per day from `start` to `end`: the placements whose three-month mark is that day, still going at the mark
    or gone on to an ordinary job before it."""
    if end < start:
        return Counter()
    # The placements whose mark can fall in the range, found through the index on placements(start): a few days
    # more at each edge, as the marks of 28, 29 and 30 November are all 28 February; the marks decide.
    slack = dt.timedelta(days=3)
    # The mark in SQL: three months on, or the last day of that month where it is shorter (SQLite would run on
    # from 30 November to 2 March).
    rows = conn.execute(
        """SELECT mark, count(*) FROM (
               SELECT CASE WHEN substr(date(start, '+3 months'), 9) = substr(start, 9)
                           THEN date(start, '+3 months')
                           ELSE date(start, '+3 months', 'start of month', '-1 day') END AS mark, "end", outcome
               FROM placements WHERE start BETWEEN ? AND ?)
           WHERE mark BETWEEN ? AND ? AND ("end" IS NULL OR "end" >= mark OR outcome = 'job')
           GROUP BY mark""",
        [
            (add_months(start, -3) - slack).isoformat(),
            (add_months(end, -3) + slack).isoformat(),
            start.isoformat(),
            end.isoformat(),
        ],
    )
    return _days(rows)


# ---------------------------------------------------------------------------------------------------------------
# What the screens and files show

FORMATS = ("table", "json", "csv", "md", "pdf")
_SUFFIXES = {"json": "json", "csv": "csv", "md": "md", "markdown": "md", "pdf": "pdf"}


def output_format(fmt: str | None, as_json: bool, path: Path | None) -> str:
    """`--format` (or `--json`), else the file's suffix, else a table on the screen. A table is for the screen
    only, and a PDF for a file only."""
    chosen = (fmt or "").strip().lower().lstrip(".")
    chosen = {"markdown": "md"}.get(chosen, chosen)
    if chosen and chosen not in FORMATS:
        raise BadUsage("report.bad_format", format=fmt, formats=", ".join(FORMATS))
    if as_json:
        if chosen not in ("", "json"):
            raise BadUsage("report.json_and_format", format=chosen)
        chosen = "json"
    if not chosen and path is not None:
        chosen = _SUFFIXES.get(path.suffix.lower().lstrip("."), "")
        if not chosen:
            raise BadUsage("report.format_for_file", path=path, formats=", ".join(FORMATS[1:]))
    chosen = chosen or "table"
    if chosen == "table" and path is not None:
        raise LokalspilError("report.table_to_file", path=path)
    if chosen == "pdf" and path is None:
        raise LokalspilError("report.needs_output")
    if chosen != "table":
        from lokalspil.files import check_output

        check_output(path, chosen)
    return chosen


def distance_text(row: Row) -> str:
    """The distance as a reader wants it: how many are still missing, 'nået' when the target is reached, nothing
    without a target."""
    if row.distance is None:
        return ""
    return t("report.reached") if row.distance <= 0 else str(row.distance)


def series_bars(report: Report, indicator_id: str) -> list[Bar]:
    """One bar per period for the indicator (for the charts on screen and in documents)."""
    row = report.row(indicator_id)
    return [Bar(p.label, v, str(v)) for p, v in zip(report.periods, row.values, strict=True)]


def report_cells(report: Report) -> tuple[list[str], list[list[str]]]:
    """The report as a spreadsheet: a header, and a row per indicator under its indsatsområde. The distance is
    0 when the target is reached (a spreadsheet would read a negative number as a formula to guard)."""
    header = [
        t("report.col.area"), t("report.col.indicator"), *(p.label for p in report.periods),
        t("report.col.total"), t("report.col.target"), t("report.col.baseline"), t("report.col.distance"),
    ]  # fmt: skip
    rows = []
    for area, area_rows in report.by_area():
        for row in area_rows:
            distance = "" if row.distance is None else str(max(row.distance, 0))  # 0: reached
            figures = [*row.values, row.total]
            rows.append(
                [
                    t(f"area.{area}"),
                    row.label,
                    *map(str, figures),
                    *_texts(row.target, row.baseline),
                    distance,
                ]
            )
    return header, rows


def _texts(*values: int | None) -> list[str]:
    return ["" if v is None else str(v) for v in values]
