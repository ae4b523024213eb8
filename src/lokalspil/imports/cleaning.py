"""The rows of a company list checked: the same parsers as `company add`, row by row, or column by column for a
batch in which no row is rejected or warned about.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from lokalspil.companies import clean_tags, parse_stage
from lokalspil.danish import parse_yes_no, plain_cvrs, plain_emails, plain_phones
from lokalspil.errors import InvalidValue
from lokalspil.fields import free_text, name_key, plain_texts
from lokalspil.imports.columns import FLAG_FIELDS, Column
from lokalspil.messages import t
from lokalspil.tables import unguard

REJECT_FIELDS = ("name", "cvr")


def match_key(name: str, postcode: str | None) -> str:
    return f"{name_key(name)}|{postcode or ''}"


RowCleaner = Callable[[list[str]], tuple[list[Any] | None, str | None, list[str]]]
# A batch of rows in, their values column by column (in the staging order) out; None when the batch needs the
# row-by-row checker (a row to reject or warn about, or a field the column-wise path leaves to it).
BatchCleaner = Callable[[Sequence[list[str]]], list[Sequence[Any]] | None]
# Fields whose values repeat down a list (a few hundred postcodes and industries in 100,000 rows): their checks are
# remembered per value. Names, CVR numbers, addresses, e-mails and phones are checked row by row.
REPEATING = ("postcode", "city", "industry_code", "industry", "employees", "stage")
NO_WARNINGS: list[str] = []  # shared by the rows without a warning (most of them); never added to


def row_cleaner(
    columns: list[Column], keep_unknown: bool, extra_tags: list[str], guarded: bool = True
) -> tuple[tuple[str, ...], RowCleaner, BatchCleaner]:
    """A checker for the rows of one file: the same parsers as `company add` (companies.PARSERS, through
    clean_company's rules: a bad name or CVR rejects the row, any other bad value is left empty with a warning),
    in a loop planned once for the file's columns, since it runs for every row of lists of a million rows.

    Returns the staging columns the file fills (its fields; the match key of a row without a CVR; notes when
    unknown columns are kept as notes; tags, as JSON, when `extra_tags` are given) and the checker, which gives
    each row's values in that order, as a list: no dictionary is built per row; and a checker of a batch of rows
    column by column, for the batches where no row is rejected or warned about (see batch_cleaner).

    `guarded`: the file's cells may carry the quote `export` puts before a formula-like value (see tables.guard and
    Table.guarded: a CSV, or one a spreadsheet saved as XLSX); it is taken off. JSON cells are read as they are."""
    from functools import lru_cache

    from lokalspil.companies import PARSERS

    parsers: dict[str, Callable[[str], Any]] = {
        name: (lru_cache(maxsize=4096)(parse) if name in REPEATING else parse)
        for name, parse in PARSERS.items()
    }
    parsers.update(dict.fromkeys(FLAG_FIELDS, lru_cache(maxsize=64)(parse_yes_no)))
    parsers["tags"] = lambda cell: clean_tags([cell])
    parsers["stage"] = lru_cache(maxsize=64)(parse_stage)
    mapped = [c for c in columns if c.field is not None]
    unknown = [(c.index, c.header) for c in columns if c.field is None] if keep_unknown else []
    fields = ("key", *(c.field for c in mapped if c.field is not None))
    if unknown and "notes" not in fields:
        fields += ("notes",)
    if extra_tags and "tags" not in fields:
        fields += ("tags",)
    plan = [(fields.index(c.field), c.index, c.field, parsers[c.field]) for c in mapped if c.field]
    notes_at = fields.index("notes") if "notes" in fields else -1
    tags_at = fields.index("tags") if "tags" in fields else -1
    name_at = fields.index("name")
    cvr_at = fields.index("cvr") if "cvr" in fields else -1
    postcode_at = fields.index("postcode") if "postcode" in fields else -1
    size = len(fields)
    labels: dict[str, str] = {}

    def label(name: str) -> str:
        if name not in labels:
            labels[name] = t(f"company.field.{name}")
        return labels[name]

    def clean(cells: list[str]) -> tuple[list[Any] | None, str | None, list[str]]:
        values: list[Any] = [None] * size
        warnings = NO_WARNINGS
        width = len(cells)
        for position, index, name, parse in plan:
            cell = cells[index] if index < width else ""
            if not cell or cell.isspace():
                continue
            if guarded and cell[0] == "'":
                cell = unguard(cell)
            try:
                values[position] = parse(cell)
            except InvalidValue as e:
                if name in REJECT_FIELDS:
                    return None, f"{label(name)}: {e}", warnings
                if warnings is NO_WARNINGS:
                    warnings = []
                warnings.append(f"{label(name)}: {e}")
        if unknown:
            extra = []
            for i, header in unknown:
                if i < width and cells[i].strip():
                    try:
                        extra.append(free_text(f"{header}: {cells[i]}"))  # as any note: NFC, no CPR number
                    except InvalidValue:
                        if t("import.cpr_in_unknown") not in warnings:  # (never into the shared NO_WARNINGS)
                            warnings = [*warnings, t("import.cpr_in_unknown")]
            if extra:
                notes = values[notes_at]
                values[notes_at] = "\n".join([notes, *extra] if notes else extra)
        if not values[name_at]:
            return None, t("import.reason.no_name"), warnings
        if tags_at >= 0 and (values[tags_at] is not None or extra_tags):
            tags = clean_tags([*(values[tags_at] or ()), *extra_tags])
            values[tags_at] = json.dumps(tags, ensure_ascii=False)
        if cvr_at < 0 or values[cvr_at] is None:
            values[0] = match_key(values[name_at], values[postcode_at] if postcode_at >= 0 else None)
        return values, None, warnings

    batch = (
        None
        if unknown or "tags" in {c.field for c in mapped}
        else _batch_cleaner(plan, fields, parsers, extra_tags, guarded)
    )
    return fields, clean, batch or (lambda rows: None)


def _kept(test: Callable[[Sequence[str]], bool]) -> Callable[[Sequence[str]], list[Any] | None]:
    return lambda cells: list(cells) if test(cells) else None


# Fields with a check of a whole column: the parser's values for every cell, or None (then the parser is mapped
# over the column). Each is a column form of its parser's own first test (see companies.py and danish.py).
WHOLE_COLUMN: dict[str, Callable[[Sequence[str]], list[Any] | None]] = {
    "name": _kept(plain_texts),
    "address": _kept(plain_texts),
    "city": _kept(plain_texts),
    "industry": _kept(plain_texts),
    "cvr": _kept(plain_cvrs),
    "email": _kept(plain_emails),
    "phone": plain_phones,
}
MEMO_LIMIT = 4096  # distinct cells remembered per repeating field; past that the memory starts again


def _batch_cleaner(
    plan: list[tuple[int, int, str, Callable[[str], Any]]],
    fields: tuple[str, ...],
    parsers: dict[str, Callable[[str], Any]],
    extra_tags: list[str],
    guarded: bool,
) -> BatchCleaner | None:
    """The row checker's work for a batch of rows, column by column: the same parsers give the same values, with
    the per-cell work in C (map over the parser, a dictionary of the values of repeating fields, or a test of a
    whole column that says the parser keeps every cell as it is). Any cell that the row checker would reject or
    warn about, or treat in a way this path does not (a missing name, a guarded cell outside the repeating
    fields), gives None: the batch then goes through the row checker, which gives the report its lines."""
    width = max(index for _, index, _, _ in plan) + 1
    size = len(fields)
    name_at = fields.index("name")
    cvr_at = fields.index("cvr") if "cvr" in fields else -1
    postcode_at = fields.index("postcode") if "postcode" in fields else -1
    tags_at = fields.index("tags") if "tags" in fields else -1
    tags = json.dumps(clean_tags(extra_tags), ensure_ascii=False) if extra_tags else None

    def remembered(parse: Callable[[str], Any]) -> dict[str, Any]:
        class Memo(dict[str, Any]):
            def __missing__(self, cell: str) -> Any:  # as the row checker does it, once per distinct cell
                value = None
                if cell and not cell.isspace():
                    value = parse(unguard(cell) if guarded and cell[0] == "'" else cell)
                if len(self) >= MEMO_LIMIT:
                    self.clear()
                self[cell] = value
                return value

        return Memo()

    steps = [
        (position, index, remembered(parse).__getitem__ if name in REPEATING or name in FLAG_FIELDS else None,
         parse, WHOLE_COLUMN.get(name))
        for position, index, name, parse in plan
    ]  # fmt: skip

    def column(
        cells: Sequence[str],
        parse: Callable[[str], Any],
        whole: Callable[[Sequence[str]], list[Any] | None] | None,
    ) -> list[Any] | None:
        full = all(cells) and not any(map(str.isspace, cells))
        present = cells if full else [c for c in cells if c and not c.isspace()]
        # A guarded cell (or a line of a cell that starts with a quote): the row checker sees to it.
        if guarded and "\n'" in "\n" + "\n".join(present):
            return None
        values = whole(present) if whole is not None else None
        if values is None:
            values = list(map(parse, present))
        if full:
            return values
        given = iter(values)
        return [next(given) if c and not c.isspace() else None for c in cells]

    def clean_batch(rows: Sequence[list[str]]) -> list[Sequence[Any]] | None:
        cells = list(zip(*rows, strict=False))  # as many columns as the shortest row has cells
        if len(cells) < width:
            return None  # a short row: the row checker reads its missing cells as empty
        out: list[Sequence[Any]] = [()] * size
        try:
            for position, index, memo, parse, whole in steps:
                if memo is not None:
                    values: Sequence[Any] | None = list(map(memo, cells[index]))
                else:
                    values = column(cells[index], parse, whole)
                if values is None:
                    return None
                out[position] = values
        except InvalidValue:
            return None
        names = out[name_at]
        if not all(names):
            return None  # rows to reject
        postcodes = out[postcode_at] if postcode_at >= 0 else [None] * len(rows)
        if cvr_at < 0:
            out[0] = list(map(match_key, names, postcodes))
        else:
            cvrs = out[cvr_at]
            out[0] = (
                [None] * len(rows)
                if None not in cvrs
                else [None if cvr is not None else match_key(name, postcode)
                      for cvr, name, postcode in zip(cvrs, names, postcodes, strict=True)]
            )  # fmt: skip
        if tags_at >= 0:
            out[tags_at] = [tags] * len(rows)
        return out

    return clean_batch
