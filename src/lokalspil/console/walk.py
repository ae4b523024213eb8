"""The walk at a terminal: each step, its questions and checklist, what became of each answer."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from lokalspil.console import base
from lokalspil.console.base import say, success
from lokalspil.console.guides import show_cases, show_guide_progress
from lokalspil.console.pictures import agreements_line, funnel
from lokalspil.console.prompts import confirm, enable_line_editing
from lokalspil.messages import t

if TYPE_CHECKING:
    from lokalspil.answers import GuideProgress
    from lokalspil.guides import Question, Step
    from lokalspil.overview import Records
    from lokalspil.walk import Result, Walk


class TerminalWalk:
    """The walk's questions and answers at a terminal (implements lokalspil.walk.WalkIO)."""

    def show_overview(self, progress: GuideProgress) -> None:
        show_guide_progress(progress)
        base.out.print()
        base.out.print(Text(t("walk.keys"), style="dim"))

    def __init__(self, step_count: int, resume: str) -> None:
        from lokalspil.walk import BACK, CLEAR, HELP, LEAVE, SKIP

        self.step_count = step_count
        self.resume = resume  # the command that continues this guide
        self.words = BACK | SKIP | HELP | LEAVE | CLEAR

    def show_step(self, step: Step, records: Records | None = None) -> None:
        count = self.step_count
        phase = f" · {t('phase.' + step.phase)}" if step.phase else ""
        base.out.print()
        heading = t("walk.step_heading", number=step.number, count=count, title=str(step.title)) + phase
        base.out.print(Rule(Text(heading, style="bold cyan"), align="left"))
        base.out.print(Padding(Text(str(step.purpose)), (0, 0, 1, 0)))
        if step.tips:
            base.out.print(Text(t("walk.tips"), style="bold"))
            tips = Table.grid(padding=(0, 1))
            for tip in step.tips:
                tips.add_row("  •", Text(str(tip)))
            base.out.print(tips)
        show_cases([case.as_dict() for case in step.cases])
        if records is not None:
            base.out.print(Text(t("walk.records"), style="bold"))
            if "pipeline" in step.records:
                base.out.print(funnel(records.pipeline, width=30))
            if "agreements" in step.records:
                line = agreements_line(records.agreements_active, records.places, records.participants)
                base.out.print(Text("  " + line))
            if "social_economy" in step.records:
                base.out.print(
                    Text("  " + t("walk.social_economy", count=records.social_economy, rsv=records.rsv))
                )
                for name in records.social_economy_names:
                    base.out.print(Text(f"    • {name}"))
                hidden = records.social_economy - len(records.social_economy_names)
                if hidden > 0:
                    base.out.print(Text("    " + t("walk.more", count=hidden), style="dim"))
            if "follow_ups" in step.records:
                style = "bold red" if records.overdue_follow_ups else ""
                base.out.print(Text("  " + t("walk.overdue", count=records.overdue_follow_ups), style=style))
        if step.tools:
            base.out.print(Text(t("walk.tools"), style="bold"))
            for tool in step.tools:
                base.out.print(
                    Padding(Text(tool.command, style="cyan") + Text(f"  {tool.text}"), (0, 0, 0, 2))
                )
        base.out.print()

    def ask(self, walk: Walk, question: Question) -> str:
        from lokalspil.answers import format_answer

        enable_line_editing()
        if walk.other_for is not None:  # Andet was picked: its text
            base.out.print(Text(t("walk.other_text"), style="bold"))
            return base.out.input("[bold cyan]›[/] ")
        asked = walk.asked()
        number = asked.index(question) + 1 if question in asked else len(asked)
        star = "" if not question.required else " *"
        base.out.print(
            Text(f"{number}/{len(asked)} ", style="dim") + Text(str(question.prompt) + star, style="bold")
        )
        base.out.print(Text(_hint(question), style="dim"))
        if question.choices:
            for n, choice in enumerate(question.choices, start=1):
                base.out.print(Text(f"  {n:>2}. {choice.label}"))
        current = walk.stored_value(question)
        if current is not None:
            base.out.print(
                Text(t("walk.current_answer", answer=format_answer(question, current)), style="yellow")
            )
        if question.type != "longtext":
            return base.out.input("[bold cyan]›[/] ")
        return self._long_answer()

    def _long_answer(self) -> str:
        """Several lines; an empty line ends the answer unless more text is already on its way (a paste with
        blank lines in it keeps its paragraphs). End of input (Ctrl-D) ends it too, keeping what was typed."""
        lines: list[str] = []
        while True:
            try:
                line = base.out.input("[bold cyan]…[/] " if lines else "[bold cyan]›[/] ")
            except EOFError:
                if lines:
                    return "\n".join(lines)
                raise
            if not lines and (not line.strip() or line.strip().lower() in self.words):
                return line
            if not line.strip() and not _more_input_waiting():
                return "\n".join(lines).strip("\n")
            lines.append(line)

    def show_result(self, walk: Walk, question: Question, result: Result) -> None:
        from lokalspil.walk import Outcome

        o = result.outcome
        if o is Outcome.INVALID:
            base.err.print(Text(f"✗ {result.reason} ", style="red") + Text(t("walk.try_again"), style="dim"))
        elif o is Outcome.ACCEPTED:
            from lokalspil.answers import format_answer

            shown = format_answer(question, result.value)
            if "\n" in shown or len(shown) > 60:
                shown = shown.splitlines()[0][:57] + " …"
            base.out.print(Text(t("walk.saved", answer=shown), style="green"))
        elif o is Outcome.CLEARED:
            base.out.print(Text(t("walk.cleared"), style="yellow"))
        elif o is Outcome.SKIPPED:
            base.out.print(Text(t("walk.skipped"), style="dim"))
        elif o is Outcome.AT_START:
            base.out.print(Text(t("walk.at_start"), style="dim"))
        elif o is Outcome.HELP:
            base.out.print(Text(str(question.help) if question.help else t("walk.no_help"), style="italic"))
            base.out.print(Text(t("walk.keys"), style="dim"))
        elif o is Outcome.LEAVE:
            base.out.print(Text(t("walk.left_step"), style="dim"))
        if o not in (Outcome.INVALID, Outcome.HELP, Outcome.OTHER_TEXT):
            base.out.print()

    def ask_checklist(self, walk: Walk, step: Step) -> str:
        base.out.print(Text(t("walk.checklist"), style="bold"))
        for n, item in enumerate(step.checklist, start=1):
            done = item.key in walk.ticked
            base.out.print(
                Text(f"  {'[x]' if done else '[ ]'} {n}. {item.text}", style="green" if done else "")
            )
        return base.out.input(f"[dim]{escape(t('walk.checklist_prompt'))}[/]\n[bold cyan]›[/] ")

    def show_checklist_note(self, result: Result) -> None:
        from lokalspil.walk import Outcome

        if result.outcome is Outcome.INVALID:
            base.err.print(Text(f"✗ {result.reason}", style="red"))
        elif result.outcome is Outcome.AT_START:
            base.out.print(Text(t("walk.at_start"), style="dim"))
        else:  # help
            base.out.print(Text(t("walk.checklist_help"), style="italic"))

    def confirm_next(self, step: Step) -> bool:
        base.out.print()
        return confirm(t("walk.next_step", number=step.number, title=str(step.title)), default=True)

    def show_done(self, progress: GuideProgress, finished: bool) -> None:
        base.out.print()
        if finished:
            success(t("walk.all_done", guide=str(progress.guide.title), command=self.resume))
        else:
            show_guide_progress(progress)
            say(t("walk.saved_for_later", command=self.resume))


def _hint(question: Question) -> str:
    """How to answer: the type's hint; for a number, whether it is whole and the bounds it must keep."""
    if question.type != "number":
        return t(f"qtype.hint.{question.type}")
    from lokalspil.answers import format_number

    low, high = question.min, question.max
    bounds = (
        t("qtype.bound.between", min=format_number(low), max=format_number(high))
        if low is not None and high is not None
        else t("qtype.bound.at_least", min=format_number(low))
        if low is not None
        else t("qtype.bound.at_most", max=format_number(high))
        if high is not None
        else ""
    )
    return t("qtype.hint.whole_number" if question.integer else "qtype.hint.number", bounds=bounds)


def _more_input_waiting(wait: float = 0.05) -> bool:
    """Whether more typed or pasted text is already waiting on the terminal."""
    try:
        import select

        return bool(select.select([sys.stdin], [], [], wait)[0])
    except (ImportError, OSError, ValueError):  # pragma: no cover - no select() on this stdin
        return False
