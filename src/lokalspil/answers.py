"""A guide's answers and checklist in the workspace: parse, validate, store, read back, and measure progress.

Answers are stored the moment they are accepted, one transaction each, so nothing typed is lost when the walk is
interrupted. The same parsers serve the walk's prompts, `guide answer` and answer files.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil import danish
from lokalspil.database import now, transaction
from lokalspil.errors import InvalidValue, LokalspilError, os_reason
from lokalspil.fields import free_text, one_line
from lokalspil.guides import OTHER, Guide, Question, Step
from lokalspil.messages import t

# ---------------------------------------------------------------------------------------------------------------
# Values


def parse_answer(question: Question, raw: str) -> Any:
    """A typed answer as the value to store; raises InvalidValue with a one-line reason."""
    text = raw.strip()
    if not text:
        raise InvalidValue("value.empty")
    kind = question.type
    if kind == "text":
        return one_line(text)
    if kind == "longtext":
        return free_text(raw)
    if kind == "number":
        return check_bounds(question, danish.parse_number(text))
    if kind == "date":
        return danish.parse_date(text).isoformat()
    if kind == "yesno":
        return danish.parse_yes_no(text)
    if kind == "choice":
        return _choice(question, text)
    return with_other(question, pick_choices(question, text))


def pick_choices(question: Question, text: str) -> list[Any]:
    """A multichoice's choices as typed: the whole text may be one label; else numbers, ids or labels separated by
    commas. With an Andet choice, `Andet: TEXT` (the rest of the line) gives its text, as {OTHER: TEXT}, not yet
    cleaned; `Andet` alone gives OTHER, whose text is still to come (see `with_other`)."""
    other: list[Any] = []
    if question.other:
        found = _other_pattern(question).search(text)
        if found:
            text, other = text[: found.start()], [{OTHER: found.group(1)}]
    if not text.strip():
        return other
    try:
        return [_choice(question, text), *other]
    except InvalidValue:
        pass
    picked: list[Any] = []
    for part in text.replace(";", ",").split(","):
        if part.strip():
            cid = _choice(question, part)
            if cid not in picked:
                picked.append(cid)
    return [c for c in picked if not other or c != OTHER] + other


def _other_pattern(question: Question) -> re.Pattern[str]:
    other = question.choices[-1]
    names = "|".join(
        re.escape(n) for n in (str(len(question.choices)), OTHER, other.label.da, other.label.en)
    )
    return re.compile(rf"(?:^|[,;])\s*(?:{names})\s*:(.*)\Z", re.IGNORECASE | re.DOTALL)


def with_other(question: Question, picked: list[Any], text: str | None = None) -> list[Any]:
    """The value to store: the choices picked, with Andet's text cleaned (no CPR number) as the last, {OTHER: text}.
    `text` is Andet's text when it was asked for on its own; Andet without a text is refused."""
    if text is not None:
        picked = [c for c in picked if c != OTHER and not isinstance(c, dict)] + [{OTHER: text}]
    if not picked:
        raise InvalidValue("value.empty")
    value: list[Any] = []
    for c in picked:
        if c == OTHER or (isinstance(c, dict) and not str(c[OTHER]).strip()):
            raise InvalidValue("value.other_text_missing")
        value.append({OTHER: one_line(str(c[OTHER]))} if isinstance(c, dict) else c)
    return value


def check_bounds(question: Question, number: int | float) -> int | float:
    if not math.isfinite(number):
        raise InvalidValue("value.not_number", value=str(number))
    if question.integer and not float(number).is_integer():
        raise InvalidValue("value.not_whole", value=format_number(number))
    if question.integer:
        number = int(number)
    if question.min is not None and number < question.min:
        raise InvalidValue("value.below_min", value=format_number(number), min=format_number(question.min))
    if question.max is not None and number > question.max:
        raise InvalidValue("value.above_max", value=format_number(number), max=format_number(question.max))
    return number


