"""Guide files: every shipped guide loads; broken files get errors with file, key path and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lokalspil.guide_files import check_guide_file, load_guide_file
from lokalspil.guides import PLAN_SECTIONS, QUESTION_TYPES
from tests.conftest import OTHER_GUIDE, REPO, Cli

GUIDE_FILES = sorted((REPO / "guides").glob("*.yaml"))


def test_there_are_guide_files() -> None:
    assert [p.name for p in GUIDE_FILES] >= ["saet-virksomheder-i-spil.yaml"]


@pytest.mark.parametrize("path", GUIDE_FILES, ids=lambda p: p.stem)
def test_every_shipped_guide_loads_in_both_languages(path: Path) -> None:
    guide, problems = check_guide_file(path)
    assert problems == []
    assert guide is not None and guide.id == path.stem
    assert guide.source is not None and guide.source.note is not None
    assert "tilpasning" in guide.source.note.da.lower() or "egne ord" in guide.source.note.da.lower()
    for step in guide.steps:
        for text in (step.title, step.purpose, *step.tips, *(q.prompt for q in step.questions)):
            assert text.da and text.en and text.da != text.en


def test_the_company_guide_has_the_five_steps_in_the_agreed_shape() -> None:
    guide = load_guide_file(REPO / "guides" / "saet-virksomheder-i-spil.yaml")
    assert len(guide.steps) == 5
    assert guide.steps[0].phase == "establish" and guide.steps[-1].phase == "anchor"
    for step in guide.steps:
        assert 3 <= len(step.tips) <= 6, step.id
        # Step 1 holds what the board adopts (purpose, strategy, target group, goals, resources, partners).
        assert 4 <= len(step.questions) <= (14 if step.number == 1 else 9), step.id
        assert 4 <= len(step.checklist) <= 8, step.id
        assert step.tools, step.id
    assert {q.type for q in guide.questions()} == set(QUESTION_TYPES)
    assert any(q.when for q in guide.questions())
    commands = " ".join(t.command for s in guide.steps for t in s.tools)
    for tool in ("import companies", "letter", "agreement add", "plan"):
        assert tool in commands


def test_every_question_of_the_company_guide_has_one_plan_section_and_every_section_a_question() -> None:
    guide = load_guide_file(REPO / "guides" / "saet-virksomheder-i-spil.yaml")
    sections = {q.key: q.plan_section for q in guide.questions()}
    assert [key for key, section in sections.items() if section is None] == []
    assert set(sections.values()) == set(PLAN_SECTIONS)


def test_a_plan_section_the_plan_does_not_have_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(OTHER_GUIDE.replace("type: yesno", "type: yesno\n        plan_section: appendix"))
    _, problems = check_guide_file(path)
    assert [p.path for p in problems] == ["steps[0].questions[2].plan_section"]
    assert "appendix" in problems[0].message and "background" in problems[0].message


BROKEN = [
    # (what is wrong, the change to OTHER_GUIDE, the key path reported, the line, words in the message)
    ("typo in a key", ("        prompt: {da: \"Hvilken", "        promt: {da: \"Hvilken"), "steps[0].questions[1].promt", 18, "promt"),
    ("missing English", ("{da: Planlæg, en: Plan}", "{da: Planlæg}"), "steps[0].title", 5, "engelsk"),
    ("unknown type", ("type: yesno", "type: boolean"), "steps[0].questions[2].type", 24, "boolean"),
    ("condition on nothing", ("when: {question: mester,", "when: {question: mester2,"), "steps[0].questions[3].when.question", 30, "mester2"),
    ("choices on a number", ("        min: 1\n", "        min: 1\n        choices: []\n"), "steps[0].questions[0].choices", 15, "choice"),
    ("duplicate key", ("        required: true\n        min: 1", "        required: true\n        required: false\n        min: 1"), "steps[0].questions[0].required", 14, "to gange"),
    ("min above max", ("min: 1", "min: 100"), "steps[0].questions[0].min", 14, "min"),
    ("unknown record view", ("    tips:\n      - {da: \"Spørg", "    records: [pipeline, funnel]\n    tips:\n      - {da: \"Spørg"), "steps[0].records[1]", 7, "funnel"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "change", "key_path", "line", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_guide_check_names_file_key_path_and_line(
    cli: Cli,
    write_file: Callable[[str, str], Path],
    name: str,
    change: tuple[str, str],
    key_path: str,
    line: int,
    words: str,
) -> None:
    assert change[0] in OTHER_GUIDE
    path = write_file("broken.yaml", OTHER_GUIDE.replace(change[0], change[1], 1))
    result = cli("guide", "check", str(path))
    assert result.exit_code == 1
    report = result.stderr
    assert f"{path}:{line}: {key_path}:" in report, report
    assert words in report


def test_a_yaml_syntax_error_names_the_line(cli: Cli, write_file: Callable[[str, str], Path]) -> None:
    path = write_file(
        "syntax.yaml", OTHER_GUIDE.replace("    tips:\n      - {da", "    tips:\n     - [da", 1)
    )
    result = cli("guide", "check", str(path))
    assert result.exit_code == 1
    assert f"{path}:" in result.stderr and "YAML" in result.stderr


def test_every_problem_is_reported_not_only_the_first(
    cli: Cli, write_file: Callable[[str, str], Path]
) -> None:
    text = OTHER_GUIDE.replace("type: yesno", "type: boolean").replace(
        "{da: Drift, en: Running}", "{da: Drift}"
    )
    result = cli("guide", "check", str(write_file("two.yaml", text)))
    assert "2 fejl" in result.stderr
    assert "steps[0].questions[2].type" in result.stderr and "steps[1].title" in result.stderr


def test_a_good_file_passes_the_check(cli: Cli, write_file: Callable[[str, str], Path]) -> None:
    result = cli("guide", "check", str(write_file("ok.yaml", OTHER_GUIDE)))
    assert result.exit_code == 0
    assert "cykelvaerksted" in result.stdout and "2 trin" in result.stdout


def test_a_broken_guide_refuses_to_run_with_the_same_errors(
    cli: Cli, workspace: Path, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file("b.yaml", OTHER_GUIDE.replace("type: yesno", "type: boolean"))
    result = cli("guide", "answer", str(path), "plan.unge", "4")
    assert result.exit_code == 1
    assert f"{path}:24: steps[0].questions[2].type" in result.stderr
