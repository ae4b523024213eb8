"""Importing company lists (CSV, TSV, XLSX) as Danish offices really export them.

Each row is checked with the same rules as `company add` (lokalspil.companies.clean_company). A row without a name
or with an invalid CVR is rejected and written to the rejects file with its reason; a bad postcode, e-mail and the
like is left empty with a warning. Rows match existing companies by CVR, else by name and postcode; a match takes
the row's non-empty values and keeps its contacts, log, agreements, stage and tags.

The whole import is one transaction (an error or Ctrl-C leaves the workspace as it was); a dry run rolls it back.
Rows are staged in a temporary table as they are read, then written in CVR order with one upsert: memory stays flat
however long the file, and the unique index is filled in key order instead of at random.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from itertools import count
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil.companies import clean_tags, parse_stage
from lokalspil.danish import parse_cvr, parse_pnumber, parse_yes_no, plain_cvrs, plain_emails, plain_phones
from lokalspil.database import STAGES, begin, bulk_insert, end, insert_row, update_row
from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.fields import free_text, name_key, plain_texts
from lokalspil.files import check_output_path, same_file
from lokalspil.messages import t
from lokalspil.privacy import mask_cpr
from lokalspil.tables import Table, open_table, unguard, write_csv

# The company fields a list can fill, and the column names (Danish and English) that mean each one. Headers are
# compared with case, spaces and punctuation ignored.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("navn", "virksomhedsnavn", "firmanavn", "firma", "virksomhed", "name", "company", "companyname"),
    "cvr": ("cvr", "cvrnr", "cvrnummer", "cvrno", "cvrnumber", "vatno"),
    "pnr": ("pnummer", "pnr", "penhed", "produktionsenhed", "pnumber"),
    "address": ("adresse", "vejadresse", "address", "street"),
    "postcode": ("postnr", "postnummer", "postcode", "postalcode", "zip", "zipcode"),
    "city": ("by", "bynavn", "postdistrikt", "city", "town"),
    "industry_code": ("branchekode", "nacekode", "db07", "db25", "industrycode", "nace"),
    "industry": ("branche", "branchetekst", "branchebetegnelse", "industry"),
    "employees": ("antalansatte", "ansatte", "medarbejdere", "antalmedarbejdere", "employees"),
    "email": ("email", "mail", "emailadresse", "epost"),
    "phone": ("telefon", "tlf", "tlfnr", "telefonnr", "telefonnummer", "phone", "telephone"),
    "website": ("hjemmeside", "website", "web", "www", "url"),
    "protected": ("reklamebeskyttet", "reklamebeskyttelse", "advertisingprotected", "protected"),
    "social_economy": (
        "socialøkonomisk",
        "socialoekonomisk",
        "socialøkonomiskvirksomhed",
        "socialeconomy",
        "socialeconomyenterprise",
    ),
    "rsv": ("rsv", "rsvregistreret", "rsvregistered"),
    "notes": ("noter", "note", "notes", "bemærkninger", "kommentar", "kommentarer"),
    "tags": ("mærker", "tags", "tag"),
    # Read for new companies only: a company already held keeps its stage (its changes are in its log).
    "stage": ("trin", "triniforløbet", "fase", "stage", "pipelinestage"),
}
FIELDS = tuple(HEADERS)
FIRST_STAGE = STAGES[0]  # where a new company starts
TEXT_FIELDS = tuple(f for f in FIELDS if f not in ("protected", "social_economy", "rsv", "tags"))
FLAG_FIELDS = ("protected", "social_economy", "rsv")
IGNORE = ("ignore", "ignorer", "-")
REJECT_FIELDS = ("name", "cvr")
BATCH = 2000
CACHE_KIB = 32 * 1024  # the page cache of an import (see _run)
SHOWN = 10  # rejected rows and warnings listed in the report


def normalise_header(text: str) -> str:
    return re.sub(r"[^0-9a-zæøå]", "", text.casefold())


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str | None  # None: not imported


CONTACT_HEADERS: dict[str, tuple[str, ...]] = {
    "company": (
        "virksomhed",
        "virksomhedsnavn",
        "firma",
        "firmanavn",
        "arbejdsplads",
        "company",
        "companyname",
    ),
    "cvr": HEADERS["cvr"],
    "name": ("navn", "kontaktperson", "kontakt", "fuldtnavn", "name", "contact", "contactname", "fullname"),
    "role": ("rolle", "stilling", "titel", "funktion", "role", "title", "position", "jobtitle"),
    "email": HEADERS["email"],
    "phone": (*HEADERS["phone"], "mobil", "mobile"),
    "purpose": ("formål", "formaal", "purpose"),
}


def map_columns(
    header: list[str],
    overrides: Iterable[str] = (),
    table: dict[str, tuple[str, ...]] = HEADERS,
) -> list[Column]:
    """Each column's field, from the table of names, or from `--map "Column=field"` (field 'ignore' skips it)."""
    fields = tuple(table)
    lookup = {alias: name for name, aliases in table.items() for alias in aliases}
    wanted: dict[str, str | None] = {}
    named: dict[str, str] = {}
    for spec in overrides:
        column, sep, field_name = spec.partition("=")
        field_name = field_name.strip().lower().replace("-", "_")
        if not sep or not column.strip():
            raise LokalspilError("import.bad_map", spec=spec)
        if field_name not in (*fields, *IGNORE):
            raise LokalspilError("import.bad_map_field", spec=spec, fields=", ".join(fields))
        wanted[normalise_header(column)] = None if field_name in IGNORE else field_name
        named[normalise_header(column)] = column.strip()
    known = {normalise_header(h) for h in header}
    for key in wanted:
        if key not in known:
            raise LokalspilError("import.map_no_column", column=named[key], columns=", ".join(header))
    columns = []
    taken: dict[str, str] = {}
    for index, text in enumerate(header):
        key = normalise_header(text)
        target = wanted[key] if key in wanted else lookup.get(key)
        if target is not None:
            if target in taken:
                raise LokalspilError("import.two_columns", field=target, first=taken[target], second=text)
            taken[target] = text
        columns.append(Column(index, text, target))
    if "name" not in taken:
        raise LokalspilError("import.no_name_column", columns=", ".join(header))
    return columns


