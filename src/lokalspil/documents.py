"""Documents: the action plan and letters to companies, made from the guide's answers and the records.

A document is Markdown first (a Jinja2 template, see lokalspil.templates), then HTML (markdown-it-py with raw
HTML off, inside the one layout with its print stylesheet), then PDF (WeasyPrint, see lokalspil.pdf). The values a
template reads are gathered here: the sender from the workspace, the recipient from the records, today's date in the
language's own form, the agreement a letter is about, and the guide's answers.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any

from lokalspil import charts
from lokalspil.companies import PIPELINE, SIDE_STAGES, Company, find_company, list_companies, stage_label
from lokalspil.errors import LokalspilError
from lokalspil.files import write_text_atomically
from lokalspil.messages import get_language, t
from lokalspil.templates import (
    PLAN,
    Picture,
    Values,
    list_templates,
    load_layout,
    load_template,
    markdown_text,
    render_template,
    stylesheet,
)
from lokalspil.workspace import Workspace

if TYPE_CHECKING:
    from jinja2 import Template
    from markdown_it import MarkdownIt

    from lokalspil.agreements import Agreement
    from lokalspil.guides import Guide

FORMATS = ("md", "html", "pdf")
PLAN_ROWS = 40  # rows of agreements and of follow-ups the action plan lists
MAIN_GUIDE = "saet-virksomheder-i-spil"
TEXT_LINE = 76  # a text chart fits in a terminal of 80 columns, with the margins of a code block


def format_for(fmt: str | None, path: Path | None, default: str = "md") -> str:
    """The output format: `--format`, else the file's suffix, else `default`."""
    if fmt:
        chosen = fmt.strip().lower().lstrip(".")
        if chosen == "markdown":
            chosen = "md"
        if chosen not in FORMATS:
            raise LokalspilError("document.bad_format", format=fmt, formats=", ".join(FORMATS))
        return chosen
    if path is not None:
        suffix = path.suffix.lower().lstrip(".")
        if suffix in ("md", "markdown", "htm", "html", "pdf"):
            return {"markdown": "md", "htm": "html"}.get(suffix, suffix)
    return default


# ---------------------------------------------------------------------------------------------------------------
# The values templates read


def sender_fields(workspace: Workspace) -> dict[str, str | None]:
    return {
        "organisation": workspace.organisation,
        "area": workspace.area,
        "municipality": workspace.municipality,
        "coordinator": workspace.coordinator,
        "email": workspace.email,
        "phone": workspace.phone,
    }


def sender_values(workspace: Workspace) -> Values:
    return Values("sender", sender_fields(workspace))


def company_values(company: Company) -> Values:
    values = {k: getattr(company, k) for k in ("name", "cvr", "address", "postcode", "city", "industry")}
    values.update(
        employees=company.employees,
        email=company.email,
        phone=company.phone,
        website=company.website,
        stage=_label(f"stage.{company.stage}", get_language()),
        social_economy=company.social_economy or None,
        rsv=company.rsv or None,
    )
    return Values("company", values)


def _answer_value(question: Any, value: Any) -> Any:
    """A stored answer as a template wants it: labels for choices (a list for several), yes/no as a truth value,
    dates written out, numbers in the language's form, text as typed."""
    from lokalspil.answers import format_answer, format_number
    from lokalspil.danish import format_long_date

    kind = question.type
    if kind == "multichoice":
        labels = {c.id: str(c.label) for c in question.choices}
        return [labels.get(i, str(i)) for i in value]
    if kind == "yesno":
        return bool(value)
    if kind == "date":
        return format_long_date(str(value))
    if kind == "number":
        return format_number(value)
    return format_answer(question, value)


