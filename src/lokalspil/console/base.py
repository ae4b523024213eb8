"""The two Rich consoles (stdout and stderr), plain messages, JSON and raw text, progress on stderr.

The consoles exist once, here: the other console modules use them as `base.out` and `base.err`, so a
script that swaps them (docs/screenshots.py) swaps them for every screen.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from lokalspil.controls import CONTROLS, escape_controls, strip_controls
from lokalspil.messages import t

if TYPE_CHECKING:
    from collections.abc import Iterator


class SafeConsole(Console):
    """A console that shows every value as typed, and lets no value steer the terminal.

    A text is never read as Rich markup or emoji codes (a company called `[/]` or `Bager :beer:` shows as that;
    markup is only in the prompts the console package writes, which escape what they put in), and whatever is
    drawn has its terminal controls and bidirectional overrides removed (see lokalspil.controls): data never
    reaches the terminal as an escape sequence, whether it came in a string, a Text, a table cell or a Markdown
    link. The characters removed take no room on screen, so the layout stays as measured.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs["emoji"] = False  # (Console.input asks for emoji codes in its prompt)
        return super().render_str(text, **kwargs)

    def input(self, prompt: Any = "", *, markup: bool = True, emoji: bool = True, password: bool = False,
              stream: Any = None) -> str:  # fmt: skip
        """Rich's input, with the prompt's last line handed to input() itself: readline then knows where the
        answer begins, and Backspace stops there instead of erasing the question."""
        hush()
        if password or stream is not None:
            return super().input(prompt, markup=markup, emoji=emoji, password=password, stream=stream)
        text = self.render_str(prompt, markup=markup) if isinstance(prompt, str) else prompt
        lines = text.split("\n", allow_blank=True)
        for line in lines[:-1]:
            self.print(line)
        with self.capture() as capture:
            self.print(lines[-1], end="")
        last = capture.get()
        if "readline" in sys.modules:  # escape codes take no room: readline must be told (\001 … \002)
            last = re.sub(r"(\x1b\[[0-9;]*m)", "\x01\\1\x02", last)
        return input(last)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterator[Segment]:
        for segment in super().render(renderable, options):
            text, style, control = segment
            link = style.link if style is not None else None
            if link and CONTROLS.search(link):
                segment = Segment(text, style.update_link(strip_controls(link)), control)  # type: ignore[union-attr]
            if control is None and CONTROLS.search(text):
                segment = Segment(strip_controls(text), segment.style)
            yield segment


out = SafeConsole()
err = SafeConsole(stderr=True)


def interactive() -> bool:
    """Whether a person is at a terminal to answer questions."""
    return sys.stdin.isatty() and sys.stdout.isatty()


# ---------------------------------------------------------------------------------------------------------------
# Plain messages


def say(message: str, style: str | None = None) -> None:
    out.print(Text(message, style=style or ""))


def success(message: str) -> None:
    out.print(Text("✓ ", style="green") + Text(message))


def warn(message: str) -> None:
    err.print(Text(message, style="yellow"))


def error(message: str) -> None:
    """A message on stderr: wrapped at word boundaries in a terminal, one unbroken line for scripts and logs."""
    err.print(Text(message, style="bold red"), soft_wrap=not err.is_terminal)


def print_json(data: Any) -> None:
    """JSON for scripts: plain, UTF-8, no colour, whatever the terminal."""
    sys.stdout.write(escape_controls(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def print_raw(text: str) -> None:
    """Text as it is (Markdown, a template's source), without what would steer the terminal."""
    text = strip_controls(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ---------------------------------------------------------------------------------------------------------------
# Progress on stderr, for long work


_bars: list[Any] = []  # the progress bars on the terminal now, stopped before a question (see hush)


def hush() -> None:
    """Clear any progress bar from the terminal, before a question or a screen of output: the bar is drawn on
    stderr and would hide a prompt written to stdout, or stay frozen above it."""
    for bar in _bars:
        bar.stop()
    _bars.clear()


@contextlib.contextmanager
def steps(label: str, enabled: bool = True) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on the terminal (stderr) for long work, told (done, total); nothing when output goes
    elsewhere. The bar appears with the first step and is cleared when the work is done, so no frozen bar
    stands above a question asked before the work or the output printed after it."""
    if not enabled or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn(label), BarColumn(), TextColumn("{task.percentage:>3.0f} %"),
        TimeRemainingColumn(), console=err, transient=True,
    )  # fmt: skip
    task = bar.add_task("work", total=None)

    def update(done: int, total: int) -> None:
        if total and done >= total:
            hush()
            return
        if bar not in _bars:
            bar.start()
            _bars.append(bar)
        bar.update(task, completed=done, total=total or None)

    try:
        yield update
    finally:
        hush()


@contextlib.contextmanager
def working(label: str, enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """A spinner on the terminal (stderr) for long work, such as laying out a PDF; the work may tell what it is
    doing now (a catalogue key)."""
    if not enabled or not err.is_terminal:
        yield lambda key: None
        return
    with err.status(label) as status:
        yield lambda key: status.update(f"{label} {t(key)}")
