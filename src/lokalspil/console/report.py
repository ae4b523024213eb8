"""`lokalspil report` on screen: the indicators under their indsatsområde, a column per period, the total, the
target and the distance to it; then a bar per period for the main indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from lokalspil.console import base
from lokalspil.messages import t

if TYPE_CHECKING:
    from lokalspil.report import Report

CHART_WIDTH = 40  # the longest bar, in cells


def show_report(report: Report) -> None:
    from lokalspil.charts import text_bars
    from lokalspil.danish import format_date
    from lokalspil.report import MAIN, distance_text, series_bars

    base.out.print(
        Text(
            t("report.heading", start=format_date(report.start), end=format_date(report.end)),
            style="bold",
        )
    )
    gap = 1 if len(report.periods) > 6 else 2  # twelve months fit in 120 columns
    table = Table(box=None, header_style="bold", padding=(0, gap, 0, 0), pad_edge=False)
    grouped = report.by_area()
    table.add_column(t("report.col.indicator"), no_wrap=True)
    one_year = report.start.year == report.end.year  # the heading says the year: 'K1', not '1. kvt. 2026'
    for period in report.periods:
        table.add_column(period.short if one_year else period.label, justify="right")
    for key in ("report.col.total", "report.col.target", "report.col.distance"):
        table.add_column(t(key), justify="right", no_wrap=True)
    empty = [""] * (len(report.periods) + 3)
    for number, (area, rows) in enumerate(grouped):
        if number:
            table.add_row(*[""] * (len(empty) + 1))
        table.add_row(Text(t(f"area.{area}"), style="bold underline"), *empty)
        for row in rows:
            reached = row.distance is not None and row.distance <= 0
            table.add_row(
                Text("  " + row.label),
                *(str(v) for v in row.values),
                Text(str(row.total), style="bold"),
                "" if row.target is None else str(row.target),
                Text(distance_text(row), style="green" if reached else ""),
            )
    base.out.print(table)
    line = max(base.out.width - 2, 40)
    for indicator in MAIN:
        base.out.print()
        base.out.print(Text(t("report.chart", indicator=t(f"indicator.{indicator}")), style="bold"))
        base.out.print(
            Text(text_bars(series_bars(report, indicator), width=CHART_WIDTH, line=line), style="cyan")
        )
    base.out.print()
    base.out.print(Text(t("report.hint"), style="dim"))
