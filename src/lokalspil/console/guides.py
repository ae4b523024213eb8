"""A guide on screen: its progress step by step, the list of guides, a guide with its answers, problems found
by `guide check`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from lokalspil.console import base
from lokalspil.console.pictures import progress_bar
from lokalspil.danish import format_date
from lokalspil.messages import get_language, t

if TYPE_CHECKING:
    from lokalspil.answers import GuideProgress


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
    base.out.print(Text(str(guide.title), style="bold"))
    base.out.print(_step_table(progress))
    base.out.print(
        progress_bar(progress.answered + progress.ticked, progress.questions + progress.items, width=40)
    )
    base.out.print(Text(t("status.guide_total", answered=progress.answered, questions=progress.questions,
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
    base.out.print(table)


# ---------------------------------------------------------------------------------------------------------------
# A guide with its answers


def show_guide(guide_doc: dict[str, Any], progress: GuideProgress) -> None:
    from lokalspil.messages import get_language

    lang = get_language()
    base.out.print(Text(guide_doc["title"][lang], style="bold"))
    if guide_doc.get("source"):
        src = guide_doc["source"]
        note = f" {src['note'][lang]}" if src.get("note") else ""
        base.out.print(
            Text(f"{src['publisher']}: {src['title']} ({src.get('year') or ''}).{note}", style="dim")
        )
    base.out.print(_step_table(progress))
    for step in guide_doc["steps"]:
        base.out.print()
        base.out.print(Rule(f"{step['number']}. {step['title'][lang]}", align="left"))
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
        base.out.print(table)
        if step["checklist"]:
            for item in step["checklist"]:
                box = "[x]" if item["done"] else "[ ]"
                base.out.print(Text(f"  {box} {item['text'][lang]}", style="green" if item["done"] else ""))
        show_cases(step["cases"])


def show_cases(cases: list[dict[str, Any]]) -> None:
    """A step's case stories from other estates (`Case.as_dict()`), each with the page it rests on. The source
    line is soft-wrapped, so its address is never broken and stays clickable."""
    if not cases:
        return
    lang = get_language()
    base.out.print(Text(t("walk.cases"), style="bold"))
    for case in cases:
        base.out.print(Text(f"  • {case['title'][lang]} ({case['place']})", style="bold"))
        base.out.print(Padding(Text(case["text"][lang]), (0, 0, 0, 4)))
        src = case["source"]
        line = t("guide.case_source", title=src["title"], url=src["url"], read=format_date(src["read"]))
        base.out.print(Text("    " + line, style="dim"), soft_wrap=True)


# ---------------------------------------------------------------------------------------------------------------
# Guide check


def show_problems(problems: list[str]) -> None:
    for p in problems:
        base.err.print(Text(p), soft_wrap=True)