def guide_answers(conn: Connection, guide: Guide) -> dict[str, Values]:
    """{step id: the answers to that step's questions that apply, by question id}. Ids are written with `_` for
    `-`, so that a template reads them as `answers.formaal.antal_unge`."""
    from lokalspil.answers import answers_mapping, stored_answers

    given = answers_mapping(guide, stored_answers(conn, guide.id))
    steps: dict[str, Values] = {}
    for step in guide.steps:
        steps[step.id] = Values(
            f"answers.{step.id}",
            {
                q.id.replace("-", "_"): _answer_value(q, given[q.key])
                for q in step.questions
                if q.key in given
            },
        )
    return steps


def _guides(conn: Connection) -> list[Guide]:
    from lokalspil.overview import workspace_guides

    guides, _ = workspace_guides(conn)
    return guides


@dataclass
class Common:
    """What every document of one run shares: the sender, the date, the guides' answers."""

    workspace: Workspace
    today: dt.date
    guides: dict[str, dict[str, Values]]

    def values(self) -> dict[str, Any]:
        return {
            "today": markdown_text(_long_date(self.today)),  # '28. november 2026' must not start a list
            "date": self.today.isoformat(),
            "language": get_language(),
            "sender": sender_values(self.workspace),
            "area": markdown_text(self.workspace.area),
            "answers": Values("answers", self.guides.get(MAIN_GUIDE, {})),
            "guides": Values("guides", self.guides),
        }


def _long_date(day: dt.date) -> str:
    return _long_date_in(day, get_language())


@lru_cache(maxsize=1024)  # dates repeat down a batch of letters; the language is part of the key
def _long_date_in(day: dt.date, language: str) -> str:
    from lokalspil.danish import format_long_date

    return format_long_date(day)


def common_values(conn: Connection, workspace: Workspace, today: dt.date | None = None) -> Common:
    guides = {g.id: guide_answers(conn, g) for g in _guides(conn)}
    return Common(workspace, today or dt.date.today(), guides)


# ---------------------------------------------------------------------------------------------------------------
# The action plan


def _pipeline_bars(pipeline: dict[str, int]) -> list[charts.Bar]:
    return [charts.Bar(stage_label(s), pipeline.get(s, 0), str(pipeline.get(s, 0))) for s in PIPELINE]


def progress_text(answered: int, questions: int, ticked: int, items: int) -> str:
    """'9 af 9 spørgsmål, 2 af 5 opgaver': what a step's bar counts, as `lokalspil status` counts it."""
    parts = []
    if questions or not items:
        parts.append(t("document.progress_questions", answered=answered, questions=questions))
    if items:
        parts.append(t("document.progress_tasks", ticked=ticked, items=items))
    return ", ".join(parts)


def _progress_bars(guide: Guide, progress: Any) -> list[charts.Bar]:
    """One bar per step, filled by the questions answered and the checklist items ticked together, and saying
    both."""
    bars = []
    for sp in progress.steps:
        done, total = sp.answered + sp.ticked, sp.questions + sp.items
        bars.append(
            charts.Bar(
                f"{sp.step.number}. {sp.step.title}",
                done,
                progress_text(sp.answered, sp.questions, sp.ticked, sp.items),
                share=done / total if total else 1.0,
            )
        )
    return bars


class Charts:
    """Charts a template places with `{{ charts.funnel }}`: text bars in Markdown; in HTML, a marker that the
    layout replaces with the SVG picture (raw HTML is off in Markdown, so the picture cannot come through it)."""

    def __init__(self, pictures: dict[str, tuple[str, str]], html: bool) -> None:
        self.pictures = pictures  # name -> (text bars, SVG)
        self.nonce = secrets.token_hex(8)
        self.html = html

    def marker(self, name: str) -> str:
        return f"LOKALSPILCHART{self.nonce}{name}"

    def __getattr__(self, name: str) -> Picture:
        if name not in self.pictures:
            raise AttributeError(name)
        text, _ = self.pictures[name]
        if self.html:
            return Picture(f"\n\n{self.marker(name)}\n\n")
        return Picture(f"\n\n```text\n{text}\n```\n\n")

    def place(self, html: str) -> str:
        for name, (_, svg) in self.pictures.items():
            html = html.replace(f"<p>{self.marker(name)}</p>", f'<figure class="chart">{svg}</figure>')
        return html


