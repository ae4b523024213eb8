"""All terminal I/O: the Rich consoles, prompts, tables and pictures, and the walk's terminal side.

The library returns data; this module shows it. Nothing else imports Rich or reads from the keyboard.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from lokalspil.messages import t

if TYPE_CHECKING:
    from lokalspil.answers import GuideProgress
    from lokalspil.guides import Question, Step
    from lokalspil.walk import Result, Walk

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


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
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_raw(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ---------------------------------------------------------------------------------------------------------------
# Prompts


def _enable_line_editing() -> None:
    with contextlib.suppress(ImportError):  # Windows has no readline
        import readline  # noqa: F401  (arrow keys and history in input())


def ask(label: str, default: str | None = None) -> str:
    """One line from the user; Enter gives `default`."""
    _enable_line_editing()
    hint = f" [dim]({escape(default)})[/]" if default else ""
    answer = out.input(f"[bold]{escape(label)}[/]{hint}: ")
    return answer.strip() or (default or "")


def ask_valid(label: str, check: Callable[[str], Any], default: str | None = None) -> Any:
    """Ask until `check` accepts the answer; each refusal is one line saying why."""
    from lokalspil.errors import InvalidValue

    while True:
        raw = ask(label, default)
        try:
            return check(raw)
        except InvalidValue as e:
            err.print(Text(f"✗ {e}", style="red"))


def confirm(label: str, default: bool = True) -> bool:
    from lokalspil.danish import parse_yes_no
    from lokalspil.errors import InvalidValue

    _enable_line_editing()
    choices = t("prompt.yes_no_default_yes") if default else t("prompt.yes_no_default_no")
    while True:
        raw = out.input(f"[bold]{escape(label)}[/] [dim]{choices}[/] ").strip()
        if not raw:
            return default
        try:
            return parse_yes_no(raw)
        except InvalidValue as e:
            err.print(Text(f"✗ {e}", style="red"))


# ---------------------------------------------------------------------------------------------------------------
# Pictures: progress


def progress_bar(done: int, total: int, width: int = 20) -> Text:
    """A bar that reads in any terminal, with or without colour: ██████░░░░  60 %."""
    fraction = done / total if total else 1.0
    filled = round(fraction * width)
    bar = Text("█" * filled, style="green") + Text("░" * (width - filled), style="grey50")
    return bar + Text(f" {round(100 * fraction):>3} %")


def _step_table(progress: GuideProgress, current: str | None = None) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1), header_style="bold")
    table.add_column("#", justify="right")
    table.add_column(t("heading.step"))
    table.add_column(t("heading.questions"), justify="right")
    table.add_column(t("heading.checklist"), justify="right")
    table.add_column(t("heading.progress"))
    for sp in progress.steps:
        mark = "✓" if sp.finished and sp.questions else ("›" if sp.step.id == current else " ")
        table.add_row(
            f"{mark} {sp.step.number}",
            str(sp.step.title),
            f"{sp.answered}/{sp.questions}",
            f"{sp.ticked}/{sp.items}",
            progress_bar(sp.answered + sp.ticked, sp.questions + sp.items, width=10),
        )
    return table


def show_guide_progress(progress: GuideProgress) -> None:
    guide = progress.guide
    out.print(Text(str(guide.title), style="bold"))
    out.print(_step_table(progress))
    out.print(
        progress_bar(progress.answered + progress.ticked, progress.questions + progress.items, width=40)
    )
    out.print(Text(t("status.guide_total", answered=progress.answered, questions=progress.questions,
                     ticked=progress.ticked, items=progress.items), style="dim"))  # fmt: skip


def show_guide_list(progresses: list[GuideProgress]) -> None:
    table = Table(box=None, header_style="bold", padding=(0, 2))
    table.add_column(t("heading.guide_id"))
    table.add_column(t("heading.guide"))
    table.add_column(t("heading.questions"), justify="right")
    table.add_column(t("heading.checklist"), justify="right")
    table.add_column(t("heading.progress"))
    for p in progresses:
        table.add_row(
            p.guide.id,
            str(p.guide.title),
            f"{p.answered}/{p.questions}",
            f"{p.ticked}/{p.items}",
            progress_bar(p.answered + p.ticked, p.questions + p.items, width=16),
        )
    out.print(table)


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
    out.print(facts)
    for progress in progresses:
        out.print()
        show_guide_progress(progress)


# ---------------------------------------------------------------------------------------------------------------
# A guide with its answers


def show_guide(guide_doc: dict[str, Any], progress: GuideProgress) -> None:
    from lokalspil.messages import get_language

    lang = get_language()
    out.print(Text(guide_doc["title"][lang], style="bold"))
    if guide_doc.get("source"):
        src = guide_doc["source"]
        note = f" {src['note'][lang]}" if src.get("note") else ""
        out.print(Text(f"{src['publisher']}: {src['title']} ({src.get('year') or ''}).{note}", style="dim"))
    out.print(_step_table(progress))
    for step in guide_doc["steps"]:
        out.print()
        out.print(Rule(f"{step['number']}. {step['title'][lang]}", align="left"))
        table = Table(box=None, show_header=True, header_style="bold", padding=(0, 1), expand=False)
        table.add_column(t("heading.question"), ratio=3)
        table.add_column(t("heading.answer"), ratio=2)
        for q in step["questions"]:
            if not q["applies"]:
                answer = Text(t("show.not_asked"), style="dim")
            elif q["skipped"]:
                answer = Text(t("show.skipped"), style="dim")
            elif q["answer_text"] is None:
                answer = Text("—", style="dim")
            else:
                answer = Text(q["answer_text"])
            star = " *" if q["required"] else ""
            table.add_row(Text(q["prompt"][lang] + star), answer)
        out.print(table)
        if step["checklist"]:
            for item in step["checklist"]:
                box = "[x]" if item["done"] else "[ ]"
                out.print(Text(f"  {box} {item['text'][lang]}", style="green" if item["done"] else ""))


# ---------------------------------------------------------------------------------------------------------------
# Guide check


def show_problems(problems: list[str]) -> None:
    for p in problems:
        err.print(Text(p), soft_wrap=True)


# ---------------------------------------------------------------------------------------------------------------
# The walk at a terminal


class TerminalWalk:
    """The walk's questions and answers at a terminal (implements lokalspil.walk.WalkIO)."""

    def show_overview(self, progress: GuideProgress) -> None:
        show_guide_progress(progress)
        out.print()
        out.print(Text(t("walk.keys"), style="dim"))

    def __init__(self, step_count: int) -> None:
        from lokalspil.walk import BACK, HELP, LEAVE, SKIP

        self.step_count = step_count
        self.words = BACK | SKIP | HELP | LEAVE

    def show_step(self, step: Step) -> None:
        count = self.step_count
        phase = f" · {t('phase.' + step.phase)}" if step.phase else ""
        out.print()
        out.print(Rule(Text(t("walk.step_heading", number=step.number, count=count, title=str(step.title)) + phase,
                            style="bold cyan"), align="left"))  # fmt: skip
        out.print(Padding(Text(str(step.purpose)), (0, 0, 1, 0)))
        if step.tips:
            out.print(Text(t("walk.tips"), style="bold"))
            tips = Table.grid(padding=(0, 1))
            for tip in step.tips:
                tips.add_row("  •", Text(str(tip)))
            out.print(tips)
        if step.tools:
            out.print(Text(t("walk.tools"), style="bold"))
            for tool in step.tools:
                out.print(Padding(Text(tool.command, style="cyan") + Text(f"  {tool.text}"), (0, 0, 0, 2)))
        out.print()

    def ask(self, walk: Walk, question: Question) -> str:
        from lokalspil.answers import format_answer

        _enable_line_editing()
        assert walk.step is not None
        asked = walk.step.questions
        number = asked.index(question) + 1
        star = "" if not question.required else " *"
        out.print(
            Text(f"{number}/{len(asked)} ", style="dim") + Text(str(question.prompt) + star, style="bold")
        )
        out.print(Text(t(f"qtype.hint.{question.type}"), style="dim"))
        if question.choices:
            for n, choice in enumerate(question.choices, start=1):
                out.print(Text(f"  {n:>2}. {choice.label}"))
        current = walk.stored_value(question)
        if current is not None:
            out.print(Text(t("walk.current_answer", answer=format_answer(question, current)), style="yellow"))
        if question.type != "longtext":
            return out.input("[bold cyan]›[/] ")
        lines: list[str] = []
        while True:
            line = out.input("[bold cyan]…[/] " if lines else "[bold cyan]›[/] ")
            if not lines and (not line.strip() or line.strip().lower() in self.words):
                return line
            if not line.strip():
                return "\n".join(lines)
            lines.append(line)

    def show_result(self, walk: Walk, question: Question, result: Result) -> None:
        from lokalspil.walk import Outcome

        o = result.outcome
        if o is Outcome.INVALID:
            err.print(Text(f"✗ {result.reason} ", style="red") + Text(t("walk.try_again"), style="dim"))
        elif o is Outcome.ACCEPTED:
            out.print(Text(t("walk.saved"), style="green"))
        elif o is Outcome.SKIPPED:
            out.print(Text(t("walk.skipped"), style="dim"))
        elif o is Outcome.AT_START:
            out.print(Text(t("walk.at_start"), style="dim"))
        elif o is Outcome.HELP:
            out.print(Text(str(question.help) if question.help else t("walk.no_help"), style="italic"))
            out.print(Text(t("walk.keys"), style="dim"))
        elif o is Outcome.LEAVE:
            out.print(Text(t("walk.left_step"), style="dim"))
        if o is not Outcome.INVALID and o is not Outcome.HELP:
            out.print()

    def ask_checklist(self, walk: Walk, step: Step) -> str:
        out.print(Text(t("walk.checklist"), style="bold"))
        for n, item in enumerate(step.checklist, start=1):
            done = item.key in walk.ticked
            out.print(Text(f"  {'[x]' if done else '[ ]'} {n}. {item.text}", style="green" if done else ""))
        return out.input(f"[dim]{escape(t('walk.checklist_prompt'))}[/]\n[bold cyan]›[/] ")

    def show_checklist_error(self, reason: str) -> None:
        err.print(Text(f"✗ {reason}", style="red"))

    def confirm_next(self, step: Step) -> bool:
        out.print()
        return confirm(t("walk.next_step", number=step.number, title=str(step.title)), default=True)

    def show_done(self, progress: GuideProgress, finished: bool) -> None:
        out.print()
        if finished:
            success(t("walk.all_done", guide=str(progress.guide.title)))
        else:
            show_guide_progress(progress)
            say(t("walk.saved_for_later"))


def terminal_width_for_tests() -> None:
    """Honour TERMINAL_WIDTH (set by the tests) for stable output."""
    width = os.environ.get("TERMINAL_WIDTH")
    if width and width.isdigit():
        out.width = err.width = int(width)
