"""The declaration of record types (record_types.py) is complete, agrees with the schema, and is what merge,
export, import and forget go by: a record type nobody told them about cannot be lost silently."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from lokalspil import record_types
from lokalspil.database import STEPS, expected_schema, migrations, open_database, records, transaction
from lokalspil.messages import CATALOGUES
from lokalspil.record_types import (
    BOOKKEEPING_TABLES,
    RECORD_TYPES,
    WORKSPACE_TABLES,
    RecordType,
    company_owned,
    exported_tables,
)

Cli = Callable[..., Result]
FTS_SHADOW = re.compile(r"_fts(_(data|idx|docsize|config))?$")
PERSON = "Mette Hansen"


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def schema() -> sqlite3.Connection:
    """An empty database with every migration applied."""
    conn = sqlite3.connect(":memory:")
    migrations().apply(records(conn))
    return conn


def user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [name for (name,) in rows if not FTS_SHADOW.search(name)]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


# -- the declaration is complete -----------------------------------------------------------------------------------


def test_every_table_is_declared(schema: sqlite3.Connection) -> None:
    declared = {rt.table for rt in RECORD_TYPES} | set(WORKSPACE_TABLES) | set(BOOKKEEPING_TABLES)
    missing = sorted(set(user_tables(schema)) - declared)
    assert not missing, (
        f"tables declared nowhere: {missing}. Add a RecordType to RECORD_TYPES in src/lokalspil/record_types.py "
        "(or, if it holds no records, to WORKSPACE_TABLES or BOOKKEEPING_TABLES with a reason); see "
        "docs/architecture.md, 'Adding a record type'"
    )
    assert not declared - set(user_tables(schema)), "declared tables the migrations do not make"


def test_every_table_with_a_company_id_is_a_company_owned_record_type(schema: sqlite3.Connection) -> None:
    owned = {rt.table for rt in company_owned()}
    for table in user_tables(schema):
        if "company_id" in columns(schema, table) and table not in owned:
            assert table == "history", (
                f"{table} has a company_id: declare it company_owned in record_types.py"
            )
    for table in owned:
        assert "company_id" in columns(schema, table), table


def test_bookkeeping_that_points_to_a_record_goes_with_it(schema: sqlite3.Connection) -> None:
    """A bookkeeping table that points to a record (contact_former_values to its contact) is erased with it by
    its foreign key, so a company's removal or merge needs no word about it."""
    records_ = {rt.table for rt in RECORD_TYPES}
    for table in BOOKKEEPING_TABLES:
        if table.startswith("_"):
            continue
        for fk in schema.execute(f'PRAGMA foreign_key_list("{table}")'):
            assert fk[2] in records_ and fk[6] == "CASCADE", (table, fk)


def test_the_declaration_agrees_with_the_schema(schema: sqlite3.Connection) -> None:
    known_steps = [name for name, _ in STEPS]
    for rt in RECORD_TYPES:
        have = columns(schema, rt.table)
        named = [c for c, _ in rt.personal_text] + list(rt.search) + list(rt.history)
        assert set(named) <= set(have), (rt.table, set(named) - set(have))
        assert rt.since in known_steps, (rt.table, rt.since)
        assert rt.export_key == rt.table
        for language, catalogue in CATALOGUES.items():
            for key in (rt.count_key, f"{rt.count_key}_one", *(label for _, label in rt.personal_text)):
                assert key in catalogue, (language, key)
            if rt.history:
                for action in ("added", "changed", "removed"):
                    assert f"history.{rt.entity}.{action}" in catalogue, (language, rt.entity, action)
        if rt.search:
            assert rt.search_label, f"{rt.table}: a search index needs a search_label"
            assert rt.table == "companies" or rt.company_owned, "search hits name their company"
            assert columns(schema, f"{rt.table}_fts") == list(rt.search), rt.table
        else:
            assert not schema.execute(
                "SELECT 1 FROM sqlite_master WHERE name = ?", [f"{rt.table}_fts"]
            ).fetchall(), f"{rt.table} has a search index its declaration does not name"
        if rt.personal_text and not rt.json_text:
            assert "id" in have, f"{rt.table}: forget changes a text by its record's id"
    assert [rt.table for rt in RECORD_TYPES if rt.json_text] == ["guide_answers"], (
        "forgetting knows one JSON text"
    )


