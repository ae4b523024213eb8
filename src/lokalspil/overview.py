"""The workspace and its guides as data: what `status` and `guide show` print, and their stable JSON shapes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil import answers as store
from lokalspil.errors import LokalspilError
from lokalspil.guide_files import GuideFileError, load_guide_file
from lokalspil.guides import Guide, available_guide_files
from lokalspil.workspace import Workspace, open_workspace

SHOWN_NAMES = 8  # social-economy enterprises named in the walk


@dataclass
class Records:
    """The company work at a glance: the pipeline, running agreements, overdue follow-ups."""

    pipeline: dict[str, int]
    agreements_active: int
    places: int
    participants: int
    overdue_follow_ups: int
    social_economy: int = 0  # companies marked as social-economy enterprises
    rsv: int = 0  # of those and others: marked as RSV-registered
    social_economy_names: list[str] = field(default_factory=list)  # the first few, for the walk to show

    def as_dict(self) -> dict[str, Any]:
        return {
            "pipeline": self.pipeline,
            "companies": sum(self.pipeline.values()),
            "agreements_active": self.agreements_active,
            "places": self.places,
            "participants": self.participants,
            "overdue_follow_ups": self.overdue_follow_ups,
            "social_economy": self.social_economy,
            "rsv": self.rsv,
        }


@dataclass
class Status:
    workspace: Workspace
    records: Records
    guides: list[store.GuideProgress] = field(default_factory=list)
    broken: list[GuideFileError] = field(default_factory=list)


def records_overview(db: Connection, today: str | None = None) -> Records:
    from datetime import date

    from lokalspil.companies import pipeline_counts

    active, places, participants = db.execute(
        """SELECT count(*), coalesce(sum(places), 0), coalesce(sum(participants), 0) FROM agreements
           WHERE status IN ('signed', 'running')"""
    ).fetchone()
    overdue = db.execute(
        "SELECT count(*) FROM activities WHERE follow_up < ? AND follow_up_done_at IS NULL",
        [today or date.today().isoformat()],
    ).fetchone()[0]
    social, rsv = db.execute(
        "SELECT coalesce(sum(social_economy), 0), coalesce(sum(rsv), 0) FROM companies"
    ).fetchone()
    names = [
        r[0]
        for r in db.execute(
            "SELECT name FROM companies WHERE social_economy = 1 ORDER BY rsv DESC, name COLLATE NOCASE LIMIT ?",
            [SHOWN_NAMES],
        )
    ]
    return Records(pipeline_counts(db), active, places, participants, overdue, social, rsv, names)


def workspace_guides(db: Connection) -> tuple[list[Guide], list[GuideFileError]]:
    """The built-in guides, the user's own, and guide files used earlier by path, each once."""
    files = dict(available_guide_files())
    for guide_id, path in db.execute(
        "SELECT id, path FROM guides WHERE path IS NOT NULL ORDER BY id"
    ).fetchall():
        if guide_id not in files and Path(path).is_file():
            files[guide_id] = Path(path)
    guides, broken = [], []
    for path in files.values():
        try:
            guides.append(load_guide_file(path))
        except GuideFileError as e:
            broken.append(e)
    return guides, broken


def workspace_status(path: Path) -> Status:
    db, workspace = open_workspace(path)
    guides, broken = workspace_guides(db)
    status = Status(workspace, records_overview(db), [store.guide_progress(db, g) for g in guides], broken)
    db.close()
    return status


def _step_progress(sp: store.StepProgress) -> dict[str, Any]:
    return {
        "id": sp.step.id,
        "number": sp.step.number,
        "title": sp.step.title.as_dict(),
        "answered": sp.answered,
        "questions": sp.questions,
        "checklist_done": sp.ticked,
        "checklist_items": sp.items,
        "finished": sp.finished,
    }


def progress_document(progress: store.GuideProgress) -> dict[str, Any]:
    return {
        "id": progress.guide.id,
        "title": progress.guide.title.as_dict(),
        "answered": progress.answered,
        "questions": progress.questions,
        "checklist_done": progress.ticked,
        "checklist_items": progress.items,
        "percent": round(100 * progress.fraction),
        "steps": [_step_progress(sp) for sp in progress.steps],
    }


def status_document(status: Status) -> dict[str, Any]:
    return {
        "workspace": status.workspace.as_dict(),
        **status.records.as_dict(),
        "guides": [progress_document(p) for p in status.guides],
        "broken_guides": [
            {"path": str(e.path), "problems": [str(p) for p in e.problems]} for e in status.broken
        ],
    }


