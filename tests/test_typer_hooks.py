"""Each change lokalspil makes inside Typer and its bundled Click (src/lokalspil/cli/typer_hooks.py), one test each:
a Typer release that moves what a hook relies on fails here first."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import typer

from lokalspil.cli import typer_hooks as hooks
from lokalspil.cli.app import app
from tests.conftest import Cli

from .conftest import REPO


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lokalspil", *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )


def test_typer_is_within_the_pinned_range() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pin = next(d for d in declared if d.startswith("typer"))
    assert pin == "typer>=0.29,<0.30"
    major, minor = (int(part) for part in typer.__version__.split(".")[:2])
    assert (major, minor) == (0, 29)


def test_no_module_but_the_hooks_reaches_into_typer_or_click_internals() -> None:
    private = re.compile(
        r"typer\._|_click\b|_param_types|_protected_args|_usage_display_name|display_type_rich"
    )
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "src" / "lokalspil").rglob("*.py")
        if path.name != "typer_hooks.py" and private.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_translate_help_puts_typers_headings_and_the_help_line_in_danish() -> None:
    done = run("company", "add", "--help", env={"COLUMNS": "120"})
    assert done.returncode == 0
    assert "Indstillinger" in done.stdout and "Argumenter" in done.stdout
    assert "Vis denne hjælp og afslut." in done.stdout
    assert "Options" not in done.stdout and "Show this message" not in done.stdout


@pytest.mark.parametrize("group", ["company", "contact", "import"])
def test_quiet_no_args_help_shows_a_group_s_help_once_and_wholly_in_danish(group: str) -> None:
    done = run(group, env={"COLUMNS": "120"})
    assert done.returncode == 0
    assert done.stdout.count(f"lokalspil {group} [INDSTILLINGER] KOMMANDO [ARGUMENTER]...") == 1
    assert (
        "Brug:" in done.stdout and "Kommandoer" in done.stdout and "Vis denne hjælp og afslut." in done.stdout
    )
    for english in ("Usage", "Options", "Commands", "Show this", "[OPTIONS]", "COMMAND"):
        assert english not in done.stdout + done.stderr


def test_translate_help_writes_the_usage_line_in_the_user_s_language() -> None:
    assert (
        run("company", "list", "--help", env={"COLUMNS": "120"}).stdout.count("Brug: lokalspil company list")
        == 1
    )
    english = run("company", "list", "--help", env={"COLUMNS": "120", "LOKALSPIL_LANG": "en"}).stdout
    assert "Usage: lokalspil company list [OPTIONS]" in english


def test_forget_help_option_builds_the_help_line_again() -> None:
    from typer.main import get_command

    command = get_command(app)
    ctx = command.make_context("lokalspil", ["--help"], resilient_parsing=True)
    built = command.get_help_option(ctx)
    hooks.forget_help_option(ctx)
    assert command.get_help_option(ctx) is not built


def test_plain_argument_names_an_argument_without_braces_or_type() -> None:
    done = run("company", "show", "--help", env={"COLUMNS": "120"})
    usage = next(line for line in done.stdout.splitlines() if "lokalspil company show" in line)
    assert "VIRKSOMHED" in usage
    assert "{" not in usage and "<" not in usage


def test_plain_completion_options_are_flags_with_help_from_the_catalogue() -> None:
    from typer import main

    from lokalspil.messages import t

    install, show = main.get_install_completion_arguments()
    assert (install.opts, install.help, install.metavar) == (
        ["--install-completion"],
        t("help.opt.install_completion"),
        "",
    )
    assert (show.opts, show.help, show.metavar) == (["--show-completion"], t("help.opt.show_completion"), "")


def test_fast_values_leave_pydantic_out_of_an_option_left_out(workspace: Path) -> None:
    probe = (
        "import sys, runpy; sys.argv = ['lokalspil', 'status']\n"
        "try:\n    runpy.run_module('lokalspil', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print('PYDANTIC' if 'pydantic' in sys.modules else 'CLEAN', file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "LOKALSPIL_DB": str(workspace)},
        capture_output=True,
        text=True,
    )
    assert done.stderr.strip().endswith("CLEAN")


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["agenda", "--ics", "/"], "usage.path_is_folder"),
        (["plan", "-o", "/"], "usage.path_is_folder"),
    ],
)
def test_fast_values_raise_a_typed_path_problem(args: list[str], key: str, workspace: Path) -> None:
    with pytest.raises(hooks.PathProblem) as raised:
        app(args, standalone_mode=False)
    assert raised.value.key == key


@pytest.mark.parametrize("value", ["tre", "1,5", ""])
def test_fast_values_raise_not_whole_number(value: str, workspace: Path) -> None:
    with pytest.raises(hooks.NotWholeNumber) as raised:
        app(["agenda", "--days", value], standalone_mode=False)
    assert raised.value.value == value


def test_a_path_is_checked_by_the_rules_the_parameter_asks_for(tmp_path: Path) -> None:
    info = typer.models.ParameterInfo(exists=True, dir_okay=False, readable=True)
    missing = str(tmp_path / "nowhere.csv")
    with pytest.raises(hooks.PathProblem) as raised:
        hooks._check_path(missing, info, None, None)
    assert (raised.value.key, raised.value.path) == ("usage.path_missing", missing)
    with pytest.raises(hooks.PathProblem):
        hooks._check_path(str(tmp_path), info, None, None)
    hooks._check_path(__file__, info, None, None)  # a readable file passes


def test_a_whole_number_still_gets_typers_own_checks(cli: Cli, workspace: Path) -> None:
    assert cli("agenda", "--days", " 7 ").exit_code == 0


@pytest.mark.parametrize(("args", "name"), [(["compny"], "compny"), (["company", "lsit"], "lsit")])
def test_an_unknown_command_raises_no_such_command(args: list[str], name: str, workspace: Path) -> None:
    with pytest.raises(hooks.NoSuchCommand) as raised:
        app(args, standalone_mode=False)
    assert raised.value.name == name


def test_extra_arguments_raise_their_own_type(workspace: Path) -> None:
    with pytest.raises(hooks.ExtraArguments) as raised:
        app(["log", "Bageren", "Ringede", "igen", "og", "igen"], standalone_mode=False)
    assert raised.value.extra == ["igen", "og", "igen"]


def test_usage_errors_are_told_in_english_too_by_type() -> None:
    done = run("--lang", "en", "compny")
    assert done.returncode == 2
    assert "There is no command called 'compny'." in done.stderr


def test_invoked_words_name_the_command_in_the_history(cli: Cli, workspace: Path) -> None:
    assert cli("company", "add", "Bageren", "--postcode", "2860").exit_code == 0
    assert cli("company", "edit", "Bageren", "--city", "Søborg").exit_code == 0
    shown = cli("history", "--json")
    assert '"company edit"' in shown.stdout and '"company add"' in shown.stdout
