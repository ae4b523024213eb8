"""`lokalspil report`: the area's indicators per period, beside their targets, on screen or as a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lokalspil.cli.documents import Templates, _user_dir
from lokalspil.cli.options import JsonFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t


def report_show(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help=t("help.opt.report.year"), metavar="YEAR", show_default=False)
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help=t("help.opt.report.from"), metavar="DATE", show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help=t("help.opt.report.to"), metavar="DATE", show_default=False)
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help=t("help.opt.report.by"), metavar="quarter|month|year", show_default=False),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=t("help.opt.report.format"),
            metavar="table|json|csv|md|pdf",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=t("help.opt.report.output"),
            metavar="FILE",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    templates: Templates = None,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.report import build_report, output_format, report_range
    from lokalspil.workspace import connect

    chosen = output_format(fmt, as_json, output)
    first, last, split = report_range(year, start, end, by)
    with connect(settings(ctx).db_path) as conn:
        report = build_report(conn, first, last, split)
    if chosen == "table":
        console.show_report(report)
        return
    from lokalspil.documents.report import save_report

    with console.working(t("report.writing"), chosen == "pdf"):
        text = save_report(settings(ctx).db_path, report, chosen, output, _user_dir(ctx, templates))
    if text is not None:
        console.print_raw(text)
    elif str(output) != "-":
        console.success(t("report.written", path=output))