@dataclass(frozen=True)
class Note:
    line: int
    text: str


@dataclass
class Report:
    file: str
    kind: str
    encoding: str | None
    delimiter: str | None
    columns: list[Column]
    dry_run: bool
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    rows: int = 0
    rejects_file: str | None = None
    declined: bool = False  # the user said no when shown the mapping: nothing was read or written
    merged: int = 0  # rows that named a company an earlier row of the file named, merged into that row
    unknown_to_notes: bool = False  # columns not imported are kept in the notes (--keep-unknown)
    stale_rejects: str | None = None  # an earlier run's rejects file, removed: this run rejected nothing
    labels: str = "company.field"  # catalogue prefix of the fields' labels (company.field, contact.field)
    first_rejects: list[Note] = field(default_factory=list)
    first_warnings: list[Note] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "warnings": self.warnings,
            "rejects_file": self.rejects_file,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.counts(),
            "rows": self.rows,
            "dry_run": self.dry_run,
            "file": self.file,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "columns": [{"column": c.header, "field": c.field} for c in self.columns],
            "first_rejects": [asdict(n) for n in self.first_rejects],
            "first_warnings": [asdict(n) for n in self.first_warnings],
        }


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

    `guarded`: the file is a CSV, whose cells may carry the quote `export` puts before a formula-like value (see
    tables.guard); it is taken off. XLSX and JSON cells are never guarded, so they are read as they are."""
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


_STAGING_COLUMNS = ("seq", "key", *TEXT_FIELDS, *FLAG_FIELDS, "tags")


def _merge_tags(existing: str | None, new: str | None) -> str | None:
    """SQL function: the existing tags with the new ones added (None when nothing is added)."""
    if not new:
        return existing
    have = json.loads(existing or "[]")
    merged = clean_tags([*have, *json.loads(new)])
    return json.dumps(merged, ensure_ascii=False) if merged != have else existing


@dataclass(frozen=True)
class Reading:
    """How to read a file: the options every import takes."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    mapping: tuple[str, ...] = ()
    dry_run: bool = False
    rejects: Path | None = None


Work = Callable[[Table, list[Column], Report, list[list[str]]], None]


