"""Every command and option has help text, in both languages, and the README shows the two commands."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer

from lokalspil.cli.app import app
from tests.conftest import REPO


def commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    for name, command in group.commands.items():
        yield (*path, name), command
        if hasattr(command, "commands"):
            yield from commands(command, (*path, name))


def everything() -> Any:
    group = typer.main.get_command(app)
    group.load_all()  # type: ignore[attr-defined]
    return group


ALL = list(commands(everything()))


def test_there_are_commands() -> None:
    names = {" ".join(path) for path, _ in ALL}
    assert {"init", "status", "guide", "guide run", "guide answer", "guide tick", "guide answers"} <= names
    assert {"guide show", "guide check", "guide list"} <= names


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) for p, _ in ALL])
def test_every_command_and_option_has_help(path: tuple[str, ...], command: Any) -> None:
    assert (command.help or "").strip(), path
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden:
            assert (param.help or "").strip(), (path, param.name)


def test_readme_starts_with_the_two_commands() -> None:
    top = "\n".join((REPO / "README.md").read_text(encoding="utf-8").splitlines()[:30])
    assert "pip install . && lokalspil guide" in top
    assert "pip install '.[test]' && pytest" in top


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_cli_reference_matches_the_commands(language: str) -> None:
    import subprocess
    import sys

    script = REPO / "docs" / "reference.py"
    fresh = subprocess.run(
        [sys.executable, str(script), language], capture_output=True, text=True, check=True
    )
    checked_in = (REPO / "docs" / ("cli.md" if language == "da" else "cli.en.md")).read_text(encoding="utf-8")
    assert fresh.stdout == checked_in, "run: python docs/reference.py"
