"""Restore and `import all` accept only what lokalspil itself made, and bad input never gives a traceback."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, Query, ok, read, tamper

# -- restore ------------------------------------------------------------------------------------------------------

CHANGED_TRIGGER = """CREATE TRIGGER companies_history_removed AFTER DELETE ON companies BEGIN
    DELETE FROM history; END"""


@pytest.mark.parametrize(
    ("statements", "told"),
    [
        (
            ["CREATE TRIGGER x AFTER INSERT ON companies BEGIN DELETE FROM contacts; END"],
            "den har en ekstra trigger 'x'",
        ),
        (["CREATE TABLE noter (tekst TEXT)"], "den har en ekstra tabel 'noter'"),
        (["CREATE VIEW alle AS SELECT * FROM companies"], "den har et ekstra view 'alle'"),
        (["CREATE INDEX companies_city ON companies (city)"], "den har et ekstra indeks 'companies_city'"),
        (["DROP INDEX companies_stage"], "indekset 'companies_stage' mangler"),
        (
            ["DROP TRIGGER companies_history_removed", CHANGED_TRIGGER],
            "triggeren 'companies_history_removed' er ændret",
        ),
        (
            ["DROP TABLE companies_fts_config", "CREATE TABLE companies_fts_config (k, v)"],
            "tabellen 'companies_fts_config' er ændret",
        ),
    ],
    ids=["trigger", "table", "view", "index", "missing-index", "altered-trigger", "altered-fts-table"],
)
def test_restore_refuses_a_file_lokalspil_did_not_make(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path, statements: list[str], told: str
) -> None:
    ok(cli("company", "add", "Bageriet"))
    copy = tmp_path / "kopi.db"
    ok(cli("backup", str(copy)))
    tamper(copy, *statements)
    result = cli("restore", str(copy), "--yes")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "ikke lavet af lokalspil, eller den er blevet ændret" in message and told in message
    assert "ikke ændret" in message and "Traceback" not in result.output
    assert query("SELECT name FROM companies") == [("Bageriet",)]
    assert not list((tmp_path / "backups" / "workspace").glob("*before-restore*"))  # nothing was begun


def test_restore_accepts_a_genuine_backup_new_or_from_an_older_lokalspil(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path
) -> None:
    from lokalspil.database import records
    from lokalspil.migrations import MIGRATION_SET, STEPS

    ok(cli("company", "add", "Bageriet"))
    copy = tmp_path / "kopi.db"
    ok(cli("backup", str(copy)))
    ok(cli("company", "add", "Maleren"))
    ok(cli("restore", str(copy), "--yes"))
    assert query("SELECT name FROM companies") == [("Bageriet",)]
    # A workspace made by a lokalspil that had the first three schema steps only.
    from sqlite_utils.migrations import Migrations

    old = tmp_path / "gammel.db"
    steps = Migrations(MIGRATION_SET)
    for name, fn in STEPS[:3]:
        steps(name=name)(fn)
    conn = sqlite3.connect(old)
    steps.apply(records(conn))
    conn.execute("INSERT INTO areas (id, name, created_at) VALUES (1, 'A', '2024-01-01T00:00:00+00:00')")
    conn.execute(
        """INSERT INTO workspace (id, area_id, language, created_at, updated_at)
           VALUES (1, 1, 'da', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')"""
    )
    conn.execute(
        """INSERT INTO companies (name, cvr, created_at, updated_at)
           VALUES ('Gamle Bager', '13585628', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')"""
    )
    conn.commit()
    conn.close()
    ok(cli("restore", str(old), "--yes"))
    assert query("SELECT name FROM companies") == [("Gamle Bager",)]
    ok(cli("company", "add", "Ny"))  # brought up to date: the history and its triggers are there
    assert ok(cli("search", "bager")).stdout.count("Gamle Bager") == 1
    assert len(query("SELECT name FROM _sqlite_migrations")) == len(STEPS)


def test_restore_refuses_a_file_from_a_newer_lokalspil(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path
) -> None:
    copy = tmp_path / "kopi.db"
    ok(cli("backup", str(copy)))
    tamper(
        copy,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('lokalspil', '9999_future', 'x')",
    )
    result = cli("restore", str(copy), "--yes")
    assert result.exit_code == 1 and "nyere udgave" in result.stderr


# -- import all ---------------------------------------------------------------------------------------------------


