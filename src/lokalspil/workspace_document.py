"""The checks `import all` runs on a workspace document before anything is stored.

Every record is checked with the validators the commands use (CVR, dates, e-mail, phone, postcode, tags, stages,
guide answers by their question's type, CPR numbers in text), its numbers must be possible record numbers, and what
it points to must be in the document. The columns are a fixed list per table: a key of the document is never part
of the SQL, and one lokalspil does not know is refused. The result is the rows to insert, cleaned as the commands
would store them, or one error naming each record and field that does not fit.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lokalspil import danish
from lokalspil.database import is_row_id
from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.messages import t
from lokalspil.migrations import (
    ACTIVITY_KINDS,
    AGE_BANDS,
    AGREEMENT_KINDS,
    AGREEMENT_STATUSES,
    OPENING_STATUSES,
    OUTCOMES,
    SCHOOL_STATUSES,
    STAGES,
    STOP_REASONS,
)
from lokalspil.privacy import refuse_cpr
from lokalspil.record_types import history_entities

Check = Callable[
    [Any], Any
]  # a value from the document (never None) -> the value to store; raises InvalidValue


@dataclass(frozen=True)
class Column:
    check: Check
    required: bool = False


# ---------------------------------------------------------------------------------------------------------------
# Checks of one value


def _text_of(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValue("import_all.not_text")
    return value


def text(parser: Callable[[str], Any]) -> Check:
    """A text checked by one of the commands' parsers (an empty text is stored as no value)."""

    def check(value: Any) -> Any:
        raw = _text_of(value)
        return parser(raw) if raw.strip() else None

    return check


def _plain(raw: str) -> str:
    return refuse_cpr(raw.strip())


def _line(raw: str) -> str:
    return refuse_cpr(" ".join(raw.split()))


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue("import_all.not_whole")
    return value


def row_id(value: Any) -> int:
    number = _whole(value)
    if not is_row_id(number):
        raise InvalidValue("import_all.bad_id", value=number)
    return number


def flag(value: Any) -> int:
    if value not in (0, 1) or isinstance(value, float):
        raise InvalidValue("import_all.not_flag")
    return int(value)


def timestamp(value: Any) -> str:
    raw = _text_of(value)
    try:
        dt.datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidValue("import_all.not_timestamp", value=raw[:40]) from None
    return raw


def date(value: Any) -> str:
    return danish.parse_date(_text_of(value)).isoformat()


def one_of(values: tuple[str, ...]) -> Check:
    def check(value: Any) -> str:
        if value not in values:
            raise InvalidValue("import_all.not_one_of", value=str(value)[:40], allowed=", ".join(values))
        return str(value)

    return check


def number(low: float, high: float, *, above: bool = False, whole: bool = False) -> Check:
    """A number from `low` (or above it) to `high`, as the agreements' counts, areas and amounts."""

    def check(value: Any) -> int | float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise InvalidValue("import_all.not_number")
        if (whole and not isinstance(value, int)) or value < low or (above and value == low) or value > high:
            raise InvalidValue("import_all.out_of_range", value=value)
        return value

    return check


def tags(value: Any) -> str:
    from lokalspil.companies import clean_tags

    try:
        found = json.loads(_text_of(value)) if isinstance(value, str) else value
    except (ValueError, RecursionError):
        raise InvalidValue("import_all.not_tags") from None
    if not isinstance(found, list) or not all(isinstance(tag, str) for tag in found):
        raise InvalidValue("import_all.not_tags")
    return json.dumps(clean_tags(found), ensure_ascii=False)


_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def identifier(value: Any) -> str:
    """The id of a guide, a step, a question or a checklist item."""
    raw = _text_of(value)
    if not _ID.match(raw) or len(raw) > 100:
        raise InvalidValue("import_all.not_identifier", value=raw[:40])
    return raw


def guide_path(value: Any) -> str | None:
    raw = _text_of(value)
    if raw and not raw.endswith((".yaml", ".yml")):
        raise InvalidValue("import_all.not_guide_file", value=raw[:80])
    return raw or None


def history_fields(value: Any) -> str:
    raw = _text_of(value)
    if not re.fullmatch(r"[a-z_]+( [a-z_]+)*", raw):
        raise InvalidValue("import_all.not_fields", value=raw[:40])
    return raw


# ---------------------------------------------------------------------------------------------------------------
# The tables: every column lokalspil knows, one validator per table `export all` writes (record_types.exported_tables;
# tests/test_record_types.py fails for a declared record type without one)


