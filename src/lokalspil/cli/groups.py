"""Command groups: the root group holds the one error handler; the guide group runs `guide run` by default."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from typing import Any, ClassVar

import typer
from typer.core import TyperGroup

from lokalspil.errors import (
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    EXIT_USER_ERROR,
    BadUsage,
    LokalspilError,
    os_reason,
)

# What SQLite says when the file, not the program, is the problem.
FILE_PROBLEMS = ("locked", "readonly", "read-only", "disk", "i/o", "unable to open", "busy")


class RootGroup(TyperGroup):
    """The `lokalspil` group.

    Commands are loaded lazily: `lazy` maps each command's name to where it lives ("module:attribute": a Typer app
    or a command function) and the catalogue key of its help. Help lists them by name and help alone; only the
    command that runs is imported and built, so `lokalspil --help` and `lokalspil status` stay fast however many
    commands there are (Click's "lazily loading subcommands").

    It also turns every error into a plain sentence on stderr and an exit code; a traceback only with --debug.
    """

    lazy: ClassVar[dict[str, tuple[str, str]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_help(self)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in self.lazy if name not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy:
            from typer.core import TyperCommand

            from lokalspil.messages import t

            return TyperCommand(cmd_name, help=t(self.lazy[cmd_name][1]))  # enough to be listed in help
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in self.lazy:
            return args[0], self.load(args[0]), args[1:]
        return super().resolve_command(ctx, args)

    def load(self, name: str) -> Any:
        """Import and build one lazily registered command."""
        if name not in self.commands:
            import importlib

            from lokalspil.messages import t

            target, help_key = self.lazy[name]
            module, _, attribute = target.partition(":")
            obj = getattr(importlib.import_module(module), attribute)
            if not isinstance(obj, typer.Typer):
                single = typer.Typer(add_completion=False, rich_markup_mode="rich")
                single.command(name, help=t(help_key))(obj)
                obj = single
            command = typer.main.get_command(obj)
            command.name = name
            command.help = command.help or t(help_key)
            plain_help(command)
            self.commands[name] = command
        return self.commands[name]

    def load_all(self) -> None:
        """Build every command (for the generated reference and the tests of every command's help)."""
        for name in self.lazy:
            self.load(name)

    def command_name(self, ctx: Any) -> str | None:
        """The command being run, as the user would name it ('company edit'), for the history of changes."""
        from lokalspil.cli.typer_hooks import invoked_words

        args = invoked_words(ctx)
        if not args or args[0] not in self.lazy:
            return None
        command = self.load(args[0])
        sub = getattr(command, "commands", {})
        return " ".join(args[:2]) if len(args) > 1 and args[1] in sub else args[0]

    def invoke(self, ctx: Any) -> Any:
        from lokalspil.database import set_command, set_waiting
        from lokalspil.files import forget_workspaces

        set_command(self.command_name(ctx))
        set_waiting(_tell_waiting)
        forget_workspaces()  # each command protects the workspace it opens (tests run many in one process)
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`lokalspil plan | head`): stop quietly, as other command-line tools do.
            _quiet_stdout()
            raise typer.Exit(0) from None
        except (KeyboardInterrupt, Exception) as e:
            from lokalspil.cli.typer_hooks import ClickException

            if isinstance(e, ClickException) or (isinstance(e, Exception) and _debug(ctx)):
                raise  # a usage error is told by `run`
            from lokalspil import console

            code, message = _explain(e, ctx)
            if isinstance(e, KeyboardInterrupt | EOFError):
                console.err.print()  # past the ^C or ^D the terminal echoed
            console.error(message)
            raise typer.Exit(code) from None


_WORD = re.compile(r"[A-Z][A-Z]+")
METAVAR_WORDS = (
    "ADDRESS", "COLUMN", "COMPANY", "DATE", "DIR", "FIELD", "FILE", "GUIDE", "ITEM", "NAME", "PATH", "QUESTION",
    "STAGE", "STEP", "SUMMARY", "TEMPLATE", "TEXT", "VALUE",
)  # fmt: skip


def plain_help(command: Any) -> None:
    """Help in plain words, in the user's language: an option's value is named as a word ('FIL', 'TEKST', 'TAL')
    instead of Typer's type names ('<path>', '<str>', '<int>'), a flag shows no value (Typer writes '<bool>'), and
    an argument shows its name only. Applied to each command as it is built, and to its subcommands."""
    from typer.core import TyperArgument, TyperOption

    from lokalspil.cli.typer_hooks import option_value_kind, plain_argument
    from lokalspil.messages import t

    def word(match: re.Match[str]) -> str:
        found = match.group()
        return t(f"metavar.{found.lower()}") if found in METAVAR_WORDS else found

    for param in command.params:
        if param.metavar is not None:
            param.metavar = _WORD.sub(word, param.metavar)
        elif isinstance(param, TyperOption):
            if param.is_flag:
                param.metavar = ""
            else:
                kind = option_value_kind(param)
                numbers = kind in (int, float) or kind in (list[int], list[float])
                param.metavar = t("metavar.number" if numbers else "metavar.text")
        if isinstance(param, TyperArgument):
            # The name says it; and the usage line shows it as declared ('VIRKSOMHED', '[FIL]', 'TEKST...'),
            # not in Typer's braces ('{VIRKSOMHED}', '[[FIL]]', '{TEKST...}...').
            plain_argument(param, param.metavar or (param.name or "").upper())
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)