def guide_document(guide: Guide, answers: dict[str, store.Stored], ticked: set[str]) -> dict[str, Any]:
    """A guide with its questions in both languages, the stored answers and the checklist state."""
    values = store.values_of(answers)
    progress = store.measure_progress(guide, answers, ticked)
    steps = []
    for step, sp in zip(guide.steps, progress.steps, strict=True):
        questions = []
        for q in step.questions:
            stored = answers.get(q.key)
            value = values.get(q.key)
            questions.append(
                {
                    "id": q.id,
                    "key": q.key,
                    "type": q.type,
                    "prompt": q.prompt.as_dict(),
                    "help": q.help.as_dict() if q.help else None,
                    "required": q.required,
                    "choices": [{"id": c.id, **c.label.as_dict()} for c in q.choices],
                    "min": q.min,
                    "max": q.max,
                    "when": (
                        {"question": q.when.question, q.when.operator: q.when.value} if q.when else None
                    ),
                    "applies": store.applies(q, values),
                    "answer": value,
                    "answer_text": store.format_answer(q, value) if value is not None else None,
                    "skipped": bool(stored and stored.skipped),
                    "answered_at": stored.answered_at if stored else None,
                }
            )
        steps.append(
            {
                **_step_progress(sp),
                "phase": step.phase,
                "purpose": step.purpose.as_dict(),
                "tips": [tip.as_dict() for tip in step.tips],
                "tools": [{"command": tool.command, "text": tool.text.as_dict()} for tool in step.tools],
                "questions": questions,
                "checklist": [
                    {"id": c.id, "key": c.key, "text": c.text.as_dict(), "done": c.key in ticked}
                    for c in step.checklist
                ],
                "cases": [case.as_dict() for case in step.cases],
            }
        )
    source = guide.source
    return {
        "id": guide.id,
        "title": guide.title.as_dict(),
        "description": guide.description.as_dict() if guide.description else None,
        "source": (
            {
                "publisher": source.publisher,
                "title": source.title,
                "year": source.year,
                "note": source.note.as_dict() if source.note else None,
            }
            if source
            else None
        ),
        "path": str(guide.path),
        "progress": progress_document(progress),
        "steps": steps,
    }


@dataclass
class CompanyCard:
    company: Any  # lokalspil.companies.Company
    contacts: list[Any]
    agreements: list[Any]
    activities: list[Any]
    openings: list[Any] = field(default_factory=list)  # lokalspil.openings.Opening
    placements: list[Any] = field(default_factory=list)  # lokalspil.placements.Placement

    @property
    def next_follow_up(self) -> Any:
        open_ = [a for a in self.activities if a.follow_up and not a.follow_up_done_at]
        return min(open_, key=lambda a: (a.follow_up, a.id)) if open_ else None

    def as_dict(self) -> dict[str, Any]:
        nxt = self.next_follow_up
        return {
            **self.company.as_dict(),
            "contacts": [c.as_dict() for c in self.contacts],
            "agreements": [a.as_dict() for a in self.agreements],
            "activities": [a.as_dict() for a in self.activities],
            "openings": [o.as_dict() for o in self.openings],
            "placements": [p.as_dict() for p in self.placements],
            "next_follow_up": nxt.as_dict() if nxt else None,
        }


def company_card(db: Connection, ref: str) -> CompanyCard:
    """`company show`: the company, its contact persons, agreements and its log, newest first."""
    from lokalspil.activities import company_activities
    from lokalspil.agreements import list_agreements
    from lokalspil.companies import find_company
    from lokalspil.contacts import list_contacts
    from lokalspil.openings import list_openings
    from lokalspil.placements import list_placements

    company = find_company(db, ref)
    return CompanyCard(
        company,
        list_contacts(db, company),
        list_agreements(db, company),
        company_activities(db, company.id),
        list_openings(db, company),
        list_placements(db, company),
    )


@dataclass
class Home:
    """What `lokalspil` alone shows: where the workspace is, how far the guide is, the next follow-up, and the one
    command to run next."""

    path: Path
    area: str | None
    guide: store.GuideProgress | None
    next_follow_up: dict[str, Any] | None
    overdue: int
    companies: int
    next_command: str  # a catalogue key under home.next.*
    step: int | None = None  # the guide's first unfinished step, for the suggestion

    def as_dict(self) -> dict[str, Any]:
        return {
            "workspace": str(self.path),
            "exists": self.area is not None,
            "area": self.area,
            "guide": progress_document(self.guide) if self.guide else None,
            "next_follow_up": self.next_follow_up,
            "overdue_follow_ups": self.overdue,
            "companies": self.companies,
            "next": self.next_command,
        }


def home(path: Path, today: str | None = None) -> Home:
    from datetime import date

    from lokalspil.database import has_database
    from lokalspil.guides import DEFAULT_GUIDE

    if path.is_dir():
        raise LokalspilError("db.is_directory", path=path)
    if not has_database(path):
        return Home(path, None, None, None, 0, 0, "start")
    db, workspace = open_workspace(path)
    try:
        day = today or date.today().isoformat()
        guides, _ = workspace_guides(db)
        main = next((g for g in guides if g.id == DEFAULT_GUIDE), None)
        progress = store.guide_progress(db, main) if main else None
        row = db.execute(
            """SELECT a.follow_up, a.summary, c.name FROM activities a JOIN companies c ON c.id = a.company_id
               WHERE a.follow_up IS NOT NULL AND a.follow_up_done_at IS NULL ORDER BY a.follow_up, a.id LIMIT 1"""
        ).fetchone()
        records = records_overview(db, day)
    finally:
        db.close()
    follow_up = {"date": row[0], "summary": row[1], "company": row[2]} if row else None
    overdue, companies = records.overdue_follow_ups, sum(records.pipeline.values())
    unfinished = progress.resume_step() if progress else None
    if overdue:
        step, suggestion = None, "agenda"
    elif progress is not None and unfinished is not None and progress.answered == 0:
        step, suggestion = unfinished.number, "guide"
    elif not companies:
        step, suggestion = None, "companies"
    elif unfinished is not None:
        step, suggestion = unfinished.number, "guide"
    else:
        step, suggestion = None, "plan"
    return Home(path, workspace.area, progress, follow_up, overdue, companies, suggestion, step)
