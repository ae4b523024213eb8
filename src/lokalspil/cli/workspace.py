"""`lokalspil init` and `lokalspil status`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lokalspil.cli.options import JsonFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t


def workspace_init(
    ctx: typer.Context,
    area: Annotated[str | None, typer.Option("--area", help=t("help.opt.area"), show_default=False)] = None,
    org: Annotated[str | None, typer.Option("--org", help=t("help.opt.org"), show_default=False)] = None,
    municipality: Annotated[
        str | None, typer.Option("--municipality", help=t("help.opt.municipality"), show_default=False)
    ] = None,
    coordinator: Annotated[
        str | None, typer.Option("--coordinator", help=t("help.opt.coordinator"), show_default=False)
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help=t("help.opt.email"), show_default=False)
    ] = None,
    phone: Annotated[
        str | None, typer.Option("--phone", help=t("help.opt.phone"), show_default=False)
    ] = None,
    address: Annotated[
        str | None, typer.Option("--address", help=t("help.opt.org_address"), show_default=False)
    ] = None,
    signatory: Annotated[
        str | None, typer.Option("--signatory", help=t("help.opt.signatory"), show_default=False)
    ] = None,
    signatory_title: Annotated[
        str | None, typer.Option("--signatory-title", help=t("help.opt.signatory_title"), show_default=False)
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help=t("help.opt.init_lang"), metavar="da|en", show_default=False)
    ] = None,
    logo: Annotated[
        Path | None,
        typer.Option("--logo", help=t("help.opt.logo"), metavar="FILE", dir_okay=False, show_default=False),
    ] = None,
) -> None:
    from lokalspil import console
    from lokalspil.workspace import init_workspace

    given = {
        "area": area,
        "organisation": org,
        "municipality": municipality,
        "coordinator": coordinator,
        "email": email,
        "phone": phone,
        "organisation_address": address,
        "signatory": signatory,
        "signatory_title": signatory_title,
        "language": lang,
    }
    path = settings(ctx).db_path
    workspace, created = init_workspace(
        path, given, ask=console.ask_valid if console.interactive() else None, logo=logo
    )
    from lokalspil.language import resolve_language
    from lokalspil.messages import set_language

    set_language(resolve_language(settings(ctx).lang_option, path))  # the language just chosen answers
    console.success(t("init.created" if created else "init.updated", area=workspace.area, path=path))
    console.say(t("init.next"))


def workspace_status(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    from lokalspil import console
    from lokalspil.overview import status_document, workspace_status

    status = workspace_status(settings(ctx).db_path)
    if as_json:
        console.print_json(status_document(status))
        return
    console.show_status(status_document(status), status.guides)
    for broken in status.broken:
        console.warn(str(broken))