def _tell_waiting() -> None:
    """A write waits for another program that holds the workspace: say so, and how to stop waiting."""
    from lokalspil import console
    from lokalspil.database import BUSY_SECONDS
    from lokalspil.messages import t

    console.warn(t("db.waiting", seconds=BUSY_SECONDS))


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that Python's own flush at exit does not complain about the closed pipe."""
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _explain(e: BaseException, ctx: Any) -> tuple[int, str]:
    """The exit code and the plain sentence for anything that went wrong in a command."""
    from lokalspil.messages import t

    if isinstance(e, LokalspilError):
        return EXIT_USAGE if isinstance(e, BadUsage) else EXIT_USER_ERROR, str(e)
    if isinstance(e, KeyboardInterrupt):
        return EXIT_INTERRUPTED, t("interrupted")
    if isinstance(e, EOFError):
        return EXIT_USER_ERROR, t("end_of_input")
    from lokalspil.database import is_damage

    if is_damage(e):
        from lokalspil.cli.settings import settings

        return EXIT_USER_ERROR, t("db.damaged", path=settings(ctx).db_path)
    if isinstance(e, sqlite3.OperationalError) and any(word in str(e).lower() for word in FILE_PROBLEMS):
        from lokalspil.cli.settings import settings

        reason = str(e).lower()
        key = (
            "db.busy" if "locked" in reason or "busy" in reason
            else "db.disk_full" if "full" in reason
            else "db.read_only" if "readonly" in reason or "read-only" in reason
            else "db.write_failed"
        )  # fmt: skip
        return EXIT_USER_ERROR, t(key, path=settings(ctx).db_path, reason=str(e))
    if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
        return EXIT_USER_ERROR, t("disk_full", path=e.filename or "", reason=os_reason(e))
    if isinstance(e, OSError) and e.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT):
        return EXIT_USER_ERROR, t("file_problem", path=e.filename or "", reason=os_reason(e))
    if isinstance(e, UnicodeError):
        return EXIT_USER_ERROR, t("input.not_utf8")
    return EXIT_USER_ERROR, t("unexpected", error=f"{type(e).__name__}: {e}")


def _debug(ctx: Any) -> bool:
    from lokalspil.cli.settings import settings

    return settings(ctx).debug or os.environ.get("LOKALSPIL_DEBUG") == "1"


class DefaultRunGroup(TyperGroup):
    """`lokalspil guide [GUIDE] [--step S]` is `lokalspil guide run [GUIDE] [--step S]`."""

    default_command = "run"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)
