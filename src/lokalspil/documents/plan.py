"""`lokalspil plan`: the action plan for the area, with its charts."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any

from lokalspil import charts
from lokalspil.companies import PIPELINE, SIDE_STAGES, stage_label
from lokalspil.documents.rendering import Pages, Rendered, title_of
from lokalspil.documents.values import (
    MAIN_GUIDE,
    Common,
    agreement_values,
    common_values,
    date_text,
    guides_of,
    long_date,
)
from lokalspil.messages import t
from lokalspil.templates import PLAN, Picture, Values, load_template, markdown_text, render_template

if TYPE_CHECKING:
    from lokalspil.guides import Guide


PLAN_ROWS = 40  # rows of agreements and of follow-ups the action plan lists
TEXT_LINE = 76  # a text chart fits in a terminal of 80 columns, with the margins of a code block


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

    def figures(self) -> dict[str, tuple[str, str]]:
        """Each chart's marker, with its text bars (what a screen reader says for the picture) and its SVG."""
        return {self.marker(name): picture for name, picture in self.pictures.items()}


# ---------------------------------------------------------------------------------------------------------------
# What the board adopts: the answers' lines as table rows, the goals from the targets, the sections' gaps


def text_rows(text: str | None, columns: int, separators: str) -> list[list[str]]:
    """The lines of a long answer as table rows: 'Jobcentret: hjælper de unge over 18' -> ['Jobcentret', 'hjælper
    de unge over 18']. A line is split at the first of `separators` found in it (at most `columns` parts, the rest
    empty); a list mark ('- ', '• ') and empty lines are left out."""
    rows = []
    for line in (text or "").splitlines():
        line = line.strip().removeprefix("- ").removeprefix("• ").removeprefix("* ").strip()
        if not line:
            continue
        separator = next((c for c in separators if c in line), None)
        parts = [p.strip() for p in line.split(separator, columns - 1)] if separator else [line]
        rows.append(parts + [""] * (columns - len(parts)))
    return rows


def _cap(text: str) -> str:
    """A table cell starts like a sentence."""
    return text[:1].upper() + text[1:]


def _when(text: str) -> str:
    """An activity's 'by when' as written, or written out as the plan writes dates when it is one."""
    from lokalspil.danish import parse_date
    from lokalspil.errors import InvalidValue

    try:
        return long_date(parse_date(text)) if any(c.isdigit() for c in text) else text
    except InvalidValue:
        return text


def _goals(conn: Connection) -> tuple[list[dict[str, Any]], list[int]]:
    """The targets (måltal) per indicator, in the indicators' order: label, indsatsområde, baseline (the first year's
    that has one) and the target per year; and the years that have a target."""
    from lokalspil.indicators import INDICATORS

    rows = conn.execute("SELECT indicator, year, target, baseline FROM targets ORDER BY year").fetchall()
    years = sorted({year for _, year, target, _ in rows if target is not None})
    goals = []
    for indicator in INDICATORS:
        mine = [(year, target, baseline) for ind, year, target, baseline in rows if ind == indicator.id]
        if not mine:
            continue
        baselines = [baseline for _, _, baseline in mine if baseline is not None]
        goals.append(
            {
                "label": t(f"indicator.{indicator.id}"),
                "area": t(f"area.{indicator.area}"),
                "baseline": baselines[0] if baselines else None,
                "targets": {year: target for year, target, _ in mine if target is not None},
            }
        )
    return goals, years


def _missing(conn: Connection, guide: Guide | None) -> dict[str, list[str]]:
    """For each section of the plan, the questions mapped to it that apply and are not answered ('the question
    (STEP.QUESTION)'), for the coordinator's draft."""
    from lokalspil.answers import applies, stored_answers, values_of
    from lokalspil.guides import PLAN_SECTIONS

    missing: dict[str, list[str]] = {section: [] for section in PLAN_SECTIONS}
    if guide is None:
        return missing
    values = values_of(stored_answers(conn, guide.id))
    for q in guide.questions():
        if q.plan_section and q.key not in values and applies(q, values):
            missing[q.plan_section].append(f"{q.prompt} ({q.key})")
    return missing


