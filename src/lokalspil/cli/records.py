"""`lokalspil log`, `done`, `agenda` and `search`: the day-to-day work with the companies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lokalspil.cli.options import CompanyArg, ContactOpt, DateOpt, JsonFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t, t_count

if TYPE_CHECKING:
    from lokalspil.activities import Activity


def activity_log(
    ctx: typer.Context,
    company: CompanyArg,
    summary: Annotated[
        str, typer.Argument(help=t("help.arg.summary"), metavar="SUMMARY", show_default=False)
    ],
    kind: Annotated[str, typer.Option("--kind", "-k", help=t("help.opt.log.kind"))] = "note",
    contact: ContactOpt = None,
    date: DateOpt = None,
    next_action: Annotated[
        str | None,
        typer.Option("--next", help=t("help.opt.log.next"), metavar="TEXT", show_default=False),
    ] = None,
    follow_up: Annotated[
        str | None,
        typer.Option("--by", "--follow-up", help=t("help.opt.log.by"), metavar="DATE", show_default=False),
    ] = None,
) -> None:
    from lokalspil import console
    from lokalspil.activities import default_follow_up, log_activity
    from lokalspil.companies import find_company
    from lokalspil.workspace import connect

    console.check_sensitive(summary, next_action)
    follow_up = console.follow_up_date(follow_up)
    if next_action and next_action.strip() and follow_up is None and console.interactive():
        follow_up = console.ask_date(t("activity.ask_by"), default_follow_up())

    with connect(settings(ctx).db_path) as conn:
        activity = log_activity(
            conn,
            find_company(conn, company),
            summary,
            kind=kind,
            date=date,
            contact_id=contact,
            follow_up=follow_up,
            next_action=next_action,
        )
    console.success(
        t(
            "activity.logged",
            id=activity.id,
            company=activity.company,
            kind=t(f"activity.kind.{activity.kind}"),
        )
    )
    if activity.follow_up:
        console.say(follow_up_line(activity))


def follow_up_line(activity: Activity) -> str:
    """What `log` and `entry edit` say about an entry's follow-up: its next action (if any) and its date."""
    from lokalspil import console

    date = console.date_text(activity.follow_up)
    if activity.next_action:
        return t(
            "activity.next_action_set", action=activity.next_action.rstrip(". "), date=date, id=activity.id
        )
    return t("activity.follow_up_set", date=date, id=activity.id)


def activity_done(
    ctx: typer.Context,
    activity_id: Annotated[
        int, typer.Argument(help=t("help.arg.activity_id"), metavar="ID", show_default=False)
    ],
    undo: Annotated[bool, typer.Option("--undo", help=t("help.opt.done_undo"))] = False,
) -> None:
    from lokalspil import console
    from lokalspil.activities import mark_done
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        activity, changed = mark_done(conn, activity_id, undo=undo)
    if not changed:
        console.say(
            t(
                "activity.already_open" if undo else "activity.already_done",
                id=activity.id,
                company=activity.company,
                summary=activity.next_action or activity.summary,
            )
        )
        return
    console.success(
        t(
            "activity.reopened" if undo else "activity.done",
            id=activity.id,
            company=activity.company,
            summary=activity.next_action or activity.summary,
        )
    )


def agenda_show(
    ctx: typer.Context,
    days: Annotated[
        int | None, typer.Option("--days", "-d", help=t("help.opt.agenda.days"), show_default=False)
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics", help=t("help.opt.agenda.ics"), metavar="FILE", show_default=False, dir_okay=False
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.agenda import DAYS, agenda, calendar_entries, workspace_key, write_ics
    from lokalspil.workspace import connect, read_workspace

    path = settings(ctx).db_path
    if ics is not None:
        with connect(path) as conn:
            entries = calendar_entries(conn, days)  # everything open, unless --days says how far ahead
            workspace = read_workspace(conn, path)
            key = workspace_key(conn)
        count = write_ics(entries, ics, workspace.area if workspace else "", key)
        if str(ics) == "-":  # (the calendar went to standard output)
            return
        if as_json:
            console.print_json({"file": str(ics), "events": count})
        else:
            console.success(t_count("agenda.ics_written", count, path=ics))
        return
    days = DAYS if days is None else days
    with connect(path) as conn:
        items = agenda(conn, days)
    if as_json:
        console.print_json([i.as_dict() for i in items])
    else:
        console.show_agenda(items, days)


def records_search(
    ctx: typer.Context,
    text: Annotated[
        list[str], typer.Argument(help=t("help.arg.search"), metavar="TEXT...", show_default=False)
    ],
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.privacy import mask_cpr
    from lokalspil.search import search
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        hits = search(conn, " ".join(text))
    if as_json:
        console.print_json([h.as_dict() for h in hits])
    else:
        console.show_hits(hits, mask_cpr(" ".join(text)))  # (a CPR number searched for is not repeated)
