"""`lokalspil guide`: walk a guide, answer and tick without a prompt, show, export and check guide files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from lokalspil.cli.groups import DefaultRunGroup
from lokalspil.cli.options import JsonFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t

app = typer.Typer(
    cls=DefaultRunGroup,
    help=t("help.guide"),
    no_args_is_help=False,
    rich_markup_mode="rich",
    add_completion=False,
)

GuideArg = Annotated[
    str | None, typer.Argument(help=t("help.arg.guide"), metavar="[GUIDE]", show_default=False)
]


@app.command("run", help=t("help.guide.run"))
def guide_run(
    ctx: typer.Context,
    guide: GuideArg = None,
    step: Annotated[str | None, typer.Option("--step", help=t("help.opt.step"), show_default=False)] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option("--answers", help=t("help.opt.answers_file"), metavar="FILE", show_default=False),
    ] = None,
) -> None:
    from lokalspil import console
    from lokalspil.guide_session import load_answers, open_guide, walk_guide

    path = settings(ctx).db_path
    if answers_file is not None:
        count, g = load_answers(path, guide, answers_file)
        console.success(t("answers_file.stored", count=count, guide=str(g.title)))
        return
    if not console.interactive():
        from lokalspil.errors import LokalspilError

        raise LokalspilError("walk.no_terminal")
    from lokalspil.workspace import ensure_workspace

    ensure_workspace(path, console.ask_valid, console.say)
    db, g = open_guide(path, guide)
    from lokalspil.guides import DEFAULT_GUIDE

    resume = "lokalspil guide" + (f" {guide}" if guide and guide != DEFAULT_GUIDE else "")
    io = console.TerminalWalk(len(g.steps), resume)
    try:
        walk_guide(db, g, io, step)
    except KeyboardInterrupt:
        console.err.print()
        console.say(t("walk.interrupted", command=resume))
        raise typer.Exit(130) from None
    except EOFError:
        console.out.print()
        console.say(t("walk.end_of_input", command=resume))
    finally:
        db.close()


def _guide_and_key(args: list[str], extra: int, usage: str) -> tuple[str | None, list[str]]:
    """`[GUIDE] KEY ...`: the guide is there when the arguments are one more than the command needs."""
    from lokalspil.errors import LokalspilError

    if len(args) == extra + 1:
        return args[0], args[1:]
    if len(args) == extra:
        return None, args
    raise LokalspilError("guide.arguments", usage=usage)


@app.command("answer", help=t("help.guide.answer"))
def guide_answer(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(help=t("help.arg.answer"), metavar="[GUIDE] STEP.QUESTION VALUE", show_default=False),
    ],
    clear: Annotated[bool, typer.Option("--clear", help=t("help.opt.clear"))] = False,
) -> None:
    from lokalspil import console
    from lokalspil.guide_session import answer_question, clear_question

    usage = "lokalspil guide answer [GUIDE] STEP.QUESTION " + ("--clear" if clear else "VALUE")
    guide, rest = _guide_and_key(args, 1 if clear else 2, usage)
    if clear:
        question = clear_question(settings(ctx).db_path, guide, rest[0])
        console.success(t("answer.cleared", key=question.key))
        return
    question, _value, text = answer_question(settings(ctx).db_path, guide, rest[0], rest[1])
    console.success(t("answer.stored", key=question.key, answer=text))


@app.command("tick", help=t("help.guide.tick"))
def guide_tick(
    ctx: typer.Context,
    args: Annotated[
        list[str], typer.Argument(help=t("help.arg.tick"), metavar="[GUIDE] STEP.ITEM", show_default=False)
    ],
    undo: Annotated[bool, typer.Option("--undo", help=t("help.opt.undo"))] = False,
) -> None:
    from lokalspil import console
    from lokalspil.guide_session import tick_item

    guide, rest = _guide_and_key(args, 1, "lokalspil guide tick [GUIDE] STEP.ITEM")
    item = tick_item(settings(ctx).db_path, guide, rest[0], done=not undo)
    console.success(t("tick.undone" if undo else "tick.done", key=item.key, text=str(item.text)))


@app.command("answers", help=t("help.guide.answers"))
def guide_answers(
    ctx: typer.Context,
    guide: GuideArg = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=t("help.opt.answers_format"), metavar="yaml|json")
    ] = "yaml",
) -> None:
    from lokalspil import console
    from lokalspil.guide_session import export_answers

    console.print_raw(export_answers(settings(ctx).db_path, guide, fmt))


@app.command("show", help=t("help.guide.show"))
def guide_show(ctx: typer.Context, guide: GuideArg = None, as_json: JsonFlag = False) -> None:
    from lokalspil import console
    from lokalspil.guide_session import show_document

    document, progress = show_document(settings(ctx).db_path, guide)
    if as_json:
        console.print_json(document)
    else:
        console.show_guide(document, progress)


@app.command("list", help=t("help.guide.list"))
def guide_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    from lokalspil import console
    from lokalspil.overview import progress_document, workspace_status

    status = workspace_status(settings(ctx).db_path)
    if as_json:
        console.print_json([{**progress_document(p), "path": str(p.guide.path)} for p in status.guides])
        return
    console.show_guide_list(status.guides)
    for broken in status.broken:
        console.warn(str(broken))


def _checked(path: Path) -> dict[str, Any]:
    """One guide file checked, as `guide check --json` prints it."""
    from lokalspil.guide_files import check_guide_file

    guide, problems = check_guide_file(path)
    return {
        "path": str(path),
        "valid": guide is not None,
        "id": guide.id if guide else None,
        "steps": len(guide.steps) if guide else 0,
        "questions": sum(len(s.questions) for s in guide.steps) if guide else 0,
        "problems": [p.as_dict() for p in problems],
    }


@app.command("check", help=t("help.guide.check"))
def guide_check(
    files: Annotated[list[Path], typer.Argument(help=t("help.arg.guide_files"), metavar="FILE...")],
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console

    checked = [_checked(path) for path in files]
    if as_json:
        console.print_json(checked)
    for found in [] if as_json else checked:
        if found["valid"]:
            console.success(t("check.ok", **{k: found[k] for k in ("path", "id", "steps", "questions")}))
        else:
            console.error(t("check.failed", path=found["path"], count=len(found["problems"])))
            console.show_problems([p["text"] for p in found["problems"]])
    if not all(found["valid"] for found in checked):
        raise typer.Exit(1)
