"""Every kind of record the workspace holds, declared once.

A record type says where its rows live, what the history calls it, whether it belongs to a company, which of its
text columns may name a person, which columns search reads, and under which key `export all` writes it. The rest
of lokalspil derives from this list rather than naming tables itself:

- `company merge` moves, and `company remove` counts, every record of every company-owned type;
- `export all` writes, and `import all` reads, every record type (plus the workspace tables in WORKSPACE_TABLES);
- `contact forget` and an access request (`contact export`) scan every text column that may hold personal data;
- search reads its search columns, and a new type's search index and history triggers are made from its
  declaration (`migrations.record_type_schema`);
- docs/schema.md lists the types, and tests/test_record_types.py fails for a table that is declared nowhere.

docs/architecture.md shows, step by step, how to add a record type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordType:
    table: str
    entity: str  # its name in the history ('company', 'contact', ...) and in search hits
    count_key: str  # catalogue key of its count, singular and plural ('count.contacts', 'count.contacts_one')
    company_owned: bool  # has a company_id: moves with `company merge`, goes with `company remove`
    personal_text: tuple[tuple[str, str], ...] = ()  # (column, catalogue key of its label): may name a person
    search: tuple[str, ...] = ()  # columns in its search index (`<table>_fts`)
    search_label: str = ""  # SQL over the row `r`: the text a search hit shows
    history: tuple[str, ...] = ()  # columns whose change the history names (never their values)
    json_text: bool = False  # its personal text is stored as JSON (guide answers)
    since: str = ""  # the migration that made its table (and its search index and history triggers)
    field_key: str = ""  # catalogue prefix of its fields' labels ('company.field' -> 'company.field.name')

    @property
    def export_key(self) -> str:
        """Its key in the `export all` document: the table's name, as since the first export."""
        return self.table

    @property
    def company_column(self) -> str:
        """The column that says which company a record belongs to (a company is its own)."""
        return "id" if self.table == "companies" else "company_id"


COMPANIES = RecordType(
    table="companies",
    entity="company",
    count_key="count.companies",
    company_owned=False,
    personal_text=(("notes", "company.field.notes"),),
    search=("name", "city", "industry", "tags", "notes"),
    search_label="trim(coalesce(r.postcode || ' ', '') || coalesce(r.city, '') || coalesce(' · ' || r.industry, ''))",
    history=(
        "area_id", "name", "cvr", "pnr", "address", "postcode", "city", "industry_code", "industry", "employees",
        "website", "email", "phone", "tags", "notes", "social_economy", "rsv", "protected", "stage",
    ),
    since="0002_companies_contacts_activities_agreements",
    field_key="company.field",
)  # fmt: skip
CONTACTS = RecordType(
    table="contacts",
    entity="contact",
    count_key="count.contacts",
    company_owned=True,
    personal_text=(("purpose", "contact.field.purpose"), ("role", "contact.field.role")),
    search=("name", "role", "email"),
    search_label="r.name || coalesce(' (' || r.role || ')', '')",
    history=("company_id", "name", "role", "email", "phone", "purpose"),
    since="0002_companies_contacts_activities_agreements",
    field_key="contact.field",
)
ACTIVITIES = RecordType(
    table="activities",
    entity="activity",
    count_key="count.activities",
    company_owned=True,
    personal_text=(("summary", "heading.timeline"), ("next_action", "activity.field.next_action")),
    search=("summary",),
    search_label="r.date || ': ' || r.summary",
    history=(
        "company_id", "contact_id", "kind", "date", "summary", "old_stage", "new_stage", "follow_up",
        "follow_up_done_at", "next_action",
    ),
    since="0002_companies_contacts_activities_agreements",
)  # fmt: skip
AGREEMENTS = RecordType(
    table="agreements",
    entity="agreement",
    count_key="count.agreements",
    company_owned=True,
    personal_text=(("notes", "agreement.field.notes"), ("what", "agreement.field.what")),
    history=(
        "company_id", "kind", "places", "start", "end", "review", "status", "participants", "contact_id", "notes",
        "address", "m2", "what", "amount", "signed",
    ),
    since="0002_companies_contacts_activities_agreements",
    field_key="agreement.field",
)  # fmt: skip
OPENINGS = RecordType(
    table="openings",
    entity="opening",
    count_key="count.openings",
    company_owned=True,
    personal_text=(
        ("title", "opening.field.title"), ("hours", "opening.field.hours"), ("season", "opening.field.season"),
        ("requirements", "opening.field.requirements"), ("notes", "opening.field.notes"),
    ),
    search=("title", "requirements", "notes"),
    search_label="r.title",
    history=(
        "company_id", "agreement_id", "kind", "title", "places", "age_bands", "hours", "from_time", "to_time",
        "weekly_hours", "season", "requirements", "status", "opened", "closed", "notes",
    ),
    since="0007_outcomes",
    field_key="opening.field",
)  # fmt: skip
# A young person's forløb: never named, so no column holds free text (nothing to scan, nothing to search).
PLACEMENTS = RecordType(
    table="placements",
    entity="placement",
    count_key="count.placements",
    company_owned=True,
    history=(
        "company_id", "opening_id", "agreement_id", "kind", "age_band", "school", "start", "end", "outcome",
        "stop_reason",
    ),
    since="0007_outcomes",
    field_key="placement.field",
)  # fmt: skip
TARGETS = RecordType(
    table="targets",
    entity="target",
    count_key="count.targets",
    company_owned=False,
    since="0007_outcomes",
)
GUIDE_ANSWERS = RecordType(
    table="guide_answers",
    entity="answer",
    count_key="count.answers",
    company_owned=False,
    personal_text=(("value", "heading.answer"),),
    json_text=True,
    since="0001_workspace_and_guides",
)
GUIDE_CHECKLIST = RecordType(
    table="guide_checklist",
    entity="checklist",
    count_key="count.checklist",
    company_owned=False,
    since="0001_workspace_and_guides",
)

