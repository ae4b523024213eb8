"""`lokalspil history` and `lokalspil gdpr ...`: what changed, and personal data kept no longer than needed."""

from __future__ import annotations

from typing import Annotated

import typer

from lokalspil.cli.options import CompanyFilterArg, JsonFlag, YesFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t, t_count

Months = Annotated[int, typer.Option("--months", help=t("help.opt.gdpr_months"), metavar="N")]


def history_show(
    ctx: typer.Context,
    company: CompanyFilterArg = None,
    limit: Annotated[int, typer.Option("--limit", help=t("help.opt.history_limit"), metavar="N")] = 50,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.companies import find_company
    from lokalspil.history import changes
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        found = changes(conn, find_company(conn, company) if company else None, limit)
    if as_json:
        console.print_json([c.as_dict() for c in found])
    else:
        console.show_history(found)


app = typer.Typer(help=t("help.gdpr"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False)


@app.command("review", help=t("help.gdpr.review"))
def gdpr_review(ctx: typer.Context, months: Months = 24, as_json: JsonFlag = False) -> None:
    from lokalspil import console
    from lokalspil.contacts import untouched_contacts
    from lokalspil.privacy import check_months
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        found = untouched_contacts(conn, check_months(months))
    if as_json:
        console.print_json([u.as_dict() for u in found])
    else:
        console.show_untouched(found, months)


@app.command("forget", help=t("help.gdpr.forget"))
def gdpr_forget(
    ctx: typer.Context,
    months: Months = 24,
    yes: YesFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.contacts import untouched_contacts
    from lokalspil.forgetting import forget_contact, plan_forget
    from lokalspil.privacy import check_months
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        found = untouched_contacts(conn, check_months(months))
        if not found:
            console.say(t_count("gdpr.none", months, months=months))
            return
        console.show_untouched(found, months, hint=False)
        changes = [] if yes else [m for item in found for m in plan_forget(conn, item.contact).mentions]
        if changes:  # a name that is also a common word (Bo, Ida) is never replaced unseen
            console.say(t_count("gdpr.will_change", len(changes)))
            console.show_mentions(changes)
        if not console.confirm_destructive(t_count("gdpr.forget_confirm", len(found)), yes):
            console.say(t("nothing_done"))
            raise typer.Exit(1)
        in_backups, parts_removed, folder = 0, 0, ""
        for item in found:
            done = forget_contact(conn, item.contact)
            in_backups, folder = max(in_backups, done.in_backups), done.backups_folder
            parts_removed += done.parts_removed
    console.success(t_count("gdpr.forgotten", len(found)))
    if parts_removed:
        console.say(t_count("contact.parts_removed", parts_removed, folder=folder))
    if in_backups:
        console.warn(t_count("contact.in_backups", in_backups, folder=folder))
    console.warn(t("contact.not_reached"))