def _choice(question: Question, text: str) -> str:
    """A choice by its number on screen, else its id, else its label in either language."""
    s = text.strip().casefold()
    choices = question.choices
    if s.isdigit() and 1 <= int(s) <= len(choices):
        return choices[int(s) - 1].id
    for choice in choices:
        if s in (choice.id.casefold(), choice.label.da.casefold(), choice.label.en.casefold()):
            return choice.id
    options = ", ".join(f"{n} = {c.label}" for n, c in enumerate(choices, start=1))
    raise InvalidValue("value.not_choice", value=text.strip(), choices=options)


def coerce_answer(question: Question, value: Any) -> Any:
    """A value from an answer file (YAML or JSON) as the value to store; strings go through `parse_answer`."""
    if value is None:
        raise InvalidValue("value.empty")
    if isinstance(value, str):
        return parse_answer(question, value)
    kind = question.type
    if (
        kind in ("text", "longtext")
        and isinstance(value, int | float | dt.date)
        and not isinstance(value, bool)
    ):
        return parse_answer(question, value.isoformat() if isinstance(value, dt.date) else str(value))
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return check_bounds(question, value)
    if kind == "yesno" and isinstance(value, bool):
        return value
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "choice" and isinstance(value, int) and not isinstance(value, bool):
        return parse_answer(question, str(value))
    if kind == "multichoice" and isinstance(value, list):
        picked: list[Any] = []
        for item in value:
            if question.other and isinstance(item, dict) and list(item) == [OTHER]:
                picked.append({OTHER: str(item[OTHER] or "")})
                continue
            cid = _choice(question, str(item))
            if cid not in picked:
                picked.append(cid)
        return with_other(question, picked)
    raise InvalidValue("value.wrong_type", type=t(f"qtype.{kind}"))


def format_number(number: float) -> str:
    """12 -> '12', 12.5 -> '12,5', 15000 -> '15.000' in Danish; '12.5' and '15,000' in English. (Either form reads
    back as the same number.)"""
    whole = float(number).is_integer()
    text = f"{int(number):,}" if whole else f"{number:,.6f}".rstrip("0").rstrip(".")
    if t("number.decimal_sign") == ",":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_answer(question: Question, value: Any) -> str:
    """A stored value as the user reads it (and can type it back)."""
    if value is None:
        return ""
    kind = question.type
    if kind == "number":
        return format_number(value)
    if kind == "yesno":
        return t("value.yes") if value else t("value.no")
    if kind == "date":
        return danish.format_date(str(value))
    if kind in ("choice", "multichoice"):
        return ", ".join(choice_labels(question, value if isinstance(value, list) else [value]))
    return str(value)


def choice_labels(question: Question, picked: list[Any]) -> list[str]:
    """The labels of the choices picked; Andet with its text ('Andet: naboforeningen')."""
    labels = {c.id: str(c.label) for c in question.choices}
    return [
        f"{labels.get(OTHER, OTHER)}: {c[OTHER]}" if isinstance(c, dict) else labels.get(c, str(c))
        for c in picked
    ]


# ---------------------------------------------------------------------------------------------------------------
# Storage


@dataclass(frozen=True)
class Stored:
    value: Any
    skipped: bool
    answered_at: str


def stored_answers(db: Connection, guide_id: str) -> dict[str, Stored]:
    rows = db.execute(
        "SELECT step_id, question_id, value, skipped, answered_at FROM guide_answers WHERE guide_id = ?",
        [guide_id],
    ).fetchall()
    return {
        f"{step}.{q}": Stored(json.loads(value) if value is not None else None, bool(skipped), at)
        for step, q, value, skipped, at in rows
    }


def ticked_items(db: Connection, guide_id: str) -> set[str]:
    rows = db.execute(
        "SELECT step_id, item_id FROM guide_checklist WHERE guide_id = ?", [guide_id]
    ).fetchall()
    return {f"{step}.{item}" for step, item in rows}


