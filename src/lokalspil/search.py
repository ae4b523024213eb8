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


# The Danish letters and how they are written without them; searched both ways (the index keeps the letters as
# typed, and changing its tokenizer would take a migration).
_SPELLINGS = (("æ", "ae"), ("ø", "oe"), ("å", "aa"))


def spellings(word: str) -> list[str]:
    """A word as typed, with the Danish letters written out ('æblehaven' -> 'aeblehaven'), and the other way."""
    written_out = lettered = word.casefold()
    for letter, spelled in _SPELLINGS:
        written_out = written_out.replace(letter, spelled)
        lettered = lettered.replace(spelled, letter)
    return list(dict.fromkeys((word, written_out, lettered)))


def match_expression(text: str) -> str:
    """Every word of `text` as a prefix, all required, in either spelling of the Danish letters: 'bag ørn' ->
    '("bag"*) AND ("ørn"* OR "oern"*)'."""
    words = _WORD.findall(text)
    if not words:
        raise LokalspilError("search.no_words", text=text)
    return " AND ".join("(" + " OR ".join(f'"{w}"*' for w in spellings(word)) + ")" for word in words)


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


_COMPANY_LABEL = next(rt.search_label for rt in searched() if rt.table == "companies")
# Entity -> its query, for every record type with a search index (record_types.py), in the order of ties.
_QUERIES = {rt.entity: _query(rt) for rt in searched()}


_POSTCODE = re.compile(r"^\d{4}$")


def search(conn: Connection, text: str, limit: int = 50) -> list[Hit]:
    """The best matches across every searched record type (bm25 rank; on ties, in the declaration's order). A
    postcode alone ('2860') finds the companies there (postcodes are not in the index)."""
    if _POSTCODE.match(text.strip()):
        rows = conn.execute(
            f"SELECT r.id, r.id, r.name, {_COMPANY_LABEL} FROM companies r WHERE r.postcode = ? ORDER BY r.name",
            [text.strip()],
        )
        return [Hit("company", i, c, name, label, 0.0) for i, c, name, label in rows][:limit]
    expression = match_expression(text)
    hits: list[Hit] = []
    for kind, sql in _QUERIES.items():
        for row_id, company_id, company, label, rank in conn.execute(sql, [expression]):
            hits.append(Hit(kind, row_id, company_id, company, label, rank))
    order = list(_QUERIES)
    hits.sort(key=lambda h: (h.rank, order.index(h.kind)))
    return hits[:limit]