def _run(
    conn: Connection,
    path: Path,
    reading: Reading,
    headers: dict[str, tuple[str, ...]],
    work: Work,
    confirm: Callable[[Report], bool] | None,
    check_columns: Callable[[list[str], list[Column]], None] | None = None,
    labels: str = "company.field",
    unknown_to_notes: bool = False,
) -> Report:
    """The frame of every import: read and map the columns, let `confirm` see the mapping first, then do the work
    in one transaction (rolled back for a dry run, an error or Ctrl-C), and write the rejects file."""
    rejects_path = reading.rejects or Path.cwd() / f"{path.stem}.rejects.csv"
    if same_file(rejects_path, path):  # the rejects would overwrite the list itself
        raise LokalspilError("import.rejects_is_input", path=path)
    check_output_path(rejects_path)  # (not the workspace either): said before the work, not after
    table = open_table(path, encoding=reading.encoding, delimiter=reading.delimiter, sheet=reading.sheet)
    rejected: list[list[str]] = []
    cache: int | None = None  # the connection's page cache, given back at the end
    try:
        columns = _find_header(table, reading.mapping, headers)
        if check_columns is not None:
            check_columns(table.header, columns)
        report = Report(
            str(path), table.kind, table.encoding, table.delimiter, columns, reading.dry_run, labels=labels,
            unknown_to_notes=unknown_to_notes,
        )  # fmt: skip
        if confirm is not None and not confirm(report):
            report.declined = True
            return report
        # The import's pages in memory, up to CACHE_KIB: with SQLite's 2 MB, the indexes of a list of a million
        # rows are read back from the write-ahead log again and again, and the time grows faster than the list
        # (measured: 12x the time of 100,000 rows, against 10.5x with this). A fixed size: memory stays flat.
        (cache,) = conn.execute("PRAGMA cache_size").fetchone()
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        begin(conn)
        try:
            work(table, columns, report, rejected)
            if rejected:  # before the commit: an import whose rejects file cannot be written is not saved
                write_csv(
                    rejects_path, [*table.header, t("import.reason_column")], _masked(rejected, columns)
                )
                report.rejects_file = str(rejects_path)
            if reading.dry_run:
                conn.rollback()
            else:
                end(conn)
                conn.commit()
                if not rejected and reading.rejects is None and rejects_path.is_file():
                    # An earlier run's rejects, now fixed: left there, they would be taken for this run's.
                    with suppress(OSError):  # (the import is saved: a file that cannot go is left as it is)
                        rejects_path.unlink()
                        report.stale_rejects = str(rejects_path)
        except BaseException:
            conn.rollback()
            raise
    finally:
        table.close()
        if cache is not None:
            conn.execute(f"PRAGMA cache_size = {cache}")
    return report


def _masked(rejected: list[list[str]], columns: list[Column]) -> Iterable[list[str]]:
    """Rejected rows as the rejects file holds them: no new copy of a CPR number (010190-XXXX). A P-number in the
    P-number column is kept as it is (ten digits, it may look like a CPR number: the field takes it as given)."""
    pnr = next((c.index for c in columns if c.field == "pnr"), -1)
    for row in rejected:
        yield [cell if i == pnr and _is_pnumber(cell) else mask_cpr(cell) for i, cell in enumerate(row)]


def _is_pnumber(cell: str) -> bool:
    try:
        parse_pnumber(cell)
    except InvalidValue:
        return False
    return True


HEADER_SEARCH = 10  # rows looked at for the header when a title or a note stands above it


def _find_header(table: Table, mapping: Iterable[str], headers: dict[str, tuple[str, ...]]) -> list[Column]:
    """The columns of the first row that reads as a header. Spreadsheets often carry a title, a date or a note
    above the real header; up to HEADER_SEARCH rows are looked at before the first problem is reported."""
    try:
        return map_columns(table.header, mapping, headers)
    except LokalspilError as problem:
        if problem.key not in ("import.no_name_column", "import.map_no_column"):
            raise
        for _ in range(HEADER_SEARCH):
            candidate = next(table.rows, None)
            if candidate is None:
                break
            cells = [c.strip() or f"#{i + 1}" for i, c in enumerate(candidate[1])]
            try:
                columns = map_columns(cells, mapping, headers)
            except LokalspilError:
                continue
            table.header = cells
            return columns
        raise problem from None


def _warn(report: Report, line: int, text: str) -> None:
    report.warnings += 1
    if len(report.first_warnings) < SHOWN:
        report.first_warnings.append(Note(line, text))


def _reject(
    report: Report, rejected: list[list[str]], line: int, cells: list[str], width: int, reason: str
) -> None:
    report.rejected += 1
    if len(report.first_rejects) < SHOWN:
        report.first_rejects.append(Note(line, reason))
    rejected.append([*cells[:width], *[""] * (width - len(cells)), reason])


