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
    """Typer's own headings ('Options', 'Commands') in the user's language; only paid for when help is shown."""
    from lokalspil.cli.typer_hooks import translate_help
    from lokalspil.messages import t

    translate_help(t)


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

    from lokalspil.cli import typer_hooks as hooks

    try:
        result = app(standalone_mode=False, **options)
    except hooks.NoArgsIsHelpError as e:
        assert e.ctx is not None
        _translate_typer_help()
        hooks.forget_help_option(e.ctx)
        help_text = (
            e.ctx.get_help()
        )  # Typer's help prints itself and returns nothing; Click's plain one returns it
        if help_text:
            print(help_text)
        return 0
    except hooks.UsageError as e:
        from lokalspil import console

        console.error(usage_message(e))
        return e.exit_code
    except hooks.ClickException as e:
        e.show()
        return e.exit_code
    except typer.Abort:
        return 1
    return result if isinstance(result, int) else 0


def usage_message(e: Any) -> str:
    """A command typed wrongly, said plainly: what is wrong, and where to read how the command is used. Each kind
    of mistake is known by its exception type (see typer_hooks), never by Click's English wording."""
    from lokalspil.cli import typer_hooks as hooks
    from lokalspil.messages import t

    def hint_of(param: Any) -> str:
        hint = getattr(e, "param_hint", None) or (param.get_error_hint() if param is not None else "")
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)

    if isinstance(e, hooks.MissingParameter):
        text = t("usage.missing", what=hint_of(e.param))
    elif isinstance(e, hooks.NoSuchOption):
        text = t("usage.no_such_option", option=e.option_name)
        if e.possibilities:
            text += " " + t("usage.did_you_mean", options=", ".join(sorted(e.possibilities)))
    elif isinstance(e, hooks.PathProblem):
        text = t("usage.bad_value", what=hint_of(e.param), reason=t(e.key, path=e.path))
    elif isinstance(e, hooks.NotWholeNumber):
        text = t("usage.bad_value", what=hint_of(e.param), reason=t("usage.whole_number"))
    elif isinstance(e, hooks.BadParameter):
        text = t("usage.bad_value", what=hint_of(e.param), reason=e.message)
    elif isinstance(e, hooks.NoSuchCommand):
        text = t("usage.no_such_command", command=e.name)
        import difflib

        listing = getattr(e.ctx.command, "list_commands", None) if e.ctx is not None else None
        known = listing(e.ctx) if listing is not None else []
        if close := difflib.get_close_matches(e.name, known, n=3, cutoff=0.6):
            text += " " + t("usage.did_you_mean", options=", ".join(close))
    elif isinstance(e, hooks.ExtraArguments):
        text = t("usage.extra", arguments=" ".join(e.extra))
    else:
        text = t("usage.other", message=e.message)
    path = e.ctx.command_path if e.ctx is not None else "lokalspil"
    return f"{text} {t('usage.see_help', command=path)}"
