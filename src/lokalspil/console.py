"""All terminal I/O: the Rich consoles, prompts, tables and pictures, and the walk's terminal side.

The library returns data; this module shows it. Nothing else imports Rich or reads from the keyboard.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from lokalspil.controls import CONTROLS, escape_controls, strip_controls
from lokalspil.messages import t, t_count

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lokalspil.activities import Activity
    from lokalspil.agenda import Item
    from lokalspil.agreements import Agreement
    from lokalspil.answers import GuideProgress
    from lokalspil.companies import Company
    from lokalspil.contacts import Contact, Untouched
    from lokalspil.demo import Demo
    from lokalspil.doctor import Checkup
    from lokalspil.documents import LetterBatch
    from lokalspil.forgetting import Mention
    from lokalspil.guides import Question, Step
    from lokalspil.history import Change
    from lokalspil.imports import Report
    from lokalspil.overview import CompanyCard, Home, Records
    from lokalspil.search import Hit
    from lokalspil.templates import Copied, TemplateInfo
    from lokalspil.walk import Result, Walk


class SafeConsole(Console):
    """A console that shows every value as typed, and lets no value steer the terminal.

    A text is never read as Rich markup or emoji codes (a company called `[/]` or `Bager :beer:` shows as that;
    markup is only in the prompts this module writes, which escape what they put in), and whatever is drawn has
    its terminal controls and bidirectional overrides removed (see lokalspil.controls): data never reaches the
    terminal as an escape sequence, whether it came in a string, a Text, a table cell or a Markdown link. The
    characters removed take no room on screen, so the layout stays as measured.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs["emoji"] = False  # (Console.input asks for emoji codes in its prompt)
        return super().render_str(text, **kwargs)

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


def confirm_destructive(question: str, yes: bool) -> bool:
    """Ask before deleting; `--yes` answers for scripts. Without a terminal and without --yes, refuse."""
    if yes:
        return True
    if not interactive():
        from lokalspil.errors import LokalspilError

        raise LokalspilError("confirm.needs_yes")
    return confirm(question, default=False)


CONFIRM_WORDS = ("ja", "j", "nej", "n", "yes", "y", "no")


def confirm(label: str, default: bool = True) -> bool:
    from lokalspil.danish import parse_yes_no
    from lokalspil.errors import InvalidValue

    _enable_line_editing()
    choices = t("prompt.yes_no_default_yes") if default else t("prompt.yes_no_default_no")
    while True:
        raw = out.input(f"[bold]{escape(label)}[/] [dim]{escape(choices)}[/] ").strip()
        if not raw:
            return default
        # Only the words for yes and no: a stray key ('x', '1') is no answer to a question that may delete.
        if raw.lower() in CONFIRM_WORDS:
            return parse_yes_no(raw)
        err.print(Text(f"✗ {InvalidValue('value.not_yes_no', value=raw)}", style="red"))


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


def date_text(day: str | None) -> str:
    from lokalspil.danish import format_date

    return format_date(day) if day else ""


