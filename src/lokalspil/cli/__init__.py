"""The command line. `main` settles the language before the commands are built, so help speaks it too."""

from __future__ import annotations

import re
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
                command.params[-1].metavar = ""  # a flag: no value to name (see groups.plain_help)
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

    _stop_on_sigterm()
    sys.exit(run(app, prog_name="lokalspil"))


def _stop_on_sigterm() -> None:
    """`kill` (SIGTERM) stops a command as Ctrl-C does: what it was doing is rolled back and its temporary files
    removed, instead of the process vanishing on the spot."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def run(app: Any, **options: Any) -> int:
    """Run the app and return its exit code; usage errors are told in the user's language."""
    import typer
    from typer._click import exceptions as click_errors

    try:
        result = app(standalone_mode=False, **options)
    except click_errors.NoArgsIsHelpError as e:
        assert e.ctx is not None
        print(e.ctx.get_help())
        return 0
    except click_errors.UsageError as e:
        from lokalspil import console

        console.error(usage_message(e))
        return e.exit_code
    except click_errors.ClickException as e:
        e.show()
        return e.exit_code
    except typer.Abort:
        return 1
    return result if isinstance(result, int) else 0


# Typer's checks of a path ("file '/x' is a directory."), told in the user's language.
_PATH_PROBLEM = re.compile(
    r"^\w+ (['\"])(?P<path>.*)\1 (?P<what>is a file|is a directory|does not exist|is not readable|is not writable)\.?$"
)
_PATH_KEYS = {
    "is a file": "usage.path_is_file", "is a directory": "usage.path_is_folder",
    "does not exist": "usage.path_missing", "is not readable": "usage.path_no_access",
    "is not writable": "usage.path_no_access",
}  # fmt: skip


def _reason(message: str) -> str:
    from lokalspil.messages import t

    if "valid integer" in message:
        return t("usage.whole_number")
    found = _PATH_PROBLEM.match(message)
    if found:
        return t(_PATH_KEYS[found["what"]], path=found["path"])
    return message


def usage_message(e: Any) -> str:
    """A command typed wrongly, said plainly: what is wrong, and where to read how the command is used."""
    from typer._click import exceptions as click_errors

    from lokalspil.messages import t

    def hint_of(param: Any) -> str:
        hint = getattr(e, "param_hint", None) or (param.get_error_hint() if param is not None else "")
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)

    if isinstance(e, click_errors.MissingParameter):
        text = t("usage.missing", what=hint_of(e.param))
    elif isinstance(e, click_errors.NoSuchOption):
        text = t("usage.no_such_option", option=e.option_name)
        if e.possibilities:
            text += " " + t("usage.did_you_mean", options=", ".join(sorted(e.possibilities)))
    elif isinstance(e, click_errors.BadParameter):
        text = t("usage.bad_value", what=hint_of(e.param), reason=_reason(e.message))
    elif e.message.startswith("No such command"):
        text = t("usage.no_such_command", command=e.message.split("'")[1] if "'" in e.message else e.message)
    elif e.message.startswith("Got unexpected extra argument"):
        extra = e.message[e.message.rfind(" (") + 2 :].rstrip(").")
        text = t("usage.extra", arguments=extra)
    else:
        text = t("usage.other", message=e.message)
    path = e.ctx.command_path if e.ctx is not None else "lokalspil"
    return f"{text} {t('usage.see_help', command=path)}"
