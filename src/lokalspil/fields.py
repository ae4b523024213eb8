"""Checking the fields of a record: one parser per field, every refusal named by the field's label.

Companies, contact persons and agreements (and rows of an imported file) all check their fields here, so an
empty value, a bad value and the sentence that says so work the same everywhere. Every text typed, prompted for,
imported or read from a file is cleaned here too (one_line, free_text): stored in one Unicode form, never with a
CPR number in it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.messages import CATALOGUES, t
from lokalspil.privacy import has_cpr, refuse_cpr

# Control characters (NUL, bell, escape, ...) a pasted or badly exported text may hold: never stored.
_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


def _composed(text: str) -> str:
    """`text` in Unicode's composed form (NFC): 'Å' typed as an A and a combining ring is the one letter 'Å', so
    the same name typed or imported either way is the same name."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _is_composed(text: str) -> bool:
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def one_line(raw: str) -> str:
    """A one-line text (a name, an address, an answer) as it is stored: composed (NFC), no control characters,
    single spaces, never with a CPR number in it (InvalidValue)."""
    if "  " not in raw and raw.isprintable() and raw[:1] != " " and raw[-1:] != " " and _is_composed(raw):
        return refuse_cpr(raw)  # already clean: most cells of an imported list
    return refuse_cpr(_composed(" ".join(raw.translate(_CONTROL).split())))


def plain_texts(cells: Sequence[str]) -> bool:
    """True when one_line returns every cell unchanged (its own first test, for a column of an imported list at
    once): joined by '|', the column is printable and composed, has no double space, no cell starts or ends with a
    space (a cell that holds '| ' or ' |' itself only makes the answer a cautious False), and none holds a CPR
    number."""
    joined = "|".join(cells)
    return (
        joined.isprintable()
        and "  " not in joined
        and "| " not in joined
        and " |" not in joined
        and joined[:1] != " "
        and joined[-1:] != " "
        and _is_composed(joined)
        and not has_cpr(joined)  # one_line refuses a CPR number
    )


def free_text(raw: str) -> str:
    """A text of one or more lines (a note, a log entry, a long answer) as it is stored: composed (NFC), no control
    characters but line breaks and tabs, no spaces at the ends of its lines nor empty lines around it, never with a
    CPR number in it (InvalidValue)."""
    if raw.isprintable() and not raw[:1].isspace() and not raw[-1:].isspace() and _is_composed(raw):
        return refuse_cpr(raw)  # one line, already clean: most notes of an imported list
    lines = raw.translate(_CONTROL).splitlines()
    return refuse_cpr(_composed("\n".join(line.rstrip() for line in lines).strip()))


def _choice_key(text: str) -> str:
    """A choice as choices are compared: case, æ/ø/å written ae/oe/aa, and spaces, hyphens, underscores and full
    stops aside ('Færdig med 9. klasse' and 'faerdig-med-9-klasse' are one)."""
    s = text.strip().casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[\s_.\-–]+", "-", s).strip("-")


def parse_choice(text: str, ids: Sequence[str], prefix: str, error: str) -> str:
    """One of `ids`, typed as the id or as its label in either language (catalogue key `<prefix>.<id>`), or as
    one of the other words the catalogue lists for it (`<prefix>.<id>.also`, separated by commas). Anything else
    is refused with `error`, which names the choices (`{value}`, `{allowed}`)."""
    key = _choice_key(text)
    for value in ids:
        words = [value]
        for catalogue in CATALOGUES.values():
            words += [catalogue[f"{prefix}.{value}"], *catalogue.get(f"{prefix}.{value}.also", "").split(",")]
        if key and key in {_choice_key(w) for w in words}:
            return value
    raise InvalidValue(error, value=text.strip(), allowed=", ".join(t(f"{prefix}.{v}") for v in ids))


def name_key(text: str) -> str:
    """A name as names are compared: spacing, case and the Unicode form ('Å' or 'A' and a ring) aside."""
    return _composed(" ".join(text.split()).casefold())


@dataclass(frozen=True)
class FieldProblem:
    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


def clean_fields(
    raw: Mapping[str, Any],
    parsers: Mapping[str, Callable[[Any], Any]],
    label_prefix: str,
    required: Iterable[str] = (),
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Check the fields given (None means 'not given' and is left out; an empty text clears the field).

    Returns the clean values and one problem per refused field; a required field may not be emptied.
    """
    values: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    needed = set(required)
    for name, value in raw.items():
        if value is None:
            continue
        if name not in parsers:
            raise ValueError(f"unknown field {name!r}")
        if isinstance(value, str) and not value.strip():
            if name in needed:
                problems.append(FieldProblem(name, t(f"{label_prefix}.{name}"), t("value.empty")))
            else:
                values[name] = None
            continue
        try:
            values[name] = parsers[name](value)
        except InvalidValue as e:
            problems.append(FieldProblem(name, t(f"{label_prefix}.{name}"), str(e)))
    return values, problems


def refuse(message: str, problems: Iterable[FieldProblem | str]) -> None:
    """Raise one error naming every problem, if there are any; nothing has been stored."""
    listed = [str(p) for p in problems]
    if listed:
        raise LokalspilError(message, problems=" ".join(listed))
