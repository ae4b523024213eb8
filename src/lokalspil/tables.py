"""Reading spreadsheets as Danish offices export them, and writing them so Danish Excel opens them.

CSV and TSV: a byte-order mark means UTF-8; otherwise strict UTF-8, else Windows-1252. The separator is sniffed
among ';', ',' and tab. XLSX through openpyxl in read-only mode. Rows are streamed: memory does not grow with the
length of the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice, repeat
from pathlib import Path
from typing import IO, Any

from lokalspil.errors import BadUsage, LokalspilError
from lokalspil.messages import t

DELIMITERS = (";", ",", "\t")
SNIFF_LINES = 10  # lines after the first that the separator is sniffed on
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def detect_encoding(path: Path) -> str:
    """'utf-8-sig' for a BOM, 'utf-16' for a UTF-16 BOM (Excel's "Unicode text"), 'utf-8' when every byte decodes
    strictly, else 'cp1252' (read in chunks)."""
    with path.open("rb") as f:
        start = f.read(3)
        if start == codecs.BOM_UTF8:
            return "utf-8-sig"
        if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        chunk = start
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = f.read(1 << 20)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _separators(line: str) -> dict[str, int]:
    """How often each separator stands in the line, outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return counts


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The separator the first lines agree on: the one that stands the same number of times (at least once) in
    the most lines, so that a title above the header ('Leverandører, Gladsaxe, juni 2015') does not decide; ';'
    wins ties (Danish Excel)."""
    counted = [_separators(line) for line in lines]

    def agreement(sep: str) -> tuple[int, int]:
        seen = [c[sep] for c in counted if c[sep]]
        most = max((seen.count(n) for n in set(seen)), default=0)
        return most, sum(seen)

    best = max(DELIMITERS, key=agreement)  # (max keeps the first of equals: ';')
    return best if agreement(best)[0] else ";"


def _swallowed(cells: Sequence[str], sep: str, width: int) -> bool:
    """Whether a cell holds whole lines of the file after a line break: a quote was opened and never closed, and
    the csv reader took the rows after it into the cell."""
    wanted = max(1, width - 1)
    return any(
        "\n" in cell and any(part.count(sep) >= wanted for part in cell.splitlines()[1:]) for cell in cells
    )


def _bad_byte_line(path: Path, encoding: str) -> int:
    """The line of the first byte that does not decode (the text reader reads ahead, so it cannot say)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    lines = 1
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            pending = len(decoder.getstate()[0])  # bytes of a character begun in the chunk before
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                return lines + chunk.count(b"\n", 0, max(0, e.start - pending))
            lines += chunk.count(b"\n")
    return lines


def _guarded(cell: str) -> bool:
    """Whether `guard` would put a quote before the cell: it starts like a formula, or with a quote before what
    starts like one (so that a value that itself starts with such a quote comes back whole)."""
    return bool(cell) and (
        cell[0] in FORMULA_STARTS or (cell[0] == "'" and len(cell) > 1 and (cell[1] in FORMULA_STARTS or (
            cell[1] == "'" and _guarded(cell[1:]))))
    )  # fmt: skip


def unguard(cell: str) -> str:
    """Undo the quote `write_csv` puts before a cell that a spreadsheet would read as a formula."""
    if len(cell) > 1 and cell[0] == "'" and _guarded(cell[1:]):
        return cell[1:]
    return cell


def guard(cell: str) -> str:
    """A cell starting with =, +, -, @ is made harmless for spreadsheets (formula injection): a quote before it."""
    return f"'{cell}" if _guarded(cell) else cell


@dataclass
class Table:
    """An opened spreadsheet: its header, its rows with the line they start on, and how far reading has come."""

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    kind: str  # csv | xlsx
    encoding: str | None = None
    delimiter: str | None = None
    size: int = 0
    position: Callable[[], int] = field(default=lambda: 0)
    close: Callable[[], None] = field(default=lambda: None)
    # The rows a batch at a time (their lines, their cells), from the same reader; CSV reads them in bulk.
    batches: Callable[[int], Iterator[tuple[Sequence[int], Sequence[list[str]]]]] | None = None

    @property
    def guarded(self) -> bool:
        """Whether a cell may carry the quote `guard` puts before a formula-like value: a CSV, or a CSV that a
        spreadsheet opened and saved as XLSX (it keeps the quote as part of the text). JSON never has it."""
        return self.kind in ("csv", "xlsx")

    def in_batches(self, size: int) -> Iterator[tuple[Sequence[int], Sequence[list[str]]]]:
        if self.batches is not None:
            yield from self.batches(size)
            return
        while chunk := list(islice(self.rows, size)):
            lines, rows = zip(*chunk, strict=True)
            yield lines, rows


ZIP = b"PK\x03\x04"
OLD_OFFICE = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003) and other old Office files


