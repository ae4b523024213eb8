"""What leaves the workspace: company lists for Excel (CSV, XLSX) or programs (JSON), and the whole workspace as one
JSON document that `import all` restores into an empty workspace.

The company columns carry the field labels in the user's language, which the importer knows again, so an exported
list imports back unchanged.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable
from itertools import chain, islice
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil import __version__
from lokalspil.companies import Company
from lokalspil.database import applied_migrations, insert_row, now, transaction
from lokalspil.errors import BadUsage, LokalspilError, os_reason
from lokalspil.messages import t
from lokalspil.migrations import STEPS
from lokalspil.record_types import RECORD_TYPES, exported_tables
from lokalspil.tables import guard, write_csv, write_rows

FORMATS = ("csv", "xlsx", "json")
# The columns of an exported list, in order. The importer reads them back (the stage for new companies only).
COLUMNS = (
    "name", "cvr", "pnr", "address", "postcode", "city", "industry_code", "industry", "employees", "website",
    "email", "phone", "tags", "notes", "social_economy", "rsv", "protected", "stage",
)  # fmt: skip
DANISH_PHONE = "+45 "  # (danish.parse_phone writes every Danish number so)


def company_cells(company: Company) -> list[str]:
    """A company's row as a spreadsheet should show it and keep it. A range of employees is written with an en
    dash ('1–4'): a spreadsheet opening a CSV turns '1-4' into the 1st of April. A Danish phone number is written
    as Danes write it ('12 34 56 78', read back as +45): '+45 ...' would need the formula guard."""
    cells: list[str] = []
    for name in COLUMNS:
        value = getattr(company, name)
        if name == "employees" and value:
            cells.append(value.replace("-", "–"))
        elif name == "phone" and value and value.startswith(DANISH_PHONE):
            cells.append(value.removeprefix(DANISH_PHONE))
        elif name == "tags":
            cells.append(", ".join(value))
        elif name == "stage":
            cells.append(t(f"stage.{value}"))
        elif isinstance(value, bool):
            cells.append(t("value.yes") if value else t("value.no"))
        else:
            cells.append("" if value is None else str(value))
    return cells


def header() -> list[str]:
    return [t(f"company.field.{name}") for name in COLUMNS]


def export_format(fmt: str | None, path: Path | None) -> str:
    """`--format`, else the file's suffix (list.xlsx is an XLSX file), else CSV. A format the file's suffix
    contradicts (CSV into list.xlsx) is refused: Excel would not open the file."""
    from lokalspil.files import check_output

    suffix = path.suffix.lower().lstrip(".") if path is not None else ""
    if not fmt:
        chosen = suffix if suffix in FORMATS else "csv"
    else:
        chosen = fmt.strip().lower().lstrip(".")
        if chosen not in FORMATS:
            raise BadUsage("export.bad_format", format=fmt, formats=", ".join(FORMATS))
        if suffix in FORMATS and suffix != chosen and path is not None:
            raise BadUsage("export.format_and_suffix", format=chosen, path=path, suffix=suffix)
    check_output(path, chosen)  # (list.pdf, or XLSX to a terminal)
    return chosen


def export_companies(
    companies: list[Company], fmt: str | None, path: Path | None, author: str | None = None
) -> str | int:
    """Write the companies; returns the text (to print) when there is no file, else the number written. `author`:
    the workspace, named as the XLSX workbook's author."""
    from lokalspil.files import TEXT_FORMATS, is_stdout

    fmt = export_format(fmt, path)
    if is_stdout(path) and fmt in TEXT_FORMATS:
        path = None  # -o -: the text, to print
    if fmt == "json":
        text = json.dumps([c.as_dict() for c in companies], ensure_ascii=False, indent=2) + "\n"
        if path is None:
            return text
        _write_text(path, text)
        return len(companies)
    if fmt == "xlsx":
        if path is None:
            raise LokalspilError("export.xlsx_needs_file")
        return _write_xlsx(path, header(), (company_cells(c) for c in companies), author)
    if path is None:
        import io

        buf = io.StringIO()
        write_rows(buf, header(), (company_cells(c) for c in companies))
        return buf.getvalue()
    return write_csv(path, header(), (company_cells(c) for c in companies))


def write_all(conn: Connection, path: Path) -> int:
    """`lokalspil export all -o FILE.json`: the whole workspace in one file, readable by its owner only (it holds
    contact persons). Returns the number of companies."""
    from lokalspil.files import check_output

    check_output(path, "json")
    document = export_all(conn)
    _write_text(path, json.dumps(document, ensure_ascii=False, indent=1))
    return len(document["companies"])


def _write_text(path: Path, text: str) -> None:
    from lokalspil.files import write_text_atomically

    write_text_atomically(path, text)


# Columns of codes, which a spreadsheet would take for numbers (and drop their leading zeros).
TEXT_COLUMNS = ("cvr", "pnr", "postcode", "phone", "industry_code")
# The rows a column's width is measured on: a write-only sheet needs its widths before its rows.
WIDTH_SAMPLE = 500
MIN_WIDTH, MAX_WIDTH = 8, 50


