"""Small drawings the screens share: a progress bar, the pipeline funnel, a stage in colour, a date, a table
with headings from the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lokalspil.messages import t, t_count

if TYPE_CHECKING:
    pass


def progress_bar(done: int, total: int, width: int = 20) -> Text:
    """A bar that reads in any terminal, with or without colour: ██████░░░░  60 %."""
    fraction = done / total if total else 1.0
    filled = round(fraction * width)
    bar = Text("█" * filled, style="green") + Text("░" * (width - filled), style="grey50")
    return bar + Text(f" {round(100 * fraction):>3} %")


def date_text(day: str | None) -> str:
    from lokalspil.danish import format_date

    return format_date(day) if day else ""


def stage_text(stage: str) -> Text:
    colours = {"candidate": "", "contacted": "cyan", "meeting": "blue", "agreement": "magenta", "active": "green",
               "ended": "dim", "declined": "red", "paused": "yellow"}  # fmt: skip
    return Text(t(f"stage.{stage}"), style=colours.get(stage, ""))


def funnel(pipeline: dict[str, int], width: int = 40) -> RenderableType:
    """The pipeline drawn as a funnel: one centred bar per stage, as wide as its count."""
    from lokalspil.companies import PIPELINE, SIDE_STAGES

    top = max([pipeline.get(s, 0) for s in PIPELINE] + [1])
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right")
    table.add_column(justify="center", width=width)
    table.add_column(justify="right")
    for stage in PIPELINE:
        count = pipeline.get(stage, 0)
        cells = round(width * count / top) if count else 0
        table.add_row(stage_text(stage), Text("█" * max(cells, 1 if count else 0), style="cyan"), str(count))
    beside = [f"{t('stage.' + s)} {pipeline.get(s, 0)}" for s in SIDE_STAGES]
    return Group(table, Text("   " + " · ".join(beside), style="dim"))


def headed_table(*headings: str) -> Table:
    table = Table(box=None, header_style="bold", padding=(0, 1), pad_edge=False)
    for heading in headings:
        table.add_column(t(heading), overflow="fold")
    return table


def agreements_line(count: int, places: int, participants: int) -> str:
    """'Aftaler i gang: 1 med 1 plads og 2 unge.'"""
    return t(
        "status.agreements",
        count=count,
        places=t_count("count.places", places),
        participants=t_count("count.young", participants),
    )
