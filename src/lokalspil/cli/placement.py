"""`lokalspil placement ...`: the young people's placements (forløb), counted but never named."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from lokalspil.cli.options import CompanyArg, CompanyFilterArg, JsonFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t

app = typer.Typer(
    help=t("help.placement"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False
)


def _opt(name: str, key: str, metavar: str | None = None) -> Any:
    return typer.Option(name, help=t(f"help.opt.placement.{key}"), show_default=False, metavar=metavar)


PlacementId = Annotated[
    int, typer.Argument(help=t("help.arg.placement_id"), metavar="ID", show_default=False)
]
Opening = Annotated[int | None, _opt("--opening", "opening", "ID")]
Agreement = Annotated[int | None, _opt("--agreement", "agreement", "ID")]
Kind = Annotated[str | None, _opt("--kind", "kind")]
Age = Annotated[str | None, _opt("--age", "age", "13-14|15-17|18-24|25-29")]
School = Annotated[str | None, _opt("--school", "school")]
Start = Annotated[str | None, _opt("--start", "start", "DATE")]
End = Annotated[str | None, _opt("--end", "end", "DATE")]
Outcome = Annotated[str | None, _opt("--outcome", "outcome")]
Reason = Annotated[str | None, _opt("--reason", "reason")]

_RENAMED = {"opening": "opening_id", "agreement": "agreement_id", "age": "age_band", "reason": "stop_reason"}


def _fields(options: dict[str, Any]) -> dict[str, Any]:
    """The command's options (its locals() before anything else is assigned) as a placement's fields."""
    return {_RENAMED.get(k, k): v for k, v in options.items() if k not in ("ctx", "company", "placement_id")}


@app.command("add", help=t("help.placement.add"))
def placement_add(
    ctx: typer.Context,
    company: CompanyArg,
    opening: Opening = None,
    agreement: Agreement = None,
    kind: Kind = None,
    age: Age = None,
    school: School = None,
    start: Start = None,
    end: End = None,
    outcome: Outcome = None,
    reason: Reason = None,
) -> None:
    values = _fields(locals())
    from lokalspil import console
    from lokalspil.companies import find_company
    from lokalspil.placements import add_placement
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        placement = add_placement(conn, find_company(conn, company), values)
    kind_label = t(f"agreement.kind.{placement.kind}")
    said = t(
        "placement.added", id=placement.id, kind=kind_label, age=placement.age_band, company=placement.company
    )
    console.success(said)


@app.command("edit", help=t("help.placement.edit"))
def placement_edit(
    ctx: typer.Context,
    placement_id: PlacementId,
    opening: Opening = None,
    agreement: Agreement = None,
    kind: Kind = None,
    age: Age = None,
    school: School = None,
    start: Start = None,
    end: End = None,
    outcome: Outcome = None,
    reason: Reason = None,
) -> None:
    values = _fields(locals())
    from lokalspil import console
    from lokalspil.placements import edit_placement, get_placement
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        placement = edit_placement(conn, get_placement(conn, placement_id), values)
    console.success(t("placement.edited", id=placement.id, company=placement.company))


@app.command("list", help=t("help.placement.list"))
def placement_list(
    ctx: typer.Context,
    company: CompanyFilterArg = None,
    year: Annotated[int | None, _opt("--year", "year", "YEAR")] = None,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.companies import find_company
    from lokalspil.placements import list_placements
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        placements = list_placements(conn, find_company(conn, company) if company else None, year)
    if as_json:
        console.print_json([p.as_dict() for p in placements])
    else:
        console.show_placements(placements)


@app.command("end", help=t("help.placement.end"))
def placement_end(
    ctx: typer.Context,
    placement_id: PlacementId,
    outcome: Annotated[str, _opt("--outcome", "outcome")],
    reason: Reason = None,
    date: Annotated[str | None, _opt("--date", "date", "DATE")] = None,
) -> None:
    from lokalspil import console
    from lokalspil.placements import end_placement, get_placement
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        placement = end_placement(conn, get_placement(conn, placement_id), outcome, reason, date)
    said = t(
        "placement.ended",
        id=placement.id,
        company=placement.company,
        date=console.date_text(placement.end),
        outcome=t(f"placement.outcome.{placement.outcome}"),
    )
    console.success(said)