def last_step_worked(db: Connection, guide_id: str) -> str | None:
    """The step of the latest answer, skip or tick: where the user left the guide. Of two in the same second, the
    one stored last."""
    row = db.execute(
        """SELECT step_id FROM (
               SELECT step_id, answered_at AS at, rowid AS n, 0 AS kind FROM guide_answers WHERE guide_id = ?
               UNION ALL SELECT step_id, done_at, rowid, 1 FROM guide_checklist WHERE guide_id = ?)
           ORDER BY at DESC, kind DESC, n DESC LIMIT 1""",
        [guide_id, guide_id],
    ).fetchone()
    return row[0] if row else None


def record_guide_use(db: Connection, guide: Guide) -> None:
    with transaction(db):
        db.execute(
            """INSERT INTO guides (id, path, title_da, title_en, last_used_at) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET path = excluded.path, title_da = excluded.title_da,
               title_en = excluded.title_en, last_used_at = excluded.last_used_at""",
            [
                guide.id,
                None if guide.builtin else str(guide.path.resolve()),
                guide.title.da,
                guide.title.en,
                now(),
            ],
        )


def store_answer(db: Connection, guide: Guide, question: Question, value: Any) -> None:
    """Store one accepted answer at once (its own transaction)."""
    _store(db, [(guide.id, question, value, False)])


def store_skip(db: Connection, guide: Guide, question: Question) -> None:
    _store(db, [(guide.id, question, None, True)])


def store_answers(db: Connection, guide: Guide, values: Iterable[tuple[Question, Any]]) -> int:
    """Store several answers in one transaction: all or none."""
    rows = [(guide.id, q, v, False) for q, v in values]
    _store(db, rows)
    return len(rows)


def _store(db: Connection, rows: list[tuple[str, Question, Any, bool]]) -> None:
    stamp = now()
    with transaction(db):
        for guide_id, q, value, skipped in rows:
            db.execute(
                """INSERT INTO guide_answers (guide_id, step_id, question_id, value, skipped, answered_at)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (guide_id, step_id, question_id) DO UPDATE SET value = excluded.value,
                   skipped = excluded.skipped, answered_at = excluded.answered_at""",
                [
                    guide_id,
                    q.step_id,
                    q.id,
                    None if value is None else json.dumps(value, ensure_ascii=False),
                    int(skipped),
                    stamp,
                ],
            )


def clear_answer(db: Connection, guide: Guide, question: Question) -> bool:
    with transaction(db):
        cursor = db.execute(
            "DELETE FROM guide_answers WHERE guide_id = ? AND step_id = ? AND question_id = ?",
            [guide.id, question.step_id, question.id],
        )
    return bool(cursor.rowcount)


def set_ticked(db: Connection, guide: Guide, step_id: str, item_id: str, done: bool) -> None:
    with transaction(db):
        if done:
            db.execute(
                """INSERT INTO guide_checklist (guide_id, step_id, item_id, done_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (guide_id, step_id, item_id) DO NOTHING""",
                [guide.id, step_id, item_id, now()],
            )
        else:
            db.execute(
                "DELETE FROM guide_checklist WHERE guide_id = ? AND step_id = ? AND item_id = ?",
                [guide.id, step_id, item_id],
            )


# ---------------------------------------------------------------------------------------------------------------
# Which questions apply, and how far the user has come


def values_of(answers: dict[str, Stored]) -> dict[str, Any]:
    return {k: a.value for k, a in answers.items() if not a.skipped and a.value is not None}


def applies(question: Question, values: dict[str, Any]) -> bool:
    """Whether a question is asked, given the answers so far (its `when`)."""
    return question.when is None or question.when.holds(values.get(question.when.question))


@dataclass(frozen=True)
class StepProgress:
    step: Step
    answered: int
    questions: int
    handled: int  # answered or deliberately skipped
    ticked: int
    items: int

    @property
    def finished(self) -> bool:
        """Every question that applies has been answered or skipped; a step of tasks only: every task ticked."""
        if self.questions == 0:
            return self.ticked >= self.items
        return self.handled >= self.questions


