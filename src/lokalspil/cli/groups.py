"""Command groups: the root group holds the one error handler; the guide group runs `guide run` by default."""

from __future__ import annotations

import os
from typing import Any

import typer
from typer.core import TyperGroup

from lokalspil.errors import EXIT_INTERRUPTED, EXIT_USER_ERROR, LokalspilError


class RootGroup(TyperGroup):
    """Turns every error into a plain sentence on stderr and an exit code; a traceback only with --debug."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except LokalspilError as e:
            if _debug(ctx):
                raise
            from lokalspil import console

            console.error(str(e))
            raise typer.Exit(EXIT_USER_ERROR) from None
        except KeyboardInterrupt:
            from lokalspil import console
            from lokalspil.messages import t

            console.err.print()
            console.error(t("interrupted"))
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except EOFError:
            from lokalspil import console
            from lokalspil.messages import t

            console.err.print()
            console.error(t("end_of_input"))
            raise typer.Exit(EXIT_USER_ERROR) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as e:
            if _debug(ctx) or type(e).__module__.startswith(("typer", "click")):
                raise
            from lokalspil import console
            from lokalspil.messages import t

            console.error(t("unexpected", error=f"{type(e).__name__}: {e}"))
            raise typer.Exit(EXIT_USER_ERROR) from None


def _debug(ctx: Any) -> bool:
    from lokalspil.cli.settings import settings

    return settings(ctx).debug or os.environ.get("LOKALSPIL_DEBUG") == "1"


def skip_coercion_of_absent_options() -> None:
    """Typer coerces every parameter through a pydantic TypeAdapter, and builds the adapter (importing pydantic,
    ~100 ms) even for an option left at its default None, where the coercion returns None anyway. Skip that no-op
    so commands whose options are absent, `status` above all, start fast. Required parameters, callbacks and
    multi-value parameters keep Typer's own path (the callbacks still run); tests/test_startup.py checks that `status` imports no pydantic.
    """
    from typer.core import _TyperParameter

    if getattr(_TyperParameter.process_value, "_lokalspil", False):
        return
    original = _TyperParameter.process_value

    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        # Typer's own steps for a None value, without the coercion (which returns None for single values).
        if value is None and not self.required and not self.multiple and self.nargs == 1:
            return self.callback(ctx, self, value) if self.callback is not None else None
        return original(self, ctx, value)

    process_value._lokalspil = True  # type: ignore[attr-defined]
    _TyperParameter.process_value = process_value  # type: ignore[method-assign]


class DefaultRunGroup(TyperGroup):
    """`lokalspil guide [GUIDE] [--step S]` is `lokalspil guide run [GUIDE] [--step S]`."""

    default_command = "run"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)
