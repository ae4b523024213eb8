"""Outcomes on screen: the openings, the placements and the targets, as lists and on a company's card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from lokalspil.console import base
from lokalspil.console.base import say
from lokalspil.console.pictures import date_text, headed_table
from lokalspil.messages import t, t_count

if TYPE_CHECKING:
    from lokalspil.openings import Opening
    from lokalspil.placements import Placement
    from lokalspil.targets import Target


def _hours(o: Opening) -> str:
    window = "–".join(x for x in (o.from_time, o.to_time) if x)
    from lokalspil.answers import format_number

    weekly = t("opening.weekly_hours", hours=format_number(o.weekly_hours)) if o.weekly_hours else ""
    return ", ".join(x for x in (o.hours, window, weekly, o.season) if x)


def show_openings(openings: list[Opening], with_company: bool = True) -> None:
    if not openings:
        say(t("opening.none"), "dim")
        return
    headings = ["heading.id", "heading.title", "heading.kind", "heading.places", "heading.ages", "heading.hours",
                "heading.status", "heading.period"]  # fmt: skip
    table = headed_table(*headings, *(["heading.company"] if with_company else []))
    for o in openings:
        period = " – ".join(x for x in (date_text(o.opened), date_text(o.closed)) if x)
        status = Text(t(f"opening.status.{o.status}"), style="green" if o.status == "open" else "dim")
        row: list[str | Text] = [str(o.id), Text(o.title), t(f"agreement.kind.{o.kind}"), str(o.places), ", ".join(o.age_bands),
               Text(_hours(o)), status, period]  # fmt: skip
        table.add_row(*row, *([o.company] if with_company else []))
    base.out.print(table)


def _outcome(p: Placement) -> str:
    if not p.outcome:
        return t("placement.running")
    said = t(f"placement.outcome.{p.outcome}")
    return f"{said} ({t(f'placement.reason.{p.stop_reason}')})" if p.stop_reason else said


def show_placements(placements: list[Placement], with_company: bool = True) -> None:
    if not placements:
        say(t("placement.none"), "dim")
        return
    headings = ["heading.id", "heading.kind", "heading.ages", "heading.school", "heading.period",
                "heading.outcome", "placement.field.opening_id"]  # fmt: skip
    table = headed_table(*headings, *(["heading.company"] if with_company else []))
    for p in placements:
        period = " – ".join(x for x in (date_text(p.start), date_text(p.end)) if x)
        row = [str(p.id), t(f"agreement.kind.{p.kind}"), p.age_band, t(f"placement.school.{p.school}"), period,
               _outcome(p), f"#{p.opening_id}" if p.opening_id else ""]  # fmt: skip
        table.add_row(*row, *([p.company] if with_company else []))
    base.out.print(table)


def show_targets(targets: list[Target]) -> None:
    if not targets:
        say(t("target.none"), "dim")
        return
    table = headed_table("heading.year", "heading.indicator", "heading.target", "heading.baseline")
    for x in targets:
        table.add_row(
            str(x.year),
            x.label,
            "" if x.target is None else str(x.target),
            "" if x.baseline is None else str(x.baseline),
        )
    base.out.print(table)


def show_card_outcomes(openings: list[Opening], placements: list[Placement]) -> None:
    """A company card's openings and placements: the open openings and running placements in full, the rest
    counted."""
    base.out.print(Text(t("heading.openings"), style="bold"))
    if openings:
        open_ = [o for o in openings if o.status == "open"]
        places = sum(o.places for o in open_)
        say(
            t(
                "opening.places_open",
                open=len(open_),
                count=len(openings),
                places=t_count("count.places", places),
            ),
            "dim",
        )
    show_openings([o for o in openings if o.status == "open"] or openings, with_company=False)
    base.out.print()
    base.out.print(Text(t("heading.placements"), style="bold"))
    if placements:
        running = [p for p in placements if not p.outcome]
        say(t("placement.counts", count=len(placements), running=len(running)), "dim")
    show_placements(placements[-10:], with_company=False)
