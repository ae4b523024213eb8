"""Every command and option has help text, in both languages, and the README shows the two commands."""

from __future__ import annotations

import re
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


def test_the_schema_reference_matches_the_migrations() -> None:
    """docs/schema.md describes what the migrations make of an empty database."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_reference", REPO / "docs" / "reference.py")
    assert spec is not None and spec.loader is not None
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    checked_in = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    assert reference.schema() == checked_in, "run: python docs/reference.py"


def test_the_schema_reference_names_every_table() -> None:
    import sqlite3

    from lokalspil.database import records
    from lokalspil.migrations import migrations

    conn = sqlite3.connect(":memory:")
    migrations().apply(records(conn))
    text = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    tables = [
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not re.search(r"_fts_(data|idx|docsize|config)$", name)
    ]
    for name in tables:
        assert f"### `{name}`" in text, name
    assert "(not described yet)" not in text, "describe the new table in TABLES in docs/reference.py"


# ---------------------------------------------------------------------------------------------------------------
# Help in both languages, compared through the two generated references (each made in its own interpreter, as
# help texts are fixed when the commands are imported).

# Typer adds these to every command group it makes with completion on; their help is Typer's, in English only.
TYPER_COMPLETION = {"--install-completion", "--show-completion"}


def reference_sections(language: str) -> dict[str, tuple[str, dict[str, str], dict[str, str]]]:
    """{command: (its help, {option: help}, {argument: help})} from the CLI reference in `language`."""
    name = "cli.md" if language == "da" else "cli.en.md"
    text = (REPO / "docs" / name).read_text(encoding="utf-8")
    parts = re.split(r"^#+ `(lokalspil[^`]*)`\n", text, flags=re.MULTILINE)
    sections = {}
    for command, body in zip(parts[1::2], parts[2::2], strict=True):
        first = body.strip().split("\n\n")[0]
        help_text = "" if first.startswith("**") else first
        options = dict(re.findall(r"^\* `(-[^` ]+)[^`]*`:[ ]?(.*)$", body, flags=re.MULTILINE))
        # Arguments by position: their names are words of the language (FIL, FILE).
        found = re.findall(r"^\* `([A-ZÆØÅ\[][^`]*)`:[ ]?(.*)$", body, flags=re.MULTILINE)
        arguments = {f"argument {i + 1}": text for i, (_, text) in enumerate(found)}
        sections[command] = (help_text, options, arguments)
    return sections


def _without_required(text: str) -> str:
    return re.sub(r"\s*\[(required|default: [^\]]*)\]", "", text).strip()


def test_every_command_has_help_in_both_languages() -> None:
    da, en = reference_sections("da"), reference_sections("en")
    assert len(da) == len(ALL) + 1  # every command, and `lokalspil` itself
    assert set(da) == set(en)
    problems = []
    for command in da:
        (da_help, da_options, da_arguments), (en_help, en_options, en_arguments) = da[command], en[command]
        if not da_help or not en_help:
            problems.append(f"{command}: no help")
        elif da_help == en_help:
            problems.append(f"{command}: the same help in Danish and English")
        if set(da_options) != set(en_options) or set(da_arguments) != set(en_arguments):
            problems.append(f"{command}: other options or arguments in the two languages")
        for kind, ours, theirs in (
            ("option", da_options, en_options),
            ("argument", da_arguments, en_arguments),
        ):
            for name, text in ours.items():
                other = theirs.get(name, "")
                if not _without_required(text) or not _without_required(other):
                    problems.append(f"{command} {name}: no help for the {kind}")
                elif text == other and name not in TYPER_COMPLETION:
                    problems.append(f"{command} {name}: the same help in Danish and English")
    assert not problems, "\n".join(problems)


def test_only_the_root_command_offers_shell_completion() -> None:
    sections = reference_sections("da")
    assert set(sections["lokalspil"][1]) >= TYPER_COMPLETION
    for command, (_, options, _) in sections.items():
        assert command == "lokalspil" or not TYPER_COMPLETION & set(options), command


TYPE_NAMES = re.compile(r"<(?:str|bool|int|float|path|file|dir|list\[\w+\])>")


@pytest.mark.parametrize(
    ("language", "words"),
    [("da", ("lokalspil letter [INDSTILLINGER] SKABELON [VIRKSOMHED]...", "--output", "MAPPE", "--combine", "FIL")),
     ("en", ("lokalspil letter [OPTIONS] TEMPLATE [COMPANY]...", "--output", "FOLDER", "--combine", "FILE"))],
)  # fmt: skip
def test_help_names_values_in_the_users_words(language: str, words: tuple[str, ...]) -> None:
    """What an option takes is a word of the user's language; a flag shows none; no type names or braces."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    shown = subprocess.run(
        [sys.executable, "-m", "lokalspil", "--lang", language, "letter", "--help"],
        capture_output=True, text=True, check=True, env=env,
    ).stdout  # fmt: skip
    for word in words:
        assert word in shown
    assert not TYPE_NAMES.search(shown), shown
    assert "{" not in shown
    flag = next(line for line in shown.splitlines() if "--no-log" in line)
    assert not re.search(r"--no-log\s+(TEKST|TEXT)", flag)  # a flag takes no value
    for name in ("cli.md", "cli.en.md"):  # and so in the reference made from the same help
        reference = (REPO / "docs" / name).read_text(encoding="utf-8")
        assert not TYPE_NAMES.search(reference), name
