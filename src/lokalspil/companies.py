"""Companies and the pipeline: add, check, find, list, change, move through the stages, merge and remove.

One set of field checks (`clean_company`) serves `company add`, `company edit` and the importer, so a value that is
refused in one place is refused everywhere, with a sentence that names the field.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from sqlite3 import Connection, Row
from typing import Any

from lokalspil import danish
from lokalspil.database import insert_row, is_row_id, now, transaction, update_row
from lokalspil.errors import InvalidValue, LokalspilError, option_value
from lokalspil.fields import FieldProblem, clean_fields, free_text, name_key, one_line, refuse
from lokalspil.messages import t
from lokalspil.migrations import STAGES
from lokalspil.privacy import refuse_cpr

# The pipeline in order; 'declined' and 'paused' stand beside it.
PIPELINE = STAGES[:6]
SIDE_STAGES = STAGES[6:]


# Field -> parser of a typed value (None when empty). Order is the order of a company card.
PARSERS: dict[str, Callable[[str], Any]] = {
    "name": one_line,
    "cvr": danish.parse_cvr,
    "pnr": danish.parse_pnumber,
    "address": one_line,
    "postcode": danish.parse_postcode,
    "city": one_line,
    "industry_code": danish.parse_industry_code,
    "industry": one_line,
    "employees": danish.parse_employees,
    "website": danish.parse_website,
    "email": danish.parse_email,
    "phone": danish.parse_phone,
    "notes": free_text,
    "source": one_line,  # where its data came from: typed with --source, or the file an import read
}
FLAGS = ("social_economy", "rsv", "protected")


@dataclass
class Company:
    id: int
    name: str
    cvr: str | None = None
    pnr: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    industry_code: str | None = None
    industry: str | None = None
    employees: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    social_economy: bool = False
    rsv: bool = False
    protected: bool = False
    stage: str = "candidate"
    created_at: str = ""
    updated_at: str = ""
    source: str | None = None  # where its data came from (an import's file and day, a CVR extract ...)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "stage_label": stage_label(self.stage)}


def stage_label(stage: str) -> str:
    return t(f"stage.{stage}")


def parse_stage(text: str) -> str:
    """A stage by its id or its label in either language ('candidate', 'kandidat', 'Møde')."""
    from lokalspil.messages import CATALOGUES

    s = text.strip().casefold()
    for stage in STAGES:
        if s == stage or any(s == cat[f"stage.{stage}"].casefold() for cat in CATALOGUES.values()):
            return stage
    raise InvalidValue(
        "value.not_stage", value=text.strip(), stages=", ".join(stage_label(s).lower() for s in STAGES)
    )


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags trimmed, split on commas, without repeats (case ignored), in the order given. A CPR number is
    refused before the split ('010190,1234' is not two tags)."""
    out: list[str] = []
    for tag in tags:
        for part in refuse_cpr(str(tag)).split(","):
            part = one_line(part)
            if part and part.casefold() not in {x.casefold() for x in out}:
                out.append(part)
    return out


def clean_company(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Check and normalise company fields as typed (texts; flags as booleans; tags as a list).

    Returns the clean values and the problems, one per refused field. Empty texts become None. Keys left out
    stay out, so the result can update a company without touching its other fields.
    """
    texts = {
        name: str(value) if name in PARSERS and value is not None else value for name, value in raw.items()
    }
    return clean_fields(texts, _ALL_PARSERS, "company.field", required=("name",))


_ALL_PARSERS: dict[str, Callable[[Any], Any]] = {
    **PARSERS,
    **dict.fromkeys(FLAGS, bool),
    "tags": clean_tags,
    "stage": parse_stage,
}


def _refuse(problems: list[FieldProblem]) -> None:
    refuse("company.refused", problems)


# ---------------------------------------------------------------------------------------------------------------
# Reading


def _company(row: Row | tuple[Any, ...], columns: list[str]) -> Company:
    data = dict(zip(columns, row, strict=True))
    data.pop("area_id", None)
    data["tags"] = json.loads(data["tags"] or "[]")
    for flag in FLAGS:
        data[flag] = bool(data[flag])
    return Company(**data)


def _select(
    conn: Connection, where: str = "", params: Iterable[Any] = (), order: str = "name COLLATE NOCASE"
) -> list[Company]:
    cursor = conn.execute(f"SELECT * FROM companies {where} ORDER BY {order}", list(params))
    columns = [d[0] for d in cursor.description]
    return [_company(row, columns) for row in cursor.fetchall()]


def get_company(conn: Connection, company_id: int) -> Company:
    found = _select(conn, "WHERE id = ?", [company_id])
    if not found:
        raise LokalspilError("company.no_such_id", id=company_id)
    return found[0]


def find_company(conn: Connection, ref: str) -> Company:
    """A company by its id, its CVR, or an unambiguous part of its name."""
    ref = ref.strip()
    if not ref:
        raise LokalspilError("company.not_found", ref=ref)
    digits = ref.replace(" ", "")
    if digits.upper().startswith("DK"):
        digits = digits[2:]
    if digits.isdigit():
        if len(digits) == 8 and (found := _select(conn, "WHERE cvr = ?", [digits])):
            return found[0]
        if is_row_id(int(digits)) and (found := _select(conn, "WHERE id = ?", [int(digits)])):
            return found[0]
    # Names are compared in Python: SQLite folds the case of ASCII letters only, and Æ, Ø, Å matter here.
    key = name_key(ref)
    names = [(i, name_key(name)) for i, name in conn.execute("SELECT id, name FROM companies")]
    exact = [i for i, name in names if name == key]
    ids = exact or [i for i, name in names if key in name]
    if len(ids) == 1:
        return get_company(conn, ids[0])
    if not ids:
        import difflib

        by_key = {name: i for i, name in names}
        close = difflib.get_close_matches(key, by_key, n=3, cutoff=0.75)
        if close:
            named = ", ".join(get_company(conn, by_key[name]).name for name in close)
            raise LokalspilError("company.not_found_did_you_mean", ref=ref, names=named)
        raise LokalspilError("company.not_found", ref=ref)
    matches = _select(conn, f"WHERE id IN ({', '.join('?' for _ in ids)})", ids)
    listing = "; ".join(f"{c.id}: {c.name}" + (f" (CVR {c.cvr})" if c.cvr else "") for c in matches[:10])
    more = t("company.and_more", count=len(matches) - 10) if len(matches) > 10 else ""
    raise LokalspilError("company.ambiguous", ref=ref, count=len(matches), matches=listing + more)


def list_companies(
    conn: Connection,
    *,
    stage: str | None = None,
    tag: str | None = None,
    postcode: str | None = None,
    social_economy: bool | None = None,
    search: str | None = None,
) -> list[Company]:
    where: list[str] = []
    params: list[Any] = []
    if stage:
        where.append("stage = ?")
        params.append(option_value(parse_stage, stage))
    if postcode:
        where.append("postcode = ?")
        params.append(option_value(danish.parse_postcode, postcode))
    if social_economy is not None:
        where.append("social_economy = ?")
        params.append(int(social_economy))
    if search:
        from lokalspil.search import match_expression

        where.append("id IN (SELECT rowid FROM companies_fts WHERE companies_fts MATCH ?)")
        params.append(match_expression(search))
    companies = _select(conn, ("WHERE " + " AND ".join(where)) if where else "", params)
    if tag:
        wanted = name_key(tag)
        companies = [c for c in companies if wanted in {name_key(x) for x in c.tags}]
    return companies


def pipeline_counts(conn: Connection) -> dict[str, int]:
    counts = dict.fromkeys(STAGES, 0)
    for stage, count in conn.execute("SELECT stage, count(*) FROM companies GROUP BY stage"):
        counts[stage] = count
    return counts


# ---------------------------------------------------------------------------------------------------------------
# Writing


def _row(values: Mapping[str, Any]) -> dict[str, Any]:
    row = dict(values)
    if "tags" in row:
        row["tags"] = json.dumps(row["tags"], ensure_ascii=False)
    for flag in FLAGS:
        if flag in row:
            row[flag] = int(row[flag])
    return row


def _check_cvr_free(conn: Connection, cvr: str | None, except_id: int | None = None) -> None:
    if not cvr:
        return
    row = conn.execute(
        "SELECT id, name FROM companies WHERE cvr = ? AND id IS NOT ?", [cvr, except_id]
    ).fetchone()
    if row:
        raise LokalspilError("company.cvr_exists", cvr=cvr, id=row[0], name=row[1])


def twin_of(conn: Connection, name: str, postcode: str | None, cvr: str | None = None) -> Company | None:
    """A company already here with the same name and postcode, as an import matches them (fields.name_key), unless
    both have a CVR number and the numbers differ."""
    rows = conn.execute(
        "SELECT id, name, cvr FROM companies WHERE postcode IS ? ORDER BY id", [postcode or None]
    ).fetchall()
    wanted = name_key(name)
    for row in rows:
        if name_key(row[1]) == wanted and not (cvr and row[2] and row[2] != cvr):
            return get_company(conn, row[0])
    return None


def add_company(
    conn: Connection,
    raw: Mapping[str, Any],
    *,
    force: bool = False,
    confirm_twin: Callable[[Company], bool] | None = None,
) -> Company:
    """`company add`: check every field, refuse a CVR the workspace has, store. Nothing is stored if a field is bad.
    A company with the same name and postcode is asked about (`confirm_twin`), or refused unless `force`."""
    values, problems = clean_company(raw)
    if "name" not in values and not any(p.field == "name" for p in problems):
        problems.insert(0, FieldProblem("name", t("company.field.name"), t("value.empty")))
    _refuse(problems)
    _check_cvr_free(conn, values.get("cvr"))
    twin = None if force else twin_of(conn, values["name"], values.get("postcode"), values.get("cvr"))
    if twin is not None:
        if confirm_twin is None:
            raise LokalspilError("company.twin_exists", name=twin.name, id=twin.id)
        if not confirm_twin(twin):
            raise LokalspilError("nothing_done")
    stamp = now()
    row = _row({**values, "created_at": stamp, "updated_at": stamp})
    area = conn.execute("SELECT area_id FROM workspace WHERE id = 1").fetchone()
    row["area_id"] = area[0] if area else None
    with transaction(conn):
        company_id = insert_row(conn, "companies", row)
    return get_company(conn, company_id)


def edit_company(conn: Connection, company: Company, raw: Mapping[str, Any]) -> Company:
    """`company edit`: change the fields given; a stage change is recorded in the log like `company stage`."""
    values, problems = clean_company(raw)
    if "name" in values and not values["name"]:
        problems.append(FieldProblem("name", t("company.field.name"), t("value.empty")))
    _refuse(problems)
    _check_cvr_free(conn, values.get("cvr"), except_id=company.id)
    stage = values.pop("stage", None)
    if stage is None and all(v is None for v in raw.values()):
        raise LokalspilError("company.nothing_to_change", name=company.name)
    with transaction(conn):
        if values:
            update_row(conn, "companies", company.id, _row({**values, "updated_at": now()}))
        if stage is not None:
            _change_stage(conn, company.id, company.stage, stage)
    return get_company(conn, company.id)


def _change_stage(conn: Connection, company_id: int, old: str, new: str, summary: str = "") -> bool:
    if old == new:
        return False
    stamp = now()
    conn.execute("UPDATE companies SET stage = ?, updated_at = ? WHERE id = ?", [new, stamp, company_id])
    conn.execute(
        """INSERT INTO activities (company_id, kind, date, summary, old_stage, new_stage, created_at)
           VALUES (?, 'stage', ?, ?, ?, ?, ?)""",
        [
            company_id,
            stamp[:10],
            summary or t("activity.stage_summary", old=stage_label(old), new=stage_label(new)),
            old,
            new,
            stamp,
        ],
    )
    return True


def set_stage(conn: Connection, company: Company, stage_text: str) -> tuple[Company, bool]:
    """`company stage`: move a company in the pipeline; the change is logged with the old and the new stage."""
    stage = parse_stage(stage_text)
    with transaction(conn):
        changed = _change_stage(conn, company.id, company.stage, stage)
    return get_company(conn, company.id), changed


def set_stages(
    conn: Connection, companies: list[Company], stage_text: str
) -> list[tuple[Company, Company, bool]]:
    """`company stage STAGE A B C` (or a filter): each company moved, in one transaction; (before, after, changed)
    for each."""
    stage = parse_stage(stage_text)
    with transaction(conn):
        changed = [_change_stage(conn, c.id, c.stage, stage) for c in companies]
    return [(c, get_company(conn, c.id), moved) for c, moved in zip(companies, changed, strict=True)]


def stage_and_companies(words: list[str]) -> tuple[str, list[str]]:
    """The words of `company stage`: the stage first and then the companies (`kontaktet A B C`), or one company
    and then its stage (`Bageren kontaktet`, as before)."""
    if not words:
        raise LokalspilError("company.stage_needs_stage")
    if len(words) == 2:
        try:
            parse_stage(words[0])
        except InvalidValue:
            return words[1], [words[0]]
    return words[0], words[1:]


def _further(stage: str, than: str) -> bool:
    """Whether `stage` is further along the pipeline than `than`. Declined and paused stand beside it: a company
    that said no, or asked for a pause, is never moved back into the pipeline by a merge; and one of the two
    merged that said no (or paused) passes that on to the other, unless that one is further than a candidate."""
    if than in SIDE_STAGES:
        return False
    if stage in SIDE_STAGES:
        return than == PIPELINE[0]
    return PIPELINE.index(stage) > PIPELINE.index(than)


def advance_to(conn: Connection, company_id: int, stage: str) -> bool:
    """Move a company forward to `stage` unless it is already as far (used when an agreement is signed, and by a
    batch of letters with --then-stage); a stage beside the pipeline (declined, paused) is set as it is."""
    current = conn.execute("SELECT stage FROM companies WHERE id = ?", [company_id]).fetchone()[0]
    if current in PIPELINE and stage in PIPELINE and PIPELINE.index(current) >= PIPELINE.index(stage):
        return False
    return _change_stage(conn, company_id, current, stage)


@dataclass(frozen=True)
class Removal:
    company: Company
    counts: dict[str, int]  # table -> the company's records of that type (every company-owned record type)

    def as_dict(self) -> dict[str, Any]:
        return {"company": self.company.as_dict(), **self.counts}


def removal_counts(conn: Connection, company: Company) -> Removal:
    """How many records of each company-owned type belong to `company` (what a removal deletes, a merge moves)."""
    from lokalspil.record_types import company_owned

    return Removal(
        company,
        {
            rt.table: conn.execute(
                f"SELECT count(*) FROM {rt.table} WHERE company_id = ?", [company.id]
            ).fetchone()[0]
            for rt in company_owned()
        },
    )


def remove_company(conn: Connection, company: Company) -> Removal:
    """Delete a company with every record that belongs to it (nothing is left pointing at nothing)."""
    removal = removal_counts(conn, company)
    with transaction(conn):
        conn.execute("DELETE FROM companies WHERE id = ?", [company.id])
    return removal


@dataclass(frozen=True)
class Merge:
    company: Company
    removed: Company
    counts: dict[str, int]  # table -> the records of that type moved from `removed` to `company`
    filled: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "company": self.company.as_dict(), "removed": self.removed.as_dict(), **self.counts,
            "filled": self.filled,
        }  # fmt: skip


def merge_companies(conn: Connection, keep: Company, other: Company) -> Merge:
    """`company merge A B`: B's records of every company-owned type (contacts, activities, agreements ...) move
    to A, A's empty fields take B's values, the tags are joined, B is removed, and A's log says so."""
    if keep.id == other.id:
        raise LokalspilError("company.merge_same", name=keep.name)
    moved = removal_counts(conn, other)
    filled = [
        name
        for name in PARSERS
        if name != "name" and getattr(keep, name) in (None, "") and getattr(other, name) not in (None, "")
    ]
    updates: dict[str, Any] = {name: getattr(other, name) for name in filled}
    if other.notes and keep.notes and other.notes != keep.notes:
        updates["notes"] = f"{keep.notes}\n\n{other.notes}"
    updates["tags"] = clean_tags([*keep.tags, *other.tags])
    for flag in FLAGS:
        if getattr(other, flag) and not getattr(keep, flag):
            updates[flag] = True
    stamp = now()
    with transaction(conn):
        for table in moved.counts:
            conn.execute(f"UPDATE {table} SET company_id = ? WHERE company_id = ?", [keep.id, other.id])
        conn.execute("DELETE FROM companies WHERE id = ?", [other.id])  # first, so its CVR is free for `keep`
        update_row(conn, "companies", keep.id, _row({**updates, "updated_at": stamp}))
        lost_cvr = other.cvr if other.cvr and keep.cvr and other.cvr != keep.cvr else None
        summary = t("activity.merged", name=other.name, id=other.id)
        if lost_cvr:
            summary += " " + t("activity.merged_cvr", cvr=lost_cvr)
        conn.execute(
            "INSERT INTO activities (company_id, kind, date, summary, created_at) VALUES (?, 'note', ?, ?, ?)",
            [keep.id, stamp[:10], summary, stamp],
        )
        if _further(other.stage, keep.stage):  # the merged company is as far along as the further of the two
            _change_stage(conn, keep.id, keep.stage, other.stage)
    return Merge(get_company(conn, keep.id), other, moved.counts, filled)
