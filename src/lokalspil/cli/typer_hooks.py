"""Everything lokalspil changes in, or reads from, the inside of Typer and its bundled Click: in this one module.

Typer is pinned in pyproject.toml to the releases these hooks were written for (0.29.x: `typer._click`,
`typer._param_types` and the pydantic coercion appeared there; 0.28 has none of them). Each hook has a test of
its own in tests/test_typer_hooks.py, so a Typer release that changes what one relies on fails there first.

The hooks:
- `translate_help`: Typer's own headings, the usage line's "Usage" and the --help option's line in the user's
  language.
- `quiet_no_args_help`: a group run without a command raises its error without drawing the help first (Click
  draws it into the error's message, so it showed twice, the first time before the help was translated).
- `forget_help_option`: the --help line a command built while parsing is built again, translated.
- `plain_argument`: an argument shown in usage lines by its name alone, without Typer's type or braces.
- `fast_values`: options left out, plain file names and whole numbers are checked without building pydantic
  adapters (start-up), and wrong ones raise the typed errors below.
- `classify_unknown_command` / `classify_extra_arguments`: the two usage errors Click only tells in English text
  are raised as types of their own.
- `invoked_words`: which command is being run, from the context, before it runs.
- `plain_completion_options`: --install-completion and --show-completion in the user's language, as flags.
"""

from __future__ import annotations

import os
import stat
from functools import partial
from pathlib import Path
from typing import Any

from typer._click import exceptions as click_errors

UsageError = click_errors.UsageError
MissingParameter = click_errors.MissingParameter
NoSuchOption = click_errors.NoSuchOption
BadParameter = click_errors.BadParameter
NoArgsIsHelpError = click_errors.NoArgsIsHelpError
ClickException = click_errors.ClickException


class NoSuchCommand(click_errors.UsageError):
    """`lokalspil compny`: a command name no group knows."""

    def __init__(self, name: str, ctx: Any = None) -> None:
        super().__init__(f"No such command {name!r}.", ctx=ctx)
        self.name = name


class ExtraArguments(click_errors.UsageError):
    """`lokalspil log Bageren Ringede igen`: more arguments than the command takes."""

    def __init__(self, extra: list[str], ctx: Any = None) -> None:
        super().__init__(f"Got unexpected extra arguments ({' '.join(extra)})", ctx=ctx)
        self.extra = extra


class PathProblem(click_errors.BadParameter):
    """A file or folder name that does not fit: `key` is the catalogue key of why, `path` the name as given."""

    def __init__(self, key: str, path: str, ctx: Any = None, param: Any = None) -> None:
        super().__init__(f"{key}: {path}", ctx=ctx, param=param)
        self.key = key
        self.path = path


class NotWholeNumber(click_errors.BadParameter):
    """A value given where a whole number is wanted (`--days tre`)."""

    def __init__(self, value: str, ctx: Any = None, param: Any = None) -> None:
        super().__init__(f"{value!r} is not a whole number", ctx=ctx, param=param)
        self.value = value


def translate_help(t: Any) -> None:
    """Typer's own headings ('Options', 'Commands') and the --help option's line in the user's language."""
    from typer import rich_utils
    from typer._click import decorators

    rich_utils.OPTIONS_PANEL_TITLE = t("typer.options")
    rich_utils.ARGUMENTS_PANEL_TITLE = t("typer.arguments")
    rich_utils.COMMANDS_PANEL_TITLE = t("typer.commands")
    rich_utils.ERRORS_PANEL_TITLE = t("typer.error")
    rich_utils.REQUIRED_LONG_STRING = t("typer.required")
    rich_utils.DEFAULT_STRING = t("typer.default")
    rich_utils.RICH_HELP = t("typer.try_help")
    rich_utils.ABORTED_TEXT = t("typer.aborted")
    from typer._click import formatting

    write_usage = getattr(
        formatting.HelpFormatter.write_usage, "_original", formatting.HelpFormatter.write_usage
    )

    def usage_in_language(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", t("typer.usage_options")).replace(
            "COMMAND [ARGS]...", t("typer.usage_command")
        )
        write_usage(self, prog, args, f"{t('typer.usage')}: " if prefix is None else prefix)

    usage_in_language._original = write_usage  # type: ignore[attr-defined]
    formatting.HelpFormatter.write_usage = usage_in_language  # type: ignore[method-assign]
    rich_utils.highlighter.highlights = [  # type: ignore[misc]
        *(h for h in rich_utils.highlighter.highlights if "?P<usage>" not in h),
        rf"(?P<usage>{t('typer.usage')}: )",
    ]

    make_help_option = getattr(decorators.help_option, "_original", decorators.help_option)

    def help_option(names: list[str]) -> Any:  # Typer builds the --help option through this module attribute
        add = make_help_option(names)

        def apply(command: Any) -> Any:
            command = add(command)
            command.params[-1].help = t("help.opt.help")
            command.params[-1].metavar = ""  # a flag: no value to name
            return command

        return apply

    help_option._original = make_help_option  # type: ignore[attr-defined]
    decorators.help_option = help_option  # type: ignore[assignment]


