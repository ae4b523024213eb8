"""`lokalspil company ...`: the companies and their place in the pipeline."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from lokalspil.cli.options import (
    CompanyArg,
    JsonFlag,
    Postcode,
    SearchFilter,
    SocialEconomyFilter,
    Stage,
    TagFilter,
    YesFlag,
)
from lokalspil.cli.settings import settings
from lokalspil.messages import t

app = typer.Typer(help=t("help.company"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False)


def _opt(name: str, key: str) -> Any:
    return typer.Option(name, help=t(f"help.opt.company.{key}"), show_default=False)


Cvr = Annotated[str | None, _opt("--cvr", "cvr")]
Pnr = Annotated[str | None, _opt("--pnr", "pnr")]
Address = Annotated[str | None, _opt("--address", "address")]
City = Annotated[str | None, _opt("--city", "city")]
IndustryCode = Annotated[str | None, _opt("--industry-code", "industry_code")]
Industry = Annotated[str | None, _opt("--industry", "industry")]
Employees = Annotated[str | None, _opt("--employees", "employees")]
Website = Annotated[str | None, _opt("--website", "website")]
Email = Annotated[str | None, _opt("--email", "email")]
Phone = Annotated[str | None, _opt("--phone", "phone")]
Tags = Annotated[list[str] | None, _opt("--tag", "tag")]
Note = Annotated[str | None, _opt("--note", "note")]
Source = Annotated[str | None, _opt("--source", "source")]


def _fields(options: dict[str, Any]) -> dict[str, Any]:
    """The command's options (its locals() before anything else is assigned) as company fields."""
    renamed = {"tag": "tags", "note": "notes"}
    return {renamed.get(k, k): v for k, v in options.items() if k not in ("ctx", "company")}


@app.command("add", help=t("help.company.add"))
def company_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=t("help.arg.company_name"), metavar="NAME", show_default=False)],
    cvr: Cvr = None,
    pnr: Pnr = None,
    address: Address = None,
    postcode: Postcode = None,
    city: City = None,
    industry_code: IndustryCode = None,
    industry: Industry = None,
    employees: Employees = None,
    website: Website = None,
    email: Email = None,
    phone: Phone = None,
    tag: Tags = None,
    note: Note = None,
    source: Source = None,
    social_economy: Annotated[bool, _opt("--social-economy", "social_economy")] = False,
    rsv: Annotated[bool, _opt("--rsv", "rsv")] = False,
    protected: Annotated[bool, _opt("--protected", "protected")] = False,
    stage: Stage = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.opt.company.force"))] = False,
) -> None:
    values = _fields({k: v for k, v in locals().items() if k != "force"})
    from lokalspil import console
    from lokalspil.companies import add_company

    console.check_sensitive(note)
    from lokalspil.workspace import connect

    def ask(twin: Any) -> bool:
        return console.confirm(t("company.twin_ask", name=twin.name, id=twin.id), default=False)

    with connect(settings(ctx).db_path) as conn:
        company = add_company(conn, values, force=force, confirm_twin=ask if console.interactive() else None)
    console.success(t("company.added", name=company.name, id=company.id, stage=t(f"stage.{company.stage}")))


@app.command("edit", help=t("help.company.edit"))
def company_edit(
    ctx: typer.Context,
    company: CompanyArg,
    name: Annotated[str | None, _opt("--name", "name")] = None,
    cvr: Cvr = None,
    pnr: Pnr = None,
    address: Address = None,
    postcode: Postcode = None,
    city: City = None,
    industry_code: IndustryCode = None,
    industry: Industry = None,
    employees: Employees = None,
    website: Website = None,
    email: Email = None,
    phone: Phone = None,
    tag: Tags = None,
    note: Note = None,
    source: Source = None,
    social_economy: Annotated[
        bool | None, _opt("--social-economy/--no-social-economy", "social_economy")
    ] = None,
    rsv: Annotated[bool | None, _opt("--rsv/--no-rsv", "rsv")] = None,
    protected: Annotated[bool | None, _opt("--protected/--no-protected", "protected")] = None,
    stage: Stage = None,
) -> None:
    values = _fields(locals())
    from lokalspil import console
    from lokalspil.companies import edit_company, find_company

    console.check_sensitive(note)
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        changed = edit_company(conn, find_company(conn, company), values)
    console.success(t("company.edited", name=changed.name, id=changed.id))


