"""Charts for documents: the pipeline funnel and the guide's progress, as SVG for HTML and PDF and as text bars
for Markdown. No plotting library: a few rectangles and labels are all these pictures need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
ROW = 30
LABEL = 170  # room for the labels left of the bars
COUNT = 60  # room for the figures right of the bars
FONT = "font-family: 'DejaVu Sans', sans-serif; font-size: 13px"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the figure printed beside the bar ("12", "4 af 9")
    share: float | None = None  # for progress: the filled fraction (0..1); None: value against the largest


def _svg(height: int, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def funnel_svg(bars: Sequence[Bar], title: str) -> str:
    """One centred bar per stage, as wide as its count against the largest: the pipeline as a funnel."""
    top = max([b.value for b in bars] + [1])
    room = WIDTH - LABEL - COUNT
    parts = []
    for i, bar in enumerate(bars):
        y = i * ROW
        width = room * bar.value / top if bar.value else 0
        x = LABEL + (room - width) / 2
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + 19}" text-anchor="end" style="{FONT}">{escape(bar.label)}</text>'
            f'<rect x="{x:.1f}" y="{y + 4}" width="{max(width, 2 if bar.value else 0):.1f}" height="{ROW - 8}" '
            f'rx="3" fill="#2b6c8f"/>'
            f'<text x="{WIDTH - COUNT + 8}" y="{y + 19}" style="{FONT}">{escape(bar.text)}</text>'
        )
    return _svg(len(bars) * ROW, "".join(parts), title)


def progress_svg(bars: Sequence[Bar], title: str) -> str:
    """One bar per step, filled as far as the step has come."""
    room = WIDTH - LABEL - COUNT
    parts = []
    for i, bar in enumerate(bars):
        y = i * ROW
        filled = room * min(max(bar.share or 0.0, 0.0), 1.0)
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + 19}" text-anchor="end" style="{FONT}">{escape(bar.label)}</text>'
            f'<rect x="{LABEL}" y="{y + 4}" width="{room}" height="{ROW - 8}" rx="3" fill="#e3ebf0"/>'
            f'<rect x="{LABEL}" y="{y + 4}" width="{filled:.1f}" height="{ROW - 8}" rx="3" fill="#3f8f5b"/>'
            f'<text x="{WIDTH - COUNT + 8}" y="{y + 19}" style="{FONT}">{escape(bar.text)}</text>'
        )
    return _svg(len(bars) * ROW, "".join(parts), title)


def text_bars(bars: Sequence[Bar], width: int = 30, centred: bool = False) -> str:
    """The same picture in text, for Markdown and the terminal: one line per bar."""
    top = max([b.value for b in bars] + [1])
    label_width = max([len(b.label) for b in bars] + [1])
    lines = []
    for bar in bars:
        share = bar.share if bar.share is not None else bar.value / top
        cells = round(width * min(max(share, 0.0), 1.0))
        if bar.share is None and bar.value and not cells:
            cells = 1
        drawn = ("█" * cells).center(width) if centred else ("█" * cells).ljust(width, "░")
        lines.append(f"{bar.label.rjust(label_width)}  {drawn}  {bar.text}")
    return "\n".join(lines)
