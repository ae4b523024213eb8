"""Charts for documents: the pipeline funnel and the guide's progress, as SVG for HTML and PDF and as text bars
for Markdown. No plotting library: a few rectangles and labels are all these pictures need.

The label column is as wide as the longest label and the figure column as wide as the longest figure, measured
with the widths of DejaVu Sans, so that no label is cut off at the edge; a picture with long labels is wider, and
the page scales it down to the column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from math import ceil

WIDTH = 640  # the narrowest picture
ROW = 30
BARS = 220  # the least room for the bars
GAP = 8  # between a label or a figure and its bar
EDGE = 4  # free at the left and right edges
FONT_SIZE = 13
FONT = f"font-family: 'DejaVu Sans', sans-serif; font-size: {FONT_SIZE}px"

# Advance widths of DejaVu Sans in em, rounded up by class; any other character counts as 0.64.
_NARROW = set("ijlIJ'.,:;/!|() ")
_SMALL = set("ftr-")
_WIDE = set("mwMWÆæ%@")
_CAPITALS = set("ABCDEGHKNOQRUVXZÅØ&")


def text_width(text: str) -> float:
    """The width of `text` in pixels at the charts' font size, a little more rather than less."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.34
        elif char in _SMALL:
            em += 0.42
        elif char in _WIDE:
            em += 0.99
        elif char in _CAPITALS:
            em += 0.79
        else:
            em += 0.64
    return em * FONT_SIZE * 1.04


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the figure printed beside the bar ("12", "4/9 spørgsmål")
    share: float | None = None  # for progress: the filled fraction (0..1); None: value against the largest


@dataclass(frozen=True)
class _Columns:
    label: int  # the labels end here (right-aligned)
    bars: int  # the bars start here
    room: int  # and are this wide
    figures: int  # the figures start here
    width: int  # the whole picture


def _columns(bars: Sequence[Bar]) -> _Columns:
    label = ceil(max([text_width(b.label) for b in bars] + [0.0])) + EDGE
    figure = ceil(max([text_width(b.text) for b in bars] + [0.0])) + EDGE
    room = max(BARS, WIDTH - label - figure - 2 * GAP)
    return _Columns(label, label + GAP, room, label + GAP + room + GAP, label + room + figure + 2 * GAP)


def _svg(width: int, height: int, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _texts(c: _Columns, y: int, bar: Bar) -> tuple[str, str]:
    return (
        f'<text x="{c.label}" y="{y + 19}" text-anchor="end" style="{FONT}">{escape(bar.label)}</text>',
        f'<text x="{c.figures}" y="{y + 19}" style="{FONT}">{escape(bar.text)}</text>',
    )


def funnel_svg(bars: Sequence[Bar], title: str) -> str:
    """One centred bar per stage, as wide as its count against the largest: the pipeline as a funnel."""
    return _value_bars(bars, title, centred=True)


def bars_svg(bars: Sequence[Bar], title: str) -> str:
    """One bar per row from the left, as long as its value against the largest: a series (a report's periods)."""
    return _value_bars(bars, title, centred=False)


def _value_bars(bars: Sequence[Bar], title: str, centred: bool) -> str:
    c = _columns(bars)
    top = max([b.value for b in bars] + [1])
    parts = []
    for i, bar in enumerate(bars):
        y = i * ROW
        width = c.room * bar.value / top if bar.value else 0
        x = c.bars + (c.room - width) / 2 if centred else c.bars
        label, figure = _texts(c, y, bar)
        parts.append(
            f"{label}"
            f'<rect x="{x:.1f}" y="{y + 4}" width="{max(width, 2 if bar.value else 0):.1f}" height="{ROW - 8}" '
            f'rx="3" fill="#2b6c8f"/>'
            f"{figure}"
        )
    return _svg(c.width, len(bars) * ROW, "".join(parts), title)


def progress_svg(bars: Sequence[Bar], title: str) -> str:
    """One bar per step, filled as far as the step has come."""
    c = _columns(bars)
    parts = []
    for i, bar in enumerate(bars):
        y = i * ROW
        filled = c.room * min(max(bar.share or 0.0, 0.0), 1.0)
        label, figure = _texts(c, y, bar)
        parts.append(
            f"{label}"
            f'<rect x="{c.bars}" y="{y + 4}" width="{c.room}" height="{ROW - 8}" rx="3" fill="#e3ebf0"/>'
            f'<rect x="{c.bars}" y="{y + 4}" width="{filled:.1f}" height="{ROW - 8}" rx="3" fill="#3f8f5b"/>'
            f"{figure}"
        )
    return _svg(c.width, len(bars) * ROW, "".join(parts), title)


def text_bars(bars: Sequence[Bar], width: int = 30, centred: bool = False, line: int | None = None) -> str:
    """The same picture in text, for Markdown and the terminal: one line per bar. With `line`, the bars are made
    shorter (down to 8 cells) so that each line fits in that many characters."""
    top = max([b.value for b in bars] + [1])
    label_width = max([len(b.label) for b in bars] + [1])
    if line is not None:
        text_width = max([len(b.text) for b in bars] + [0])
        width = max(8, min(width, line - label_width - text_width - 4))
    lines = []
    for bar in bars:
        share = bar.share if bar.share is not None else bar.value / top
        cells = round(width * min(max(share, 0.0), 1.0))
        if bar.share is None and bar.value and not cells:
            cells = 1
        drawn = ("█" * cells).center(width) if centred else ("█" * cells).ljust(width, "░")
        lines.append(f"{bar.label.rjust(label_width)}  {drawn}  {bar.text}")
    return "\n".join(lines)
