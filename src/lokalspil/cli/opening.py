"""`lokalspil opening ...`: the openings (jobopslag) the companies offer young people."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from lokalspil.cli.options import CompanyArg, CompanyFilterArg, JsonFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t

app = typer.Typer(help=t("help.opening"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False)


def _opt(name: str, key: str, metavar: str | None = None) -> Any:
    return typer.Option(name, help=t(f"help.opt.opening.{key}"), show_default=False, metavar=metavar)


OpeningId = Annotated[int, typer.Argument(help=t("help.arg.opening_id"), metavar="ID", show_default=False)]
Kind = Annotated[str | None, _opt("--kind", "kind")]
Places = Annotated[str | None, _opt("--places", "places", "N")]
Ages = Annotated[str | None, _opt("--ages", "ages", "13-14,15-17")]
Hours = Annotated[str | None, _opt("--hours", "hours", "TEXT")]
From = Annotated[str | None, _opt("--from", "from", "HH:MM")]
To = Annotated[str | None, _opt("--to", "to", "HH:MM")]
WeeklyHours = Annotated[str | None, _opt("--weekly-hours", "weekly_hours", "N")]
Season = Annotated[str | None, _opt("--season", "season", "TEXT")]
Requirements = Annotated[str | None, _opt("--requirements", "requirements", "TEXT")]
Agreement = Annotated[int | None, _opt("--agreement", "agreement", "ID")]
Opened = Annotated[str | None, _opt("--opened", "opened", "DATE")]
Status = Annotated[str | None, _opt("--status", "status")]
Note = Annotated[str | None, _opt("--note", "note", "TEXT")]

_RENAMED = {
    "ages": "age_bands",
    "from_": "from_time",
    "to": "to_time",
    "agreement": "agreement_id",
    "note": "notes",
}


def _fields(options: dict[str, Any]) -> dict[str, Any]:
    """The command's options (its locals() before anything else is assigned) as an opening's fields."""
    return {_RENAMED.get(k, k): v for k, v in options.items() if k not in ("ctx", "company", "opening_id")}


@app.command("add", help=t("help.opening.add"))
def opening_add(
    ctx: typer.Context,
    company: CompanyArg,
    title: Annotated[
        str, typer.Argument(help=t("help.arg.opening_title"), metavar="TITLE", show_default=False)
    ],
    kind: Kind = None,
    places: Places = None,
    ages: Ages = None,
    hours: Hours = None,
    from_: From = None,
    to: To = None,
    weekly_hours: WeeklyHours = None,
    season: Season = None,
    requirements: Requirements = None,
    agreement: Agreement = None,
    opened: Opened = None,
    status: Status = None,
    note: Note = None,
) -> None:
    values = _fields(locals())
    from lokalspil import console
    from lokalspil.companies import find_company
    from lokalspil.openings import add_opening
    from lokalspil.workspace import connect

    console.check_sensitive(title, requirements, note)
    with connect(settings(ctx).db_path) as conn:
        opening = add_opening(conn, find_company(conn, company), values)
    kind_label = t(f"agreement.kind.{opening.kind}")
    console.success(t("opening.added", id=opening.id, kind=kind_label, company=opening.company))


@app.command("edit", help=t("help.opening.edit"))
def opening_edit(
    ctx: typer.Context,
    opening_id: OpeningId,
    title: Annotated[str | None, _opt("--title", "title", "TEXT")] = None,
    kind: Kind = None,
    places: Places = None,
    ages: Ages = None,
    hours: Hours = None,
    from_: From = None,
    to: To = None,
    weekly_hours: WeeklyHours = None,
    season: Season = None,
    requirements: Requirements = None,
    agreement: Agreement = None,
    opened: Opened = None,
    status: Status = None,
    note: Note = None,
) -> None:
    values = _fields(locals())
    from lokalspil import console
    from lokalspil.openings import edit_opening, get_opening
    from lokalspil.workspace import connect

    console.check_sensitive(title, requirements, note)
    with connect(settings(ctx).db_path) as conn:
        opening = edit_opening(conn, get_opening(conn, opening_id), values)
    console.success(t("opening.edited", id=opening.id, company=opening.company))


@app.command("list", help=t("help.opening.list"))
def opening_list(
    ctx: typer.Context, company: CompanyFilterArg = None, status: Status = None, as_json: JsonFlag = False
) -> None:
    from lokalspil import console
    from lokalspil.companies import find_company
    from lokalspil.openings import list_openings
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        openings = list_openings(conn, find_company(conn, company) if company else None, status)
    if as_json:
        console.print_json([o.as_dict() for o in openings])
    else:
        console.show_openings(openings)


@app.command("close", help=t("help.opening.close"))
def opening_close(
    ctx: typer.Context,
    opening_id: OpeningId,
    filled: Annotated[bool, _opt("--filled", "filled")] = False,
    date: Annotated[str | None, _opt("--date", "date", "DATE")] = None,
) -> None:
    from lokalspil import console
    from lokalspil.openings import close_opening, get_opening
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        opening = close_opening(conn, get_opening(conn, opening_id), filled, date)
    said = t(
        f"opening.{opening.status}",
        id=opening.id,
        company=opening.company,
        date=console.date_text(opening.closed),
    )
    console.success(said)
