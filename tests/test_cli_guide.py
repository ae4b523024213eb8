"""`lokalspil guide answer|tick|answers|show|list|run --answers`: the non-interactive forms of the walk."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import OTHER_GUIDE, Cli, Query, ok, stored_answers


def test_show_json_lists_the_five_steps_in_danish_and_english(cli: Cli, workspace: Path) -> None:
    result = cli("guide", "show", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["id"] == "saet-virksomheder-i-spil"
    assert [s["number"] for s in doc["steps"]] == [1, 2, 3, 4, 5]
    for step in doc["steps"]:
        assert step["title"]["da"] and step["title"]["en"] and step["title"]["da"] != step["title"]["en"]
        assert step["questions"] and step["checklist"]
    assert doc["source"]["year"] == 2015


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("formaal.antal-unge", "25", 25),
        ("formaal.timer-om-ugen", "7,5", 7.5),
        ("formaal.budget", "ja", True),
        ("formaal.budget", "N", False),
        ("formaal.aldersgrupper", "1, 3", ["13-14", "18-24"]),
        ("formaal.aldersgrupper", "15-17 år", ["15-17"]),
        ("kontakt.kanal", "2", None),  # the second choice, whatever its id
        ("kortlaeg.liste-klar", "3/12-2026", "2026-12-03"),
        ("kortlaeg.liste-klar", "2027-01-15", "2027-01-15"),
        ("formaal.ejer", "  Mette   Hansen ", "Mette Hansen"),
    ],
)
def test_answer_validates_and_stores_like_the_walk(
    cli: Cli, workspace: Path, key: str, typed: str, stored: Any
) -> None:
    result = cli("guide", "answer", key, typed)
    assert result.exit_code == 0, result.output
    value = stored_answers(cli)[key]
    if stored is None:
        doc = json.loads(cli("guide", "show", "--json").stdout)
        question = next(q for s in doc["steps"] for q in s["questions"] if q["key"] == key)
        stored = question["choices"][1]["id"]
    assert value == stored


@pytest.mark.parametrize(
    ("key", "typed", "reason"),
    [
        ("formaal.antal-unge", "mange", "ikke et tal"),
        ("formaal.antal-unge", "5000", "det største er 500"),
        ("formaal.antal-unge", "0", "det mindste er 1"),
        ("formaal.budget", "måske", "ja eller nej"),
        ("formaal.aldersgrupper", "1, 9", "ikke et af valgene"),
        ("kortlaeg.liste-klar", "31/2-2027", "ikke en dato, der findes"),
        ("kortlaeg.liste-klar", "snart", "ikke en dato"),
        ("formaal.maal", "   ", "Skriv et svar"),
    ],
)
def test_an_invalid_answer_is_refused_in_one_line_and_nothing_is_stored(
    cli: Cli, workspace: Path, query: Query, key: str, typed: str, reason: str
) -> None:
    result = cli("guide", "answer", key, typed)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0] and key in lines[0]
    assert query("SELECT count(*) FROM guide_answers") == [(0,)]


def test_answer_names_the_questions_of_a_step_when_the_key_is_wrong(cli: Cli, workspace: Path) -> None:
    result = cli("guide", "answer", "formaal.antal", "4")
    assert result.exit_code == 1
    assert "formaal.antal-unge" in result.stderr
    result = cli("guide", "answer", "trin9.x", "4")
    assert result.exit_code == 1 and "1 (formaal)" in result.stderr


def test_answer_takes_the_step_number_too(cli: Cli, workspace: Path) -> None:
    assert cli("guide", "answer", "1.antal-unge", "30").exit_code == 0
    assert stored_answers(cli) == {"formaal.antal-unge": 30}


def test_answer_without_a_workspace_says_how_to_make_one(cli: Cli) -> None:
    result = cli("guide", "answer", "formaal.antal-unge", "30")
    assert result.exit_code == 1
    assert "lokalspil init --area" in result.stderr


def test_tick_and_undo(cli: Cli, workspace: Path, query: Query) -> None:
    doc = json.loads(cli("guide", "show", "--json").stdout)
    item = doc["steps"][0]["checklist"][0]["key"]
    assert cli("guide", "tick", item).exit_code == 0
    doc = json.loads(cli("guide", "show", "--json").stdout)
    assert doc["steps"][0]["checklist"][0]["done"] is True
    assert doc["progress"]["checklist_done"] == 1
    assert cli("guide", "tick", item, "--undo").exit_code == 0
    assert query("SELECT count(*) FROM guide_checklist") == [(0,)]
    bad = cli("guide", "tick", "formaal.nothing")
    assert bad.exit_code == 1 and item in bad.stderr


def test_answers_round_trip_through_a_file(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    for key, value in [
        ("formaal.antal-unge", "25"),
        ("formaal.budget", "ja"),
        ("formaal.budget-beloeb", "25.000"),
        ("formaal.aldersgrupper", "1,2"),
        ("kortlaeg.liste-klar", "3-12-2026"),
        ("formaal.maal", "Flere unge i fritidsjob: mindst 10."),
    ]:
        assert cli("guide", "answer", key, value).exit_code == 0
    for fmt in ("yaml", "json"):
        exported = cli("guide", "answers", "--format", fmt).stdout
        before = stored_answers(cli)
        assert before["formaal.budget-beloeb"] == 25000 and before["kortlaeg.liste-klar"] == "2026-12-03"
        path = tmp_path / f"answers.{fmt}"
        path.write_text(exported, encoding="utf-8")
        other = tmp_path / f"other-{fmt}.db"
        assert cli("--db", str(other), "init", "--area", "Sydbyen").exit_code == 0
        result = cli("--db", str(other), "guide", "run", "--answers", str(path))
        assert result.exit_code == 0, result.output
        assert "6 svar" in result.stdout
        assert json.loads(cli("--db", str(other), "guide", "answers", "--format", "json").stdout) == before


def test_an_answers_file_with_one_bad_value_stores_none(
    cli: Cli, workspace: Path, write_file: Callable[[str, str], Path], query: Query
) -> None:
    path = write_file("a.yaml", "formaal.antal-unge: 25\nformaal.budget: kanske\nformaal.nope: 1\n")
    result = cli("guide", "run", "--answers", str(path))
    assert result.exit_code == 1
    assert (
        "formaal.budget" in result.stderr
        and "formaal.nope" in result.stderr
        and "intet er gemt" in result.stderr
    )
    assert query("SELECT count(*) FROM guide_answers") == [(0,)]


def test_run_without_a_terminal_says_what_to_use_instead(cli: Cli, workspace: Path) -> None:
    result = cli("guide", input="")
    assert result.exit_code == 1
    assert "guide answer" in result.stderr and "--answers" in result.stderr


def test_someone_elses_guide_file_runs_by_path(
    cli: Cli, workspace: Path, write_file: Callable[[str, str], Path]
) -> None:
    path = str(write_file("cykel.yaml", OTHER_GUIDE))
    assert cli("guide", "answer", path, "plan.unge", "12").exit_code == 0
    assert cli("guide", "answer", path, "drift.maal", "lapning, Bremser").exit_code == 0
    assert stored_answers(cli, path) == {"plan.unge": 12, "drift.maal": ["lapning", "bremser"]}
    status = json.loads(cli("status", "--json").stdout)
    cykel = next(g for g in status["guides"] if g["id"] == "cykelvaerksted")
    assert cykel["answered"] == 2


def test_show_marks_questions_that_do_not_apply(
    cli: Cli, workspace: Path, write_file: Callable[[str, str], Path]
) -> None:
    path = str(write_file("cykel.yaml", OTHER_GUIDE))
    cli("guide", "answer", path, "plan.mester", "nej")
    doc = json.loads(cli("guide", "show", path, "--json").stdout)
    by_key = {q["key"]: q for s in doc["steps"] for q in s["questions"]}
    assert by_key["plan.mester-navn"]["applies"] is False
    assert by_key["plan.mester"]["answer"] is False
    text = cli("guide", "show", path).stdout
    assert "stilles ikke" in text and "nej" in text


def test_english_everywhere_with_lang(cli: Cli, workspace: Path) -> None:
    result = cli("--lang", "en", "guide", "answer", "formaal.antal-unge", "many")
    assert "is not a number" in result.stderr
    result = cli("--lang", "en", "guide", "list")
    assert "Questions" in result.stdout and "Bring local businesses on board" in result.stdout


def test_answers_to_questions_that_do_not_apply(cli: Cli, workspace: Path, query: Query) -> None:
    refused = cli("guide", "answer", "formaal.budget-beloeb", "1000")
    assert refused.exit_code == 1 and "formaal.budget" in refused.stderr
    assert query("SELECT count(*) FROM guide_answers") == [(0,)]
    assert cli("guide", "answer", "formaal.budget", "ja").exit_code == 0
    assert cli("guide", "answer", "formaal.budget-beloeb", "1000").exit_code == 0
    assert (
        cli("guide", "answer", "formaal.budget", "nej").exit_code == 0
    )  # the amount is kept, but not exported
    assert stored_answers(cli) == {"formaal.budget": False}


def test_counts_must_be_whole_and_numbers_finite(
    cli: Cli, workspace: Path, write_file: Callable[[str, str], Path]
) -> None:
    half = cli("guide", "answer", "formaal.antal-unge", "1,5")
    assert half.exit_code == 1 and "helt tal" in half.stderr
    nan = cli("guide", "run", "--answers", str(write_file("nan.yaml", "formaal.antal-unge: .nan\n")))
    assert nan.exit_code == 1 and "intet er gemt" in nan.stderr
    assert cli("--lang", "en", "guide", "answer", "formaal.budget", "yes").exit_code == 0
    assert cli("--lang", "en", "guide", "answer", "formaal.budget-beloeb", "1,500").exit_code == 0
    assert stored_answers(cli)["formaal.budget-beloeb"] == 1500


def test_hand_written_answer_files_with_yaml_numbers(
    cli: Cli, workspace: Path, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file("a.yaml", "kortlaeg.postnumre: 2860\nformaal.ejer: 2026-01-05\n")
    assert cli("guide", "run", "--answers", str(path)).exit_code == 0
    assert stored_answers(cli) == {"formaal.ejer": "2026-01-05", "kortlaeg.postnumre": "2860"}


def test_clear_an_answer(cli: Cli, workspace: Path, query: Query) -> None:
    cli("guide", "answer", "formaal.ejer", "Ahmed Said (ung beboer)")
    result = cli("guide", "answer", "--clear", "formaal.ejer")
    assert result.exit_code == 0 and "slettet" in result.stdout
    assert query("SELECT count(*) FROM guide_answers") == [(0,)]
    wrong = cli("guide", "answer", "formaal.ejer")
    assert wrong.exit_code == 1 and "STEP.QUESTION VALUE" in wrong.stderr


def test_own_guides_are_found_by_id_and_may_not_borrow_another_id(
    cli: Cli, workspace: Path, isolated: Path, write_file: Callable[[str, str], Path]
) -> None:
    user_dir = isolated.parent / "data" / "lokalspil" / "guides"
    write_file("data/lokalspil/guides/cykelvaerksted.yaml", OTHER_GUIDE)
    assert cli("guide", "answer", "cykelvaerksted", "plan.unge", "3").exit_code == 0
    listed = json.loads(cli("guide", "list", "--json").stdout)
    assert [g["id"] for g in listed].count("cykelvaerksted") == 1
    write_file(
        "data/lokalspil/guides/min-guide.yaml", OTHER_GUIDE.replace("id: cykelvaerksted", "id: noget-andet")
    )
    misnamed = cli("guide", "check", str(user_dir / "min-guide.yaml"))
    assert misnamed.exit_code == 1 and "noget-andet.yaml" in misnamed.stderr
    thief = write_file(
        "elsewhere/kopi.yaml", OTHER_GUIDE.replace("id: cykelvaerksted", "id: saet-virksomheder-i-spil")
    )
    refused = cli("guide", "answer", str(thief), "plan.unge", "3")
    assert refused.exit_code == 1 and "eget id" in refused.stderr


def test_unknown_language_is_refused(cli: Cli, workspace: Path) -> None:
    result = cli("--lang", "fr", "status")
    assert result.exit_code == 2 and "--lang da" in result.output  # a usage error


def test_a_workspace_locked_by_another_program_gets_a_plain_message(
    cli: Cli, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import lokalspil.database

    monkeypatch.setattr(lokalspil.database, "BUSY_SECONDS", 1)  # a user's command waits two minutes first

    other = sqlite3.connect(workspace)
    other.execute("BEGIN IMMEDIATE")  # another program is writing and does not let go
    try:
        result = cli("guide", "answer", "formaal.antal-unge", "4")
    finally:
        other.rollback()
        other.close()
    assert result.exit_code == 1
    assert "andet program" in result.stderr and "Traceback" not in result.output
    assert cli("guide", "answer", "formaal.antal-unge", "4").exit_code == 0  # and works once it is free


def test_andet_takes_a_free_text_that_is_stored_shown_and_checked(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    ok(cli("guide", "answer", "formaal.partnere", "1, Andet: Naboforeningen, Kirken"))
    assert stored_answers(cli)["formaal.partnere"] == ["jobcenter", {"andet": "Naboforeningen, Kirken"}]
    shown = cli("guide", "show").stdout
    assert "Jobcentret, Andet: Naboforeningen, Kirken" in " ".join(shown.split())
    ok(cli("plan", "-o", str(tmp_path / "plan.md")))
    assert "Andet: Naboforeningen, Kirken" in (tmp_path / "plan.md").read_text(encoding="utf-8")
    refused = cli("guide", "answer", "formaal.partnere", "1, andet")  # Andet without its text
    assert refused.exit_code != 0 and "efter et kolon" in refused.output
    cpr = cli("guide", "answer", "formaal.partnere", "Andet: Jens 010190-1234")
    assert cpr.exit_code != 0 and "CPR" in cpr.output
    assert stored_answers(cli)["formaal.partnere"] == ["jobcenter", {"andet": "Naboforeningen, Kirken"}]
    path = tmp_path / "svar.yaml"  # and back in through an answers file
    path.write_text("formaal.partnere: [skole, {andet: Biblioteket}]\n", encoding="utf-8")
    ok(cli("guide", "run", "--answers", str(path)))
    assert stored_answers(cli)["formaal.partnere"] == ["skole", {"andet": "Biblioteket"}]
