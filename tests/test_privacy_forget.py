"""`contact forget` finds the person everywhere, under every value they have had, and says what it cannot reach."""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from tests.conftest import Cli, Query, answered, ok, printed_json, tamper

MARKER = "[slettet person]"


def all_text(query: Query) -> str:
    """Every row of every table (the search indexes' own tables included), as one text."""
    tables = [name for (name,) in query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return "\n".join(str(row) for table in tables for row in query(f'SELECT * FROM "{table}"'))


def test_values_replaced_by_an_edit_are_forgotten_too(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("company", "add", "Smedjen"))
    ok(cli("contact", "add", "Bageriet", "Karen Østergaard", "--email", "karen@oe.dk", "--phone", "22334455"))
    ok(cli("contact", "add", "Smedjen", "Ole Smed", "--purpose", "Kollega til Østergaard, Karen"))
    ok(cli("company", "edit", "Bageriet", "--note", "Ring til Østergaard, Karen på 22 33 44 55"))
    ok(cli("log", "Smedjen", "Mail fra KAREN@OE.DK om Karen Østergaard"))
    ok(cli("guide", "answer", "formaal.maal", "Karen  Østergaard vil gerne have en praktikant"))
    ok(cli("contact", "edit", "1", "--name", "Karen Holm", "--email", "karen@holm.dk", "--phone", "44556677"))
    assert sorted(query("SELECT field, value FROM contact_former_values")) == [
        ("email", "karen@oe.dk"), ("name", "Karen Østergaard"), ("phone", "+45 22 33 44 55")
    ]  # fmt: skip
    assert query("SELECT count(*) FROM history WHERE entity = 'contact' AND entity_id = 1") == [(2,)]

    done = printed_json(cli("contact", "forget", "1", "--yes", "--json"))

    assert done["texts_redacted"] == 4
    assert {(c["table"], c["company"]) for c in done["changed"]} == {
        ("companies", "Bageriet"), ("contacts", "Smedjen"), ("activities", "Smedjen"), ("guide_answers", None)
    }  # fmt: skip
    assert query("SELECT count(*) FROM contact_former_values") == [(0,)]
    assert query("SELECT count(*) FROM history WHERE entity = 'contact' AND entity_id = 1") == [(0,)]
    assert query("SELECT notes FROM companies WHERE name = 'Bageriet'") == [
        (f"Ring til {MARKER} på {MARKER}",)
    ]
    text = all_text(query)
    for old in ("Østergaard", "karen@oe", "KAREN@OE", "22 33 44 55", "Holm", "karen@holm", "44 55 66 77"):
        assert old not in text, old
    for path in workspace.parent.glob(f"{workspace.name}*"):  # the database, its log: no page holds them
        data = path.read_bytes()
        for old in ("Østergaard", "karen@oe.dk", "karen@holm.dk", "Karen Holm"):
            assert old.encode() not in data, (path.name, old)


def test_an_access_request_shows_the_former_values(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("contact", "add", "Bageriet", "Karen Østergaard", "--email", "karen@oe.dk"))
    ok(cli("contact", "edit", "1", "--name", "Karen Holm"))
    document = printed_json(cli("contact", "export", "1"))
    assert document["former_values"] == {"names": ["Karen Østergaard"], "emails": [], "phones": []}


@pytest.mark.parametrize(
    ("name", "note", "after"),
    [
        ("Mette Hansen", "Aftalt med Hansen, Mette i går", f"Aftalt med {MARKER} i går"),
        ("Mette Hansen", "Aftalt med Hansen,Mette", f"Aftalt med {MARKER}"),
        ("Mette Hansen", "Møde med METTE\u00a0 \u2009hansen.", f"Møde med {MARKER}."),
        ("Åse Ødegård", unicodedata.normalize("NFD", "Snak med åse ødegård"), f"Snak med {MARKER}"),
        (unicodedata.normalize("NFD", "Åse Ødegård"), "Snak med Åse Ødegård", f"Snak med {MARKER}"),
        ("Mette Marie Hansen", "Hansen, Mette ringede", f"{MARKER} ringede"),
        ("Lars Holm", "Lars ringede", f"{MARKER} ringede"),  # the first name alone, at the person's company
        ("Lars Holm", "Larsen ringede", "Larsen ringede"),
        ("Hans Jensen", "Hans-Erik Jensen ringede", "Hans-Erik Jensen ringede"),
        ("Bo", "Bo kom forbi", f"{MARKER} kom forbi"),
        ("Bo", "Bodil og boligen", "Bodil og boligen"),
        ("Mette Hansen", "Mette Hansens møde flyttes", f"{MARKER} møde flyttes"),
        ("Lars Mikkelsen", "Aftalt med Hansen, Lars' kollega", f"Aftalt med Hansen, {MARKER} kollega"),
        ("Lars Mikkelsen", "Lars Mikkelsens datter", f"{MARKER} datter"),
        ("Jens Kraus", "Jens Kraus' bil", f"{MARKER} bil"),
    ],
)
def test_the_person_is_found_as_a_reader_would_find_them(
    cli: Cli, workspace: Path, query: Query, name: str, note: str, after: str
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("contact", "add", "Bageriet", name))
    ok(cli("company", "edit", "Bageriet", "--note", note))
    ok(cli("contact", "forget", "1", "--yes"))
    assert query("SELECT notes FROM companies") == [(after,)]


def test_the_first_name_alone_is_left_where_it_may_be_someone_else(
    cli: Cli, workspace: Path, query: Query
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("company", "add", "Smedjen"))
    ok(cli("contact", "add", "Bageriet", "Lars Holm"))
    ok(cli("contact", "add", "Bageriet", "Mette Holm"))  # the coordinator is a Mette too
    ok(cli("log", "Smedjen", "Lars ringede"))  # another company's Lars
    ok(cli("log", "Bageriet", "Mette og Lars Holm kom"))
    ok(cli("contact", "forget", "2", "--yes"))
    assert query("SELECT summary FROM activities ORDER BY id") == [
        ("Lars ringede",),
        ("Mette og Lars Holm kom",),
    ]
    ok(cli("contact", "forget", "1", "--yes"))
    assert query("SELECT summary FROM activities ORDER BY id") == [
        ("Lars ringede",),
        (f"Mette og {MARKER} kom",),
    ]


def bo_at_the_bakery(cli: Cli, entry: str = "Bo kom forbi") -> None:
    """A contact person called Bo, a log entry naming him, and a note with words that begin with his name."""
    ok(cli("company", "add", "Bageriet", "--note", "Bodil og boligen"))
    ok(cli("contact", "add", "Bageriet", "Bo"))
    ok(cli("log", "Bageriet", entry))


def test_without_a_terminal_and_without_yes_the_listing_is_shown_and_nothing_is_erased(
    cli: Cli, workspace: Path, query: Query
) -> None:
    bo_at_the_bakery(cli, "I dag kom Bo forbi med kage til de unge på værkstedet og blev længe")
    result = cli("contact", "forget", "1")
    assert result.exit_code == 1
    assert (
        "nævnes i 1 tekst" in result.output
        and "I dag kom «Bo» forbi med kage til de unge på…" in result.output
    )
    assert "--yes" in result.output and "ingen terminal" in result.output
    assert query("SELECT name FROM contacts") == [("Bo",)]
    assert query("SELECT summary FROM activities") == [
        ("I dag kom Bo forbi med kage til de unge på værkstedet og blev længe",)
    ]
    refused = cli("contact", "forget", "1", "--json")
    assert refused.exit_code == 1 and "--yes" in refused.output and refused.stdout.strip()[:1] != "{"


def test_with_yes_it_says_what_changed_and_what_it_cannot_reach(
    cli: Cli, workspace: Path, query: Query
) -> None:
    bo_at_the_bakery(cli)
    result = ok(cli("contact", "forget", "1", "--yes"))
    assert "Rensede tekster" in result.output and "«Bo» kom forbi" in result.output
    assert "Det kan lokalspil ikke nå" in result.output and "kalenderfiler" in result.output
    assert query("SELECT summary FROM activities") == [(f"{MARKER} kom forbi",)]
    assert query("SELECT notes FROM companies") == [("Bodil og boligen",)]


def test_the_json_report_names_what_it_cannot_reach(cli: Cli, workspace: Path) -> None:
    bo_at_the_bakery(cli)
    done = printed_json(cli("contact", "forget", "1", "--yes", "--json"))
    assert done["forgotten"] == "Bo" and done["complete"] is True
    assert done["changed"] == [
        {"where": "Log", "table": "activities", "id": 1, "company": "Bageriet", "excerpt": "«Bo» kom forbi"}
    ]
    assert "eksporter" in done["not_reached"] and "sikkerhedskopier" in done["not_reached"]


def test_the_listing_is_shown_at_a_terminal_before_asking(
    cli: Cli, workspace: Path, query: Query, terminal: Callable[..., pexpect.spawn]
) -> None:
    bo_at_the_bakery(cli)
    for reply, left in (("n", "Bo kom forbi"), ("j", f"{MARKER} kom forbi")):
        child = terminal("contact", "forget", "1")
        child.expect_exact("«Bo» kom forbi")
        child.expect_exact("Det kan ikke fortrydes")
        assert answered(child, reply) == (1 if reply == "n" else 0)
        assert query("SELECT summary FROM activities") == [(left,)]
    assert query("SELECT notes FROM companies") == [("Bodil og boligen",)]


def test_interrupted_backup_files_that_hold_the_person_are_removed(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("contact", "add", "Bageriet", "Karen Østergaard"))
    folder = tmp_path / "backups" / "workspace"
    folder.mkdir(parents=True)
    stopped = folder / ".lokalspil-20260101-120000-000.db.4242.part"
    stopped.write_bytes(b"SQLite format 3\x00 ... Karen \xc3\x98stergaard ...")
    an_hour_ago = time.time() - 3600
    os.utime(stopped, (an_hour_ago, an_hour_ago))
    writing = folder / ".lokalspil-20260101-130000-000.db.4343.part"  # a backup being written right now
    writing.write_bytes("Karen Østergaard".encode())
    other = folder / ".lokalspil-20260101-110000-000.db.4141.part"
    other.write_bytes(b"someone else")
    os.utime(other, (an_hour_ago, an_hour_ago))
    done = printed_json(cli("contact", "forget", "1", "--yes", "--json"))
    assert done["interrupted_backups_removed"] == 1 and done["backups_holding"] == 1
    assert not stopped.exists() and writing.exists() and other.exists()


def test_gdpr_forget_lists_the_texts_too(cli: Cli, workspace: Path, query: Query) -> None:

    bo_at_the_bakery(cli)
    tamper(workspace, "UPDATE contacts SET updated_at = '2001-01-01T00:00:00+00:00'")
    result = cli("gdpr", "forget")
    assert result.exit_code == 1 and "1 tekst bliver ændret" in result.output
    assert "«Bo» kom forbi" in result.output and "--yes" in result.output
    assert query("SELECT summary FROM activities") == [("Bo kom forbi",)]
    done = ok(cli("gdpr", "forget", "--yes"))
    assert "Det kan lokalspil ikke nå" in done.output
    assert query("SELECT summary FROM activities") == [(f"{MARKER} kom forbi",)]
