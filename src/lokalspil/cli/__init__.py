"""The command line. `main` settles the language before the commands are built, so help speaks it too."""

from __future__ import annotations

import sys
from typing import Any


def _peek(argv: list[str], name: str) -> str | None:
    """The value of a global option in argv, before Typer parses it."""
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _translate_typer_help() -> None:
    """Typer's own headings ('Options', 'Commands') in Danish; only paid for when help is shown."""
    from typer import rich_utils

    from lokalspil.messages import t

    rich_utils.OPTIONS_PANEL_TITLE = t("typer.options")
    rich_utils.ARGUMENTS_PANEL_TITLE = t("typer.arguments")
    rich_utils.COMMANDS_PANEL_TITLE = t("typer.commands")
    rich_utils.ERRORS_PANEL_TITLE = t("typer.error")
    rich_utils.REQUIRED_LONG_STRING = t("typer.required")
    rich_utils.DEFAULT_STRING = t("typer.default")
    rich_utils.RICH_HELP = t("typer.try_help")
    rich_utils.ABORTED_TEXT = t("typer.aborted")
    try:  # the --help option's own line; Typer builds it on demand through this module attribute
        from typer._click import decorators

        make_help_option = decorators.help_option

        def help_option(names: list[str]) -> Any:
            add = make_help_option(names)

            def apply(command: Any) -> Any:
                command = add(command)
                command.params[-1].help = t("help.opt.help")
                return command

            return apply

        decorators.help_option = help_option  # type: ignore[assignment]
    except (
        ImportError,
        AttributeError,
    ):  # pragma: no cover - a Typer without this hook keeps its English line
        pass


def main() -> None:
    from pathlib import Path

    from lokalspil.language import resolve_language
    from lokalspil.messages import set_language
    from lokalspil.paths import database_path

    argv = sys.argv[1:]
    db = _peek(argv, "--db")
    set_language(resolve_language(_peek(argv, "--lang"), database_path(Path(db) if db else None)))
    if not argv or "--help" in argv or "-h" in argv:
        _translate_typer_help()

    from lokalspil.cli.app import app

    app(prog_name="lokalspil")