def _columns() -> dict[str, dict[str, Column]]:
    """Per table `export all` writes: every column lokalspil knows, with its check."""
    from lokalspil import agreements, companies, contacts, openings, workspace

    def company(name: str) -> Column:
        return Column(text(companies.PARSERS[name]), required=name == "name")

    def area(name: str) -> Column:
        return Column(text(lambda raw: workspace.check_field(name, raw)), required=name == "area")

    def agreement(name: str) -> Column:
        return Column(text(agreements.PARSERS[name]))

    def opening(name: str) -> Column:
        return Column(text(openings.PARSERS[name]))

    return {
        "areas": {
            "id": Column(row_id, True),
            "name": area("area"),
            "organisation": area("organisation"),
            "municipality": area("municipality"),
            "created_at": Column(timestamp, True),
        },
        "workspace": {
            "id": Column(one_of_ids(1), True),
            "area_id": Column(row_id),
            "coordinator_name": area("coordinator"),
            "coordinator_email": area("email"),
            "coordinator_phone": area("phone"),
            "language": Column(text(lambda raw: workspace.check_field("language", raw)), True),
            "signatory_name": Column(text(_line)),
            "signatory_title": Column(text(_line)),
            "organisation_address": Column(text(_line)),
            "logo": Column(text(_line)),
            "created_at": Column(timestamp, True),
            "updated_at": Column(timestamp, True),
        },
        "companies": {
            "id": Column(row_id, True),
            "area_id": Column(row_id),
            **{name: company(name) for name in companies.PARSERS},
            "tags": Column(tags),
            **{name: Column(flag) for name in companies.FLAGS},
            "stage": Column(one_of(STAGES)),
            "source": Column(text(_line)),
            "created_at": Column(timestamp, True),
            "updated_at": Column(timestamp, True),
        },
        "contacts": {
            "id": Column(row_id, True),
            "company_id": Column(row_id, True),
            **{
                name: Column(text(contacts.PARSERS[name]), required=name == "name")
                for name in contacts.PARSERS
            },
            "created_at": Column(timestamp, True),
            "updated_at": Column(timestamp, True),
        },
        "activities": {
            "id": Column(row_id, True),
            "company_id": Column(row_id, True),
            "contact_id": Column(row_id),
            "kind": Column(one_of(ACTIVITY_KINDS), True),
            "date": Column(date, True),
            "summary": Column(lambda value: refuse_cpr(_text_of(value).strip())),
            "old_stage": Column(one_of(STAGES)),
            "new_stage": Column(one_of(STAGES)),
            "follow_up": Column(date),
            "follow_up_done_at": Column(timestamp),
            "next_action": Column(text(_plain)),
            "created_at": Column(timestamp, True),
        },
        "agreements": {
            "id": Column(row_id, True),
            "company_id": Column(row_id, True),
            "kind": Column(one_of(AGREEMENT_KINDS), True),
            "places": Column(number(0, 100_000, whole=True)),
            "start": agreement("start"),
            "end": agreement("end"),
            "review": agreement("review"),
            "status": Column(one_of(AGREEMENT_STATUSES)),
            "participants": Column(number(0, 100_000, whole=True)),
            "contact_id": Column(row_id),
            "notes": agreement("notes"),
            "created_at": Column(timestamp, True),
            "updated_at": Column(timestamp, True),
            "address": agreement("address"),
            "m2": Column(number(0, 1e12, above=True)),
            "what": agreement("what"),
            "amount": Column(number(0, 1e12)),
            "signed": Column(date),
        },
        "openings": {
            "id": Column(row_id, True),
            "company_id": Column(row_id, True),
            "agreement_id": Column(row_id),
            "kind": Column(one_of(AGREEMENT_KINDS), True),
            "title": Column(text(openings.PARSERS["title"]), True),
            "places": Column(number(1, 100_000, whole=True)),
            "age_bands": Column(age_bands),
            "hours": opening("hours"),
            "from_time": opening("from_time"),
            "to_time": opening("to_time"),
            "weekly_hours": Column(number(0, 60, above=True)),
            "season": opening("season"),
            "requirements": opening("requirements"),
            "status": Column(one_of(OPENING_STATUSES)),
            "opened": Column(date, True),
            "closed": Column(date),
            "notes": opening("notes"),
            "created_at": Column(timestamp, True),
            "updated_at": Column(timestamp, True),
        },
        "placements": {
            "id": Column(row_id, True),
            "company_id": Column(row_id, True),
            "opening_id": Column(row_id),
            "agreement_id": Column(row_id),
            "kind": Column(one_of(AGREEMENT_KINDS), True),
            "age_band": Column(one_of(AGE_BANDS), True),
            "school": Column(one_of(SCHOOL_STATUSES), True),
            "start": Column(date, True),
            "end": Column(date),
            "outcome": Column(one_of(OUTCOMES)),
            "stop_reason": Column(one_of(STOP_REASONS)),
            "created_at": Column(timestamp, True),
            "updated_at": Column(timestamp, True),
        },
        "targets": {
            "id": Column(row_id, True),
            "indicator": Column(identifier, True),
            "year": Column(number(2000, 2100, whole=True), True),
            "target": Column(number(0, 10_000_000, whole=True)),
            "baseline": Column(number(0, 10_000_000, whole=True)),
            "updated_at": Column(timestamp, True),
        },
        "guides": {
            "id": Column(identifier, True),
            "path": Column(guide_path),
            "title_da": Column(text(_line), True),
            "title_en": Column(text(_line), True),
            "last_used_at": Column(timestamp, True),
        },
        "guide_answers": {
            "guide_id": Column(identifier, True),
            "step_id": Column(identifier, True),
            "question_id": Column(identifier, True),
            "value": Column(_text_of),  # JSON, checked against the question below
            "skipped": Column(flag),
            "answered_at": Column(timestamp, True),
        },
        "guide_checklist": {
            "guide_id": Column(identifier, True),
            "step_id": Column(identifier, True),
            "item_id": Column(identifier, True),
            "done_at": Column(timestamp, True),
        },
        "history": {
            "id": Column(row_id, True),
            "at": Column(timestamp, True),
            "command": Column(text(_line)),
            "entity": Column(one_of(history_entities()), True),
            "entity_id": Column(row_id, True),
            "company_id": Column(row_id),
            "action": Column(one_of(("added", "changed", "removed")), True),
            "fields": Column(history_fields),
        },
    }


