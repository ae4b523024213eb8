"""`lokalspil plan`: the action plan for the area, with its charts."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any

from lokalspil import charts
from lokalspil.companies import PIPELINE, SIDE_STAGES, stage_label
from lokalspil.documents.rendering import Layout, Rendered, markdown_to_html, title_of
from lokalspil.documents.values import (
    MAIN_GUIDE,
    Common,
    agreement_values,
    common_values,
    date_text,
    guides_of,
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
    title = title_of(markdown, t("document.plan_title", area=workspace.area))
    return Rendered(markdown, Layout(common, user_dir, "plan").page(title, body))
