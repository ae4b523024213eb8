"""`lokalspil import ...`: company lists from CSV, TSV and XLSX files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from lokalspil.cli.options import JsonFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t

app = typer.Typer(help=t("help.import"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False)


Encoding = Annotated[
    str | None, typer.Option("--encoding", help=t("help.opt.import.encoding"), show_default=False)
]
Delimiter = Annotated[
    str | None, typer.Option("--delimiter", help=t("help.opt.import.delimiter"), show_default=False)
]
Sheet = Annotated[str | None, typer.Option("--sheet", help=t("help.opt.import.sheet"), show_default=False)]
DryRun = Annotated[bool, typer.Option("--dry-run", help=t("help.opt.import.dry_run"))]
Rejects = Annotated[
    Path | None,
    typer.Option("--rejects", help=t("help.opt.import.rejects"), metavar="PATH", show_default=False),
]
Yes = Annotated[bool, typer.Option("--yes", "-y", help=t("help.opt.import.yes"))]
File = Annotated[Path, typer.Argument(help=t("help.arg.import_file"), metavar="FILE", show_default=False)]


def _run(
    import_file: Any,
    ctx: typer.Context,
    file: Path,
    reading: Any,
    *,
    yes: bool,
    as_json: bool,
    **options: Any,
) -> None:
    """Run one import the same way for every kind of list: mapping shown (and asked about at a terminal), a
    progress bar, the report as a table or as JSON."""
    from lokalspil import console
    from lokalspil.workspace import connect

    ask = console.interactive() and not (yes or as_json or reading.dry_run)
    with connect(settings(ctx).db_path) as conn:
        report = import_file(
            conn, file, reading,
            confirm=console.confirm_import if ask else (None if as_json else console.show_mapping),
            **options,
        )  # fmt: skip
    if as_json:
        console.print_json(report.counts())
    else:
        console.show_import(report)


@app.callback()
def import_group() -> None:
    """Keeps `import` a group of commands (Typer runs a lone command directly)."""


@app.command("companies", help=t("help.import.companies"))
def import_companies(
    ctx: typer.Context,
    file: File,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    sheet: Sheet = None,
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
    dry_run: DryRun = False,
    rejects: Rejects = None,
    yes: Yes = False,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.imports import Reading
    from lokalspil.imports import import_companies as import_file

    reading = Reading(encoding, delimiter, sheet, tuple(mapping or ()), dry_run, rejects)
    with console.import_progress(enabled=not as_json) as progress:
        _run(import_file, ctx, file, reading, yes=yes, as_json=as_json, keep_unknown=keep_unknown, tag=tag,
             progress=progress)  # fmt: skip


@app.command("contacts", help=t("help.import.contacts"))
def import_contacts(
    ctx: typer.Context,
    file: File,
    encoding: Encoding = None,
    delimiter: Delimiter = None,
    sheet: Sheet = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map", help=t("help.opt.import.map_contacts"), metavar="COLUMN=FIELD", show_default=False
        ),
    ] = None,
    dry_run: DryRun = False,
    rejects: Rejects = None,
    yes: Yes = False,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil.imports import Reading
    from lokalspil.imports import import_contacts as import_file

    reading = Reading(encoding, delimiter, sheet, tuple(mapping or ()), dry_run, rejects)
    _run(import_file, ctx, file, reading, yes=yes, as_json=as_json)


@app.command("all", help=t("help.import.all"))
def import_all(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help=t("help.arg.import_all_file"), metavar="FILE.json", show_default=False)
    ],
) -> None:
    from lokalspil import console
    from lokalspil.exports import import_all as restore
    from lokalspil.workspace import open_workspace_db

    conn = open_workspace_db(settings(ctx).db_path, create=True)
    try:
        counts = restore(conn, file)
    finally:
        conn.close()
    console.success(t("import_all.done", companies=counts.get("companies", 0), path=file))
