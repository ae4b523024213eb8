"""A guide opened in the workspace: the work behind each `lokalspil guide ...` command."""

from __future__ import annotations

import json
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil import answers as store
from lokalspil.errors import BadUsage, LokalspilError
from lokalspil.guide_files import resolve_guide
from lokalspil.guides import ChecklistItem, Guide, Question
from lokalspil.overview import guide_document
from lokalspil.walk import Walk, WalkIO, run_walk
from lokalspil.workspace import open_workspace

ANSWER_FORMATS = ("yaml", "json")


def open_guide(path: Path, ref: str | None) -> tuple[Connection, Guide]:
    """The workspace and the guide (loaded and checked), with the guide remembered for `status`."""
    guide = resolve_guide(ref)
    db, _ = open_workspace(path)
    store.record_guide_use(db, guide)
    return db, guide


def walk_guide(db: Connection, guide: Guide, io: WalkIO, step: str | None) -> None:
    run_walk(Walk(db, guide), io, step)


def answer_question(path: Path, ref: str | None, key: str, raw: str) -> tuple[Question, Any, str]:
    """`guide answer`: validate like the walk, then store; nothing is stored when the value is refused."""
    guide = resolve_guide(ref)
    question = guide.question(key)
    try:
        value = store.parse_answer(question, raw)
    except LokalspilError as e:
        raise LokalspilError("answer.refused", key=question.key, reason=str(e)) from None
    db, _ = open_workspace(path)
    try:
        store.check_applies(question, store.values_of(store.stored_answers(db, guide.id)))
        store.record_guide_use(db, guide)
        store.store_answer(db, guide, question, value)
    finally:
        db.close()
    return question, value, store.format_answer(question, value)


def clear_question(path: Path, ref: str | None, key: str) -> Question:
    """`guide answer --clear`: remove a stored answer (a name typed by mistake, say) for good."""
    guide = resolve_guide(ref)
    question = guide.question(key)
    db, _ = open_workspace(path)
    try:
        store.clear_answer(db, guide, question)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the old value leaves the write-ahead log too
    finally:
        db.close()
    return question


def tick_item(path: Path, ref: str | None, key: str, *, done: bool) -> ChecklistItem:
    guide = resolve_guide(ref)
    item = guide.item(key)
    db, _ = open_workspace(path)
    try:
        store.record_guide_use(db, guide)
        store.set_ticked(db, guide, item.step_id, item.id, done)
    finally:
        db.close()
    return item


def export_answers(path: Path, ref: str | None, fmt: str) -> str:
    """Every stored answer as {"STEP.QUESTION": value}, as YAML or JSON."""
    fmt = fmt.lower()
    if fmt not in ANSWER_FORMATS:
        raise BadUsage("answers.bad_format", format=fmt, formats=", ".join(ANSWER_FORMATS))
    guide = resolve_guide(ref)
    db, _ = open_workspace(path)
    try:
        mapping = store.answers_mapping(guide, store.stored_answers(db, guide.id))
    finally:
        db.close()
    if fmt == "json":
        return json.dumps(mapping, ensure_ascii=False, indent=2)
    import yaml

    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, width=100) if mapping else "{}\n"


def load_answers(path: Path, ref: str | None, answers_file: Path) -> tuple[int, Guide]:
    """`guide run --answers FILE`: every value is validated first; none is stored if any is refused."""
    guide = resolve_guide(ref)
    db, _ = open_workspace(path)
    try:
        accepted = store.read_answers_file(guide, answers_file, store.stored_answers(db, guide.id))
        store.record_guide_use(db, guide)
        count = store.store_answers(db, guide, accepted)
    finally:
        db.close()
    return count, guide


def show_document(path: Path, ref: str | None) -> tuple[dict[str, Any], store.GuideProgress]:
    guide = resolve_guide(ref)
    db, _ = open_workspace(path)
    try:
        answers = store.stored_answers(db, guide.id)
        ticked = store.ticked_items(db, guide.id)
    finally:
        db.close()
    return guide_document(guide, answers, ticked), store.measure_progress(guide, answers, ticked)
