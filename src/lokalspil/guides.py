"""Guides as typed objects, and where their files are: the built-in guides and the user's own.

A guide is YAML (format: docs/guide-format.md); `guide_files.py` loads and checks a file into these objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lokalspil.errors import LokalspilError
from lokalspil.messages import get_language
from lokalspil.paths import builtin_guides_dir, user_guides_dir

DEFAULT_GUIDE = "saet-virksomheder-i-spil"
QUESTION_TYPES = ("text", "longtext", "number", "date", "choice", "multichoice", "yesno")
PHASES = ("establish", "run", "anchor")
# What of the workspace's records a step can show while it is walked (the walk counts them).
RECORD_VIEWS = ("pipeline", "agreements", "follow_ups", "social_economy")
CONDITION_OPERATORS = ("equals", "one_of", "includes")
# The sections of the action plan (`lokalspil plan`), in the order the plan prints them. A question's `plan_section`
# says which one its answer goes into; the built-in guide gives every question one, and every section has a question.
PLAN_SECTIONS = (
    "background",  # background and purpose
    "strategy",  # the link to the strategisk aftale, its delaftale and indsatsområde
    "target_group",
    "goals",  # goals, with måltal and baseline
    "activities",
    "partners",  # partners and what each contributes
    "resources",
    "risks",
    "evaluation",  # how and when the work is evaluated, and anchored
    "results",  # the results so far
)


@dataclass(frozen=True)
class Text:
    """A text in Danish and English."""

    da: str
    en: str

    def __str__(self) -> str:
        return self.en if get_language() == "en" else self.da

    def as_dict(self) -> dict[str, str]:
        return {"da": self.da, "en": self.en}


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text


OTHER = "andet"  # the id of the choice a multichoice with `other: true` ends with; its value is {OTHER: text}


def other_choice() -> Choice:
    from lokalspil.messages import CATALOGUES

    return Choice(OTHER, Text(CATALOGUES["da"]["choice.other"], CATALOGUES["en"]["choice.other"]))


@dataclass(frozen=True)
class Condition:
    """Ask a question only when an earlier answer matches: `equals`, `one_of` or `includes` (multichoice)."""

    question: str  # full key STEP.QUESTION
    operator: str
    value: Any

    def holds(self, answer: Any) -> bool:
        if answer is None:
            return False
        if self.operator == "equals":
            return bool(answer == self.value)
        if self.operator == "one_of":
            return answer in self.value
        return isinstance(answer, list) and self.value in answer


@dataclass(frozen=True)
class Question:
    id: str
    step_id: str
    type: str
    prompt: Text
    help: Text | None = None
    required: bool = False
    choices: tuple[Choice, ...] = ()
    min: float | None = None
    max: float | None = None
    integer: bool = False
    when: Condition | None = None
    plan_section: str | None = None  # one of PLAN_SECTIONS: where the action plan prints the answer
    other: bool = False  # a multichoice with an "Andet" choice (OTHER, the last) that takes a free text

    @property
    def key(self) -> str:
        return f"{self.step_id}.{self.id}"


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    step_id: str
    text: Text

    @property
    def key(self) -> str:
        return f"{self.step_id}.{self.id}"


@dataclass(frozen=True)
class Tool:
    command: str
    text: Text


@dataclass(frozen=True)
class CaseSource:
    """Where a case story comes from: a public page and the day it was read (YYYY-MM-DD)."""

    url: str
    title: str
    read: str

    def as_dict(self) -> dict[str, str]:
        return {"url": self.url, "title": self.title, "read": self.read}


@dataclass(frozen=True)
class Case:
    """A short case story from another estate, in our own words, with the public source it rests on."""

    id: str
    title: Text
    text: Text
    place: str
    source: CaseSource

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title.as_dict(),
            "text": self.text.as_dict(),
            "place": self.place,
            "source": self.source.as_dict(),
        }


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    title: Text
    purpose: Text
    phase: str | None = None
    tips: tuple[Text, ...] = ()
    tools: tuple[Tool, ...] = ()
    records: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    cases: tuple[Case, ...] = ()


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    year: int | None
    note: Text | None


@dataclass(frozen=True)
class Guide:
    id: str
    title: Text
    steps: tuple[Step, ...]
    path: Path
    description: Text | None = None
    source: Source | None = None
    builtin: bool = False

    def questions(self) -> Iterator[Question]:
        for step in self.steps:
            yield from step.questions

    def question(self, key: str) -> Question:
        """A question by `STEP.QUESTION`, where STEP is the step's id or number."""
        example = next((q.key for q in self.questions()), "STEP.QUESTION")
        step, question_id = self._split(key, "guide.key_format", example)
        for q in step.questions:
            if q.id == question_id:
                return q
        known = ", ".join(q.key for q in step.questions) or "-"
        raise LokalspilError("guide.no_such_question_in_step", key=key, step=step.id, questions=known)

    def item(self, key: str) -> ChecklistItem:
        """A checklist item by `STEP.ITEM`, where STEP is the step's id or number."""
        example = next((c.key for s in self.steps for c in s.checklist), "STEP.ITEM")
        step, item_id = self._split(key, "guide.item_key_format", example)
        for item in step.checklist:
            if item.id == item_id:
                return item
        known = ", ".join(c.key for c in step.checklist) or "-"
        raise LokalspilError("guide.no_such_item_in_step", key=key, step=step.id, items=known)

    def _split(self, key: str, format_message: str, example: str) -> tuple[Step, str]:
        step_ref, _, rest = key.strip().partition(".")
        if not rest:
            raise LokalspilError(format_message, key=key, example=example)
        return self.step(step_ref), rest

    def step(self, ref: str) -> Step:
        """A step by its id or its number (1, 2, ...)."""
        ref = ref.strip()
        for step in self.steps:
            if step.id == ref or str(step.number) == ref:
                return step
        ids = ", ".join(f"{s.number} ({s.id})" for s in self.steps)
        raise LokalspilError("guide.no_such_step", step=ref, guide=self.id, steps=ids)


# ---------------------------------------------------------------------------------------------------------------
# Finding guides


def builtin_guide_files() -> list[Path]:
    return sorted(builtin_guides_dir().glob("*.yaml"))


def available_guide_files() -> dict[str, Path]:
    """Guide ids and their files: the built-in ones, then the user's own (which win on the same id)."""
    found = {p.stem: p for p in builtin_guide_files()}
    user_dir = user_guides_dir()
    if user_dir.is_dir():
        for p in sorted([*user_dir.glob("*.yaml"), *user_dir.glob("*.yml")]):
            found[p.stem] = p
    return found


def looks_like_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref
