"""`lokalspil import companies`: the rows checked and staged in a temporary table, matched with the companies held
(by CVR, else by name and postcode) and written with one upsert.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Callable
from itertools import count
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil.companies import clean_tags
from lokalspil.database import bulk_insert, insert_row, update_row
from lokalspil.imports.cleaning import match_key, row_cleaner
from lokalspil.imports.columns import FLAG_FIELDS, HEADERS, TEXT_FIELDS, Column
from lokalspil.imports.reading import Reading, Report, reject, run_import, warn
from lokalspil.migrations import STAGES
from lokalspil.tables import Table

FIRST_STAGE = STAGES[0]  # where a new company starts
BATCH = 2000


_STAGING_COLUMNS = ("seq", "key", *TEXT_FIELDS, *FLAG_FIELDS, "tags")


def _merge_tags(existing: str | None, new: str | None) -> str | None:
    """SQL function: the existing tags with the new ones added (None when nothing is added)."""
    if not new:
        return existing
    have = json.loads(existing or "[]")
    merged = clean_tags([*have, *json.loads(new)])
    return json.dumps(merged, ensure_ascii=False) if merged != have else existing


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
    from lokalspil.danish import format_date
    from lokalspil.messages import t

    # Where the companies' data came from, unless the file has a column that says so.
    source = t("import.source", file=path.name, date=format_date(dt.date.today()))

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
        _write(conn, stamp, report, source)
        # The staged rows are left for the connection's end (or the next import) to remove: dropping the table
        # here would read every one of its pages again only to free them (half a second for a million rows).

    return run_import(conn, path, reading, HEADERS, work, confirm, unknown_to_notes=keep_unknown)


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
    fields, clean_row, clean_batch = row_cleaner(columns, keep_unknown, extra_tags, table.guarded)
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
                    warn(report, line, warning)
                if values is None:
                    reject(report, rejected, line, cells, width, reason or "")
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


def _write(conn: Connection, stamp: str, report: Report, source: str) -> None:
    """Write the staged rows. A company's source becomes the file's (its own column, else `source`) when the
    company is added or the file changes it; a file that changes nothing leaves the source as it was."""
    report.merged = _merge_duplicates(conn)
    _adopt_cvr_less(conn, stamp)
    area = conn.execute("SELECT area_id FROM workspace WHERE id = 1").fetchone()
    area_id = area[0] if area else None
    fields = (*TEXT_FIELDS, *FLAG_FIELDS)
    # Rows with a CVR: one upsert in the file's order (one row per company now), so new companies are numbered as
    # the file lists them. An existing company only changes, and gets a new updated_at, when a non-empty value
    # differs.
    texts = [
        f for f in TEXT_FIELDS if f not in ("cvr", "notes", "stage", "source")
    ]  # (a held company keeps its stage)
    assign = ", ".join(f"{f} = coalesce(excluded.{f}, {f})" for f in texts) + ", source = excluded.source"
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
                    source = coalesce(given.source, ?), updated_at = ?
                FROM temp.import_rows AS given WHERE companies.cvr = given.cvr AND ({differing})""",
            [source, stamp],
        )
    flags = ", ".join(f"coalesce({f}, 0)" for f in FLAG_FIELDS)  # new companies: the flags given, else 0
    selected = ", ".join(
        f"coalesce({f}, '{FIRST_STAGE}')" if f == "stage" else "coalesce(source, ?)" if f == "source" else f
        for f in TEXT_FIELDS
    )
    with bulk_insert(conn, "companies"):
        conn.execute(
            f"""INSERT INTO companies (area_id, {", ".join(fields)}, tags, created_at, updated_at)
                SELECT ?, {selected}, {flags}, coalesce(tags, '[]'), ?, ? FROM temp.import_rows
                WHERE cvr IS NOT NULL ORDER BY seq
                ON CONFLICT (cvr) DO UPDATE SET {assign},
                    tags = lokalspil_merge_tags(tags, excluded.tags), updated_at = excluded.updated_at
                WHERE {differs} OR lokalspil_merge_tags(tags, excluded.tags) IS NOT tags""",
            [area_id, source, stamp, stamp],
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
            row["source"] = row["source"] or source
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
            given = {k: v for k, v in row.items() if v is not None and k not in ("stage", "source")}
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
                changed.update(tags=merged_tags, source=row["source"], updated_at=stamp)
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