# In the order `import all` restores them: a type after every type it points to.
RECORD_TYPES: tuple[RecordType, ...] = (
    COMPANIES, CONTACTS, ACTIVITIES, AGREEMENTS, OPENINGS, PLACEMENTS, TARGETS, GUIDE_ANSWERS, GUIDE_CHECKLIST,
)  # fmt: skip

# The tables that are not records: what the workspace is, and lokalspil's own bookkeeping. Each says why.
# `export all` writes the workspace tables too: those before "history" ahead of the records (records point to
# them), the history after them.
WORKSPACE_TABLES: dict[str, str] = {
    "areas": "the housing areas the workspace works for (exported)",
    "workspace": "one row: the coordinator and the language (exported)",
    "guides": "the guide files the workspace has used (exported)",
    "history": "which command changed which record; names of fields only (exported)",
}
BOOKKEEPING_TABLES: dict[str, str] = {
    "history_context": "the command now running, read by the history triggers (not exported)",
    "_sqlite_migrations": "the schema steps applied (exported as the document's 'migrations')",
    "contact_former_values": "a contact's earlier names, e-mails and phones, kept only so that `contact forget` "
    "finds them too (not exported; erased with the contact, through its foreign key)",
}


def company_owned() -> tuple[RecordType, ...]:
    """The record types that belong to a company, in the order a removal or merge counts them."""
    return tuple(rt for rt in RECORD_TYPES if rt.company_owned)


def by_table(table: str) -> RecordType:
    return next(rt for rt in RECORD_TYPES if rt.table == table)


def by_entity(entity: str) -> RecordType | None:
    """The record type the history calls `entity`, if any is still declared."""
    return next((rt for rt in RECORD_TYPES if rt.entity == entity), None)


def exported_tables() -> tuple[str, ...]:
    """The tables `export all` writes, in the order `import all` restores them: the workspace tables records
    point to, every record type, then the history."""
    before = tuple(table for table in WORKSPACE_TABLES if table != "history")
    return (*before, *(rt.table for rt in RECORD_TYPES), "history")


def personal_texts() -> tuple[tuple[RecordType, str, str], ...]:
    """Every plain-text column that may name a person: (type, column, label key). JSON columns not included."""
    return tuple(
        (rt, column, label) for rt in RECORD_TYPES if not rt.json_text for column, label in rt.personal_text
    )


def searched() -> tuple[RecordType, ...]:
    """The record types with a search index, in the order search ranks them on a tie."""
    return tuple(rt for rt in RECORD_TYPES if rt.search)


def search_indexes() -> tuple[str, ...]:
    return tuple(f"{rt.table}_fts" for rt in searched())


def with_history(up_to: str | None = None) -> tuple[RecordType, ...]:
    """The record types the history follows; with `up_to`, those made by that migration or an earlier one
    (migration names begin with their number, so they sort in the order they run)."""
    return tuple(rt for rt in RECORD_TYPES if rt.history and (up_to is None or rt.since <= up_to))


def history_entities(up_to: str | None = None) -> tuple[str, ...]:
    return tuple(rt.entity for rt in with_history(up_to))


def counted(counts: Mapping[str, int]) -> str:
    """'2 kontaktpersoner, 5 aktiviteter og 1 aftale': the counts keyed by table, each with its type's count key."""
    from lokalspil.messages import t_count, t_list

    return t_list([t_count(by_table(table).count_key, count) for table, count in counts.items()])
