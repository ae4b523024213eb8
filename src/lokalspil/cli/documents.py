"""`lokalspil plan`, `lokalspil letter` and `lokalspil template ...`: documents from the templates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lokalspil.cli.options import JsonFlag
from lokalspil.cli.settings import settings
from lokalspil.files import STDOUT
from lokalspil.messages import t

Templates = Annotated[
    Path | None,
    typer.Option(
        "--templates", help=t("help.opt.templates"), metavar="DIR", file_okay=False, show_default=False
    ),
]
Format = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", help=t("help.opt.doc_format"), metavar="md|html|pdf|docx", show_default=False
    ),
]


def _user_dir(ctx: typer.Context, option: Path | None) -> Path:
    from lokalspil.paths import user_templates_dir

    return user_templates_dir(settings(ctx).db_path, option)


def plan_make(
    ctx: typer.Context,
    fmt: Format = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=t("help.opt.plan_output"),
            metavar="FILE",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    templates: Templates = None,
    draft: Annotated[bool, typer.Option("--draft", help=t("help.opt.plan_draft"))] = False,
) -> None:
    from lokalspil import console
    from lokalspil.documents import format_for, render_plan, write_rendered

    chosen = format_for(fmt, output)
    if output is None and chosen != "md":
        from lokalspil.errors import LokalspilError

        raise LokalspilError("plan.needs_output", format=chosen)
    rendered = render_plan(settings(ctx).db_path, chosen, _user_dir(ctx, templates), draft=draft)
    if output is None:
        console.show_markdown(rendered.markdown)
        return
    with console.working(t("plan.writing"), chosen == "pdf"):
        write_rendered([rendered], chosen, output)
    if output != STDOUT:
        console.success(t("plan.written", path=output))


def letter_make(
    ctx: typer.Context,
    template: Annotated[str, typer.Argument(help=t("help.arg.letter_template"), metavar="TEMPLATE")],
    companies: Annotated[
        list[str] | None,
        typer.Argument(help=t("help.arg.letter_companies"), metavar="[COMPANY]...", show_default=False),
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help=t("help.opt.letter_stage"), show_default=False)
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", help=t("help.opt.letter_tag"), show_default=False)
    ] = None,
    fmt: Format = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=t("help.opt.letter_output"),
            metavar="DIR",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    combine: Annotated[
        Path | None,
        typer.Option(
            "--combine", help=t("help.opt.letter_combine"), metavar="FILE", dir_okay=False, show_default=False
        ),
    ] = None,
    no_log: Annotated[bool, typer.Option("--no-log", help=t("help.opt.letter_no_log"))] = False,
    then_stage: Annotated[
        str | None,
        typer.Option(
            "--then-stage", help=t("help.opt.letter_then_stage"), metavar="STAGE", show_default=False
        ),
    ] = None,
    follow_up: Annotated[
        str | None,
        typer.Option("--follow-up", help=t("help.opt.letter_follow_up"), metavar="DATE", show_default=False),
    ] = None,
    include_protected: Annotated[
        bool, typer.Option("--include-protected", help=t("help.opt.letter_include_protected"))
    ] = False,
    templates: Templates = None,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.documents import format_for, make_letters

    if output == STDOUT:  # -o -: the letters as one document on standard output
        combine, output = STDOUT, None
    chosen = format_for(fmt, combine, default="pdf")
    with console.steps(t("letter.writing"), enabled=not as_json) as progress:
        batch = make_letters(
            settings(ctx).db_path,
            template,
            companies or [],
            stage=stage,
            tag=tag,
            fmt=chosen,
            out_dir=output,
            combine=combine,
            log=not no_log,
            include_protected=include_protected,
            user_dir=_user_dir(ctx, templates),
            progress=progress,
            then_stage=then_stage,
            follow_up=follow_up,
        )
    if as_json:
        console.print_json(batch.as_dict())
        return
    console.show_letters(batch)


app = typer.Typer(
    help=t("help.template"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False
)


@app.command("list", help=t("help.template.list"))
def template_list(ctx: typer.Context, templates: Templates = None, as_json: JsonFlag = False) -> None:
    from lokalspil import console
    from lokalspil.templates import list_templates

    infos = list_templates(_user_dir(ctx, templates))
    if as_json:
        console.print_json([i.as_dict() for i in infos])
        return
    console.show_templates(infos, _user_dir(ctx, templates))


@app.command("show", help=t("help.template.show"))
def template_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=t("help.arg.template_name"), metavar="NAME")],
    templates: Templates = None,
) -> None:
    from lokalspil import console
    from lokalspil.templates import show_template

    path, source = show_template(name, _user_dir(ctx, templates))
    console.show_template_source(path, source)


@app.command("copy", help=t("help.template.copy"))
def template_copy(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=t("help.arg.template_name"), metavar="NAME")],
    templates: Templates = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.opt.template_force"))] = False,
) -> None:
    from lokalspil import console
    from lokalspil.templates import copy_template

    copied = copy_template(name, _user_dir(ctx, templates), overwrite=force)
    console.show_copied(copied)
