"""`lokalspil target ...`: the area's targets (måltal) per indicator and year."""

from __future__ import annotations

from typing import Annotated

import typer

from lokalspil.cli.options import JsonFlag
from lokalspil.cli.settings import settings
from lokalspil.indicators import indicator_ids
from lokalspil.messages import t

app = typer.Typer(help=t("help.target"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False)

Indicator = Annotated[
    str,
    typer.Argument(help=t("help.arg.indicator", ids=", ".join(indicator_ids())), metavar="INDICATOR"),
]
Year = Annotated[str, typer.Argument(help=t("help.arg.year"), metavar="YEAR", show_default=False)]


@app.command("set", help=t("help.target.set"))
def target_set(
    ctx: typer.Context,
    indicator: Indicator,
    year: Year,
    target: Annotated[str, typer.Argument(help=t("help.arg.target"), metavar="N", show_default=False)],
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", help=t("help.opt.target.baseline"), metavar="N", show_default=False),
    ] = None,
) -> None:
    from lokalspil import console
    from lokalspil.targets import set_target
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        found = set_target(conn, indicator, year, target, baseline)
    key = "target.set" if found.baseline is None else "target.set_baseline"
    console.success(
        t(key, indicator=found.label, year=found.year, target=found.target, baseline=found.baseline)
    )


@app.command("list", help=t("help.target.list"))
def target_list(
    ctx: typer.Context,
    year: Annotated[
        str | None, typer.Option("--year", help=t("help.opt.target.year"), metavar="YEAR", show_default=False)
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.targets import list_targets
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        targets = list_targets(conn, year)
    if as_json:
        console.print_json([x.as_dict() for x in targets])
    else:
        console.show_targets(targets)


@app.command("remove", help=t("help.target.remove"))
def target_remove(ctx: typer.Context, indicator: Indicator, year: Year) -> None:
    from lokalspil import console
    from lokalspil.targets import remove_target
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        found = remove_target(conn, indicator, year)
    console.success(t("target.removed", indicator=found.label, year=found.year))
