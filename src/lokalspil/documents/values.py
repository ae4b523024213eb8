"""The values templates read, shared by the plan and the letters: the sender from the workspace, today's date in the
language's own form, the guides' answers, a company and an agreement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any

from lokalspil.companies import Company
from lokalspil.messages import get_language, t
from lokalspil.templates import Values, markdown_text
from lokalspil.workspace import Workspace

if TYPE_CHECKING:
    from lokalspil.agreements import Agreement
    from lokalspil.guides import Guide


MAIN_GUIDE = "saet-virksomheder-i-spil"


def sender_fields(workspace: Workspace) -> dict[str, str | None]:
    return {
        "organisation": workspace.organisation,
        "area": workspace.area,
        "municipality": workspace.municipality,
        "coordinator": workspace.coordinator,
        "email": workspace.email,
        "phone": workspace.phone,
        "address": workspace.organisation_address,
        "signatory": workspace.signatory,
        "signatory_title": workspace.signatory_title,
        "logo": _logo(workspace),
    }


def _logo(workspace: Workspace) -> str | None:
    """The letterhead's logo as a full path (a checked PNG or SVG, see lokalspil.logo), or None."""
    from lokalspil.logo import logo_path

    path = logo_path(workspace.path, workspace.logo)
    return str(path) if path else None


def sender_values(workspace: Workspace) -> Values:
    return Values("sender", sender_fields(workspace))


def company_values(company: Company) -> Values:
    values = {k: getattr(company, k) for k in ("name", "cvr", "address", "postcode", "city", "industry")}
    values.update(
        employees=company.employees,
        email=company.email,
        phone=company.phone,
        website=company.website,
        stage=label(f"stage.{company.stage}", get_language()),
        social_economy=company.social_economy or None,
        rsv=company.rsv or None,
    )
    return Values("company", values)


def _answer_value(question: Any, value: Any) -> Any:
    """A stored answer as a template wants it: labels for choices (a list for several), yes/no as a truth value,
    dates written out, numbers in the language's form, text as typed."""
    from lokalspil.answers import choice_labels, format_answer, format_number
    from lokalspil.danish import format_long_date

    kind = question.type
    if kind == "multichoice":
        return choice_labels(question, value)
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


def guides_of(conn: Connection) -> list[Guide]:
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
            "today": markdown_text(long_date(self.today)),  # '28. november 2026' must not start a list
            "date": self.today.isoformat(),
            "language": get_language(),
            "sender": sender_values(self.workspace),
            "area": markdown_text(self.workspace.area),
            "answers": Values("answers", self.guides.get(MAIN_GUIDE, {})),
            "guides": Values("guides", self.guides),
        }


def long_date(day: dt.date) -> str:
    return _long_date_in(day, get_language())


@lru_cache(maxsize=1024)  # dates repeat down a batch of letters; the language is part of the key
def _long_date_in(day: dt.date, language: str) -> str:
    from lokalspil.danish import format_long_date

    return format_long_date(day)


def common_values(conn: Connection, workspace: Workspace, today: dt.date | None = None) -> Common:
    guides = {g.id: guide_answers(conn, g) for g in guides_of(conn)}
    return Common(workspace, today or dt.date.today(), guides)


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
            "kind_label": label(f"agreement.kind.{a.kind}", language),
            "status": label(f"agreement.status.{a.status}", language),
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


def date_text(text: str | None) -> str | None:
    return _date_in(text, get_language()) if text else None


@lru_cache(maxsize=1024)
def _date_in(text: str, language: str) -> str:
    return _long_date_in(dt.date.fromisoformat(text), language)


@lru_cache(maxsize=256)
def label(key: str, language: str) -> str:
    """A label from the catalogue (an agreement's kind, a stage), looked up once per run."""
    return t(key)
