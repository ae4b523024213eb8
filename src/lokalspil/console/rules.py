"""The rules for young workers on screen: a section per age band and schooling, each rule with its source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.rule import Rule as Line
from rich.table import Table
from rich.text import Text

from lokalspil.console import base
from lokalspil.danish import format_date
from lokalspil.messages import get_language, t

if TYPE_CHECKING:
    from lokalspil.young_workers import Group


def show_rules(groups: list[Group]) -> None:
    for group in groups:
        heading = t(f"rules.band.{group.band}")
        if group.school:
            heading += ", " + t(f"rules.school.{group.school}")
        base.out.print(Line(Text(heading, style="bold"), align="left"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")  # a source's address is shown whole, folded, never cut short
        for rule in group.rules:
            text = Text(rule.text_in())
            sources = [rule.source, *rule.also, *(x.source for x in rule.later)]
            for source in dict.fromkeys(sources):  # each once
                text.append(
                    "\n"
                    + t("rules.source", title=source.title, url=source.url, read=format_date(source.read)),
                    style="dim",
                )
            table.add_row(t(f"rules.topic.{rule.topic}"), text)
            table.add_row("", "")
        for note in group.notes:
            table.add_row(Text(t("rules.check_yourself"), style="yellow"), Text(note.text[get_language()]))
            table.add_row("", "")
        base.out.print(table)
    base.out.print(Text(t("rules.footer"), style="bold"))


def show_rule_warnings(warnings: list[str]) -> None:
    """After an opening is saved: what the rules for young workers allow only on some days or for some."""
    if not warnings:
        return
    base.err.print(Text(t("rules.warning_heading"), style="yellow"))
    for warning in warnings:
        base.err.print(Text(f"  • {warning}"))