@pytest.fixture
def exported(cli: Cli, workspace: Path, tmp_path: Path) -> dict[str, Any]:
    """A genuine `export all` document of a workspace with one of each kind of record."""
    ok(cli("company", "add", "Bageriet Ørnen", "--cvr", "13585628", "--tag", "bager", "--postcode", "2860"))
    ok(cli("company", "add", "Maleren"))
    ok(cli("contact", "add", "ørnen", "Mette", "--email", "mette@example.dk", "--phone", "22334455"))
    ok(cli("log", "ørnen", "Ringede", "--follow-up", "+3", "--contact", "1"))
    ok(cli("agreement", "add", "ørnen", "--kind", "fritidsjob", "--status", "signed", "--places", "2"))
    ok(cli("guide", "answer", "formaal.antal-unge", "12"))
    ok(cli("export", "all", "-o", str(tmp_path / "alt.json")))
    document: dict[str, Any] = json.loads((tmp_path / "alt.json").read_text(encoding="utf-8"))
    return document


def _answer_row(document: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in document["guide_answers"] if r["question_id"] == "antal-unge")


SPLICE = 'x" ) VALUES (1); DROP TABLE companies; --'
BAD_RECORDS: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("cvr", lambda d: d["companies"][0].update(cvr="12345678"), "companies[0].cvr", "CVR"),
    ("postcode", lambda d: d["companies"][1].update(postcode="12"), "companies[1].postcode", "postnummer"),
    ("email", lambda d: d["contacts"][0].update(email="mette(at)x"), "contacts[0].email", "e-mail"),
    ("phone", lambda d: d["contacts"][0].update(phone="12"), "contacts[0].phone", "telefonnummer"),
    ("tags", lambda d: d["companies"][0].update(tags="[1, 2]"), "companies[0].tags", "mærker"),
    ("stage", lambda d: d["companies"][0].update(stage="boss"), "companies[0].stage", "'boss'"),
    ("date", lambda d: d["activities"][0].update(date="31-02-2026"), "activities[0].date", "dato"),
    ("follow-up", lambda d: d["activities"][0].update(follow_up="snart"), "activities[0].follow_up", "dato"),
    ("cpr", lambda d: d["activities"][0].update(summary="Ring 010190-1234"), "activities[0].summary", "CPR"),
    ("cpr-note", lambda d: d["companies"][1].update(notes="0101901234"), "companies[1].notes", "CPR"),
    ("id-zero", lambda d: d["companies"][1].update(id=0), "companies[1].id", "nummeret"),
    ("id-huge", lambda d: d["companies"][1].update(id=2**63), "companies[1].id", "nummeret"),
    ("id-text", lambda d: d["contacts"][0].update(id="1"), "contacts[0].id", "helt tal"),
    ("reference", lambda d: d["contacts"][0].update(company_id=99), "contacts[0].company_id", "nr. 99"),
    (
        "contact-elsewhere",
        lambda d: d["agreements"][0].update(contact_id=1, company_id=2),
        "agreements[0].contact_id",
        "anden virksomhed",
    ),
    ("places", lambda d: d["agreements"][0].update(places=-1), "agreements[0].places", "-1"),
    (
        "end-before-start",
        lambda d: d["agreements"][0].update(start="2026-05-01", end="2026-04-01"),
        "agreements[0].end",
        "Slutdatoen",
    ),
    ("twice", lambda d: d["companies"][1].update(cvr="13585628"), "companies[1].cvr", "to gange"),
    ("answer-type", lambda d: _answer_row(d).update(value='"mange"'), "guide_answers[0].value", "tal"),
    ("answer-bounds", lambda d: _answer_row(d).update(value="100000"), "guide_answers[0].value", "for meget"),
    ("answer-json", lambda d: _answer_row(d).update(value="[[["), "guide_answers[0].value", "svar"),
    ("language", lambda d: d["workspace"][0].update(language="fr"), "workspace[0].language", "sprog"),
    ("not-text", lambda d: d["companies"][0].update(city=["Søborg"]), "companies[0].city", "tekst"),
    ("flag", lambda d: d["companies"][0].update(rsv=2), "companies[0].rsv", "0 (nej)"),
    ("missing", lambda d: d["companies"][0].pop("name"), "companies[0].name", "Mangler"),
    ("history", lambda d: d["history"][0].update(entity="x"), "history[0].entity", "'x'"),
    ("unknown-key", lambda d: d["companies"][0].update({SPLICE: 1}), "companies[0]", "kender lokalspil ikke"),
    ("guide-path", lambda d: d["guides"][0].update(path="/etc/passwd"), "guides[0].path", "guidefil"),
]


