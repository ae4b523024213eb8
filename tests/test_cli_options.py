"""The options several commands share are declared once (src/lokalspil/cli/options.py) and used alike: every
`--json` is the same flag with the same help, every `--yes` has `-y`, and every listing or status command takes
`--json`."""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer

from lokalspil.cli import options
from tests.conftest import OTHER_GUIDE, Cli
from tests.test_docs import ALL

# The declarations in options.py: {alias name: (option or argument, its help)}.
SHARED = {
    name: ("option" if isinstance(value.__metadata__[0], typer.models.OptionInfo) else "argument",
           value.__metadata__[0].help)
    for name, value in vars(options).items()
    if typing.get_origin(value) is Annotated
}  # fmt: skip

# The project's rule: listing and status commands take --json (and so do a few that report what they did).
LISTING_AND_STATUS = [
    "status", "company list", "company show", "contact list", "agreement list", "opening list", "placement list",
    "target list", "agenda", "search", "history", "guide list", "guide show", "guide check", "template list", "doctor", "gdpr review",
]  # fmt: skip

PARAMS = [
    (" ".join(path), command, param)
    for path, command in ALL
    if command.callback is not None
    for param in command.params
]


def _annotation(command: Any, param: Any) -> Any:
    """How the command's function declares the parameter: the `Annotated[...]` alias it uses, if any."""
    function = inspect.unwrap(command.callback)
    return typing.get_type_hints(function, include_extras=True).get(param.name)


def test_the_shared_declarations_are_found() -> None:
    assert {"JsonFlag", "YesFlag", "CompanyArg", "CompanyFilterArg"} <= set(SHARED)
    assert len({help_text for _, help_text in SHARED.values()}) == len(
        SHARED
    )  # each is told apart by its help


def test_every_shared_option_is_used_from_the_one_declaration() -> None:
    """An option or argument with the help of a shared one is that shared one, not a copy written inline."""
    copies = [
        f"{where} {param.name}: use options.{name}"
        for where, command, param in PARAMS
        for name, (kind, help_text) in SHARED.items()
        if (param.param_type_name, param.help) == (kind, help_text)
        and _annotation(command, param) != getattr(options, name)
    ]
    assert not copies, "\n".join(copies)


def test_every_json_option_is_the_shared_flag() -> None:
    found = [(where, command, p) for where, command, p in PARAMS if "--json" in p.opts]
    assert len(found) >= len(LISTING_AND_STATUS)
    for where, command, param in found:
        assert param.opts == ["--json"] and not param.secondary_opts, where
        assert param.is_flag and param.default is False, where
        assert param.help == SHARED["JsonFlag"][1], where
        assert _annotation(command, param) == options.JsonFlag, where


def test_every_yes_option_has_a_short_form() -> None:
    found = [(where, p) for where, _, p in PARAMS if "--yes" in p.opts]
    assert found
    for where, param in found:
        assert param.opts == ["--yes", "-y"] and param.is_flag and param.default is False, where


@pytest.mark.parametrize("command", LISTING_AND_STATUS)
def test_listing_and_status_commands_take_json(command: str) -> None:
    taking = {where for where, _, param in PARAMS if "--json" in param.opts}
    assert command in taking


def test_every_list_command_takes_json() -> None:
    lists = {" ".join(path) for path, _ in ALL if path[-1] == "list"}
    assert lists >= {"company list", "contact list", "agreement list", "guide list", "template list"}
    assert lists <= set(LISTING_AND_STATUS)


def test_guide_check_json_reports_each_file(cli: Cli, write_file: Callable[[str, str], Path]) -> None:
    good = write_file("cykel.yaml", OTHER_GUIDE)
    bad = write_file("skaev.yaml", OTHER_GUIDE.replace("type: number", "type: tal"))
    result = cli("guide", "check", str(good), str(bad), "--json")
    assert result.exit_code == 1  # as without --json: a file has errors
    first, second = json.loads(result.stdout)
    assert first == {
        "path": str(good), "valid": True, "id": "cykelvaerksted", "steps": 2, "questions": 7, "problems": [],
    }  # fmt: skip
    assert second["path"] == str(bad) and second["valid"] is False and second["id"] is None
    [problem] = second["problems"]
    assert problem["line"] == 11 and problem["key"] == "steps[0].questions[0].type"
    assert "tal" in problem["message"] and problem["text"].startswith(f"{bad}:11: ")
    assert result.stderr == ""  # nothing but the JSON

    alone = cli("guide", "check", str(good), "--json")
    assert alone.exit_code == 0 and json.loads(alone.stdout)[0]["valid"] is True


# An option given a value it never takes (or options that do not go together) is a usage error: exit code 2, as
# Click's own ('--days tre', '--lang fr': see test_typer_hooks.py), with the same plain sentence on stderr.
BAD_OPTION_VALUES = [
    (["agenda", "--days", "-3"], "--days"),
    (["agenda", "--days", "99999999"], "--days"),
    (["history", "--limit", "0"], "--limit"),
    (["export", "companies", "--format", "docx"], "docx"),
    (["export", "companies", "-f", "csv", "-o", "liste.xlsx"], "-f xlsx"),
    (["company", "list", "--stage", "xyz"], "xyz"),
    (["company", "list", "--postcode", "abc"], "abc"),
    (["report", "--by", "uge"], "uge"),
    (["report", "--year", "1800"], "1800"),
    (["report", "--format", "docx"], "docx"),
    (["report", "--year", "2026", "--from", "1-3-2026"], "--year"),
    (["report", "--from", "1-3-2026", "--to", "1-1-2026"], "--from"),
    (["report", "--from", "snart"], "snart"),
    (["report", "--json", "--format", "md"], "--json"),
    (["plan", "--format", "odt"], "odt"),
    (["gdpr", "review", "--months", "0"], "--months"),
    (["backup", "--keep", "0"], "--keep"),
    (["guide", "answers", "--format", "docx"], "docx"),
    (["import", "companies", "liste.csv", "--delimiter", "ab", "--dry-run"], "ab"),
    (["import", "companies", "liste.csv", "--encoding", "klingon", "--dry-run"], "klingon"),
    (["import", "companies", "liste.csv", "--map", "Firma", "--dry-run"], "KOLONNE=FELT"),
    (["import", "companies", "liste.csv", "--map", "Firma=farve", "--dry-run"], "Firma=farve"),
]


@pytest.mark.parametrize(("args", "said"), BAD_OPTION_VALUES, ids=[" ".join(a) for a, _ in BAD_OPTION_VALUES])
def test_a_bad_option_value_is_a_usage_error(
    args: list[str], said: str, cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    (tmp_path / "liste.csv").write_text("Firma;Postnummer\nBageriet;2860\n", encoding="utf-8")
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert said in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) <= 3  # a plain sentence, not a help screen
