"""`lokalspil export ...`: company lists for Excel and other programs, and the whole workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lokalspil.cli.options import Postcode, SearchFilter, SocialEconomyFilter, Stage, TagFilter
from lokalspil.cli.settings import settings
from lokalspil.files import STDOUT
from lokalspil.messages import t

app = typer.Typer(help=t("help.export"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False)
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help=t("help.opt.export.output"), metavar="FILE", show_default=False),
]


@app.command("companies", help=t("help.export.companies"))
def export_companies(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=t("help.opt.export.format"), metavar="csv|xlsx|json", show_default=False
        ),
    ] = None,
    output: Output = None,
    stage: Stage = None,
    tag: TagFilter = None,
    postcode: Postcode = None,
    social_economy: SocialEconomyFilter = None,
    search: SearchFilter = None,
) -> None:
    from lokalspil import console
    from lokalspil.companies import list_companies
    from lokalspil.exports import export_companies as write
    from lokalspil.workspace import connect, read_workspace

    path = settings(ctx).db_path
    with connect(path) as conn:
        companies = list_companies(
            conn, stage=stage, tag=tag, postcode=postcode, social_economy=social_economy, search=search
        )
        workspace = read_workspace(conn, path)
    author = ", ".join(filter(None, (workspace.area, workspace.organisation))) if workspace else None
    result = write(companies, fmt, output, author)
    if isinstance(result, str):
        console.print_raw(result)
    elif output != STDOUT:
        console.success(t("export.written", count=result, path=output))


@app.command("all", help=t("help.export.all"))
def export_all(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help=t("help.opt.export.output"), metavar="FILE.json")
    ],
) -> None:
    from lokalspil import console
    from lokalspil.exports import write_all
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        companies = write_all(conn, output)
    if output != STDOUT:
        console.success(t("export.all_written", path=output, companies=companies))
