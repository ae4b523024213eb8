"""Search: companies, contact persons and activity summaries by words and word beginnings, best match first.

The FTS5 indexes are made by sqlite-utils in the schema and kept in step by triggers.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from sqlite3 import Connection
from typing import Any

from lokalspil.errors import LokalspilError

_WORD = re.compile(r"\w+", re.UNICODE)


def match_expression(text: str) -> str:
    """Every word of `text` as a prefix, all required: 'bag ørn' -> '"bag"* AND "ørn"*'."""
    words = _WORD.findall(text)
    if not words:
        raise LokalspilError("search.no_words", text=text)
    return " AND ".join(f'"{w}"*' for w in words)


@dataclass(frozen=True)
class Hit:
    kind: str  # company | contact | activity
    id: int
    company_id: int
    company: str
    text: str
    rank: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_QUERIES = {
    "company": """SELECT c.id, c.id, c.name,
                         trim(coalesce(c.postcode || ' ', '') || coalesce(c.city, '') || coalesce(' · ' || c.industry, '')),
                         f.rank
                  FROM companies_fts f JOIN companies c ON c.id = f.rowid WHERE companies_fts MATCH ?""",
    "contact": """SELECT p.id, c.id, c.name, p.name || coalesce(' (' || p.role || ')', ''), f.rank
                  FROM contacts_fts f JOIN contacts p ON p.id = f.rowid JOIN companies c ON c.id = p.company_id
                  WHERE contacts_fts MATCH ?""",
    "activity": """SELECT a.id, c.id, c.name, a.date || ': ' || a.summary, f.rank
                   FROM activities_fts f JOIN activities a ON a.id = f.rowid JOIN companies c ON c.id = a.company_id
                   WHERE activities_fts MATCH ?""",
}


def search(conn: Connection, text: str, limit: int = 50) -> list[Hit]:
    """The best matches across companies, contacts and activities (bm25 rank; companies first on ties)."""
    expression = match_expression(text)
    hits: list[Hit] = []
    for kind, sql in _QUERIES.items():
        for row_id, company_id, company, label, rank in conn.execute(sql, [expression]):
            hits.append(Hit(kind, row_id, company_id, company, label, rank))
    order = list(_QUERIES)
    hits.sort(key=lambda h: (h.rank, order.index(h.kind)))
    return hits[:limit]