def plan_values(conn: Connection, common: Common, html: bool) -> tuple[dict[str, Any], Charts]:
    from lokalspil.activities import open_follow_ups
    from lokalspil.agreements import list_agreements
    from lokalspil.answers import guide_progress
    from lokalspil.overview import records_overview

    records = records_overview(conn, common.today.isoformat())
    pipeline = records.pipeline
    guides = {g.id: g for g in _guides(conn)}
    progress = {gid: guide_progress(conn, g) for gid, g in guides.items()}
    main = guides.get(MAIN_GUIDE)
    pictures = {}
    funnel = _pipeline_bars(pipeline)
    title = t("document.chart.funnel")
    pictures["funnel"] = (charts.text_bars(funnel, centred=True), charts.funnel_svg(funnel, title))
    if main is not None:
        bars = _progress_bars(main, progress[MAIN_GUIDE])
        pictures["progress"] = (
            charts.text_bars(bars, line=TEXT_LINE),
            charts.progress_svg(bars, t("document.chart.progress")),
        )
    chart_values = Charts(pictures, html)
    # The plan is for a steering group: its tables show the first PLAN_ROWS and say how many more there are.
    agreements = [a for a in list_agreements(conn) if a.status != "ended"]
    follow_ups = open_follow_ups(conn)
    more = {
        "agreements_more": max(len(agreements) - PLAN_ROWS, 0),
        "follow_ups_more": max(len(follow_ups) - PLAN_ROWS, 0),
    }
    agreements, follow_ups = agreements[:PLAN_ROWS], follow_ups[:PLAN_ROWS]
    values = {
        **common.values(),
        **more,
        "charts": chart_values,
        "pipeline": markdown_text(
            [
                {"stage": s, "label": stage_label(s), "count": pipeline.get(s, 0)}
                for s in (*PIPELINE, *SIDE_STAGES)
            ]
        ),
        "companies": sum(pipeline.values()),
        "records": records.as_dict(),
        "agreements": [agreement_values(a) for a in agreements],
        "follow_ups": [
            Values(
                "follow_up",
                {
                    "date": _date(f.follow_up),
                    "overdue": bool(f.follow_up and f.follow_up < common.today.isoformat()),
                    "company": f.company,
                    "summary": f.summary,
                },
            )
            for f in follow_ups
        ],
        "progress": Values(
            "progress",
            {
                gid: {
                    "title": str(p.guide.title),
                    "percent": round(100 * p.fraction),
                    "answered": p.answered,
                    "questions": p.questions,
                    "checklist_done": p.ticked,
                    "checklist_items": p.items,
                    "steps": [
                        {
                            "number": sp.step.number,
                            "title": str(sp.step.title),
                            "answered": sp.answered,
                            "questions": sp.questions,
                            "checklist_done": sp.ticked,
                            "checklist_items": sp.items,
                            "finished": sp.finished,
                        }
                        for sp in p.steps
                    ],
                }
                for gid, p in progress.items()
            },
        ),
    }
    return values, chart_values


# ---------------------------------------------------------------------------------------------------------------
# Letters


@dataclass
class LetterFacts:
    """What the records say about each company a batch writes to, read in a few queries for the whole batch:
    {company id: row} for the agreement a letter is about, the contact persons, the last meeting and the next
    follow-up."""

    agreements: dict[int, list[Agreement]]
    contacts: dict[int, list[tuple[Any, ...]]]
    meetings: dict[int, tuple[Any, ...]]
    follow_ups: dict[int, tuple[Any, ...]]


