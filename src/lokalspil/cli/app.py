"""The `lokalspil` command: global options and the command groups, one module per noun."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lokalspil import __version__
from lokalspil.cli import agreement, company, contact, guide, records, workspace
from lokalspil.cli.groups import RootGroup, skip_coercion_of_absent_options
from lokalspil.cli.settings import Settings
from lokalspil.messages import set_language, t

skip_coercion_of_absent_options()

app = typer.Typer(
    cls=RootGroup,
    name="lokalspil",
    help=t("help.app"),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
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

    ctx.obj = Settings(db_option=db, debug=debug)
    set_language(resolve_language(lang, database_path(db)))


app.command("init", help=t("help.init"))(workspace.workspace_init)
app.command("status", help=t("help.status"))(workspace.workspace_status)
app.add_typer(guide.app, name="guide", help=t("help.guide"))
app.add_typer(company.app, name="company", help=t("help.company"))
app.add_typer(contact.app, name="contact", help=t("help.contact"))
app.add_typer(agreement.app, name="agreement", help=t("help.agreement"))
app.command("log", help=t("help.log"))(records.activity_log)
app.command("done", help=t("help.done"))(records.activity_done)
app.command("agenda", help=t("help.agenda"))(records.agenda_show)
app.command("search", help=t("help.search"))(records.records_search)