@dataclass(frozen=True)
class GuideProgress:
    guide: Guide
    steps: list[StepProgress] = field(default_factory=list)
    last_step: str | None = None  # the step the user worked in last (see last_step_worked)

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.steps)

    @property
    def questions(self) -> int:
        return sum(s.questions for s in self.steps)

    @property
    def ticked(self) -> int:
        return sum(s.ticked for s in self.steps)

    @property
    def items(self) -> int:
        return sum(s.items for s in self.steps)

    @property
    def fraction(self) -> float:
        total = self.questions + self.items
        return (self.answered + self.ticked) / total if total else 1.0

    def first_unfinished(self) -> Step | None:
        return next((s.step for s in self.steps if not s.finished), None)

    def resume_step(self) -> Step | None:
        """Where the walk goes on: the step the user left, when it is unfinished; else the first unfinished step
        after it; else the first unfinished step. None when every step is done."""
        at = next((i for i, s in enumerate(self.steps) if s.step.id == self.last_step), 0)
        later = next((s.step for s in self.steps[at:] if not s.finished), None)
        return later or self.first_unfinished()


def measure_progress(
    guide: Guide, answers: dict[str, Stored], ticked: set[str], last_step: str | None = None
) -> GuideProgress:
    values = values_of(answers)
    steps = []
    for step in guide.steps:
        asked = [q for q in step.questions if applies(q, values)]
        steps.append(
            StepProgress(
                step=step,
                answered=sum(1 for q in asked if q.key in values),
                questions=len(asked),
                handled=sum(1 for q in asked if q.key in answers),
                ticked=sum(1 for c in step.checklist if c.key in ticked),
                items=len(step.checklist),
            )
        )
    return GuideProgress(guide, steps, last_step)


def guide_progress(db: Connection, guide: Guide) -> GuideProgress:
    return measure_progress(
        guide, stored_answers(db, guide.id), ticked_items(db, guide.id), last_step_worked(db, guide.id)
    )


def answers_mapping(guide: Guide, answers: dict[str, Stored]) -> dict[str, Any]:
    """Every stored answer to a question that applies, as {"STEP.QUESTION": value}, in the guide's order (the
    `guide answers` document). An answer kept from before an earlier answer changed is left out."""
    values = values_of(answers)
    return {q.key: values[q.key] for q in guide.questions() if q.key in values and applies(q, values)}


def check_applies(question: Question, values: dict[str, Any]) -> None:
    """Refuse an answer to a question that is not asked, given the other answers."""
    if not applies(question, values):
        assert question.when is not None
        raise LokalspilError("answer.not_asked", key=question.key, condition=question.when.question)


# ---------------------------------------------------------------------------------------------------------------
# Answer files


def read_answers_file(guide: Guide, path: Path, stored: dict[str, Stored]) -> list[tuple[Question, Any]]:
    """Validate every value in an answer file (`guide answers` output, YAML or JSON) before anything is stored;
    raises one error listing every problem."""
    import yaml

    from lokalspil.guide_files import parse_yaml

    try:
        _, alias, data = parse_yaml(path.read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise LokalspilError("answers_file.unreadable", path=path, reason=os_reason(e)) from e
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise LokalspilError("answers_file.not_mapping", path=path) from e
    except RecursionError:
        raise LokalspilError("answers_file.unreadable", path=path, reason=t("input.too_deep")) from None
    if alias is not None:
        raise LokalspilError("answers_file.alias", path=path)
    if not isinstance(data, dict):
        raise LokalspilError("answers_file.not_mapping", path=path)
    accepted: list[tuple[Question, Any]] = []
    problems: list[str] = []
    for key, raw in data.items():
        try:
            question = guide.question(str(key))
            accepted.append((question, coerce_answer(question, raw)))
        except LokalspilError as e:
            problems.append(f"  {key}: {e}")
    values = {**values_of(stored), **{q.key: v for q, v in accepted}}
    for question, _ in accepted:
        try:
            check_applies(question, values)
        except LokalspilError as e:
            problems.append(f"  {question.key}: {e}")
    if problems:
        raise LokalspilError(
            "answers_file.invalid", path=path, count=len(problems), problems="\n".join(problems)
        )
    return accepted
