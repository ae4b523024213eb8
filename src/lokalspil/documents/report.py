"""`lokalspil report` as a file: the report's figures as JSON, CSV for Excel, Markdown or PDF (the `report` template,
with a chart per main indicator, placed as the plan places its charts)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from lokalspil import charts
from lokalspil.documents.plan import TEXT_LINE, Charts
from lokalspil.documents.rendering import Pages, Rendered, title_of, write_rendered
from lokalspil.documents.values import common_values, long_date
from lokalspil.messages import t
from lokalspil.report import MAIN, Period, Report, distance_text, report_cells, series_bars
from lokalspil.templates import REPORT, Values, load_template, render_template


def report_values(report: Report) -> Values:
    """The report as the template reads it: the range written out, the periods, and the indicators under their
    indsatsområde."""
    areas = [
        {
            "id": area,
            "label": t(f"area.{area}"),
            "rows": [
                {
                    **row.as_dict(),
                    "counts": list(row.values),  # (a mapping's `values` is its method in a template)
                    "about": row.about,
                    "distance_text": distance_text(row),
                    "reached": row.distance is not None and row.distance <= 0,
                }
                for row in rows
            ],
        }
        for area, rows in report.by_area()
    ]
    return Values(
        "report",
        {
            "from": long_date(report.start),
            "to": long_date(report.end),
            "by": report.by,
            "periods": [{**p.as_dict(), "heading": _heading(report, p)} for p in report.periods],
            "areas": areas,
        },
    )


def _heading(report: Report, period: Period) -> str:
    """A column's heading: '1. kvt.', 'jan.' when the range is one year (the document says which), else the
    period's whole name."""
    if report.by == "year" or report.start.year != report.end.year:
        return period.label
    return period.label.removesuffix(f" {report.start.year}")


def _charts(report: Report, html: bool) -> Charts:
    pictures = {}
    for indicator in MAIN:
        bars = series_bars(report, indicator)
        title = t("report.chart", indicator=t(f"indicator.{indicator}"))
        pictures[indicator] = (charts.text_bars(bars, line=TEXT_LINE), charts.bars_svg(bars, title))
    return Charts(pictures, html)


def render_report(
    path: Path, report: Report, fmt: str, user_dir: Path | None, today: dt.date | None = None
) -> Rendered:
    """The report as a document (Markdown, and the HTML page for a PDF), from the `report` template."""
    from lokalspil.workspace import open_workspace

    conn, workspace = open_workspace(path)
    try:
        common = common_values(conn, workspace, today)
    finally:
        conn.close()
    chart_values = _charts(report, html=fmt != "md")
    values: dict[str, Any] = {**common.values(), "report": report_values(report), "charts": chart_values}
    markdown = render_template(load_template(REPORT, user_dir), values)
    if fmt == "md":
        return Rendered(markdown)
    title = title_of(markdown, t("report.title", area=workspace.area))
    return Pages(common, user_dir, "report", fmt).render(markdown, title, figures=chart_values.figures())


def save_report(
    path: Path, report: Report, fmt: str, output: Path | None, user_dir: Path | None
) -> str | None:
    """The report in `fmt` (json, csv, md or pdf) written to `output`; without a file, the text to print."""
    from lokalspil.files import write_text_atomically
    from lokalspil.tables import write_csv, write_rows

    if fmt == "json":
        text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        header, rows = report_cells(report)
        if output is not None:
            write_csv(output, header, rows)
            return None
        import io

        buffer = io.StringIO()
        write_rows(buffer, header, rows)
        text = buffer.getvalue()
    else:
        rendered = render_report(path, report, fmt, user_dir)
        if output is not None:
            write_rendered([rendered], fmt, output)
            return None
        text = rendered.markdown
    if output is not None:
        write_text_atomically(output, text)
        return None
    return text