def _results(conn: Connection, today: dt.date) -> list[dict[str, Any]]:
    """The results so far: this year's report up to today (lokalspil.report), one row per indicator that has a
    target or has counted something."""
    from lokalspil.report import build_report, distance_text

    report = build_report(conn, dt.date(today.year, 1, 1), today, "year", today)
    return [
        {
            "label": row.label,
            "area": t(f"area.{row.area}"),
            "total": row.total,
            "target": row.target,
            "baseline": row.baseline,
            "distance": distance_text(row),
        }
        for row in report.rows
        if row.target is not None or row.total
    ]


def board_values(conn: Connection, main: Guide | None, draft: bool, today: dt.date) -> dict[str, Any]:
    """The parts of the action plan a board adopts that are more than a guide's answers: the activities, partners'
    contributions and risks as table rows, the goals with their targets, the results so far, and, in a draft, what
    is not answered in each section. Never a contact person, a log entry or a command."""
    from lokalspil.answers import answers_mapping, stored_answers

    given = answers_mapping(main, stored_answers(conn, main.id)) if main is not None else {}
    goals, years = _goals(conn)
    period = given.get("formaal.periode") or (
        f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]) if years else None
    )
    return {
        "draft": draft,
        "period": markdown_text(period),
        "missing": markdown_text(_missing(conn, main) if draft else {}),
        "activity_rows": markdown_text(
            [
                {"what": _cap(what), "who": _cap(who), "date": _when(when)}
                for what, who, when in text_rows(given.get("drift.aktiviteter"), 3, ";|\t")
            ]
        ),
        "partner_rows": markdown_text(
            [
                {"partner": _cap(a), "contribution": _cap(b)}
                for a, b in text_rows(given.get("formaal.partnerbidrag"), 2, ":;")
            ]
        ),
        "risk_rows": markdown_text(
            [{"risk": _cap(a), "response": _cap(b)} for a, b in text_rows(given.get("drift.risici"), 2, ":;")]
        ),
        "goals": markdown_text(goals),
        "goal_years": years,
        "results": markdown_text(_results(conn, today)),
        "results_from": markdown_text(long_date(dt.date(today.year, 1, 1))),
    }


def plan_values(
    conn: Connection, common: Common, html: bool, draft: bool = False
) -> tuple[dict[str, Any], Charts]:
    from lokalspil.activities import open_follow_ups
    from lokalspil.agreements import list_agreements
    from lokalspil.answers import guide_progress
    from lokalspil.overview import records_overview

    records = records_overview(conn, common.today.isoformat())
    pipeline = records.pipeline
    guides = {g.id: g for g in guides_of(conn)}
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
    follow_ups = [f for f in open_follow_ups(conn) if f.next_action]  # (what the log says is internal)
    more = {
        "agreements_more": max(len(agreements) - PLAN_ROWS, 0),
        "follow_ups_more": max(len(follow_ups) - PLAN_ROWS, 0),
    }
    agreements, follow_ups = agreements[:PLAN_ROWS], follow_ups[:PLAN_ROWS]
    values = {
        **common.values(),
        **board_values(conn, main, draft, common.today),
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
                    "date": date_text(f.follow_up),
                    "overdue": bool(f.follow_up and f.follow_up < common.today.isoformat()),
                    "company": f.company,
                    "summary": f.next_action,
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


def render_plan(
    path: Path, fmt: str, user_dir: Path | None, today: dt.date | None = None, *, draft: bool = False
) -> Rendered:
    """`lokalspil plan`: the action plan for the area, as a board adopts it; a `draft` marks for the coordinator
    what is not answered yet."""
    from lokalspil.workspace import open_workspace

    conn, workspace = open_workspace(path)
    try:
        common = common_values(conn, workspace, today)
        values, chart_values = plan_values(conn, common, html=fmt not in ("md", "docx"), draft=draft)
    finally:
        conn.close()
    markdown = render_template(load_template(PLAN, user_dir), values)
    if fmt == "md":
        return Rendered(markdown)
    title = title_of(markdown, t("document.plan_title", area=workspace.area))
    return Pages(common, user_dir, "plan", fmt).render(markdown, title, figures=chart_values.figures())