def letter_facts(conn: Connection, company_ids: Sequence[int]) -> LetterFacts:
    import json

    ids = json.dumps(list(company_ids))
    chosen = "company_id IN (SELECT value FROM json_each(?))"

    def last_per_company(sql: str) -> dict[int, tuple[Any, ...]]:
        # The rows come in order, and the last of each company is the one kept.
        return {row[0]: row[1:] for row in conn.execute(sql, [ids])}

    from lokalspil.agreements import open_agreements

    agreements = open_agreements(conn, company_ids)
    meetings = last_per_company(
        f"""SELECT company_id, date, summary FROM activities WHERE kind IN ('meeting', 'visit') AND {chosen}
            ORDER BY date, id"""
    )
    follow_ups = last_per_company(
        f"""SELECT company_id, follow_up, summary FROM activities
            WHERE follow_up IS NOT NULL AND follow_up_done_at IS NULL AND {chosen} ORDER BY follow_up DESC, id DESC"""
    )
    contacts: dict[int, list[tuple[Any, ...]]] = {}
    for row in conn.execute(
        f"SELECT company_id, id, name, role, email, phone FROM contacts WHERE {chosen} ORDER BY id", [ids]
    ):
        contacts.setdefault(row[0], []).append(row[1:])
    return LetterFacts(agreements, contacts, meetings, follow_ups)


def agreement_values(agreement: Agreement) -> Values:
    """An agreement as templates read it: labels, dates written out, the premises or purchase it is about."""
    from lokalspil.templates import format_amount

    a = agreement
    language = get_language()
    return Values(
        "agreement",
        {
            "id": a.id,
            "company": a.company,
            "kind": a.kind,
            "kind_label": _label(f"agreement.kind.{a.kind}", language),
            "status": _label(f"agreement.status.{a.status}", language),
            "places": a.places,
            "participants": a.participants,
            "start": a.start and _date_in(a.start, language),
            "end": a.end and _date_in(a.end, language),
            "review": a.review and _date_in(a.review, language),
            "contact": a.contact,
            "notes": a.notes,
            "address": a.address,
            "m2": format_amount(a.m2) if a.m2 is not None else None,
            "what": a.what,
            "amount": format_amount(a.amount) if a.amount is not None else None,
            "young_workers": a.kind in ("fritidsjob", "lommepengejob") or None,
        },
    )


def _date(text: str | None) -> str | None:
    return _date_in(text, get_language()) if text else None


@lru_cache(maxsize=1024)
def _date_in(text: str, language: str) -> str:
    return _long_date_in(dt.date.fromisoformat(text), language)


@lru_cache(maxsize=256)
def _label(key: str, language: str) -> str:
    """A label from the catalogue (an agreement's kind, a stage), looked up once per run."""
    return t(key)


def letter_values(common: dict[str, Any], facts: LetterFacts, company: Company) -> dict[str, Any]:
    """What a letter to `company` reads: the common values, the company, its contact person (the agreement's, else
    the first one added), the agreement a letter is about (running or signed, else the latest draft), the last
    meeting and the next follow-up."""
    values = {**common, "company": company_values(company)}
    agreements = facts.agreements.get(company.id, [])
    people = facts.contacts.get(company.id, [])
    if people:
        wanted = agreements[0].contact_id if agreements else None
        person = next((p for p in people if p[0] == wanted), people[0])
        values["contact"] = Values(
            "contact", dict(zip(("name", "role", "email", "phone"), person[1:], strict=True))
        )
    values["agreements"] = [agreement_values(a) for a in agreements]
    if agreements:
        values["agreement"] = values["agreements"][0]
    meeting = facts.meetings.get(company.id)
    if meeting is not None:
        values["last_meeting"] = Values("last_meeting", {"date": _date(meeting[0]), "summary": meeting[1]})
    follow_up = facts.follow_ups.get(company.id)
    if follow_up is not None:
        values["next_follow_up"] = Values(
            "next_follow_up", {"date": _date(follow_up[0]), "summary": follow_up[1]}
        )
    return values


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_COMPANY_FORM = re.compile(r"\b([AIKP])/S\b")  # A/S, I/S, K/S, P/S
_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}  # fmt: skip
_NAME_BYTES = 160  # with ' - template (id).html' well inside the 255 bytes a file name may have