@pytest.mark.parametrize(
    ("change", "where", "told"), [b[1:] for b in BAD_RECORDS], ids=[b[0] for b in BAD_RECORDS]
)
def test_import_all_refuses_a_bad_record_whole(
    cli: Cli,
    exported: dict[str, Any],
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None],
    where: str,
    told: str,
) -> None:
    change(exported)
    doc = tmp_path / "ændret.json"
    doc.write_text(json.dumps(exported), encoding="utf-8")
    other = tmp_path / "ny.db"
    result = cli("--db", str(other), "import", "all", str(doc))
    assert result.exit_code == 1, result.output
    message = result.stderr
    assert f"{where}" in message and told in message and "intet er gemt" in message, message
    assert "Traceback" not in result.output and "uventet" not in message
    assert read(other, "SELECT count(*) FROM companies") == [(0,)]  # nothing at all was stored
    assert read(other, "SELECT count(*) FROM history") == [(0,)]


def test_import_all_builds_its_sql_from_the_known_columns_only(exported: dict[str, Any]) -> None:
    """The fixed list of columns is every column of the schema: a later migration's new column must be added."""
    from lokalspil.database import open_database
    from lokalspil.exports import TABLES
    from lokalspil.workspace_document import _columns

    conn = open_database(Path("fresh.db"), create=True)
    try:
        for table in TABLES:
            schema = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            assert set(_columns()[table]) == set(schema), table
    finally:
        conn.close()


EDGE_DATES = ("9999-12-31", "0001-01-01")


def test_what_import_all_accepts_every_command_can_show(
    cli: Cli, exported: dict[str, Any], tmp_path: Path
) -> None:
    """Records at the edges of what is allowed (the first and last day there is, a huge number of employees) are
    imported, and then listed, searched, planned and put in the agenda without a crash."""
    exported["companies"][0].update(employees="99999999999999999999", notes="x " * 5000)
    exported["companies"][1].update(tags='["x"]', stage="paused")
    activity = dict(exported["activities"][0])
    for n, day in enumerate(EDGE_DATES, start=10):
        exported["activities"].append({**activity, "id": n, "date": day, "follow_up": day, "summary": "x"})
    exported["agreements"][0].update(start=EDGE_DATES[1], end=EDGE_DATES[0], review=EDGE_DATES[0])
    exported["agreements"].append(
        {
            **exported["agreements"][0],
            "id": 2,
            "status": "draft",
            "review": EDGE_DATES[1],
            "m2": 1e12,
            "amount": 0,
        }
    )
    doc = tmp_path / "kanter.json"
    doc.write_text(json.dumps(exported), encoding="utf-8")
    other = str(tmp_path / "ny.db")
    ok(cli("--db", other, "import", "all", str(doc)))
    for command in (
        ["company", "list"],
        ["company", "show", "ørnen"],
        ["status"],
        ["plan", "-o", str(tmp_path / "x.md")],
        ["agenda"],
        ["agenda", "--days", "36500", "--json"],
        ["agenda", "--ics", str(tmp_path / "x.ics")],
        ["search", "x"],
        ["agreement", "list"],
        ["history"],
        ["export", "companies", "-o", str(tmp_path / "x.xlsx")],
    ):
        result = cli("--db", other, *command)
        assert result.exit_code == 0, (command, result.output)
    plan = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "Bageriet Ørnen" in plan
    assert "01-01-0001" in cli("--db", other, "agenda").stdout
    listed = cli("--db", other, "agreement", "list").stdout
    assert "01-01-0001" in listed and "31-12-9999" in listed


# -- bad input never gives a traceback ------------------------------------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000
BIG = "99999999999999999999"


def _files(folder: Path) -> None:
    """The odd files the inputs below name."""
    (folder / "deep.json").write_text(DEEP, encoding="utf-8")
    (folder / "deep-inside.json").write_text(
        '{"migrations": [], "companies": [], "notes": ' + DEEP + "}", encoding="utf-8"
    )
    (folder / "list.json").write_text("[1, 2]", encoding="utf-8")
    (folder / "text.json").write_text('"lokalspil"', encoding="utf-8")
    (folder / "empty.json").write_text("", encoding="utf-8")
    (folder / "latin1.json").write_bytes('{"companies": ["Ørnen"]}'.encode("latin-1"))
    (folder / "extra-part.json").write_text(
        '{"migrations": [], "companies": [], "evil": []}', encoding="utf-8"
    )
    (folder / "deep.yaml").write_text(DEEP, encoding="utf-8")
    (folder / "deep-block.yaml").write_text(
        "a:\n" + "".join(" " * (i + 1) + "b:\n" for i in range(3000)), encoding="utf-8"
    )
    with (folder / "huge.json").open("wb") as f:  # (sparse: no gigabyte is written)
        f.truncate(2**30 + 1)