def age_bands(value: Any) -> str:
    """A JSON list of age bands, each one of AGE_BANDS."""
    try:
        bands = json.loads(_text_of(value))
    except ValueError:
        raise InvalidValue("import_all.bad_age_bands", value=str(value)[:40]) from None
    if not isinstance(bands, list) or not all(isinstance(b, str) and b in AGE_BANDS for b in bands):
        raise InvalidValue("import_all.bad_age_bands", value=str(value)[:40])
    return json.dumps(sorted(set(bands), key=AGE_BANDS.index))


def one_of_ids(only: int) -> Check:
    def check(value: Any) -> int:
        if _whole(value) != only:
            raise InvalidValue("import_all.bad_id", value=value)
        return only

    return check


# What must be unique in a table, and what a record points to: (column, table it points to).
UNIQUE: dict[str, list[tuple[str, ...]]] = {
    "areas": [("id",)], "workspace": [("id",)], "companies": [("id",), ("cvr",)], "contacts": [("id",)],
    "activities": [("id",)], "agreements": [("id",)], "guides": [("id",)], "history": [("id",)],
    "openings": [("id",)], "placements": [("id",)], "targets": [("id",), ("indicator", "year")],
    "guide_answers": [("guide_id", "step_id", "question_id")],
    "guide_checklist": [("guide_id", "step_id", "item_id")],
}  # fmt: skip
REFERENCES = {
    "workspace": [("area_id", "areas")],
    "companies": [("area_id", "areas")],
    "contacts": [("company_id", "companies")],
    "activities": [("company_id", "companies"), ("contact_id", "contacts")],
    "agreements": [("company_id", "companies"), ("contact_id", "contacts")],
    "openings": [("company_id", "companies"), ("agreement_id", "agreements")],
    "placements": [("company_id", "companies"), ("opening_id", "openings"), ("agreement_id", "agreements")],
}


# ---------------------------------------------------------------------------------------------------------------
# The whole document


