"""Records on screen: companies, contacts, agreements, the agenda, search, history, status, home."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from lokalspil.console import base
from lokalspil.console.base import say, success
from lokalspil.console.guides import show_guide_progress
from lokalspil.console.outcomes import show_card_outcomes
from lokalspil.console.pictures import (
    agreements_line,
    date_text,
    funnel,
    headed_table,
    progress_bar,
    stage_text,
)
from lokalspil.messages import t, t_count

if TYPE_CHECKING:
    from lokalspil.activities import Activity
    from lokalspil.agenda import Item
    from lokalspil.agreements import Agreement
    from lokalspil.answers import GuideProgress
    from lokalspil.companies import Company
    from lokalspil.contacts import Contact
    from lokalspil.demo import Demo
    from lokalspil.history import Change
    from lokalspil.overview import CompanyCard, Home
    from lokalspil.search import Hit


def show_companies(companies: list[Company], filtered: bool = False) -> None:
    if not companies:
        say(t("company.none_chosen" if filtered else "company.none"))
        return
    table = headed_table(
        "heading.id", "heading.company", "heading.cvr", "heading.place", "heading.stage", "heading.tags"
    )
    for c in companies:
        place = " ".join(x for x in (c.postcode, c.city) if x)
        flags = "".join(m for flag, m in ((c.social_economy, " ♻"), (c.protected, " ⊘")) if flag)
        table.add_row(
            str(c.id), Text(c.name + flags), c.cvr or "", place, stage_text(c.stage), ", ".join(c.tags)
        )
    base.out.print(table)
    # The legend names only the marks the list shows (none: no legend).
    legend = [t(key) for key, shown in (("company.legend.social", any(c.social_economy for c in companies)),
                                          ("company.legend.protected", any(c.protected for c in companies))) if shown]  # fmt: skip
    base.out.print(
        Text("  ".join([t_count("company.count", len(companies)), " · ".join(legend)]).strip(), style="dim")
    )


def show_company_card(card: CompanyCard) -> None:
    c = card.company
    base.out.print(Rule(Text(f"{c.name}  ·  #{c.id}", style="bold"), align="left"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    address = ", ".join(x for x in (c.address, " ".join(y for y in (c.postcode, c.city) if y)) if x)
    rows = [
        ("heading.stage", stage_text(c.stage)),
        ("company.field.cvr", c.cvr),
        ("company.field.pnr", c.pnr),
        ("company.field.address", address),
        ("company.field.industry", " ".join(x for x in (c.industry_code, c.industry) if x)),
        ("company.field.employees", c.employees),
        ("company.field.website", c.website),
        ("company.field.email", c.email),
        ("company.field.phone", c.phone),
        ("heading.tags", ", ".join(c.tags)),
        ("company.field.source", c.source),
    ]
    for key, value in rows:
        if value:
            facts.add_row(t(key), value if isinstance(value, Text) else Text(str(value)))
    marks = [t(f"company.flag.{flag}") for flag in ("social_economy", "rsv", "protected") if getattr(c, flag)]
    if marks:
        facts.add_row(t("heading.flags"), Text(", ".join(marks), style="yellow"))
    if c.notes:
        facts.add_row(t("company.field.notes"), Text(c.notes))
    base.out.print(facts)
    nxt = card.next_follow_up
    if nxt:
        base.out.print(
            Text(
                t(
                    "company.next_follow_up",
                    date=date_text(nxt.follow_up),
                    summary=nxt.next_action or nxt.summary,
                ),
                style="bold yellow",
            )
        )
    base.out.print()
    base.out.print(Text(t("heading.contacts"), style="bold"))
    show_contacts(card.contacts, with_company=False)
    base.out.print()
    base.out.print(Text(t("heading.agreements"), style="bold"))
    show_agreements(card.agreements, with_company=False)
    base.out.print()
    show_card_outcomes(card.openings, card.placements)
    base.out.print()
    base.out.print(Text(t("heading.timeline"), style="bold"))
    if not card.activities:
        say(t("activity.none"), "dim")
        return
    table = headed_table("heading.id", "heading.date", "heading.kind", "heading.summary", "heading.follow_up")
    for a in card.activities:  # the number: for `done`, `entry edit` and `entry remove`
        follow = ""
        if a.follow_up:
            follow = date_text(a.follow_up) + (" ✓" if a.follow_up_done_at else "")
        said = Text(_said(a) + (f" ({a.contact})" if a.contact else ""))
        if a.next_action:  # what to do next, under what happened
            said.append(f"\n→ {t('activity.field.next_action')}: {a.next_action}", style="yellow")
        table.add_row(str(a.id), date_text(a.date), t(f"activity.kind.{a.kind}"), said, follow)
    base.out.print(table)


def _said(activity: Activity) -> str:
    """An entry's text; a stage change that lokalspil itself wrote, in the language of today's reader."""
    from lokalspil.messages import CATALOGUES

    old, new = activity.old_stage, activity.new_stage
    if activity.kind == "stage" and old and new:
        written = {
            cat["activity.stage_summary"].format(old=cat[f"stage.{old}"], new=cat[f"stage.{new}"])
            for cat in CATALOGUES.values()
        }
        if activity.summary in written:
            return t("activity.stage_summary", old=t(f"stage.{old}"), new=t(f"stage.{new}"))
    return activity.summary


def show_contacts(contacts: list[Contact], with_company: bool = True) -> None:
    if not contacts:
        say(t("contact.none"), "dim")
        return
    headings = ["heading.id", "heading.name", "heading.role", "heading.email", "heading.phone"]
    table = headed_table(*headings, *(["heading.company"] if with_company else []))
    for p in contacts:
        row = [str(p.id), p.name, p.role or "", p.email or "", p.phone or ""]
        table.add_row(*row, *([p.company] if with_company else []))
    base.out.print(table)


def show_agreements(agreements: list[Agreement], with_company: bool = True) -> None:
    if not agreements:
        say(t("agreement.none"), "dim")
        return
    headings = [
        "heading.id",
        "heading.kind",
        "heading.status",
        "heading.places",
        "heading.period",
        "heading.review",
    ]
    from lokalspil.agreements import about

    details = [about(g) for g in agreements]
    if any(details):
        headings.append("heading.about")
    table = headed_table(*headings, *(["heading.company"] if with_company else []))
    for g, detail in zip(agreements, details, strict=True):
        period = " – ".join(x for x in (date_text(g.start), date_text(g.end)) if x)
        row = [str(g.id), t(f"agreement.kind.{g.kind}"), t(f"agreement.status.{g.status}"),
               "" if g.places is None else str(g.places), period, date_text(g.review)]  # fmt: skip
        if any(details):
            row.append(detail)
        table.add_row(*row, *([g.company] if with_company else []))
    base.out.print(table)


def show_agenda(items: list[Item], days: int) -> None:
    if not items:
        say(t("agenda.empty", days=days))
        return
    styles = {"overdue": "bold red", "today": "bold yellow", "coming": ""}
    for when in ("overdue", "today", "coming"):
        group = [i for i in items if i.when == when]
        if not group:
            continue
        base.out.print(Text(t_count(f"agenda.when.{when}", days, days=days), style=styles[when]))
        table = headed_table(
            "heading.date", "heading.company", "heading.todo", "heading.contact", "heading.id"
        )
        for i in group:
            ref = f"#{i.activity_id}" if i.activity_id else t("agenda.agreement_ref", id=i.agreement_id)
            todo = Text(i.text)
            if i.from_log:  # an entry from before next actions: what happened, not what to do
                todo.append(f" ({t('activity.from_log')})", style="dim")
            table.add_row(date_text(i.date), i.company, todo, i.contact, ref)
        base.out.print(table)
        base.out.print()
    say(t("agenda.hint"), "dim")


def show_hits(hits: list[Hit], text: str) -> None:
    if not hits:
        say(t("search.none", text=text))
        return
    table = headed_table("heading.found", "heading.company", "heading.match")
    for h in hits:
        table.add_row(t(f"search.kind.{h.kind}"), f"{h.company} (#{h.company_id})", h.text)
    base.out.print(table)


# ---------------------------------------------------------------------------------------------------------------
# History


def show_history(found: list[Change]) -> None:
    if not found:
        say(t("history.none"), "dim")
        return
    table = headed_table("heading.when", "heading.command", "heading.what", "heading.company")
    for change in found:
        what = t(f"history.{change.entity}.{change.action}", id=change.entity_id)
        if change.fields:
            what += ": " + ", ".join(_field_label(change.entity, f) for f in change.fields)
        company = change.company or (t("history.removed_company") if change.company_id else "")
        table.add_row(change.local_time(), change.command or t("history.other_program"), what, company)
    base.out.print(table)


def _field_label(entity: str, name: str) -> str:
    from lokalspil.messages import CATALOGUES, get_language
    from lokalspil.record_types import by_entity

    record_type = by_entity(entity)
    prefix = record_type.field_key if record_type is not None else ""
    catalogue = CATALOGUES[get_language()]
    return (
        (prefix and catalogue.get(f"{prefix}.{name}"))
        or catalogue.get(f"history.field.{name}")
        or name.replace("_", " ")
    )


# ---------------------------------------------------------------------------------------------------------------
# Where things stand: status, the home screen, the demo


def show_status(status: dict[str, Any], progresses: list[GuideProgress]) -> None:
    ws = status["workspace"]
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    for key, label in (
        ("area", "field.area"),
        ("organisation", "field.organisation"),
        ("municipality", "field.municipality"),
        ("coordinator", "field.coordinator"),
    ):
        if ws.get(key):
            facts.add_row(t(label), ws[key])
    facts.add_row(t("field.workspace"), ws["path"])
    base.out.print(facts)
    base.out.print()
    base.out.print(Text(t("status.pipeline", count=status["companies"]), style="bold"))
    base.out.print(funnel(status["pipeline"]))
    base.out.print(
        Text(agreements_line(status["agreements_active"], status["places"], status["participants"]))
    )
    if status["overdue_follow_ups"]:
        count = status["overdue_follow_ups"]
        base.out.print(Text(t_count("status.overdue", count), style="bold red"))
    for progress in progresses:
        base.out.print()
        show_guide_progress(progress)


def show_home(home: Home) -> None:
    """`lokalspil` alone: where things stand, and what to do next."""
    base.out.print(Text("lokalspil", style="bold cyan"), Text(t("home.tagline"), style="dim"))
    if home.area is None:
        base.out.print(Text(t("home.no_workspace", path=home.path)))
        base.out.print()
        base.out.print(Text(t("home.start"), style="bold"))
        for command, key in (("lokalspil guide", "home.cmd.guide"), ("lokalspil demo", "home.cmd.demo"),
                             ("lokalspil --help", "home.cmd.help")):  # fmt: skip
            base.out.print(Text.assemble(("  " + command.ljust(20), "cyan"), t(key)))
        return
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row(t("field.area"), home.area)
    facts.add_row(t("field.workspace"), str(home.path))
    if home.guide is not None:
        guide = home.guide  # questions and checklist together, as `status` counts them
        facts.add_row(
            t("home.guide"), progress_bar(guide.answered + guide.ticked, guide.questions + guide.items)
        )
    facts.add_row(t("home.companies"), str(home.companies))
    if home.next_follow_up:
        follow = home.next_follow_up
        text = t(
            "home.follow_up",
            date=date_text(follow["date"]),
            company=follow["company"],
            summary=follow["summary"],
        )
        facts.add_row(t("home.next_follow_up"), Text(text, style="bold red" if home.overdue else ""))
    base.out.print(facts)
    if home.overdue:
        base.out.print(Text(t_count("status.overdue", home.overdue), style="bold red"))
    base.out.print()
    command = t(f"home.next.{home.next_command}", step=home.step or 1)
    base.out.print(Text.assemble((t("home.next") + " ", "bold"), (command, "cyan")))
    say(t("home.more"), "dim")


def show_demo(demo: Demo) -> None:
    success(t("demo.done", area=demo.folder))
    facts = Table(box=None, padding=(0, 2), show_header=False)
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row(t("demo.database"), str(demo.database))
    facts.add_row(t("demo.company_list"), t("demo.imported", path=demo.company_list, count=demo.companies))
    facts.add_row(t("demo.plan"), str(demo.plan))
    facts.add_row(t("demo.letters"), t("demo.letters_count", path=demo.letters, count=demo.letters_written))
    if demo.report is not None:
        facts.add_row(t("demo.report"), t("demo.report_count", path=demo.report, count=demo.placements))
    base.out.print(facts)
    base.out.print()
    base.out.print(Text(t("demo.try"), style="bold"))
    for command in demo.commands:
        base.out.print(Text(f"  {command}", style="cyan"))
    say(t("demo.own"), "dim")