def safe_filename(text: str, limit: int = 80) -> str:
    """A readable file name from a company's name: no folder separators, no `..`, no leading dot, nothing Windows
    refuses, and no invisible character: controls (C0, C1) and format characters, among them the bidirectional
    overrides that could make 'Firma<U+202E>fdp.exe' look like 'Firmaexe.pdf'. At most `limit` characters and
    160 bytes."""
    name = unicodedata.normalize("NFC", text)
    name = _COMPANY_FORM.sub(r"\1S", name)  # 'Svanen A/S' -> 'Svanen AS', as Danish file names write it
    name = _UNSAFE.sub(" ", name)
    if not name.isprintable():  # (a space is printable; C1 controls and format characters are not)
        name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    name = " ".join(name.split()).strip(" .")
    name = re.sub(r"\.{2,}", ".", name)
    if not name or name.casefold().split(".")[0].rstrip() in _RESERVED:
        name = f"_{name}" if name else "_"
    name = name[:limit]
    while len(name.encode()) > _NAME_BYTES:
        name = name[:-1]
    return name.rstrip(" .") or "_"


# ---------------------------------------------------------------------------------------------------------------
# Rendering


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def markdown_to_html(markdown: str) -> str:
    """The body of a document: raw HTML in the Markdown is shown as text, never passed on."""
    html: str = _markdown().render(markdown)
    return html


def _title(markdown: str, fallback: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].replace("\\", "").strip()
    return fallback


class Layout:
    """The one HTML layout, rendered once for a run of documents; each document's page is its title and body put
    into it (a batch of a thousand letters does not render the layout a thousand times)."""

    def __init__(self, common: Common, user_dir: Path | None, kind: str) -> None:
        from markupsafe import Markup

        nonce = secrets.token_hex(8)
        self.title_marker, self.body_marker = f"LOKALSPILTITLE{nonce}", f"LOKALSPILBODY{nonce}"
        sender = {k: v for k, v in sender_fields(common.workspace).items() if v}
        footer = " · ".join(sender[k] for k in ("coordinator", "email", "phone") if k in sender)
        page = render_template(
            load_layout(user_dir),
            {
                "title": Markup(self.title_marker),
                "body": Markup(self.body_marker),
                "kind": kind,
                "language": get_language(),
                "sender": sender,
                "stylesheet": Markup(stylesheet(user_dir)),
                "footer": footer,
                "today": _long_date(common.today),
                "labels": {"page": t("document.page"), "of": t("document.page_of")},
            },
        )
        self.parts = re.split(f"({self.title_marker}|{self.body_marker})", page)

    def page(self, title: str, body: str) -> str:
        from html import escape

        fill = {self.title_marker: escape(title), self.body_marker: body}
        return "".join(fill.get(part, part) for part in self.parts)


@dataclass
class Rendered:
    """One document: its Markdown, and its HTML page when HTML or PDF was asked for."""

    markdown: str
    html: str | None = None
    company: Company | None = None


def render_plan(path: Path, fmt: str, user_dir: Path | None, today: dt.date | None = None) -> Rendered:
    """`lokalspil plan`: the action plan for the area."""
    from lokalspil.workspace import open_workspace

    conn, workspace = open_workspace(path)
    try:
        common = common_values(conn, workspace, today)
        values, chart_values = plan_values(conn, common, html=fmt != "md")
    finally:
        conn.close()
    markdown = render_template(load_template(PLAN, user_dir), values)
    if fmt == "md":
        return Rendered(markdown)
    body = chart_values.place(markdown_to_html(markdown))
    title = _title(markdown, t("document.plan_title", area=workspace.area))
    return Rendered(markdown, Layout(common, user_dir, "plan").page(title, body))


