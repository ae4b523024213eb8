"""`lokalspil agreement ...`: the collaboration agreements (samarbejdsaftaler)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from lokalspil.cli.options import CompanyArg, CompanyFilterArg, ContactOpt, JsonFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t

app = typer.Typer(
    help=t("help.agreement"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False
)


def _opt(name: str, key: str, metavar: str | None = None) -> Any:
    return typer.Option(name, help=t(f"help.opt.agreement.{key}"), show_default=False, metavar=metavar)


AgreementId = Annotated[
    int, typer.Argument(help=t("help.arg.agreement_id"), metavar="ID", show_default=False)
]
Places = Annotated[str | None, _opt("--places", "places", "N")]
Start = Annotated[str | None, _opt("--start", "start", "DATE")]
End = Annotated[str | None, _opt("--end", "end", "DATE")]
Review = Annotated[str | None, _opt("--review", "review", "DATE")]
Status = Annotated[str | None, _opt("--status", "status")]
Participants = Annotated[str | None, _opt("--participants", "participants", "N")]
Note = Annotated[str | None, _opt("--note", "note")]
Address = Annotated[str | None, _opt("--address", "address", "ADDRESS")]
Area = Annotated[str | None, _opt("--m2", "m2", "N")]
What = Annotated[str | None, _opt("--what", "what", "TEXT")]
Amount = Annotated[str | None, _opt("--amount", "amount", "DKK")]
Signed = Annotated[str | None, _opt("--signed", "signed", "DATE")]


def _fields(options: dict[str, Any]) -> dict[str, Any]:
    """The command's options (its locals() before anything else is assigned) as agreement fields."""
    renamed = {"contact": "contact_id", "note": "notes"}
    return {renamed.get(k, k): v for k, v in options.items() if k not in ("ctx", "company", "agreement_id")}


def _stage_note(moved: bool, company: str) -> None:
    if moved:
        from lokalspil import console

        console.say(t("agreement.stage_moved", company=company, stage=t("stage.agreement")))


@app.command("add", help=t("help.agreement.add"))
def agreement_add(
    ctx: typer.Context,
    company: CompanyArg,
    kind: Annotated[str, _opt("--kind", "kind")],
    places: Places = None,
    start: Start = None,
    end: End = None,
    review: Review = None,
    status: Status = None,
    participants: Participants = None,
    contact: ContactOpt = None,
    note: Note = None,
    address: Address = None,
    m2: Area = None,
    what: What = None,
    amount: Amount = None,
    signed: Signed = None,
) -> None:
    values = _fields(locals())
    from lokalspil import console
    from lokalspil.agreements import add_agreement

    console.check_sensitive(note)
    from lokalspil.companies import find_company
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        agreement, moved = add_agreement(conn, find_company(conn, company), values)
    console.success(
        t(
            "agreement.added",
            id=agreement.id,
            kind=t(f"agreement.kind.{agreement.kind}"),
            company=agreement.company,
        )
    )
    _stage_note(moved, agreement.company)


@app.command("edit", help=t("help.agreement.edit"))
def agreement_edit(
    ctx: typer.Context,
    agreement_id: AgreementId,
    kind: Annotated[str | None, _opt("--kind", "kind")] = None,
    places: Places = None,
    start: Start = None,
    end: End = None,
    review: Review = None,
    status: Status = None,
    participants: Participants = None,
    contact: ContactOpt = None,
    note: Note = None,
    address: Address = None,
    m2: Area = None,
    what: What = None,
    amount: Amount = None,
    signed: Signed = None,
) -> None:
    values = _fields(locals())
    from lokalspil import console
    from lokalspil.agreements import edit_agreement, get_agreement

    console.check_sensitive(note)
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        agreement, moved = edit_agreement(conn, get_agreement(conn, agreement_id), values)
    console.success(t("agreement.edited", id=agreement.id, company=agreement.company))
    _stage_note(moved, agreement.company)


@app.command("list", help=t("help.agreement.list"))
def agreement_list(
    ctx: typer.Context,
    company: CompanyFilterArg = None,
    status: Status = None,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.agreements import list_agreements
    from lokalspil.companies import find_company
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        agreements = list_agreements(conn, find_company(conn, company) if company else None, status)
    if as_json:
        console.print_json([a.as_dict() for a in agreements])
    else:
        console.show_agreements(agreements)


@app.command("end", help=t("help.agreement.end"))
def agreement_end(
    ctx: typer.Context,
    agreement_id: AgreementId,
    on: Annotated[str | None, _opt("--on", "on", "DATE")] = None,
) -> None:
    from lokalspil import console
    from lokalspil.agreements import end_agreement, get_agreement
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        agreement, changed = end_agreement(conn, get_agreement(conn, agreement_id), on)
    if not changed:
        console.say(t("agreement.already_ended", id=agreement.id, company=agreement.company))
        return
    console.success(
        t("agreement.ended", id=agreement.id, company=agreement.company, end=console.date_text(agreement.end))
    )
