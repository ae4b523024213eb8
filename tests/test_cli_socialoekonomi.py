"""The social-economy guide, the agreements it leads to, the note to the board and the plan's section."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli, ok, printed_json


def test_the_guide_is_shown_in_both_languages_and_checks(cli: Cli, workspace: Path) -> None:
    from lokalspil.paths import builtin_guides_dir

    ok(cli("guide", "check", str(builtin_guides_dir() / "socialoekonomi.yaml")))
    shown = printed_json(cli("guide", "show", "socialoekonomi", "--json"))
    assert shown["id"] == "socialoekonomi"
    assert len(shown["steps"]) >= 4
    for step in shown["steps"]:
        assert step["title"]["da"] and step["title"]["en"]
        for question in step["questions"]:
            assert question["prompt"]["da"] and question["prompt"]["en"]
    text = json.dumps(shown, ensure_ascii=False)
    assert "driftstilskud" in text and "sideaktivitet" in text and "tærskel" in text


def test_guide_list_and_status_show_both_guides(cli: Cli, workspace: Path) -> None:
    listed = ok(cli("guide", "list")).output
    assert "saet-virksomheder-i-spil" in listed and "socialoekonomi" in listed
    status = printed_json(cli("status", "--json"))
    assert {g["id"] for g in status["guides"]} >= {"saet-virksomheder-i-spil", "socialoekonomi"}


def test_note_to_the_board_and_the_plan_section(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Café Fælleden", "--cvr", "13585628", "--social-economy", "--rsv"))
    ok(
        cli(
            "agreement",
            "add",
            "Fælleden",
            "--kind",
            "erhvervslejemål",
            "--address",
            "Torvet 4",
            "--m2",
            "120",
        )
    )
    ok(cli("agreement", "add", "Fælleden", "--kind", "socialøkonomisk indkøb", "--what", "Trappevask",
           "--amount", "250000"))  # fmt: skip
    listed = printed_json(cli("agreement", "list", "--json"))
    assert {(a["address"], a["m2"]) for a in listed} >= {("Torvet 4", 120)}
    assert {(a["what"], a["amount"]) for a in listed} >= {("Trappevask", 250000)}

    plan = ok(cli("plan")).output
    assert "Socialøkonomiske virksomheder" not in plan  # no answers yet: no section
    ok(cli("guide", "answer", "socialoekonomi", "behov.behov", "Centret mangler en café."))
    ok(cli("guide", "answer", "socialoekonomi", "tilbud.tilbud", "lokaler, indkoeb"))
    ok(cli("guide", "answer", "socialoekonomi", "tilbud.graenser", "ja"))
    ok(cli("guide", "answer", "socialoekonomi", "aftale.bestyrelsesmoede", "2027-02-10"))
    plan = ok(cli("plan")).output
    assert "Socialøkonomiske virksomheder" in plan and "Centret mangler en café." in plan

    ok(cli("letter", "socialoekonomi-notat", "Fælleden", "--format", "pdf", "-o", "notat"))
    from pypdf import PdfReader

    pdf = next((tmp_path / "notat").iterdir())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "Café Fælleden" in text and "Torvet 4" in text and "120 m²" in text
    assert "Trappevask" in text and "250.000 kr." in text
    assert "driftstilskud" in text and "10. februar 2027" in text