def quiet_no_args_help() -> None:
    """`lokalspil company`: Click builds the whole help into the NoArgsIsHelpError it raises, and Typer's help
    prints itself as it is built, so it showed once there (in English, before translate_help) and once more when
    the error was shown. Here the error only carries the context; the CLI prints the help once, translated."""
    _wrap(NoArgsIsHelpError, "__init__", _no_help_in_message)


def _no_help_in_message(original: Any) -> Any:
    def __init__(self: Any, ctx: Any) -> None:
        click_errors.UsageError.__init__(self, "", ctx=ctx)

    return __init__


def forget_help_option(ctx: Any) -> None:
    """The --help option a command built while its arguments were parsed, forgotten, so help shown afterwards
    builds it again (after translate_help: in the user's language)."""
    while ctx is not None:
        ctx.command._help_option = None
        ctx = ctx.parent


def _no_type(ctx: Any) -> None:
    return None


def plain_argument(param: Any, shown: str) -> None:
    """An argument shown by its name alone ('VIRKSOMHED', '[FIL]'), not in Typer's braces or with its type."""
    param.display_type_rich = _no_type
    param._usage_display_name = partial(str, shown)


def option_value_kind(param: Any) -> Any:
    """The Python type an option was declared with (int, Path, list[int] ...)."""
    return param.type_descriptor.annotation


def _check_path(value: str, info: Any, ctx: Any, param: Any) -> None:
    """Typer's own checks of a file name (the ones its pydantic adapter would make), raising PathProblem."""
    if info.file_okay and info.allow_dash and value == "-":
        return
    target = os.path.realpath(value) if info.resolve_path else value
    try:
        st = os.stat(target)
    except OSError:
        if info.exists:
            raise PathProblem("usage.path_missing", value, ctx=ctx, param=param) from None
        return
    if not info.file_okay and stat.S_ISREG(st.st_mode):
        raise PathProblem("usage.path_is_file", value, ctx=ctx, param=param)
    if not info.dir_okay and stat.S_ISDIR(st.st_mode):
        raise PathProblem("usage.path_is_folder", value, ctx=ctx, param=param)
    for wanted, mode in ((info.readable, os.R_OK), (info.writable, os.W_OK)):
        if wanted and not os.access(target, mode):
            raise PathProblem("usage.path_no_access", value, ctx=ctx, param=param)


def _wrap(owner: Any, name: str, make: Any) -> None:
    """Replace `owner.name` by `make(original)`, once however often it is asked."""
    original = getattr(owner, name)
    if not getattr(original, "_lokalspil", False):
        replacement = make(original)
        replacement._lokalspil = True
        setattr(owner, name, replacement)


def fast_values() -> None:
    """Typer coerces every parameter through a pydantic TypeAdapter, and builds the adapter (importing pydantic,
    ~100 ms) even where pydantic has nothing to do. Three cases are done without it, so commands start fast and a
    wrong value raises one of the typed errors above: an option left out (the coercion gives None, or () for a
    repeatable one: `status` above all); a file name for a plain `Path` parameter (`import companies FILE`),
    checked by the rules the parameter asks for (exists, file or folder, readable ...); a whole number, checked,
    and without bounds taken as it is; and a text (`report --year 2026 --by month`).
    Everything else, and the callbacks, keep Typer's own path; tests/test_startup.py checks that `status` and
    `import` need no pydantic."""
    from typer.core import _TyperParameter

    _wrap(_TyperParameter, "process_value", _fast_process_value)