def open_table(
    path: Path, *, encoding: str | None = None, delimiter: str | None = None, sheet: str | None = None
) -> Table:
    if path.is_dir():
        raise LokalspilError("import.is_folder", path=path)
    if not path.is_file():
        raise LokalspilError("import.no_file", path=path)
    with path.open("rb") as f:
        start = f.read(1 << 16)
    suffix = path.suffix.lower()
    if start.startswith(OLD_OFFICE) or suffix == ".xls":
        raise LokalspilError("import.old_excel", path=path)
    if suffix in (".ods", ".numbers"):
        raise LokalspilError("import.other_spreadsheet", path=path, suffix=suffix)
    if suffix in (".xlsx", ".xlsm") or start.startswith(ZIP):
        return _open_xlsx(path, sheet)
    if suffix == ".json":
        return _open_json(path)
    utf16 = start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or (encoding or "").lower().startswith(
        "utf-16"
    )
    if b"\x00" in start and not utf16:  # no text file holds NUL bytes (a program, a picture, a zip)
        raise LokalspilError("import.not_text", path=path)
    return _open_csv(path, encoding, delimiter)


def _open_json(path: Path) -> Table:
    """A JSON list of objects (as `export companies --format json` writes it): keys are the columns."""
    import json

    try:
        items = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as e:
        raise LokalspilError("import.bad_json", path=path, reason=str(e)) from e
    except RecursionError:
        raise LokalspilError("import.bad_json", path=path, reason=t("input.too_deep")) from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise LokalspilError("import.bad_json", path=path, reason="[{...}, ...]")
    header: list[str] = []
    for item in items:
        header += [k for k in item if k not in header]
    if not header:
        raise LokalspilError("import.empty", path=path)

    def text(value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return _cell_text(value)

    rows = ((n + 2, [text(item.get(k)) for k in header]) for n, item in enumerate(items))
    return Table(path, header, rows, "json", size=len(items))


def _open_csv(path: Path, encoding: str | None, delimiter: str | None) -> Table:
    chosen = encoding or detect_encoding(path)
    try:
        codecs.lookup(chosen)
    except LookupError:
        raise BadUsage("import.bad_encoding", encoding=chosen) from None
    raw = path.open("rb")
    # Windows-1252 leaves a few bytes undefined (0x81, 0x8D, ...): those become U+FFFD rather than stop the import.
    text = io.TextIOWrapper(
        raw, encoding=chosen, newline="", errors="replace" if chosen == "cp1252" else "strict"
    )
    skipped = 0
    peeked: list[str] = []  # lines after the first, read to find the separator; the reader gets them back
    try:
        first = text.readline()
        while first and not first.strip(" \t\r\n;,"):  # a blank line, or one of separators only
            skipped += 1
            first = text.readline()
        if first and not delimiter:
            peeked = list(islice(text, SNIFF_LINES))
    except UnicodeDecodeError as e:
        text.close()
        raise LokalspilError(
            "import.bad_bytes", path=path, encoding=chosen, line=_bad_byte_line(path, chosen)
        ) from e
    if not first:
        text.close()
        raise LokalspilError("import.empty", path=path)
    sep = (
        {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}.get(delimiter or "", delimiter)
        if delimiter
        else None
    )
    sep = sep or sniff_delimiter([first, *(line for line in peeked if line.strip())])
    if len(sep) != 1:
        text.close()
        raise BadUsage("import.bad_delimiter", delimiter=delimiter)
    header = [h or f"#{i + 1}" for i, h in enumerate(next(csv.reader([first], delimiter=sep)))]
    reader = csv.reader(chain(peeked, text) if peeked else text, delimiter=sep)
    start_line = skipped + first.count("\n")  # the lines read so far: blank ones, then the header
    width = len(header)

    def open_quote(line: int) -> LokalspilError:
        return LokalspilError("import.open_quote", path=path, line=line)

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = start_line
        try:
            for cells in reader:
                here = line + 1
                line = start_line + reader.line_num
                if line > here and _swallowed(cells, sep, width):
                    raise open_quote(here)
                if any(map(str.strip, cells)):  # a blank line, or one of separators only, is skipped
                    yield here, cells
        except UnicodeDecodeError as e:
            raise LokalspilError(
                "import.bad_bytes", path=path, encoding=chosen, line=_bad_byte_line(path, chosen)
            ) from e
        except csv.Error as e:
            raise LokalspilError("import.bad_csv", path=path, line=line + 1, reason=str(e)) from e
        finally:
            text.close()

    def batches(size: int) -> Iterator[tuple[Sequence[int], Sequence[list[str]]]]:
        """As rows(), a batch at a time: the csv reader is drained in C, and the line each row starts on is known
        without a step per row when every row of the batch is one line (else its line breaks are counted: the
        csv module keeps them, as read, in quoted cells)."""
        line = start_line + reader.line_num  # the lines read so far (rows() may have read some)
        try:
            while rows := list(islice(reader, size)):
                read = start_line + reader.line_num
                if read - line == len(rows):
                    lines: Sequence[int] = range(line + 1, read + 1)
                else:
                    lines = []
                    for cells in rows:
                        lines.append(line + 1)
                        breaks = sum(c.count("\r") + c.count("\n") - c.count("\r\n") for c in cells)
                        if breaks and _swallowed(cells, sep, width):
                            raise open_quote(line + 1)
                        line += 1 + breaks
                line = read
                # A blank line, or one of separators only, is skipped (most batches have none).
                if not all(map(any, map(map, repeat(str.strip), rows))):
                    kept = [
                        (n, cells) for n, cells in zip(lines, rows, strict=True) if any(map(str.strip, cells))
                    ]
                    if not kept:
                        continue
                    lines, rows = [n for n, _ in kept], [cells for _, cells in kept]
                yield lines, rows
        except UnicodeDecodeError as e:
            raise LokalspilError(
                "import.bad_bytes", path=path, encoding=chosen, line=_bad_byte_line(path, chosen)
            ) from e
        except csv.Error as e:  # met on the line it is on
            raise LokalspilError(
                "import.bad_csv", path=path, line=start_line + reader.line_num, reason=str(e)
            ) from e
        finally:
            text.close()

    return Table(
        path,
        header,
        rows(),
        "csv",
        encoding=chosen,
        delimiter=sep,
        size=path.stat().st_size,
        position=raw.tell,
        close=text.close,
        batches=batches,
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):  # Danish decimal comma: '3.5' would read as 35 to a Danish number parser
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    try:
        from openpyxl import load_workbook
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise LokalspilError("import.no_xlsx_support") from e
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:
        raise LokalspilError("import.bad_xlsx", path=path, reason=str(e)) from e
    if sheet is not None and sheet not in book.sheetnames:
        book.close()
        raise LokalspilError("import.no_sheet", sheet=sheet, sheets=", ".join(book.sheetnames))
    worksheet = book[sheet] if sheet else book.worksheets[0]
    values = worksheet.iter_rows(values_only=True)
    header: list[str] = []
    line = 0
    for row in values:
        line += 1
        if any(v not in (None, "") for v in row):
            header = [_cell_text(v).strip() or f"#{i + 1}" for i, v in enumerate(row)]
            break
    if not header:
        book.close()
        raise LokalspilError("import.empty_sheet", path=path, sheet=worksheet.title)
    total = worksheet.max_row or 0
    done = [line]

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for row in values:
                done[0] += 1
                cells = [_cell_text(v) for v in row]
                if any(c.strip() for c in cells):
                    yield done[0], cells
        finally:
            book.close()

    return Table(path, header, rows(), "xlsx", size=total, position=lambda: done[0], close=book.close)


def write_rows(f: IO[str], header: list[str], rows: Iterable[list[str]]) -> int:
    """CSV for Danish Excel: ';', CRLF, formula-like cells guarded. Returns the rows written."""
    writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([guard(c) for c in row])
        count += 1
    return count


def write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> int:
    """The same as a file Danish Excel opens: UTF-8 with BOM, written whole or not at all, readable by its owner
    only (it may hold people's names). Returns the rows written."""
    from lokalspil.files import write_atomically

    written = 0

    def write(temporary: Path) -> None:
        nonlocal written
        with temporary.open("w", encoding="utf-8-sig", newline="") as f:
            written = write_rows(f, header, rows)

    write_atomically(path, write)
    return written
