"""The `lokalspil` command: global options and the command groups, one module per noun."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar

import typer

from lokalspil import __version__
from lokalspil.cli import typer_hooks
from lokalspil.cli.groups import RootGroup
from lokalspil.cli.settings import Settings
from lokalspil.messages import normalise_language, set_language, t

typer_hooks.install()

# Every command, in the order help lists them: name -> ("module:attribute", help key). Loaded when used.
COMMANDS = {
    "init": ("lokalspil.cli.workspace:workspace_init", "help.init"),
    "demo": ("lokalspil.cli.demo:demo_make", "help.demo"),
    "status": ("lokalspil.cli.workspace:workspace_status", "help.status"),
    "guide": ("lokalspil.cli.guide:app", "help.guide"),
    "company": ("lokalspil.cli.company:app", "help.company"),
    "contact": ("lokalspil.cli.contact:app", "help.contact"),
    "agreement": ("lokalspil.cli.agreement:app", "help.agreement"),
    "opening": ("lokalspil.cli.opening:app", "help.opening"),
    "placement": ("lokalspil.cli.placement:app", "help.placement"),
    "target": ("lokalspil.cli.target:app", "help.target"),
    "log": ("lokalspil.cli.records:activity_log", "help.log"),
    "done": ("lokalspil.cli.records:activity_done", "help.done"),
    "entry": ("lokalspil.cli.entry:app", "help.entry"),
    "agenda": ("lokalspil.cli.records:agenda_show", "help.agenda"),
    "search": ("lokalspil.cli.records:records_search", "help.search"),
    "import": ("lokalspil.cli.imports:app", "help.import"),
    "export": ("lokalspil.cli.exports:app", "help.export"),
    "plan": ("lokalspil.cli.documents:plan_make", "help.plan"),
    "report": ("lokalspil.cli.report:report_show", "help.report"),
    "letter": ("lokalspil.cli.documents:letter_make", "help.letter"),
    "template": ("lokalspil.cli.documents:app", "help.template"),
    "rules": ("lokalspil.cli.rules:rules_show", "help.rules"),
    "backup": ("lokalspil.cli.care:backup_make", "help.backup"),
    "restore": ("lokalspil.cli.care:backup_restore", "help.restore"),
    "doctor": ("lokalspil.cli.care:doctor_check", "help.doctor"),
    "history": ("lokalspil.cli.privacy:history_show", "help.history"),
    "gdpr": ("lokalspil.cli.privacy:app", "help.gdpr"),
    "web": ("lokalspil.cli.web:web_serve", "help.web"),
}


class LokalspilGroup(RootGroup):
    lazy: ClassVar[dict[str, tuple[str, str]]] = COMMANDS


app = typer.Typer(
    cls=LokalspilGroup,
    name="lokalspil",
    help=t("help.app"),
    no_args_is_help=False,
    invoke_without_command=True,  # `lokalspil` alone: a short home screen
    pretty_exceptions_enable=False,
    add_completion=True,  # --install-completion, --show-completion
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lokalspil {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help=t("help.opt.db"), metavar="PATH", dir_okay=False, show_default=False),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help=t("help.opt.lang"), metavar="da|en", show_default=False)
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=t("help.opt.debug"))] = False,
    version: Annotated[
        bool, typer.Option("--version", help=t("help.opt.version"), callback=_version, is_eager=True)
    ] = False,
) -> None:
    from lokalspil.language import resolve_language
    from lokalspil.paths import database_path

    if lang is not None and normalise_language(lang) is None:  # a usage error: exit code 2
        raise typer.BadParameter(t("language.unknown", value=lang), param_hint="--lang")
    ctx.obj = Settings(db_option=db, debug=debug, lang_option=lang)
    set_language(resolve_language(lang, database_path(db)))
    if ctx.invoked_subcommand is None:
        from lokalspil import console
        from lokalspil.overview import home

        console.show_home(home(database_path(db)))
