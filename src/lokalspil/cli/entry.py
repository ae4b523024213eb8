"""`lokalspil entry edit|remove`: correct or delete an entry in a company's log (say a note that should never have
been written), for good."""

from __future__ import annotations

from typing import Annotated

import typer

from lokalspil.cli.options import DateOpt, YesFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t

app = typer.Typer(help=t("help.entry"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False)

EntryId = Annotated[int, typer.Argument(help=t("help.arg.entry_id"), metavar="ID", show_default=False)]


@app.command("edit", help=t("help.entry.edit"))
def entry_edit(
    ctx: typer.Context,
    activity_id: EntryId,
    summary: Annotated[
        str | None, typer.Argument(help=t("help.arg.entry_summary"), metavar="[SUMMARY]", show_default=False)
    ] = None,
    date: DateOpt = None,
    next_action: Annotated[
        str | None,
        typer.Option("--next", help=t("help.opt.entry.next"), metavar="TEXT", show_default=False),
    ] = None,
    follow_up: Annotated[
        str | None,
        typer.Option("--by", "--follow-up", help=t("help.opt.entry.by"), metavar="DATE", show_default=False),
    ] = None,
) -> None:
    from lokalspil import console
    from lokalspil.activities import edit_activity
    from lokalspil.cli.records import follow_up_line
    from lokalspil.workspace import connect

    console.check_sensitive(summary, next_action)
    follow_up = console.follow_up_date(follow_up)
    with connect(settings(ctx).db_path) as conn:
        activity = edit_activity(
            conn, activity_id, summary, date, next_action=next_action, follow_up=follow_up
        )
    console.success(t("entry.edited", id=activity.id, company=activity.company))
    if (next_action is not None or follow_up is not None) and activity.follow_up:
        console.say(follow_up_line(activity))


@app.command("remove", help=t("help.entry.remove"))
def entry_remove(
    ctx: typer.Context,
    activity_id: EntryId,
    yes: YesFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.activities import get_activity, remove_activity
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        activity = get_activity(conn, activity_id)
        question = t(
            "entry.remove_confirm", id=activity.id, company=activity.company, summary=activity.summary
        )
        if not console.confirm_destructive(question, yes):
            console.say(t("nothing_done"))
            raise typer.Exit(1)
        remove_activity(conn, activity)
    console.success(t("entry.removed", id=activity.id, company=activity.company))
