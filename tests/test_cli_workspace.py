"""`lokalspil init` and `lokalspil status`, and how the language is chosen."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.conftest import Cli, Query


def test_init_with_options_only_stores_every_value(cli: Cli, workspace: Path, query: Query) -> None:
    assert query("SELECT name, organisation, municipality FROM areas") == [
        ("Værebroparken", "AB Gladsaxe", "Gladsaxe")
    ]
    assert query(
        "SELECT coordinator_name, coordinator_email, coordinator_phone, language FROM workspace"
    ) == [("Mette Hansen", "mette@example.dk", "+45 12 34 56 78", "da")]


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--email", "mette(at)example.dk", "--email"),
        ("--phone", "12 34", "--phone"),
        ("--lang", "fr", "--lang"),
    ],
)
def test_init_refuses_a_bad_value_and_creates_nothing(
    cli: Cli, db_path: Path, option: str, value: str, says: str
) -> None:
    result = cli("init", "--area", "Sydbyen", option, value)
    assert result.exit_code == 1
    assert result.stderr.startswith(says) and value in result.stderr
    assert not db_path.exists()


def test_init_without_a_terminal_needs_the_area(cli: Cli, db_path: Path) -> None:
    result = cli("init", "--org", "Boligselskabet")
    assert result.exit_code == 1 and "--area" in result.stderr
    assert not db_path.exists()


def test_init_again_changes_only_what_is_given(cli: Cli, workspace: Path, query: Query) -> None:
    result = cli("init", "--phone", "+45 87654321")
    assert result.exit_code == 0 and "opdateret" in result.stdout
    assert query("SELECT coordinator_name, coordinator_phone FROM workspace") == [
        ("Mette Hansen", "+45 87 65 43 21")
    ]
    assert query("SELECT name FROM areas") == [("Værebroparken",)]


def test_init_keeps_the_signatory_and_the_organisations_address(
    cli: Cli, workspace: Path, query: Query
) -> None:
    result = cli(
        "init", "--signatory", "Per  Eksempel", "--signatory-title", "Boligsocial leder",
        "--address", "Eksempelvej 1, 2860 Søborg",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert query("SELECT signatory_name, signatory_title, organisation_address FROM workspace") == [
        ("Per Eksempel", "Boligsocial leder", "Eksempelvej 1, 2860 Søborg")
    ]
    assert cli("init", "--phone", "87654321").exit_code == 0  # kept when something else changes
    assert query("SELECT signatory_name, coordinator_name FROM workspace") == [
        ("Per Eksempel", "Mette Hansen")
    ]
    shown = json.loads(cli("status", "--json").stdout)["workspace"]
    assert (
        shown["signatory"] == "Per Eksempel" and shown["organisation_address"] == "Eksempelvej 1, 2860 Søborg"
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12345678", "+45 12 34 56 78"), ("004512345678", "+45 12 34 56 78"), ("4512345678", "+45 12 34 56 78"),
     ("+46 70 123 45 67", "+46701234567")],
)  # fmt: skip
def test_phone_numbers_are_normalised(cli: Cli, db_path: Path, query: Query, typed: str, stored: str) -> None:
    assert cli("init", "--area", "A", "--phone", typed).exit_code == 0
    assert query("SELECT coordinator_phone FROM workspace") == [(stored,)]


def test_status_json_shape(cli: Cli, workspace: Path) -> None:
    cli("guide", "answer", "formaal.antal-unge", "25")
    doc = json.loads(cli("status", "--json").stdout)
    assert doc["workspace"]["area"] == "Værebroparken"
    assert doc["workspace"]["path"] == str(workspace)
    guide = next(g for g in doc["guides"] if g["id"] == "saet-virksomheder-i-spil")
    assert set(guide) >= {
        "id",
        "title",
        "answered",
        "questions",
        "checklist_done",
        "checklist_items",
        "percent",
        "steps",
    }
    assert guide["answered"] == 1 and guide["steps"][0]["answered"] == 1
    assert len(guide["steps"]) == 5
    assert {"da", "en"} == set(guide["title"])


def test_status_shows_progress_as_a_picture(cli: Cli, workspace: Path) -> None:
    cli("guide", "answer", "formaal.antal-unge", "25")
    text = cli("status").stdout
    assert "Værebroparken" in text
    assert "█" in text and "░" in text and "1/" in text


def test_status_without_workspace(cli: Cli) -> None:
    result = cli("status")
    assert result.exit_code == 1 and "lokalspil init" in result.stderr


def test_language_from_workspace_then_env_then_option(
    cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init", "--area", "Motalavej", "--lang", "en").exit_code == 0
    assert "Housing area" in cli("status").stdout
    monkeypatch.setenv("LOKALSPIL_LANG", "da")
    assert "Boligområde" in cli("status").stdout
    assert "Housing area" in cli("--lang", "en", "status").stdout


def test_debug_shows_a_traceback_only_when_asked(cli: Cli, db_path: Path) -> None:
    db_path.write_text("not a database")
    result = cli("status")
    assert result.exit_code == 1 and "Traceback" not in result.output
    with pytest.raises(Exception, match="lokalspil"):
        cli("--debug", "status")


def test_an_empty_file_is_no_workspace_and_is_left_as_it_is_until_init(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "tom.db"
    empty.touch(mode=0o644)
    result = cli("--db", str(empty), "status")
    assert result.exit_code == 1 and "lokalspil init" in result.output
    assert empty.stat().st_size == 0  # a command that reads never writes it
    assert cli("--db", str(empty), "init", "--area", "Værebroparken").exit_code == 0
    assert empty.stat().st_size > 0 and stat.S_IMODE(empty.stat().st_mode) == 0o600


def test_a_folder_given_as_the_workspace_is_named_as_a_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mappe"
    folder.mkdir()
    monkeypatch.setenv("LOKALSPIL_DB", str(folder))
    for command in ([], ["doctor"]):
        result = cli(*command)
        assert result.exit_code == 1 and "er en mappe" in result.output, command