def test_the_history_triggers_watch_the_declared_columns(schema: sqlite3.Connection) -> None:
    (check,) = schema.execute("SELECT sql FROM sqlite_master WHERE name = 'history'").fetchone()
    entities = re.search(r"entity IN \(([^)]*)\)", check)
    assert entities is not None
    assert entities.group(1).replace("'", "").split(", ") == list(record_types.history_entities())
    for rt in RECORD_TYPES:
        triggers = dict(
            schema.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [rt.table]
            )
        )
        changed = triggers.get(f"{rt.table}_history_changed")
        if not rt.history:
            assert changed is None, rt.table
            continue
        assert changed is not None, rt.table
        assert list(dict.fromkeys(re.findall(r'old\."(\w+)" IS NOT', changed))) == list(rt.history), rt.table
        assert f"'{rt.entity}'" in changed and f"new.{rt.company_column}" in changed


def test_records_are_restored_after_what_they_point_to(schema: sqlite3.Connection) -> None:
    order = exported_tables()
    assert set(order) == {rt.table for rt in RECORD_TYPES} | set(WORKSPACE_TABLES)
    for table in order:
        for fk in schema.execute(f'PRAGMA foreign_key_list("{table}")'):
            assert order.index(fk[2]) < order.index(table), (table, "points to", fk[2])


def test_import_all_has_a_validator_for_every_declared_type_and_checks_every_reference(
    schema: sqlite3.Connection,
) -> None:
    from lokalspil.workspace_document import REFERENCES, UNIQUE, _columns

    validators = _columns()
    for table in exported_tables():
        assert table in validators, (
            f"{table}: `import all` has no validator for it; add one to _columns() in "
            "src/lokalspil/workspace_document.py"
        )
        assert set(validators[table]) == set(columns(schema, table)), table
        assert table in UNIQUE, f"{table}: say what is unique in workspace_document.UNIQUE"
        declared = {(fk[3], fk[2]) for fk in schema.execute(f'PRAGMA foreign_key_list("{table}")')}
        assert declared == set(REFERENCES.get(table, [])), f"{table}: workspace_document.REFERENCES"


# -- released migrations are frozen ---------------------------------------------------------------------------------

# The schema each released migration leaves (normalised as the restore check compares it; the search indexes' own
# tables, which SQLite writes, left out). A change here means a released migration changed: old workspaces and their
# backups would no longer match. Add a line when a migration is released; never change one.
RELEASED = {
    "0001_workspace_and_guides": "e200998538be02a2",
    "0002_companies_contacts_activities_agreements": "43de3224691c756f",
    "0003_agreement_premises_and_purchases": "a3965d55bab3f32d",
    "0004_companies_cheaper_checks": "86b3cfe6d7122d44",
    "0005_history": "0ca6ab461fd0fd8b",
    "0006_contact_former_values": "f85cc4d7d81b626c",
    "0007_outcomes": "0ebbf406d8d3f990",
}


def test_released_migrations_make_the_schema_they_always_made() -> None:
    names = [name for name, _ in STEPS]
    for name, pinned in RELEASED.items():
        made = expected_schema(frozenset(names[: names.index(name) + 1]))
        text = json.dumps(sorted((kind, item, sql) for (kind, item), sql in made.items()), ensure_ascii=False)
        assert hashlib.sha256(text.encode()).hexdigest()[:16] == pinned, f"released migration {name} changed"


# -- the generator a migration for a new type calls ------------------------------------------------------------------