def import_companies(
    conn: Connection,
    path: Path,
    reading: Reading = Reading(),
    *,
    keep_unknown: bool = False,
    tag: str | None = None,
    confirm: Callable[[Report], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """`lokalspil import companies FILE`. `confirm` sees the column mapping before anything is written and may
    stop the import (returns the report untouched); `progress` is told (done, total) as rows are read."""
    extra_tags = clean_tags([tag]) if tag else []

    def work(table: Table, columns: list[Column], report: Report, rejected: list[list[str]]) -> None:
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        conn.create_function("lokalspil_merge_tags", 2, _merge_tags, deterministic=True)
        # Reading and checking allocate millions of lists and tuples and make no reference cycles: the cyclic
        # garbage collector would only walk them (about 7 % of the import). Memory is freed as before, by counts.
        collecting = gc.isenabled()
        gc.disable()
        try:
            _stage(conn, table, columns, keep_unknown, extra_tags, report, rejected, progress)
        finally:
            if collecting:
                gc.enable()
        _write(conn, stamp, report)
        # The staged rows are left for the connection's end (or the next import) to remove: dropping the table
        # here would read every one of its pages again only to free them (half a second for a million rows).

    return _run(conn, path, reading, HEADERS, work, confirm, unknown_to_notes=keep_unknown)


def _stage(
    conn: Connection,
    table: Table,
    columns: list[Column],
    keep_unknown: bool,
    extra_tags: list[str],
    report: Report,
    rejected: list[list[str]],
    progress: Callable[[int, int], None] | None,
) -> None:
    fields, clean_row, clean_batch = row_cleaner(columns, keep_unknown, extra_tags, table.kind == "csv")
    # No index, and only the columns the file fills (the others stay NULL): rows go in as they come.
    conn.execute("DROP TABLE IF EXISTS temp.import_rows")  # the rows of an earlier import on this connection
    conn.execute(f"CREATE TEMP TABLE import_rows ({', '.join(_STAGING_COLUMNS)})")
    staged = ("seq", *fields)
    insert = f"INSERT INTO temp.import_rows ({', '.join(staged)}) VALUES ({', '.join('?' for _ in staged)})"
    width = len(table.header)
    seq = 0
    for lines, rows in table.in_batches(BATCH):
        by_column = clean_batch(rows)
        if by_column is not None:  # flags are stored as 0/1 by SQLite itself
            conn.executemany(insert, zip(range(seq, seq + len(rows)), *by_column, strict=True))
        else:
            batch: list[tuple[Any, ...]] = []
            for number, line, cells in zip(count(seq), lines, rows, strict=False):
                values, reason, warnings = clean_row(cells)
                for warning in warnings:
                    _warn(report, line, warning)
                if values is None:
                    _reject(report, rejected, line, cells, width, reason or "")
                    continue
                batch.append((number, *values))
            conn.executemany(insert, batch)
        seq += len(rows)
        if progress:
            progress(table.position(), table.size)
    report.rows = seq
    if progress:
        progress(table.size, table.size)


def _merge_duplicates(conn: Connection) -> int:
    """Rows of the file that name the same company (same CVR, else same name and postcode) become one row: the
    later non-empty values win, and the tags and notes are joined (as a list's notes join a company's). So each
    company is written once, and importing the same file again finds nothing to change. Returns the rows merged
    into an earlier one."""
    conn.execute(
        """CREATE TEMP TABLE import_dups AS SELECT coalesce(cvr, key) AS k FROM temp.import_rows
           GROUP BY coalesce(cvr, key) HAVING count(*) > 1"""
    )
    if not conn.execute("SELECT count(*) FROM temp.import_dups").fetchone()[0]:
        conn.execute("DROP TABLE temp.import_dups")
        return 0
    rows = conn.execute(
        f"""SELECT {", ".join(_STAGING_COLUMNS)} FROM temp.import_rows
            WHERE coalesce(cvr, key) IN (SELECT k FROM temp.import_dups) ORDER BY coalesce(cvr, key), seq"""
    )
    merged: list[list[Any]] = []
    current_key: str | None = None
    tags_at = _STAGING_COLUMNS.index("tags")
    notes_at = _STAGING_COLUMNS.index("notes")
    fetched = rows.fetchall()
    for row in fetched:
        row_key = row[_STAGING_COLUMNS.index("cvr")] or row[_STAGING_COLUMNS.index("key")]
        if row_key != current_key:
            merged.append(list(row))
            current_key = row_key
            continue
        last = merged[-1]
        for i, value in enumerate(row):
            if i == tags_at:
                last[i] = _merge_tags(last[i], value) if last[i] else value
            elif i == notes_at and value is not None and last[i]:
                last[i] = last[i] if value in last[i] else f"{last[i]}\n{value}"
            elif value is not None:
                last[i] = value  # seq becomes the later row's, like every non-empty value
    conn.execute("DELETE FROM temp.import_rows WHERE coalesce(cvr, key) IN (SELECT k FROM temp.import_dups)")
    conn.executemany(
        f"INSERT INTO temp.import_rows VALUES ({', '.join('?' for _ in _STAGING_COLUMNS)})", merged
    )
    conn.execute("DROP TABLE temp.import_dups")
    return len(fetched) - len(merged)


def _adopt_cvr_less(conn: Connection, stamp: str) -> None:
    """A row with a CVR whose company is held without one (same name and postcode, say from a supplier list)
    gives that company its CVR, so the upsert below updates it instead of adding a second one."""
    held = conn.execute("SELECT id, name, postcode FROM companies WHERE cvr IS NULL").fetchall()
    if not held:
        return
    by_key: dict[str, int] = {}
    for company_id, name, postcode in held:
        by_key.setdefault(match_key(name, postcode), company_id)
    adopt: list[tuple[str, str, int]] = []
    for cvr, name, postcode in conn.execute(
        """SELECT cvr, name, postcode FROM temp.import_rows s
           WHERE cvr IS NOT NULL AND NOT EXISTS (SELECT 1 FROM companies c WHERE c.cvr = s.cvr)"""
    ):
        company_id = by_key.pop(match_key(name, postcode), None)
        if company_id is not None:
            adopt.append((cvr, stamp, company_id))
    conn.executemany("UPDATE companies SET cvr = ?, updated_at = ? WHERE id = ?", adopt)


def _write(conn: Connection, stamp: str, report: Report) -> None:
    report.merged = _merge_duplicates(conn)
    _adopt_cvr_less(conn, stamp)
    area = conn.execute("SELECT area_id FROM workspace WHERE id = 1").fetchone()
    area_id = area[0] if area else None
    fields = (*TEXT_FIELDS, *FLAG_FIELDS)
    # Rows with a CVR: one upsert in CVR order (one row per company now). An existing company only changes, and
    # gets a new updated_at, when a non-empty value differs.
    texts = [f for f in TEXT_FIELDS if f not in ("cvr", "notes", "stage")]  # (a held company keeps its stage)
    assign = ", ".join(f"{f} = coalesce(excluded.{f}, {f})" for f in texts)
    differs = " OR ".join(f"(excluded.{f} IS NOT NULL AND excluded.{f} IS NOT {f})" for f in texts)
    # Notes are added to, never replaced: a list's note joins what the coordinator wrote.
    assign += """, notes = CASE WHEN excluded.notes IS NULL OR instr(coalesce(notes, ''), excluded.notes) THEN notes
                         WHEN notes IS NULL THEN excluded.notes ELSE notes || char(10) || excluded.notes END"""
    differs += " OR (excluded.notes IS NOT NULL AND NOT instr(coalesce(notes, ''), excluded.notes))"
    # The companies held before: rows are only added after this (each takes the next rowid, see below).
    (last,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM companies").fetchone()
    if last:  # the flags the file gives companies already held (one staged row per company now), in one pass
        differing = " OR ".join(
            f"(given.{f} IS NOT NULL AND companies.{f} IS NOT given.{f})" for f in FLAG_FIELDS
        )
        conn.execute(
            f"""UPDATE companies SET {", ".join(f"{f} = coalesce(given.{f}, companies.{f})" for f in FLAG_FIELDS)},
                    updated_at = ?
                FROM temp.import_rows AS given WHERE companies.cvr = given.cvr AND ({differing})""",
            [stamp],
        )
    flags = ", ".join(f"coalesce({f}, 0)" for f in FLAG_FIELDS)  # new companies: the flags given, else 0
    selected = ", ".join(f"coalesce({f}, '{FIRST_STAGE}')" if f == "stage" else f for f in TEXT_FIELDS)
    with bulk_insert(conn, "companies"):
        conn.execute(
            f"""INSERT INTO companies (area_id, {", ".join(fields)}, tags, created_at, updated_at)
                SELECT ?, {selected}, {flags}, coalesce(tags, '[]'), ?, ? FROM temp.import_rows
                WHERE cvr IS NOT NULL ORDER BY cvr, seq
                ON CONFLICT (cvr) DO UPDATE SET {assign},
                    tags = lokalspil_merge_tags(tags, excluded.tags), updated_at = excluded.updated_at
                WHERE {differs} OR lokalspil_merge_tags(tags, excluded.tags) IS NOT tags""",
            [area_id, stamp, stamp],
        )
    # Rows without a CVR match by name and postcode (few in a CVR extract; a supplier list may have many).
    touched: set[int] = set()
    cvr_rows, names = conn.execute(
        "SELECT count(cvr), count(*) - count(cvr) FROM temp.import_rows"
    ).fetchone()
    if names:
        existing: dict[str, int] = {}
        for company_id, name, postcode in conn.execute(
            "SELECT id, name, postcode FROM companies ORDER BY id DESC"
        ):
            existing[match_key(name, postcode)] = company_id  # the oldest company wins a shared key
        columns = ", ".join(fields)
        rows = conn.execute(
            f"SELECT key, {columns}, tags FROM temp.import_rows WHERE cvr IS NULL ORDER BY seq"
        )
        for key, *values, tags in rows.fetchall():
            row = dict(zip(fields, values, strict=True))
            company_id = existing.get(key)
            if company_id is None:
                flags_given = {k: (0 if row[k] is None else row[k]) for k in FLAG_FIELDS}
                company_id = insert_row(
                    conn, "companies",
                    {"area_id": area_id, **row, **flags_given, "stage": row["stage"] or FIRST_STAGE,
                     "tags": tags or "[]", "created_at": stamp, "updated_at": stamp},
                )  # fmt: skip
                existing[key] = company_id
                touched.add(company_id)
                continue
            touched.add(company_id)
            given = {k: v for k, v in row.items() if v is not None and k != "stage"}
            current = conn.execute(
                f"SELECT {', '.join(given) or 'id'}, tags FROM companies WHERE id = ?", [company_id]
            ).fetchone()
            merged_tags = _merge_tags(current[-1], tags)
            changed = {k: v for (k, v), old in zip(given.items(), current[:-1], strict=False) if v != old}
            if "notes" in changed:  # added to what is there, never replacing it
                before = dict(zip(given, current[:-1], strict=False)).get("notes")
                if before and changed["notes"] in before:
                    del changed["notes"]
                elif before:
                    changed["notes"] = f"{before}\n{changed['notes']}"
            if changed or merged_tags != current[-1]:
                changed.update(tags=merged_tags, updated_at=stamp)
                update_row(conn, "companies", company_id, changed)
    # Counts from the import's own time stamp (scans, no lookup of every CVR in memory): each CVR row is one
    # company, new or not; name rows add the companies they reached, less those the file also names by CVR.
    overlap = 0
    if touched and cvr_rows:
        conn.execute("CREATE TEMP TABLE import_touched (id INTEGER PRIMARY KEY)")
        conn.executemany("INSERT INTO temp.import_touched VALUES (?)", [(i,) for i in touched])
        overlap = conn.execute(
            """SELECT count(*) FROM temp.import_touched t JOIN companies c ON c.id = t.id
               WHERE c.cvr IN (SELECT cvr FROM temp.import_rows WHERE cvr IS NOT NULL)"""
        ).fetchone()[0]
        conn.execute("DROP TABLE temp.import_touched")
    # New companies: the rows added, each with the next rowid (SQLite gives the largest + 1 while that is below
    # 2**63 - 1; nothing is deleted during the import, and its transaction keeps other writers out). Updated: the
    # companies held before that carry the import's time stamp. Neither needs a scan of the new rows.
    (largest,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM companies").fetchone()
    if largest < 2**63 - 1:
        report.new = largest - last
    else:  # pragma: no cover - rowids chosen at random past the largest possible
        report.new = conn.execute("SELECT count(*) FROM companies WHERE created_at = ?", [stamp]).fetchone()[
            0
        ]
    report.updated = (
        conn.execute(
            "SELECT count(*) FROM companies WHERE rowid <= ? AND updated_at = ?", [last, stamp]
        ).fetchone()[0]
        if last
        else 0
    )
    report.unchanged = cvr_rows + len(touched) - overlap - report.new - report.updated


# ---------------------------------------------------------------------------------------------------------------
# Contact persons


def import_contacts(
    conn: Connection,
    path: Path,
    reading: Reading = Reading(),
    *,
    confirm: Callable[[Report], bool] | None = None,
) -> Report:
    """`lokalspil import contacts FILE`: each row names a company (CVR, else its name) and a person. A person who is
    already held for that company (same name) takes the row's non-empty values; others are added."""
    from lokalspil.companies import get_company
    from lokalspil.contacts import PARSERS as CONTACT_PARSERS
    from lokalspil.fields import clean_fields

    def check_columns(header: list[str], columns: list[Column]) -> None:
        if not any(c.field in ("company", "cvr") for c in columns):
            raise LokalspilError("import.no_company_column", columns=", ".join(header))

    def names() -> list[tuple[int, str]]:
        return conn.execute("SELECT id, name FROM companies").fetchall()

    def work(table: Table, columns: list[Column], report: Report, rejected: list[list[str]]) -> None:
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        default_purpose = t("contact.default_purpose")
        width = len(table.header)
        guarded = table.kind == "csv"  # (see row_cleaner)
        # Each person the file names, by company and name (case and spacing aside), in the order first named.
        people: dict[tuple[int, str], dict[str, Any]] = {}
        for line, cells in table.rows:
            report.rows += 1
            raw = {
                c.field: (unguard(cells[c.index].strip()) if guarded else cells[c.index].strip())
                for c in columns
                if c.field and c.index < len(cells)
            }
            raw = {k: v for k, v in raw.items() if v}
            reason = None
            company = None
            try:
                if raw.get("cvr"):
                    ids = [
                        r[0]
                        for r in conn.execute(
                            "SELECT id FROM companies WHERE cvr = ?", [parse_cvr(raw["cvr"])]
                        )
                    ]
                else:  # the exact name (case and spacing aside), not a part of it
                    wanted = name_key(raw.get("company", ""))
                    ids = [i for i, name in names() if name_key(name) == wanted] if wanted else []
                if len(ids) == 1:
                    company = get_company(conn, ids[0])
                else:
                    reason = t("import.reason.no_company" if not ids else "import.reason.two_companies")
            except LokalspilError as e:
                reason = str(e)
            person = {k: raw.get(k) for k in ("name", "role", "email", "phone", "purpose")}
            values, problems = clean_fields(person, CONTACT_PARSERS, "contact.field", required=("name",))
            for problem in problems:
                if problem.field == "name":  # (a name refused, say for a CPR number in it, says why)
                    reason = reason or str(problem)
                else:
                    _warn(report, line, str(problem))
            if not values.get("name") and reason is None:
                reason = t("import.reason.no_contact_name")
            if reason is not None or company is None:
                _reject(report, rejected, line, cells, width, reason or "")
                continue
            given = {k: v for k, v in values.items() if v is not None}
            key = (company.id, name_key(given["name"]))
            if key in people:  # the same person again in the file: the later non-empty values win
                report.merged += 1
                people[key].update({k: v for k, v in given.items() if k != "name"})
            else:
                people[key] = given
        # Then each person once: importing the same file again finds nothing to change.
        for (company_id, who), given in people.items():
            match = next(
                (
                    row
                    for row in conn.execute(
                        "SELECT id, name, role, email, phone, purpose FROM contacts WHERE company_id = ?",
                        [company_id],
                    )
                    if name_key(row[1]) == who
                ),
                None,
            )
            if match is None:
                insert_row(conn, "contacts", {
                    "company_id": company_id, "purpose": default_purpose, **given,
                    "created_at": stamp, "updated_at": stamp,
                })  # fmt: skip
                report.new += 1
                continue
            current = dict(zip(("id", "name", "role", "email", "phone", "purpose"), match, strict=True))
            changed = {k: v for k, v in given.items() if k != "name" and current.get(k) != v}  # name: the key
            if changed:
                update_row(conn, "contacts", current["id"], {**changed, "updated_at": stamp})
                report.updated += 1
            else:
                report.unchanged += 1

    return _run(conn, path, reading, CONTACT_HEADERS, work, confirm, check_columns, labels="contact.field")