@app.command("list", help=t("help.company.list"))
def company_list(
    ctx: typer.Context,
    stage: Stage = None,
    tag: TagFilter = None,
    postcode: Postcode = None,
    social_economy: SocialEconomyFilter = None,
    search: SearchFilter = None,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.companies import list_companies
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        companies = list_companies(
            conn, stage=stage, tag=tag, postcode=postcode, social_economy=social_economy, search=search
        )
    if as_json:
        console.print_json([c.as_dict() for c in companies])
    else:
        filtered = any(x is not None for x in (stage, tag, postcode, social_economy, search))
        console.show_companies(companies, filtered=filtered)


@app.command("show", help=t("help.company.show"))
def company_show(ctx: typer.Context, company: CompanyArg, as_json: JsonFlag = False) -> None:
    from lokalspil import console
    from lokalspil.overview import company_card
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        card = company_card(conn, company)
    if as_json:
        console.print_json(card.as_dict())
    else:
        console.show_company_card(card)


@app.command("stage", help=t("help.company.stage"))
def company_stage(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(help=t("help.arg.stage_words"), metavar="STAGE COMPANY...", show_default=False),
    ],
    tag: Annotated[
        str | None, typer.Option("--tag", help=t("help.opt.stage_tag"), show_default=False)
    ] = None,
    now_in: Annotated[
        str | None,
        typer.Option("--stage", help=t("help.opt.stage_from"), metavar="STAGE", show_default=False),
    ] = None,
) -> None:
    from lokalspil import console
    from lokalspil.companies import find_company, list_companies, parse_stage, set_stages, stage_and_companies
    from lokalspil.errors import LokalspilError
    from lokalspil.workspace import connect

    stage, refs = stage_and_companies(words)
    with connect(settings(ctx).db_path) as conn:
        chosen = [find_company(conn, ref) for ref in refs]
        if tag or now_in:
            chosen += list_companies(conn, tag=tag, stage=parse_stage(now_in) if now_in else None)
        if not chosen:
            raise LokalspilError("company.stage_needs_companies")
        unique = list({c.id: c for c in chosen}.values())
        moves = set_stages(conn, unique, stage)
    for before, after, changed in moves:
        if changed:
            old, new = t(f"stage.{before.stage}"), t(f"stage.{after.stage}")
            console.success(t("company.stage_changed", name=after.name, old=old, new=new))
        else:
            console.say(t("company.stage_same", name=after.name, stage=t(f"stage.{after.stage}")))


@app.command("remove", help=t("help.company.remove"))
def company_remove(ctx: typer.Context, company: CompanyArg, yes: YesFlag = False) -> None:
    from lokalspil import console
    from lokalspil.companies import find_company, removal_counts, remove_company
    from lokalspil.record_types import counted
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        found = find_company(conn, company)
        counts = removal_counts(conn, found)
        question = t("company.remove_confirm", name=found.name, records=counted(counts.counts))
        if not console.confirm_destructive(question, yes):
            console.say(t("nothing_done"))
            raise typer.Exit(1)
        removed = remove_company(conn, found)
    console.success(t("company.removed", name=found.name, records=counted(removed.counts)))


@app.command("merge", help=t("help.company.merge"))
def company_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help=t("help.arg.merge_keep"), metavar="A", show_default=False)],
    other: Annotated[str, typer.Argument(help=t("help.arg.merge_other"), metavar="B", show_default=False)],
    yes: YesFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.companies import find_company, merge_companies
    from lokalspil.record_types import counted
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        a, b = find_company(conn, keep), find_company(conn, other)
        if not console.confirm_destructive(t("company.merge_confirm", keep=a.name, other=b.name), yes):
            console.say(t("nothing_done"))
            raise typer.Exit(1)
        merged = merge_companies(conn, a, b)
    console.success(
        t(
            "company.merged",
            keep=merged.company.name,
            other=merged.removed.name,
            records=counted(merged.counts),
        )
    )