def _stage(stage: str) -> Text:
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
        table.add_row(_stage(stage), Text("█" * max(cells, 1 if count else 0), style="cyan"), str(count))
    beside = [f"{t('stage.' + s)} {pipeline.get(s, 0)}" for s in SIDE_STAGES]
    return Group(table, Text("   " + " · ".join(beside), style="dim"))


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
    out.print()
    out.print(Text(t("status.pipeline", count=status["companies"]), style="bold"))
    out.print(funnel(status["pipeline"]))
    out.print(Text(t("status.agreements", count=status["agreements_active"], places=status["places"],
                     participants=status["participants"])))  # fmt: skip
    if status["overdue_follow_ups"]:
        count = status["overdue_follow_ups"]
        out.print(Text(t_count("status.overdue", count), style="bold red"))
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

    def __init__(self, step_count: int, resume: str) -> None:
        from lokalspil.walk import BACK, CLEAR, HELP, LEAVE, SKIP

        self.step_count = step_count
        self.resume = resume  # the command that continues this guide
        self.words = BACK | SKIP | HELP | LEAVE | CLEAR

    def show_step(self, step: Step, records: Records | None = None) -> None:
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
        if records is not None:
            out.print(Text(t("walk.records"), style="bold"))
            if "pipeline" in step.records:
                out.print(funnel(records.pipeline, width=30))
            if "agreements" in step.records:
                out.print(Text("  " + t("status.agreements", count=records.agreements_active, places=records.places,
                                              participants=records.participants)))  # fmt: skip
            if "social_economy" in step.records:
                out.print(
                    Text("  " + t("walk.social_economy", count=records.social_economy, rsv=records.rsv))
                )
                for name in records.social_economy_names:
                    out.print(Text(f"    • {name}"))
                hidden = records.social_economy - len(records.social_economy_names)
                if hidden > 0:
                    out.print(Text("    " + t("walk.more", count=hidden), style="dim"))
            if "follow_ups" in step.records:
                style = "bold red" if records.overdue_follow_ups else ""
                out.print(Text("  " + t("walk.overdue", count=records.overdue_follow_ups), style=style))
        if step.tools:
            out.print(Text(t("walk.tools"), style="bold"))
            for tool in step.tools:
                out.print(Padding(Text(tool.command, style="cyan") + Text(f"  {tool.text}"), (0, 0, 0, 2)))
        out.print()

    def ask(self, walk: Walk, question: Question) -> str:
        from lokalspil.answers import format_answer

        _enable_line_editing()
        asked = walk.asked()
        number = asked.index(question) + 1 if question in asked else len(asked)
        star = "" if not question.required else " *"
        out.print(
            Text(f"{number}/{len(asked)} ", style="dim") + Text(str(question.prompt) + star, style="bold")
        )
        out.print(Text(_hint(question), style="dim"))
        if question.choices:
            for n, choice in enumerate(question.choices, start=1):
                out.print(Text(f"  {n:>2}. {choice.label}"))
        current = walk.stored_value(question)
        if current is not None:
            out.print(Text(t("walk.current_answer", answer=format_answer(question, current)), style="yellow"))
        if question.type != "longtext":
            return out.input("[bold cyan]›[/] ")
        return self._long_answer()

    def _long_answer(self) -> str:
        """Several lines; an empty line ends the answer unless more text is already on its way (a paste with
        blank lines in it keeps its paragraphs). End of input (Ctrl-D) ends it too, keeping what was typed."""
        lines: list[str] = []
        while True:
            try:
                line = out.input("[bold cyan]…[/] " if lines else "[bold cyan]›[/] ")
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
            err.print(Text(f"✗ {result.reason} ", style="red") + Text(t("walk.try_again"), style="dim"))
        elif o is Outcome.ACCEPTED:
            from lokalspil.answers import format_answer

            shown = format_answer(question, result.value)
            if "\n" in shown or len(shown) > 60:
                shown = shown.splitlines()[0][:57] + " …"
            out.print(Text(t("walk.saved", answer=shown), style="green"))
        elif o is Outcome.CLEARED:
            out.print(Text(t("walk.cleared"), style="yellow"))
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

    def show_checklist_note(self, result: Result) -> None:
        from lokalspil.walk import Outcome

        if result.outcome is Outcome.INVALID:
            err.print(Text(f"✗ {result.reason}", style="red"))
        elif result.outcome is Outcome.AT_START:
            out.print(Text(t("walk.at_start"), style="dim"))
        else:  # help
            out.print(Text(t("walk.checklist_help"), style="italic"))

    def confirm_next(self, step: Step) -> bool:
        out.print()
        return confirm(t("walk.next_step", number=step.number, title=str(step.title)), default=True)

    def show_done(self, progress: GuideProgress, finished: bool) -> None:
        out.print()
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


# ---------------------------------------------------------------------------------------------------------------
# Records: companies, contacts, agreements, the agenda, search


def _table(*headings: str) -> Table:
    table = Table(box=None, header_style="bold", padding=(0, 1), pad_edge=False)
    for heading in headings:
        table.add_column(t(heading), overflow="fold")
    return table