REFUSED = [
    ["import", "all", "deep.json"],
    ["import", "all", "deep-inside.json"],
    ["import", "all", "list.json"],
    ["import", "all", "text.json"],
    ["import", "all", "empty.json"],
    ["import", "all", "latin1.json"],
    ["import", "all", "extra-part.json"],
    ["import", "all", "huge.json"],
    ["import", "companies", "deep.json", "--yes"],
    ["guide", "run", "--answers", "deep.yaml"],
    ["guide", "run", "--answers", "deep-block.yaml"],
    ["guide", "run", "--answers", "deep.json"],
    ["guide", "show", "./deep.yaml"],
    ["log", "Bageriet", "x", "--date", "32-12-9999"],
    ["log", "Bageriet", "x", "--follow-up", "1-1-10000"],
    ["log", "Bageriet", "x", "--follow-up", "+100000"],
    ["log", "Bageriet", "x", "--date", "0-1-0001"],
    ["log", "Bageriet", "x", "--date", "29-2-2100"],
    ["entry", "edit", "1", "--date", "31-12-99999"],
    ["agreement", "add", "Bageriet", "--kind", "fritidsjob", "--start", "31-12-9999", "--end", "1-1-0001"],
    ["agreement", "add", "Bageriet", "--kind", "fritidsjob", "--review", "31-13-9999"],
    ["agreement", "add", "Bageriet", "--kind", "fritidsjob", "--places", BIG],
    ["agreement", "add", "Bageriet", "--kind", "fritidsjob", "--m2", "1e400"],
    ["agreement", "end", "1", "--on", "32-12-9999"],
    ["company", "add", "X", "--employees", f"{BIG}-1"],
    ["company", "add", "X", "--employees", "1e400"],
    ["company", "add", "X", "--postcode", BIG],
    ["company", "add", "X", "--cvr", BIG],
    ["company", "edit", "Bageriet", "--phone", BIG],
    ["company", "show", BIG],
    ["guide", "answer", "formaal.antal-unge", BIG],
    ["agenda", "--days", BIG],
    ["gdpr", "review", "--months", BIG],
    ["done", BIG],
    ["entry", "edit", BIG, "x"],
    ["backup", "--keep", "0"],
]


@pytest.mark.parametrize("args", REFUSED, ids=[" ".join(a)[:60] for a in REFUSED])
def test_bad_input_is_told_in_one_plain_sentence(
    cli: Cli, workspace: Path, tmp_path: Path, args: list[str]
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("log", "Bageriet", "Ringede"))
    ok(cli("agreement", "add", "Bageriet", "--kind", "fritidsjob", "--start", "1-1-2026"))
    _files(tmp_path)
    if args[:2] == ["import", "all"]:
        args = ["--db", str(tmp_path / "ny.db"), *args]
    result = cli(*args)
    assert result.exit_code in (1, 2), result.output
    assert result.stderr.strip()
    assert "Traceback" not in result.output and "uventet" not in result.stderr, result.stderr


EDGES = [
    ["log", "Bageriet", "x", "--date", "31-12-9999", "--follow-up", "31-12-9999"],
    ["log", "Bageriet", "x", "--date", "1-1-0001", "--follow-up", "1-1-0001"],
    ["log", "Bageriet", "x", "--follow-up", "+9999"],
    ["entry", "edit", "1", "--date", "31-12-9999"],
    [
        "agreement",
        "add",
        "Bageriet",
        "--kind",
        "fritidsjob",
        "--start",
        "1-1-0001",
        "--end",
        "31-12-9999",
        "--review",
        "31-12-9999",
    ],
    ["agreement", "end", "1", "--on", "31-12-9999"],
    ["company", "add", "X", "--employees", BIG],
    ["company", "edit", "Bageriet", "--employees", f"{BIG}-{BIG}"],
    ["import", "companies", "ansatte.csv", "--yes"],
]


@pytest.mark.parametrize("args", EDGES, ids=[" ".join(a)[:60] for a in EDGES])
def test_the_first_and_last_day_and_huge_counts_are_stored_and_shown(
    cli: Cli, workspace: Path, tmp_path: Path, args: list[str]
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("log", "Bageriet", "Ringede"))
    ok(cli("agreement", "add", "Bageriet", "--kind", "fritidsjob", "--review", "+1"))
    (tmp_path / "ansatte.csv").write_text(f"Navn;Ansatte\nY;{BIG}\nZ;{BIG}-{BIG}1\n", encoding="utf-8")
    ok(cli(*args))
    for command in (
        ["company", "list"],
        ["company", "show", "Bageriet"],
        ["status"],
        ["agenda", "--days", "36500"],
        ["agenda", "--ics", str(tmp_path / "x.ics")],
        ["agreement", "list"],
        ["plan", "-o", str(tmp_path / "x.md")],
        ["export", "all", "-o", str(tmp_path / "alt.json")],
        ["--db", str(tmp_path / "ny.db"), "import", "all", str(tmp_path / "alt.json")],
    ):
        result = cli(*command)
        assert result.exit_code == 0, (command, result.output)