def checked_rows(
    document: Mapping[str, Any], tables: tuple[str, ...], path: Path
) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table, checked and cleaned, with the known columns only; raises one LokalspilError naming
    every record and field that does not fit (the first MAX_SHOWN of them)."""
    columns = _columns()
    problems: list[str] = []
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        rows[table] = []
        for index, record in enumerate(document.get(table) or []):
            where = f"{table}[{index}]"
            clean: dict[str, Any] = {}
            for key, value in record.items():
                column = columns[table].get(key)
                if column is None:
                    problems.append(f"{where}: {t('import_all.unknown_field', field=str(key)[:40])}")
                    continue
                if value is None:
                    continue
                try:
                    stored = column.check(value)
                except InvalidValue as e:
                    problems.append(f"{where}.{key}: {e}")
                    continue
                if stored is not None:
                    clean[key] = stored
            for name, column in columns[table].items():
                if (
                    column.required
                    and name not in clean
                    and not any(p.startswith(f"{where}.{name}:") for p in problems)
                ):
                    problems.append(f"{where}.{name}: {t('import_all.missing')}")
            # The SQL names the columns from the fixed list, in its order: never a key of the document.
            rows[table].append({name: clean[name] for name in columns[table] if name in clean})
    if not problems:
        problems += _relations(rows)
    if not problems:
        problems += _answers(rows["guide_answers"]) if "guide_answers" in rows else []
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:MAX_SHOWN])
        more = (
            "\n" + t("import_all.more_problems", count=len(problems) - MAX_SHOWN)
            if len(problems) > MAX_SHOWN
            else ""
        )
        raise LokalspilError(
            "import_all.invalid_one" if len(problems) == 1 else "import_all.invalid",
            path=path,
            count=len(problems),
            problems=shown + more,
        )
    return rows


MAX_SHOWN = 10


def _relations(rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Nothing twice that must be unique, and every reference to a record of the document."""
    problems = []
    for table, keys in UNIQUE.items():
        for key in keys:
            seen: set[tuple[Any, ...]] = set()
            for index, row in enumerate(rows.get(table, [])):
                found = tuple(row.get(k) for k in key)
                if None in found:
                    continue
                if found in seen:
                    shown = ".".join(str(v) for v in found)
                    problems.append(f"{table}[{index}].{key[-1]}: {t('import_all.twice', value=shown)}")
                seen.add(found)
    targets = {target for references in REFERENCES.values() for _, target in references}
    ids = {table: {row["id"] for row in rows.get(table, [])} for table in targets}
    company_of = {row["id"]: row["company_id"] for row in rows.get("contacts", [])}
    for table, references in REFERENCES.items():
        for index, row in enumerate(rows.get(table, [])):
            where = f"{table}[{index}]"
            for column, target in references:
                value = row.get(column)
                if value is None:
                    continue
                if value not in ids[target]:
                    problems.append(f"{where}.{column}: {t('import_all.no_such', table=target, id=value)}")
                elif target == "contacts" and company_of[value] != row["company_id"]:
                    problems.append(f"{where}.{column}: {t('import_all.contact_elsewhere', id=value)}")
            if table == "agreements" and row.get("start") and row.get("end") and row["end"] < row["start"]:
                problems.append(f"{where}.end: {t('agreement.end_before_start')}")
    return problems


def _answers(rows: list[dict[str, Any]]) -> list[str]:
    """Each answer as the guide's question takes it (`guide answer`); an answer to a question of a guide this
    lokalspil does not have (a guide of the user's own, a question since removed) must be a plain value: a text
    without a CPR number, a number, yes/no, or a list of choices."""
    from lokalspil.answers import coerce_answer
    from lokalspil.guide_files import load_guide_file
    from lokalspil.guides import available_guide_files

    guides = available_guide_files()
    loaded: dict[str, Any] = {}
    problems = []
    for index, row in enumerate(rows):
        where = f"guide_answers[{index}].value"
        raw = row.get("value")
        if raw is None:
            if not row.get("skipped"):
                problems.append(f"{where}: {t('import_all.missing')}")
            continue
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            problems.append(f"{where}: {t('import_all.not_answer')}")
            continue
        guide_id = row["guide_id"]
        if guide_id not in loaded:
            try:
                loaded[guide_id] = load_guide_file(guides[guide_id]) if guide_id in guides else None
            except LokalspilError:
                loaded[guide_id] = None
        question = None
        if loaded[guide_id] is not None:
            for step in loaded[guide_id].steps:
                if step.id == row["step_id"]:
                    question = next((q for q in step.questions if q.id == row["question_id"]), None)
        try:
            value = coerce_answer(question, value) if question is not None else _plain_answer(value)
        except LokalspilError as e:
            problems.append(f"{where}: {e}")
            continue
        row["value"] = json.dumps(value, ensure_ascii=False)
    return problems


def _plain_answer(value: Any) -> Any:
    if isinstance(value, str):
        return refuse_cpr(value)
    if isinstance(value, bool) or (isinstance(value, int | float) and math.isfinite(value)):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [refuse_cpr(v) for v in value]
    raise InvalidValue("import_all.not_answer")
