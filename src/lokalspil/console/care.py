"""Care on screen: how an import understood the file and what it did, the doctor's checkup, GDPR lists."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from lokalspil.console import base
from lokalspil.console.base import error, say, steps, success
from lokalspil.console.pictures import date_text, headed_table
from lokalspil.console.prompts import confirm
from lokalspil.messages import t, t_count

if TYPE_CHECKING:
    from lokalspil.contacts import Untouched
    from lokalspil.doctor import Checkup
    from lokalspil.forgetting import Mention
    from lokalspil.imports import Report


# ---------------------------------------------------------------------------------------------------------------
# Imports


def import_progress(
    enabled: bool = True,
) -> contextlib.AbstractContextManager[Callable[[int, int], None] | None]:
    """A progress bar while a file is read."""
    return steps(t("import.reading"), enabled)


def show_mapping(report: Report) -> bool:
    """How each column of the file was understood (shown before anything is written)."""
    base.hush()
    facts = [t("import.format", kind=report.kind.upper())]
    if report.encoding:
        facts.append(t("import.encoding", encoding=report.encoding))
    if report.delimiter:
        names = {";": t("import.sep.semicolon"), ",": t("import.sep.comma"), "\t": t("import.sep.tab")}
        facts.append(t("import.delimiter", delimiter=names.get(report.delimiter, report.delimiter)))
    base.out.print(Text(" · ".join(facts), style="dim"))
    table = headed_table("heading.column", "heading.field")
    for column in report.columns:
        target = (
            Text(t(f"{report.labels}.{column.field}"))
            if column.field
            else Text(t("import.kept_in_notes"), style="dim")
            if report.unknown_to_notes
            else Text(t("import.not_imported"), style="yellow")
        )
        table.add_row(column.header, target)
    base.out.print(table)
    return True


def confirm_import(report: Report) -> bool:
    show_mapping(report)
    return confirm(t("import.go_ahead"), default=True)


def show_import(report: Report) -> None:
    base.hush()
    if report.declined:
        say(t("nothing_done"))
        return
    counts = Table(box=None, padding=(0, 2), show_header=False)
    counts.add_column(style="bold")
    counts.add_column(justify="right")
    for key in ("new", "updated", "unchanged", "rejected", "warnings"):
        counts.add_row(t(f"import.count.{key}"), str(getattr(report, key)))
    if report.merged:
        counts.add_row(t("import.count.merged"), str(report.merged))
    base.out.print(counts)
    if report.first_rejects:
        base.out.print(Text(t("import.first_rejects"), style="bold red"))
        for note in report.first_rejects:
            base.out.print(Text(f"  {t('import.line', line=note.line)}: {note.text}"))
    if report.first_warnings:
        base.out.print(Text(t("import.first_warnings"), style="bold yellow"))
        for note in report.first_warnings:
            base.out.print(Text(f"  {t('import.line', line=note.line)}: {note.text}"))
    if report.rejects_file:
        say(t("import.rejects_file", path=report.rejects_file))
    if report.stale_rejects:
        say(t("import.stale_rejects_removed", path=report.stale_rejects))
    if report.dry_run:
        say(t("import.dry_run_done"), "bold")
    else:
        success(t("import.done", rows=report.rows))


# ---------------------------------------------------------------------------------------------------------------
# Care: doctor


def show_checkup(checkup: Checkup) -> None:
    facts = Table(box=None, padding=(0, 2), show_header=False)
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    for key, value in checkup.paths.items():
        facts.add_row(t(f"doctor.path.{key}"), value)
    if checkup.schema:
        facts.add_row(t("doctor.schema"), str(checkup.schema.get("applied")))
    from lokalspil.answers import format_number

    facts.add_row(
        t("doctor.size"), t("doctor.megabytes", size=format_number(round(checkup.size / 1_000_000, 1)))
    )
    base.out.print(facts)
    base.out.print()
    marks = {"ok": ("✓", "green"), "warning": ("!", "yellow"), "problem": ("✗", "bold red")}
    for finding in checkup.findings:
        mark, style = marks[finding.level]
        base.out.print(Text.assemble((f"{mark} ", style), finding.text))
        if finding.advice:
            base.out.print(Text(f"  → {finding.advice}", style="dim" if finding.level == "ok" else ""))
    base.out.print()
    if checkup.sound:
        success(t("doctor.sound"))
    else:
        error(t("doctor.not_sound"))


# ---------------------------------------------------------------------------------------------------------------
# GDPR: contacts not touched for long, mentions to forget


def show_untouched(found: list[Untouched], months: int, hint: bool = True) -> None:
    if not found:
        say(t_count("gdpr.none", months, months=months))
        return
    say(t_count("gdpr.found", len(found), months=months))
    table = headed_table(
        "heading.id", "heading.name", "heading.company", "heading.last_touched", "heading.months"
    )
    for item in found:
        table.add_row(str(item.contact.id), item.contact.name, item.contact.company,
                      date_text(item.last_touched), str(item.months))  # fmt: skip
    base.out.print(table)
    if hint:
        say(t("gdpr.hint", months=months))


def show_mentions(mentions: list[Mention]) -> None:
    """The texts `contact forget` changes: where, and a short excerpt with what was found marked."""
    table = headed_table("heading.found", "heading.company", "heading.id", "heading.match")
    for m in mentions:
        table.add_row(m.label, m.company or "", str(m.row_id) if m.row_id else "", m.excerpt)
    base.out.print(table)