def test_a_new_record_type_gets_its_search_index_and_history_from_its_declaration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lokalspil.migrations import record_type_schema
    from lokalspil.search import _query

    tryout = RecordType(
        table="tryouts_test",
        entity="tryout",
        count_key="count.agreements",
        company_owned=True,
        personal_text=(("notes", "agreement.field.notes"),),
        search=("title", "notes"),
        search_label="r.title",
        history=("company_id", "title", "notes"),
        since="9999_tryouts",
    )
    monkeypatch.setattr(record_types, "RECORD_TYPES", (*RECORD_TYPES, tryout))
    conn = open_database(tmp_path / "w.db", create=True)
    stamp = "2026-01-01T00:00:00"
    with transaction(conn):
        conn.execute(
            "INSERT INTO companies (name, created_at, updated_at) VALUES ('Bageren', ?, ?)", [stamp, stamp]
        )
        conn.execute("UPDATE history_context SET command = 'test'")
    db = records(conn)
    with transaction(conn):
        conn.execute(
            """CREATE TABLE tryouts_test (id INTEGER PRIMARY KEY,
               company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE, title TEXT, notes TEXT)"""
        )
        record_type_schema(db, tryout)
    with transaction(conn):
        conn.execute(
            "INSERT INTO tryouts_test (company_id, title, notes) VALUES (1, 'Fritidsjob i bageriet', '')"
        )
        conn.execute("UPDATE tryouts_test SET notes = 'Om lørdagen' WHERE id = 1")
    assert conn.execute(_query(tryout), ['"lørdagen"*']).fetchall()[0][:4] == (
        1,
        1,
        "Bageren",
        "Fritidsjob i bageriet",
    )
    assert conn.execute(
        "SELECT entity, entity_id, company_id, action, fields FROM history ORDER BY id"
    ).fetchall()[-2:] == [("tryout", 1, 1, "added", None), ("tryout", 1, 1, "changed", "notes")]
    assert (
        conn.execute("SELECT count(*) FROM history WHERE entity = 'company'").fetchone()[0] == 1
    )  # rows kept
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(sqlite3.IntegrityError), transaction(conn):  # still refuses an undeclared entity
        conn.execute("INSERT INTO history (entity, entity_id, action) VALUES ('nonesuch', 1, 'added')")
    with transaction(conn):  # the other types' history triggers still write to the remade table
        conn.execute("UPDATE companies SET name = 'Bageriet' WHERE id = 1")
    assert conn.execute("SELECT entity, fields FROM history ORDER BY id DESC LIMIT 1").fetchone() == (
        "company",
        "name",
    )
    assert {row[1] for row in conn.execute("PRAGMA index_list(history)")} >= {
        "history_company",
        "history_entity",
    }
    conn.close()


# -- the round trip: merge, export, import, forget ------------------------------------------------------------------


# One factory per record type: makes one record through the CLI for the company named, with PERSON in every
# column that may name a person. The companies' factory makes the company itself.
def make_company(cli: Cli, company: str) -> None:
    ok(cli("company", "add", company, "--note", f"Spurgt af {PERSON}"))


def make_contact(cli: Cli, company: str) -> None:
    ok(cli("contact", "add", company, "Jens Jensen", "--role", f"Afløser for {PERSON}",
           "--purpose", f"Kollega til {PERSON}"))  # fmt: skip


def make_activity(cli: Cli, company: str) -> None:
    ok(cli("log", company, f"Møde med {PERSON} om praktik", "--next", f"Ring til {PERSON}", "--by", "+7"))


def make_agreement(cli: Cli, company: str) -> None:
    ok(cli("agreement", "add", company, "--kind", "socialoekonomisk-indkoeb", "--note", f"{PERSON} følger op",
           "--what", f"Kaffe til møder med {PERSON}"))  # fmt: skip


def make_opening(cli: Cli, company: str) -> None:
    ok(cli("opening", "add", company, f"Fritidsjob hos {PERSON}", "--kind", "fritidsjob", "--ages", "13-14,15-17",
           "--hours", f"Når {PERSON} er der", "--season", f"Så længe {PERSON} har brug for det",
           "--requirements", f"Taler med {PERSON} først", "--note", f"{PERSON} viser rundt"))  # fmt: skip


def make_placement(cli: Cli, company: str) -> None:  # never named: a placement holds no text at all
    ok(cli("placement", "add", company, "--kind", "fritidsjob", "--age", "15-17", "--school", "i skole",
           "--start", "2026-03-01"))  # fmt: skip


def make_target(cli: Cli, company: str) -> None:  # the area's, not the company's: set again, still one
    ok(cli("target", "set", "young_started", "2026", "12", "--baseline", "4"))


def make_answer(cli: Cli, company: str) -> None:
    ok(cli("guide", "answer", "formaal.ejer", f"{PERSON} fra {company}"))


def make_checklist_item(cli: Cli, company: str) -> None:
    ok(cli("guide", "tick", "formaal.styregruppe-godkendt"))


