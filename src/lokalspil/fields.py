"""Checking the fields of a record: one parser per field, every refusal named by the field's label.

Companies, contact persons and agreements (and rows of an imported file) all check their fields here, so an
empty value, a bad value and the sentence that says so work the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.messages import t


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
