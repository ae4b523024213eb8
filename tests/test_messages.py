"""The one message catalogue: every key in both languages, every key the code uses exists."""

from __future__ import annotations

import re
import string

import pytest

from lokalspil.companies import FLAGS, PARSERS
from lokalspil.messages import da, en, normalise_language
from lokalspil.migrations import ACTIVITY_KINDS, AGREEMENT_KINDS, AGREEMENT_STATUSES, STAGES
from tests.conftest import REPO

SOURCE = REPO / "src" / "lokalspil"
# Keys built at run time from a prefix and a value the code knows.
DYNAMIC = {
    "field.": ("area", "organisation", "municipality", "coordinator", "email", "phone", "language"),
    "qtype.": ("text", "longtext", "number", "date", "choice", "multichoice", "yesno"),
    "qtype.hint.": ("text", "longtext", "number", "date", "choice", "multichoice", "yesno"),
    "phase.": ("establish", "run", "anchor"),
    "language.": ("da", "en"),
    "stage.": STAGES,
    "activity.kind.": ACTIVITY_KINDS,
    "agreement.kind.": AGREEMENT_KINDS,
    "agreement.status.": AGREEMENT_STATUSES,
    "agreement.field.": ("kind", "status", "places", "participants", "start", "end", "review", "notes"),
    "company.field.": (*PARSERS, *FLAGS, "tags", "stage"),
    "company.flag.": FLAGS,
    "contact.field.": ("name", "role", "email", "phone", "purpose"),
    "agenda.": ("review", "end"),
    "agenda.kind.": ("follow_up", "review", "end"),
    "agenda.when.": ("overdue", "today", "coming"),
    "search.kind.": ("company", "contact", "activity"),
    "restore.schema_extra.": ("table", "index", "trigger", "view"),
    "restore.schema_missing.": ("table", "index", "trigger", "view"),
    "restore.schema_altered.": ("table", "index", "trigger", "view"),
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_key_exists_in_both_languages() -> None:
    assert sorted(set(da.MESSAGES) - set(en.MESSAGES)) == []
    assert sorted(set(en.MESSAGES) - set(da.MESSAGES)) == []


@pytest.mark.parametrize("key", sorted(da.MESSAGES))
def test_translations_are_filled_in_and_take_the_same_values(key: str) -> None:
    assert da.MESSAGES[key].strip() and en.MESSAGES[key].strip()
    assert _fields(da.MESSAGES[key]) == _fields(en.MESSAGES[key])


def test_every_key_the_code_uses_is_in_the_catalogue() -> None:
    pattern = re.compile(
        r"""(?:\bt|\bt_count|LokalspilError|InvalidValue|self\.problem)\(\s*(?:[^"()]*?,\s*)?"([a-z_]+\.[a-z_.]+|[a-z_]+)"\s*[,)]"""
    )
    used = set()
    for path in SOURCE.rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    for prefix, names in DYNAMIC.items():
        used |= {prefix + n for n in names}
    assert len(used) > 100
    assert sorted(used - set(da.MESSAGES)) == []


@pytest.mark.parametrize(
    ("value", "expected"), [("da", "da"), ("DA", "da"), ("dansk", "da"), ("en_GB.UTF-8", "en"), ("fr", None)]
)
def test_language_names(value: str, expected: str | None) -> None:
    assert normalise_language(value) == expected