def write_rendered(documents: Sequence[Rendered], fmt: str, path: Path) -> None:
    """One file holding `documents` in `fmt` (for PDF and HTML, each one starting on a new page)."""
    if fmt == "md":
        write_text_atomically(path, "\n\n---\n\n".join(d.markdown.rstrip() for d in documents) + "\n")
    elif fmt == "html":
        pages = [d.html or "" for d in documents]
        write_text_atomically(path, pages[0] if len(pages) == 1 else joined_html(pages))
    else:
        from lokalspil.pdf import write_pdf

        write_pdf([d.html or "" for d in documents], path)


_BODY_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def joined_html(pages: list[str]) -> str:
    """Several HTML pages as one: the first page's head, every body, each starting on a new page. Each body keeps
    its classes (`letter`, `plan`) on its own part, and the first one's are on the whole, so that the stylesheet
    dresses each document exactly as when it stands alone."""
    head, _, _ = pages[0].partition("<body")
    bodies = []
    classes: list[str] = []
    for page in pages:
        _, _, rest = page.partition("<body")
        attributes, _, inner = rest.partition(">")
        match = _BODY_CLASS.search(attributes)
        found = next((g for g in match.groups() if g is not None), "") if match else ""
        own = [name for name in found.split() if re.fullmatch(r"[\w-]+", name)]
        classes = classes or own
        inner = inner.rpartition("</body>")[0]
        bodies.append(f'<div class="{" ".join(["document", *own])}">{inner}</div>')
    return f'{head}<body class="{" ".join([*classes, "combined"])}">{"".join(bodies)}</body></html>\n'


# ---------------------------------------------------------------------------------------------------------------
# Letters to many companies (mail merge)


@dataclass
class LetterBatch:
    template: str
    format: str
    files: list[Path] = field(default_factory=list)
    combined: Path | None = None
    companies: list[Company] = field(default_factory=list)
    protected_skipped: list[Company] = field(default_factory=list)
    protected_named: list[Company] = field(default_factory=list)
    logged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "format": self.format,
            "letters": len(self.companies),
            "files": [str(p) for p in self.files],
            "combined": str(self.combined) if self.combined else None,
            "companies": [{"id": c.id, "name": c.name} for c in self.companies],
            "skipped_protected": [{"id": c.id, "name": c.name} for c in self.protected_skipped],
            "logged": self.logged,
        }


def select_companies(
    conn: Connection,
    refs: Sequence[str],
    stage: str | None,
    tag: str | None,
    include_protected: bool,
    batch: LetterBatch,
) -> list[Company]:
    """The companies named (each once, in the order given) and those the filters choose. A company chosen by a
    filter that is advertising-protected is left out unless `include_protected`; one named outright is written to,
    with a warning."""
    chosen: dict[int, Company] = {}
    for ref in refs:
        company = find_company(conn, ref)
        chosen.setdefault(company.id, company)
        if company.protected:
            batch.protected_named.append(company)
    if stage or tag:
        for company in list_companies(conn, stage=stage, tag=tag):
            if company.id in chosen:
                continue
            if company.protected and not include_protected:
                batch.protected_skipped.append(company)
                continue
            chosen[company.id] = company
    elif not refs:
        raise LokalspilError("letter.no_selection")
    return list(chosen.values())


def output_names(companies: Sequence[Company], template: str, fmt: str) -> list[str]:
    """A file name for each letter: the company's name made safe, with the template; the id is added when two
    names come out the same."""
    names = [f"{safe_filename(c.name)} - {template}" for c in companies]
    seen: dict[str, int] = {}
    for name in names:
        seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
    return [
        f"{name} ({c.id}).{fmt}" if seen[name.casefold()] > 1 else f"{name}.{fmt}"
        for name, c in zip(names, companies, strict=True)
    ]