def _write_xlsx(path: Path, head: list[str], rows: Iterable[list[str]], author: str | None = None) -> int:
    """Every cell as text: leading zeros stay, and nothing becomes a formula. The header row stays in view and has
    a filter; the columns are as wide as their first rows need; the code columns are formatted as text, so that
    what the user types there stays text too; the workspace is the workbook's author.

    A cell that starts with a quote before formula-like text gets the CSV's guard (a second quote): the importer
    takes one quote off the cells of an XLSX too, since a spreadsheet that saves an exported CSV keeps its guard."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    if author:
        book.properties.creator = author
        book.properties.lastModifiedBy = author
    sheet = book.create_sheet(t("export.sheet_name"))
    bold = Font(bold=True)
    text_at = {COLUMNS.index(name) for name in TEXT_COLUMNS}

    def text_cell(value: str, index: int, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=guard(value) if value.startswith("'") else value)
        cell.data_type = "s"
        if index in text_at:
            cell.number_format = "@"
        if font is not None:
            cell.font = font
        return cell

    rows = iter(rows)
    first = list(islice(rows, WIDTH_SAMPLE))
    for index, title in enumerate(head):
        longest = max([len(title), *(len(max(row[index].splitlines() or [""], key=len)) for row in first)])
        column = sheet.column_dimensions[get_column_letter(index + 1)]
        column.width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))
        if index in text_at:
            column.number_format = "@"
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(h, i, bold) for i, h in enumerate(head)])
    count = 0
    for row in chain(first, rows):
        sheet.append([text_cell(v, i) for i, v in enumerate(row)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{count + 1}"
    from lokalspil.files import write_atomically

    try:
        write_atomically(path, lambda temporary: book.save(temporary))
    except BaseException:
        # A workbook not saved (a full disk, a file that must not be written) leaves the sheet's row writer open;
        # closed later, when Python tidies up, it would print a traceback. Closed now, its complaint is ignored.
        with contextlib.suppress(Exception):
            sheet._rows.close()
        raise
    return count


# ---------------------------------------------------------------------------------------------------------------
# The whole workspace

# Every record type and the workspace tables, from the declaration (record_types.py). The bookkeeping tables are
# left out on purpose: contact_former_values holds a person's replaced names, e-mails and phone numbers only so that
# `contact forget` finds them, and an export should not carry copies of values the user changed away from.
TABLES = exported_tables()
RECORDS = tuple(rt.table for rt in RECORD_TYPES)


def export_all(conn: Connection) -> dict[str, Any]:
    """Every table of the workspace as rows, with the schema steps it was made by."""
    document: dict[str, Any] = {
        "lokalspil": __version__,
        "exported_at": now(),
        "migrations": applied_migrations(conn),
    }
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        names = [d[0] for d in cursor.description]
        document[table] = [dict(zip(names, row, strict=True)) for row in cursor]
    return document


MAX_DOCUMENT_BYTES = 2**30  # 1 GB: a workspace of 100,000 companies with their log is a few hundred MB
DOCUMENT_KEYS = ("lokalspil", "exported_at", "migrations", *TABLES)


def import_all(conn: Connection, path: Path) -> dict[str, int]:
    """Restore a document from `export all` into this workspace, which must hold no records yet. Every record is
    checked first (workspace_document.checked_rows); then all or nothing."""
    if not path.is_file():
        raise LokalspilError("import.is_folder" if path.is_dir() else "import.no_file", path=path)
    document = _read_document(path)
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("companies"), list)
        or not isinstance(document.get("migrations"), list)
        or not all(isinstance(name, str) for name in document["migrations"])
    ):
        raise LokalspilError("import_all.not_export", path=path)
    known = [name for name, _ in STEPS]
    if any(name not in known for name in document["migrations"]):
        raise LokalspilError("import_all.newer", path=path)
    unknown = [str(key)[:40] for key in document if key not in DOCUMENT_KEYS]
    if unknown:
        raise LokalspilError("import_all.unknown_part", path=path, part=unknown[0])
    held = sum(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in RECORDS)
    if held:
        raise LokalspilError("import_all.not_empty", count=held)
    for table in TABLES:
        rows = document.get(table) or []
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise LokalspilError("import_all.not_export", path=path)
    from lokalspil.workspace_document import checked_rows

    checked = checked_rows(document, TABLES, path)
    counts: dict[str, int] = {}
    try:
        _restore(conn, checked, "history" in document, counts)
    except sqlite3.DatabaseError as e:
        raise LokalspilError("import_all.bad_rows", path=path, reason=str(e)) from None
    return counts


def _read_document(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise LokalspilError("import_all.too_big", path=path, size=path.stat().st_size // 2**20)
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise LokalspilError("import_all.unreadable", path=path, reason=os_reason(e)) from e
    except RecursionError:
        raise LokalspilError("import_all.too_deep", path=path) from None
    except ValueError as e:  # (a text that is not UTF-8 too)
        raise LokalspilError("import_all.unreadable", path=path, reason=str(e)) from e


def _restore(
    conn: Connection, rows: dict[str, list[dict[str, Any]]], history: bool, counts: dict[str, int]
) -> None:
    """Insert the checked rows, whose keys are the known columns of their table (never a key of the document)."""
    with transaction(conn):
        conn.execute("DELETE FROM workspace")
        conn.execute("DELETE FROM guides")
        conn.execute("DELETE FROM areas")
        for table in TABLES:
            if table == "history":
                if not history:  # a document from before the history: the restore's own stays
                    continue
                # The rows the restore itself just wrote go: the document's take their place.
                conn.execute("DELETE FROM history")
            for row in rows[table]:
                insert_row(conn, table, row)
            counts[table] = len(rows[table])
