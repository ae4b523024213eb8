"""Search: every record type with a search index (companies, contact persons, activity summaries ...) by words and
word beginnings, best match first.

The FTS5 indexes are made by sqlite-utils in the schema and kept in step by triggers; which columns they hold and
what a hit shows are declared in record_types.py.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from sqlite3 import Connection
from typing import Any

from lokalspil.errors import LokalspilError
from lokalspil.record_types import RecordType, searched

_WORD = re.compile(r"\w+", re.UNICODE)


def match_expression(text: str) -> str:
    """Every word of `text` as a prefix, all required: 'bag ørn' -> '"bag"* AND "ørn"*'."""
    words = _WORD.findall(text)
    if not words:
        raise LokalspilError("search.no_words", text=text)
    return " AND ".join(f'"{w}"*' for w in words)


@dataclass(frozen=True)
class Hit:
    kind: str  # the record type's entity: company | contact | activity ...
    id: int
    company_id: int
    company: str
    text: str
    rank: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _query(rt: RecordType) -> str:
    """A record type's hits: its number, its company (number and name), its label, and the rank."""
    return f"""SELECT r.id, c.id, c.name, {rt.search_label}, f.rank
               FROM {rt.table}_fts f JOIN {rt.table} r ON r.id = f.rowid JOIN companies c ON c.id = r.{rt.company_column}
               WHERE {rt.table}_fts MATCH ?"""


# Entity -> its query, for every record type with a search index (record_types.py), in the order of ties.
_QUERIES = {rt.entity: _query(rt) for rt in searched()}


def search(conn: Connection, text: str, limit: int = 50) -> list[Hit]:
    """The best matches across every searched record type (bm25 rank; on ties, in the declaration's order)."""
    expression = match_expression(text)
    hits: list[Hit] = []
    for kind, sql in _QUERIES.items():
        for row_id, company_id, company, label, rank in conn.execute(sql, [expression]):
            hits.append(Hit(kind, row_id, company_id, company, label, rank))
    order = list(_QUERIES)
    hits.sort(key=lambda h: (h.rank, order.index(h.kind)))
    return hits[:limit]