def letter_template(template_name: str, user_dir: Path | None) -> Template:
    """The letter `template_name`: the built-in letters and the workspace's own, but not the plan, the layout or the
    shared letter frame."""
    if template_name == PLAN:
        raise LokalspilError("letter.is_plan")
    letters = [info.name for info in list_templates(user_dir) if info.kind == "letter"]
    if template_name not in letters:
        raise LokalspilError("letter.unknown", name=template_name, known=", ".join(letters))
    return load_template(template_name, user_dir)


def render_letters(
    conn: Connection,
    common: Common,
    template: Template,
    companies: Sequence[Company],
    fmt: str,
    user_dir: Path | None,
) -> Iterator[Rendered]:
    """Each company's letter, as Markdown and (for HTML and PDF) as an HTML page."""
    facts = letter_facts(conn, [c.id for c in companies])
    shared = common.values()
    layout = Layout(common, user_dir, "letter") if fmt != "md" else None
    for company in companies:
        try:
            markdown = render_template(template, letter_values(shared, facts, company))
        except LokalspilError as problem:  # in a batch, say which company's letter it is
            if len(companies) == 1:
                raise
            raise LokalspilError(
                "letter.problem_for", company=company.name, id=company.id, problem=str(problem)
            ) from None

        if layout is None:
            yield Rendered(markdown, company=company)
            continue
        yield Rendered(
            markdown, layout.page(_title(markdown, company.name), markdown_to_html(markdown)), company
        )


def log_letters(conn: Connection, companies: Iterable[Company], template_name: str, today: dt.date) -> int:
    """One letter activity for each company, all in one transaction."""
    from lokalspil.database import now, transaction

    stamp = now()
    summary = t("letter.logged", template=template_name)
    rows = [(c.id, "letter", today.isoformat(), summary, stamp) for c in companies]
    with transaction(conn):
        conn.executemany(
            "INSERT INTO activities (company_id, kind, date, summary, created_at) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
    return len(rows)


def make_letters(
    path: Path,
    template_name: str,
    refs: Sequence[str],
    *,
    stage: str | None = None,
    tag: str | None = None,
    fmt: str = "pdf",
    out_dir: Path | None = None,
    combine: Path | None = None,
    log: bool = True,
    include_protected: bool = False,
    user_dir: Path | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LetterBatch:
    """`lokalspil letter`: the letters are rendered and written first (each file whole or not at all); then every
    letter is logged on its company in one transaction."""
    from lokalspil.workspace import open_workspace

    batch = LetterBatch(template_name, fmt)
    template = letter_template(template_name, user_dir)
    conn, workspace = open_workspace(path)
    try:
        companies = select_companies(conn, refs, stage, tag, include_protected, batch)
        if not companies:
            return batch
        common = common_values(conn, workspace, today)
        rendered: list[Rendered] = []
        steps = len(companies) * (2 if fmt == "pdf" else 1)  # PDF: rendering, then laying out
        for i, document in enumerate(render_letters(conn, common, template, companies, fmt, user_dir)):
            rendered.append(document)
            if progress:
                progress(i + 1, steps)

        def laid_out(done: int) -> None:
            if progress:
                progress(len(companies) + done, steps)

        if combine is not None:
            if fmt == "pdf":
                from lokalspil.pdf import write_pdf

                write_pdf([d.html or "" for d in rendered], combine, laid_out)
            else:
                write_rendered(rendered, fmt, combine)
            batch.combined = combine
        else:
            folder = out_dir or Path.cwd() / template_name
            names = output_names(companies, template_name, fmt)
            if fmt == "pdf":
                from lokalspil.pdf import write_pdfs

                targets = [folder / n for n in names]
                write_pdfs([d.html or "" for d in rendered], targets, laid_out)
                batch.files = targets
            else:
                for document, name in zip(rendered, names, strict=True):
                    write_rendered([document], fmt, folder / name)
                    batch.files.append(folder / name)
        if progress:
            progress(steps, steps)
        batch.companies = list(companies)
        if log:
            batch.logged = log_letters(conn, companies, template_name, common.today)
    finally:
        conn.close()
    return batch
