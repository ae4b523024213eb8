"""The frame of every import: the file read (CSV, TSV or XLSX, see lokalspil.tables) and its columns mapped, the work
done in one transaction, the rejects file written, and the report of what happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil.danish import parse_pnumber
from lokalspil.database import begin, end
from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.files import check_output_path, same_file
from lokalspil.imports.columns import Column, find_header
from lokalspil.messages import t
from lokalspil.privacy import mask_cpr
from lokalspil.tables import Table, open_table, write_csv

CACHE_KIB = 32 * 1024  # the page cache of an import (see run_import)
SHOWN = 10  # rejected rows and warnings listed in the report


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


def run_import(
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
        columns = find_header(table, reading.mapping, headers)
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


def warn(report: Report, line: int, text: str) -> None:
    report.warnings += 1
    if len(report.first_warnings) < SHOWN:
        report.first_warnings.append(Note(line, text))


def reject(
    report: Report, rejected: list[list[str]], line: int, cells: list[str], width: int, reason: str
) -> None:
    report.rejected += 1
    if len(report.first_rejects) < SHOWN:
        report.first_rejects.append(Note(line, reason))
    rejected.append([*cells[:width], *[""] * (width - len(cells)), reason])