def _fast_process_value(original: Any) -> Any:
    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        if value is None and not self.required:
            # Typer's own steps for a missing value, without the coercion (which gives None, or () for a
            # parameter that may be given many times).
            value = () if self.multiple or self.nargs == -1 else None
            return self.callback(ctx, self, value) if self.callback is not None else value
        kind = option_value_kind(self)
        single = isinstance(value, str) and not self.multiple and self.nargs == 1
        if kind is int or kind == list[int]:
            for item in [value] if single else value if isinstance(value, list | tuple) else []:
                try:
                    int(str(item).strip())
                except ValueError:
                    raise NotWholeNumber(str(item), ctx=ctx, param=self) from None
        info = self.type_descriptor.parameter_info
        plain = single and getattr(info, "min", None) is None and getattr(info, "max", None) is None
        if plain and kind in (str, int):  # text as typed; a whole number (checked above) without bounds
            value = int(value.strip()) if kind is int else value
            return self.callback(ctx, self, value) if self.callback is not None else value
        if single and kind is Path and info.path_type is None:
            from typer._param_types import coerce_cli_path

            _check_path(value, info, ctx, self)
            value = coerce_cli_path(Path(value), info, path_type=Path, param=self, ctx=ctx)
            return self.callback(ctx, self, value) if self.callback is not None else value
        return original(self, ctx, value)

    return process_value


def classify_unknown_command() -> None:
    """A group given a command name it does not know raises NoSuchCommand, not Click's English text."""
    from typer.core import TyperGroup

    _wrap(TyperGroup, "resolve_command", _known_commands_only)


def _known_commands_only(original: Any) -> Any:
    def resolve_command(self: Any, ctx: Any, args: list[str]) -> Any:
        if args and not ctx.resilient_parsing and not args[0].startswith("-"):
            name = args[0]
            normalise = ctx.token_normalize_func
            if self.get_command(ctx, name) is None and (
                normalise is None or self.get_command(ctx, normalise(name)) is None
            ):
                raise NoSuchCommand(name, ctx=ctx)
        return original(self, ctx, args)

    return resolve_command


def classify_extra_arguments() -> None:
    """A command (not a group) given more arguments than it takes raises ExtraArguments, not Click's English."""
    from typer.core import TyperCommand

    _wrap(TyperCommand, "parse_args", _no_extra_arguments)


def _no_extra_arguments(original: Any) -> Any:
    def parse_args(self: Any, ctx: Any, args: list[str]) -> list[str]:
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest: list[str] = original(self, ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise ExtraArguments(list(rest), ctx=ctx)
        return rest

    return parse_args


def invoked_words(ctx: Any) -> list[str]:
    """The words after the group's own options, before the group resolves its command ('company', 'edit', ...)."""
    return [*getattr(ctx, "_protected_args", []), *ctx.args]


def plain_completion_options() -> None:
    """The two options Typer adds for shell completion, with help in the user's language and no '<bool>' after
    them (they are flags). Typer builds them through this module attribute each time it builds the root group."""
    from typer import main

    from lokalspil.messages import t

    make = getattr(main.get_install_completion_arguments, "_original", main.get_install_completion_arguments)

    def arguments() -> tuple[Any, Any]:
        options: tuple[Any, Any] = make()  # click Options (they have help and a metavar)
        install, show = options
        for param, key in ((install, "help.opt.install_completion"), (show, "help.opt.show_completion")):
            param.help = t(key)
            param.metavar = ""
        return install, show

    arguments._original = make  # type: ignore[attr-defined]
    main.get_install_completion_arguments = arguments


def install() -> None:
    """The hooks that apply to every command (those on help are installed only when help is shown)."""
    fast_values()
    quiet_no_args_help()
    classify_unknown_command()
    classify_extra_arguments()
    plain_completion_options()