FACTORIES: dict[str, Callable[[Cli, str], None]] = {
    "companies": make_company,
    "contacts": make_contact,
    "activities": make_activity,
    "agreements": make_agreement,
    "openings": make_opening,
    "placements": make_placement,
    "targets": make_target,
    "guide_answers": make_answer,
    "guide_checklist": make_checklist_item,
}


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {rt.table: conn.execute(f"SELECT count(*) FROM {rt.table}").fetchone()[0] for rt in RECORD_TYPES}


def personal_texts(conn: sqlite3.Connection) -> dict[tuple[str, str], list[str]]:
    return {
        (rt.table, column): [text for (text,) in conn.execute(f"SELECT {column} FROM {rt.table}") if text]
        for rt in RECORD_TYPES
        for column, _ in rt.personal_text
    }


def test_every_record_type_has_a_factory() -> None:
    missing = [rt.table for rt in RECORD_TYPES if rt.table not in FACTORIES]
    assert not missing, f"no factory in tests/test_record_types.py FACTORIES for {missing}"


def test_every_record_survives_merge_export_and_import_and_forget_finds_the_person_everywhere(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    for company in ("Bageren", "Smeden"):
        for rt in RECORD_TYPES:
            FACTORIES[rt.table](cli, company)
    ok(cli("contact", "add", "Bageren", PERSON, "--email", "mette@bageren.dk"))
    conn = sqlite3.connect(workspace)
    before = counts(conn)
    for rt in RECORD_TYPES:
        assert before[rt.table] >= 1, f"the factory for {rt.table} made no record"
    for (table, column), texts in personal_texts(conn).items():
        assert any(PERSON in text for text in texts), f"the factory for {table} puts no {PERSON} in {column}"
    (kept,) = conn.execute("SELECT id FROM companies WHERE name = 'Bageren'").fetchone()

    ok(cli("company", "merge", "Bageren", "Smeden", "--yes"))

    after = counts(conn)
    for rt in RECORD_TYPES:
        expected = before[rt.table] - 1 if rt.table == "companies" else before[rt.table]
        assert after[rt.table] >= expected, f"{rt.table}: records lost in the merge"
    for rt in company_owned():
        elsewhere = conn.execute(f"SELECT count(*) FROM {rt.table} WHERE company_id != ?", [kept]).fetchone()[
            0
        ]
        assert elsewhere == 0, f"{rt.table}: not moved to the kept company"
    conn.close()

    ok(cli("export", "all", "-o", str(tmp_path / "alt.json")))
    other = tmp_path / "other.db"
    ok(cli("--db", str(other), "import", "all", str(tmp_path / "alt.json")))
    restored = sqlite3.connect(other)
    assert counts(restored) == after

    (contact_id,) = restored.execute("SELECT id FROM contacts WHERE name = ?", [PERSON]).fetchone()
    ok(cli("--db", str(other), "contact", "forget", str(contact_id), "--yes"))

    left = {
        where: [text for text in texts if PERSON.casefold() in text.casefold()]
        for where, texts in personal_texts(restored).items()
    }
    assert not any(left.values()), f"still naming {PERSON}: {left}"
    assert counts(restored) == {**after, "contacts": after["contacts"] - 1}  # nothing else lost
    restored.close()


def test_the_merge_and_removal_say_how_many_of_each_type(cli: Cli, workspace: Path) -> None:
    for company in ("Bageren", "Smeden"):
        for rt in RECORD_TYPES:
            FACTORIES[rt.table](cli, company)
    merged = ok(cli("company", "merge", "Bageren", "Smeden", "--yes")).stdout
    assert "1 kontaktperson, 1 aktivitet, 1 aftale, 1 opslag og 1 forløb er flyttet" in " ".join(
        merged.split()
    )
    removed = ok(cli("company", "remove", "Bageren", "--yes")).stdout
    assert "slettet med 2 kontaktpersoner" in " ".join(removed.split())


def test_removal_and_merge_as_data_keep_their_keys(tmp_path: Path) -> None:
    from lokalspil.companies import add_company, merge_companies, removal_counts

    conn = open_database(tmp_path / "w.db", create=True)
    a, b = add_company(conn, {"name": "A"}), add_company(conn, {"name": "B"})
    assert set(removal_counts(conn, a).as_dict()) >= {"company", "contacts", "activities", "agreements"}
    merged: dict[str, Any] = merge_companies(conn, a, b).as_dict()
    assert {"contacts", "activities", "agreements", "filled"} <= set(merged)
    conn.close()
