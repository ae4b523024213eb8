"""`lokalspil import ...`: company lists from CSV, TSV and XLSX files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lokalspil.cli.settings import settings
from lokalspil.messages import t

app = typer.Typer(help=t("help.import"), no_args_is_help=True, rich_markup_mode="rich")


@app.callback()
def import_group() -> None:
    """Keeps `import` a group of commands (Typer runs a lone command directly)."""


@app.command("companies", help=t("help.import.companies"))
def import_companies(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=t("help.arg.import_file"), metavar="FILE", show_default=False)],
    encoding: Annotated[
        str | None, typer.Option("--encoding", help=t("help.opt.import.encoding"), show_default=False)
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help=t("help.opt.import.delimiter"), show_default=False)
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help=t("help.opt.import.sheet"), show_default=False)
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help=t("help.opt.import.map"), metavar="COLUMN=FIELD", show_default=False),
    ] = None,
    keep_unknown: Annotated[
        bool, typer.Option("--keep-unknown", help=t("help.opt.import.keep_unknown"))
    ] = False,
    tag: Annotated[
        str | None, typer.Option("--tag", help=t("help.opt.import.tag"), show_default=False)
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help.opt.import.dry_run"))] = False,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help=t("help.opt.import.rejects"), metavar="PATH", show_default=False),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("help.opt.import.yes"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.opt.json"))] = False,
) -> None:
    from lokalspil import console
    from lokalspil.imports import import_companies as run_import
    from lokalspil.workspace import connect

    ask = console.interactive() and not (yes or as_json or dry_run)
    with connect(settings(ctx).db_path) as conn, console.import_progress(enabled=not as_json) as progress:
        report = run_import(
            conn,
            file,
            encoding=encoding,
            delimiter=delimiter,
            sheet=sheet,
            mapping=mapping or (),
            keep_unknown=keep_unknown,
            tag=tag,
            dry_run=dry_run,
            rejects=rejects,
            confirm=console.confirm_import if ask else (None if as_json else console.show_mapping),
            progress=progress,
        )
    if as_json:
        console.print_json(report.counts())
    else:
        console.show_import(report)


@app.command("contacts", help=t("help.import.contacts"))
def import_contacts(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=t("help.arg.import_file"), metavar="FILE", show_default=False)],
    encoding: Annotated[
        str | None, typer.Option("--encoding", help=t("help.opt.import.encoding"), show_default=False)
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help=t("help.opt.import.delimiter"), show_default=False)
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help=t("help.opt.import.sheet"), show_default=False)
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map", help=t("help.opt.import.map_contacts"), metavar="COLUMN=FIELD", show_default=False
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help.opt.import.dry_run"))] = False,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help=t("help.opt.import.rejects"), metavar="PATH", show_default=False),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("help.opt.import.yes"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.opt.json"))] = False,
) -> None:
    from lokalspil import console
    from lokalspil.imports import import_contacts as run_import
    from lokalspil.workspace import connect

    ask = console.interactive() and not (yes or as_json or dry_run)
    with connect(settings(ctx).db_path) as conn:
        report = run_import(
            conn, file, encoding=encoding, delimiter=delimiter, sheet=sheet, mapping=mapping or (),
            dry_run=dry_run, rejects=rejects,
            confirm=console.confirm_import if ask else (None if as_json else console.show_mapping),
        )  # fmt: skip
    if as_json:
        console.print_json(report.counts())
    else:
        console.show_import(report)


@app.command("all", help=t("help.import.all"))
def import_all(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help=t("help.arg.import_all_file"), metavar="FILE.json", show_default=False)
    ],
) -> None:
    from lokalspil import console
    from lokalspil.database import open_database
    from lokalspil.exports import import_all as restore

    conn = open_database(settings(ctx).db_path, create=True)
    try:
        counts = restore(conn, file)
    finally:
        conn.close()
    console.success(t("import_all.done", companies=counts.get("companies", 0), path=file))