def show_companies(companies: list[Company], filtered: bool = False) -> None:
    if not companies:
        say(t("company.none_chosen" if filtered else "company.none"))
        return
    table = _table(
        "heading.id", "heading.company", "heading.cvr", "heading.place", "heading.stage", "heading.tags"
    )
    for c in companies:
        place = " ".join(x for x in (c.postcode, c.city) if x)
        flags = "".join(m for flag, m in ((c.social_economy, " ♻"), (c.protected, " ⊘")) if flag)
        table.add_row(str(c.id), Text(c.name + flags), c.cvr or "", place, _stage(c.stage), ", ".join(c.tags))
    out.print(table)
    count = len(companies)
    out.print(Text(t_count("company.count", count) + "  " + t("company.legend"), style="dim"))


def show_company_card(card: CompanyCard) -> None:
    c = card.company
    out.print(Rule(Text(f"{c.name}  ·  #{c.id}", style="bold"), align="left"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    address = ", ".join(x for x in (c.address, " ".join(y for y in (c.postcode, c.city) if y)) if x)
    rows = [
        ("heading.stage", _stage(c.stage)),
        ("company.field.cvr", c.cvr),
        ("company.field.pnr", c.pnr),
        ("company.field.address", address),
        ("company.field.industry", " ".join(x for x in (c.industry_code, c.industry) if x)),
        ("company.field.employees", c.employees),
        ("company.field.website", c.website),
        ("company.field.email", c.email),
        ("company.field.phone", c.phone),
        ("heading.tags", ", ".join(c.tags)),
    ]
    for key, value in rows:
        if value:
            facts.add_row(t(key), value if isinstance(value, Text) else Text(str(value)))
    marks = [t(f"company.flag.{flag}") for flag in ("social_economy", "rsv", "protected") if getattr(c, flag)]
    if marks:
        facts.add_row(t("heading.flags"), Text(", ".join(marks), style="yellow"))
    if c.notes:
        facts.add_row(t("company.field.notes"), Text(c.notes))
    out.print(facts)
    nxt = card.next_follow_up
    if nxt:
        out.print(
            Text(
                t("company.next_follow_up", date=date_text(nxt.follow_up), summary=nxt.summary),
                style="bold yellow",
            )
        )
    out.print()
    out.print(Text(t("heading.contacts"), style="bold"))
    show_contacts(card.contacts, with_company=False)
    out.print()
    out.print(Text(t("heading.agreements"), style="bold"))
    show_agreements(card.agreements, with_company=False)
    out.print()
    out.print(Text(t("heading.timeline"), style="bold"))
    if not card.activities:
        say(t("activity.none"), "dim")
        return
    table = _table("heading.id", "heading.date", "heading.kind", "heading.summary", "heading.follow_up")
    for a in card.activities:  # the number: for `done`, `entry edit` and `entry remove`
        follow = ""
        if a.follow_up:
            follow = date_text(a.follow_up) + (" ✓" if a.follow_up_done_at else "")
        who = f" ({a.contact})" if a.contact else ""
        table.add_row(
            str(a.id), date_text(a.date), t(f"activity.kind.{a.kind}"), Text(_said(a) + who), follow
        )
    out.print(table)


def _said(activity: Activity) -> str:
    """An entry's text; a stage change that lokalspil itself wrote, in the language of today's reader."""
    from lokalspil.messages import CATALOGUES

    old, new = activity.old_stage, activity.new_stage
    if activity.kind == "stage" and old and new:
        written = {
            cat["activity.stage_summary"].format(old=cat[f"stage.{old}"], new=cat[f"stage.{new}"])
            for cat in CATALOGUES.values()
        }
        if activity.summary in written:
            return t("activity.stage_summary", old=t(f"stage.{old}"), new=t(f"stage.{new}"))
    return activity.summary


def show_contacts(contacts: list[Contact], with_company: bool = True) -> None:
    if not contacts:
        say(t("contact.none"), "dim")
        return
    headings = ["heading.id", "heading.name", "heading.role", "heading.email", "heading.phone"]
    table = _table(*headings, *(["heading.company"] if with_company else []))
    for p in contacts:
        row = [str(p.id), p.name, p.role or "", p.email or "", p.phone or ""]
        table.add_row(*row, *([p.company] if with_company else []))
    out.print(table)


def show_agreements(agreements: list[Agreement], with_company: bool = True) -> None:
    if not agreements:
        say(t("agreement.none"), "dim")
        return
    headings = [
        "heading.id",
        "heading.kind",
        "heading.status",
        "heading.places",
        "heading.period",
        "heading.review",
    ]
    from lokalspil.agreements import about

    details = [about(g) for g in agreements]
    if any(details):
        headings.append("heading.about")
    table = _table(*headings, *(["heading.company"] if with_company else []))
    for g, detail in zip(agreements, details, strict=True):
        period = " – ".join(x for x in (date_text(g.start), date_text(g.end)) if x)
        row = [str(g.id), t(f"agreement.kind.{g.kind}"), t(f"agreement.status.{g.status}"),
               "" if g.places is None else str(g.places), period, date_text(g.review)]  # fmt: skip
        if any(details):
            row.append(detail)
        table.add_row(*row, *([g.company] if with_company else []))
    out.print(table)


def show_agenda(items: list[Item], days: int) -> None:
    if not items:
        say(t("agenda.empty", days=days))
        return
    styles = {"overdue": "bold red", "today": "bold yellow", "coming": ""}
    for when in ("overdue", "today", "coming"):
        group = [i for i in items if i.when == when]
        if not group:
            continue
        out.print(Text(t_count(f"agenda.when.{when}", days, days=days), style=styles[when]))
        table = _table("heading.date", "heading.company", "heading.todo", "heading.id")
        for i in group:
            ref = f"#{i.activity_id}" if i.activity_id else t("agenda.agreement_ref", id=i.agreement_id)
            table.add_row(date_text(i.date), i.company, i.text, ref)
        out.print(table)
        out.print()
    say(t("agenda.hint"), "dim")


def show_hits(hits: list[Hit], text: str) -> None:
    if not hits:
        say(t("search.none", text=text))
        return
    table = _table("heading.found", "heading.company", "heading.match")
    for h in hits:
        table.add_row(t(f"search.kind.{h.kind}"), f"{h.company} (#{h.company_id})", h.text)
    out.print(table)


# ---------------------------------------------------------------------------------------------------------------
# Imports


@contextlib.contextmanager
def steps(label: str, enabled: bool = True) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on the terminal (stderr) for long work, told (done, total); nothing when output goes
    elsewhere."""
    if not enabled or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(label), BarColumn(), TextColumn("{task.percentage:>3.0f} %"),
        TimeRemainingColumn(), console=err, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("work", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update


def import_progress(
    enabled: bool = True,
) -> contextlib.AbstractContextManager[Callable[[int, int], None] | None]:
    """A progress bar while a file is read."""
    return steps(t("import.reading"), enabled)


@contextlib.contextmanager
def working(label: str, enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """A spinner on the terminal (stderr) for long work, such as laying out a PDF; the work may tell what it is
    doing now (a catalogue key)."""
    if not enabled or not err.is_terminal:
        yield lambda key: None
        return
    with err.status(label) as status:
        yield lambda key: status.update(f"{label} {t(key)}")


def show_mapping(report: Report) -> bool:
    """How each column of the file was understood (shown before anything is written)."""
    facts = [t("import.format", kind=report.kind.upper())]
    if report.encoding:
        facts.append(t("import.encoding", encoding=report.encoding))
    if report.delimiter:
        names = {";": t("import.sep.semicolon"), ",": t("import.sep.comma"), "\t": t("import.sep.tab")}
        facts.append(t("import.delimiter", delimiter=names.get(report.delimiter, report.delimiter)))
    out.print(Text(" · ".join(facts), style="dim"))
    table = _table("heading.column", "heading.field")
    for column in report.columns:
        target = (
            Text(t(f"{report.labels}.{column.field}"))
            if column.field
            else Text(t("import.kept_in_notes"), style="dim")
            if report.unknown_to_notes
            else Text(t("import.not_imported"), style="yellow")
        )
        table.add_row(column.header, target)
    out.print(table)
    return True


def confirm_import(report: Report) -> bool:
    show_mapping(report)
    return confirm(t("import.go_ahead"), default=True)


def show_import(report: Report) -> None:
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
    out.print(counts)
    if report.first_rejects:
        out.print(Text(t("import.first_rejects"), style="bold red"))
        for note in report.first_rejects:
            out.print(Text(f"  {t('import.line', line=note.line)}: {note.text}"))
    if report.first_warnings:
        out.print(Text(t("import.first_warnings"), style="bold yellow"))
        for note in report.first_warnings:
            out.print(Text(f"  {t('import.line', line=note.line)}: {note.text}"))
    if report.rejects_file:
        say(t("import.rejects_file", path=report.rejects_file))
    if report.stale_rejects:
        say(t("import.stale_rejects_removed", path=report.stale_rejects))
    if report.dry_run:
        say(t("import.dry_run_done"), "bold")
    else:
        success(t("import.done", rows=report.rows))


# ---------------------------------------------------------------------------------------------------------------
# Documents


def show_markdown(markdown: str) -> None:
    """Markdown drawn by Rich on a terminal; as it is when sent on (`lokalspil plan > plan.md`, a pipe)."""
    if not out.is_terminal:
        print_raw(markdown)
        return
    from rich.markdown import Markdown

    out.print(Markdown(markdown))


def show_letters(batch: LetterBatch) -> None:
    skipped = [c.name for c in batch.protected_skipped]
    if len(skipped) == 1:
        warn(t("letter.protected_skipped", company=skipped[0]))
    elif skipped:
        shown = skipped if len(skipped) <= 6 else [*skipped[:5], t("letter.and_more", count=len(skipped) - 5)]
        warn(t("letter.protected_skipped_many", count=len(skipped), companies=", ".join(shown)))
    for company in batch.protected_named:
        warn(t("letter.protected_named", company=company.name))
    if not batch.companies:
        say(t("letter.none"))
        return
    if batch.combined is not None:
        success(t_count("letter.combined", len(batch.companies), path=batch.combined))
    else:
        folder = batch.files[0].parent if batch.files else None
        success(t_count("letter.files", len(batch.files), folder=folder))
        for path in batch.files[:10]:
            say(f"  {path.name}")
        if len(batch.files) > 10:
            say(t("letter.more_files", count=len(batch.files) - 10))
    if batch.logged:
        say(t_count("letter.logged_count", batch.logged))
    if batch.protected_skipped:
        say(t("letter.include_protected_hint"))


def show_templates(infos: list[TemplateInfo], user_dir: Any) -> None:
    table = _table(
        "template.col.name", "template.col.kind", "template.col.description", "template.col.source"
    )
    for info in infos:
        source = (
            Text(t("template.own"), style="green")
            if info.overridden
            else Text(t("template.builtin"), style="dim")
        )
        table.add_row(info.name, t(f"template.kind.{info.kind}"), info.description, source)
    out.print(table)
    say(t("template.folder", folder=user_dir), "dim")


def show_template_source(path: Any, source: str) -> None:
    err.print(Text(str(path), style="dim"))
    print_raw(source)


def show_copied(copied: Copied) -> None:
    for path in copied.written:
        out.print(Text(str(path)))
    for path in copied.kept:
        warn(t("template.kept", path=path))
    if copied.written:
        success(t("template.copied", count=len(copied.written)))


def check_sensitive(*texts: str | None) -> None:
    """Before a note is stored: ask (in a terminal) or warn when it seems to hold sensitive personal data."""
    from lokalspil.errors import LokalspilError
    from lokalspil.privacy import sensitive_topics

    topics: list[str] = []
    for text in texts:
        topics += [x for x in sensitive_topics(text) if x not in topics]
    if not topics:
        return
    named = ", ".join(t(f"privacy.topic.{x}") for x in topics)
    if interactive():
        if not confirm(t("privacy.ask", topics=named), default=False):
            raise LokalspilError("privacy.declined")
    else:
        warn(t("privacy.warn", topics=named))


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
    out.print(facts)
    out.print()
    marks = {"ok": ("✓", "green"), "warning": ("!", "yellow"), "problem": ("✗", "bold red")}
    for finding in checkup.findings:
        mark, style = marks[finding.level]
        out.print(Text.assemble((f"{mark} ", style), finding.text))
        if finding.advice:
            out.print(Text(f"  → {finding.advice}", style="dim" if finding.level == "ok" else ""))
    out.print()
    if checkup.sound:
        success(t("doctor.sound"))
    else:
        error(t("doctor.not_sound"))


def show_history(found: list[Change]) -> None:
    if not found:
        say(t("history.none"), "dim")
        return
    table = _table("heading.when", "heading.command", "heading.what", "heading.company")
    for change in found:
        what = t(f"history.{change.entity}.{change.action}", id=change.entity_id)
        if change.fields:
            what += ": " + ", ".join(_field_label(change.entity, f) for f in change.fields)
        company = change.company or (t("history.removed_company") if change.company_id else "")
        table.add_row(change.local_time(), change.command or t("history.other_program"), what, company)
    out.print(table)


def _field_label(entity: str, name: str) -> str:
    from lokalspil.messages import CATALOGUES, get_language

    prefix = {"company": "company.field", "contact": "contact.field", "agreement": "agreement.field"}.get(
        entity
    )
    catalogue = CATALOGUES[get_language()]
    return (
        catalogue.get(f"{prefix}.{name}") or catalogue.get(f"history.field.{name}") or name.replace("_", " ")
    )


def show_untouched(found: list[Untouched], months: int, hint: bool = True) -> None:
    if not found:
        say(t_count("gdpr.none", months, months=months))
        return
    say(t_count("gdpr.found", len(found), months=months))
    table = _table("heading.id", "heading.name", "heading.company", "heading.last_touched", "heading.months")
    for item in found:
        table.add_row(str(item.contact.id), item.contact.name, item.contact.company,
                      date_text(item.last_touched), str(item.months))  # fmt: skip
    out.print(table)
    if hint:
        say(t("gdpr.hint", months=months))


def show_mentions(mentions: list[Mention]) -> None:
    """The texts `contact forget` changes: where, and a short excerpt with what was found marked."""
    table = _table("heading.found", "heading.company", "heading.id", "heading.match")
    for m in mentions:
        table.add_row(m.label, m.company or "", str(m.row_id) if m.row_id else "", m.excerpt)
    out.print(table)


def show_demo(demo: Demo) -> None:
    success(t("demo.done", area=demo.folder))
    facts = Table(box=None, padding=(0, 2), show_header=False)
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row(t("demo.database"), str(demo.database))
    facts.add_row(t("demo.company_list"), t("demo.imported", path=demo.company_list, count=demo.companies))
    facts.add_row(t("demo.plan"), str(demo.plan))
    facts.add_row(t("demo.letters"), t("demo.letters_count", path=demo.letters, count=demo.letters_written))
    out.print(facts)
    out.print()
    out.print(Text(t("demo.try"), style="bold"))
    for command in demo.commands:
        out.print(Text(f"  {command}", style="cyan"))
    say(t("demo.own"), "dim")


def show_home(home: Home) -> None:
    """`lokalspil` alone: where things stand, and what to do next."""
    out.print(Text("lokalspil", style="bold cyan"), Text(t("home.tagline"), style="dim"))
    if home.area is None:
        out.print(Text(t("home.no_workspace", path=home.path)))
        out.print()
        out.print(Text(t("home.start"), style="bold"))
        for command, key in (("lokalspil guide", "home.cmd.guide"), ("lokalspil demo", "home.cmd.demo"),
                             ("lokalspil --help", "home.cmd.help")):  # fmt: skip
            out.print(Text.assemble(("  " + command.ljust(20), "cyan"), t(key)))
        return
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row(t("field.area"), home.area)
    facts.add_row(t("field.workspace"), str(home.path))
    if home.guide is not None:
        guide = home.guide  # questions and checklist together, as `status` counts them
        facts.add_row(
            t("home.guide"), progress_bar(guide.answered + guide.ticked, guide.questions + guide.items)
        )
    facts.add_row(t("home.companies"), str(home.companies))
    if home.next_follow_up:
        follow = home.next_follow_up
        text = t(
            "home.follow_up",
            date=date_text(follow["date"]),
            company=follow["company"],
            summary=follow["summary"],
        )
        facts.add_row(t("home.next_follow_up"), Text(text, style="bold red" if home.overdue else ""))
    out.print(facts)
    if home.overdue:
        out.print(Text(t_count("status.overdue", home.overdue), style="bold red"))
    out.print()
    command = t(f"home.next.{home.next_command}", step=home.step or 1)
    out.print(Text.assemble((t("home.next") + " ", "bold"), (command, "cyan")))
    say(t("home.more"), "dim")
