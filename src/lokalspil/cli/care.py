"""`lokalspil backup`, `lokalspil restore` and `lokalspil doctor`: keeping the workspace safe and sound."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lokalspil.cli.options import JsonFlag, YesFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t


def backup_make(
    ctx: typer.Context,
    target: Annotated[
        Path | None,
        typer.Argument(help=t("help.arg.backup_file"), metavar="[FILE]", dir_okay=False, show_default=False),
    ] = None,
    keep: Annotated[
        int | None, typer.Option("--keep", help=t("help.opt.backup_keep"), metavar="N", show_default=False)
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.backups import make_backup

    path = make_backup(settings(ctx).db_path, target, keep)
    if as_json:
        console.print_json({"backup": str(path), "size": path.stat().st_size})
        return
    console.success(t("backup.made", path=path))


def backup_restore(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(help=t("help.arg.restore_file"), metavar="FILE", dir_okay=False, show_default=False),
    ],
    yes: YesFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.backups import check_backup_file, restore_backup
    from lokalspil.errors import LokalspilError

    db_path = settings(ctx).db_path
    problems = check_backup_file(source)
    if problems:
        raise LokalspilError("restore.refused", path=source, problems=" ".join(problems))
    if db_path.exists() and not console.confirm_destructive(
        t("restore.confirm", path=db_path, source=source), yes
    ):
        console.say(t("nothing_done"))
        raise typer.Exit(1)
    restored = restore_backup(db_path, source)
    console.success(t("restore.done", source=restored.source, path=db_path))
    if restored.previous:
        console.say(t("restore.previous", path=restored.previous))


def doctor_check(
    ctx: typer.Context,
    repair: Annotated[bool, typer.Option("--repair", help=t("help.opt.doctor_repair"))] = False,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.doctor import check_workspace

    checkup = check_workspace(settings(ctx).db_path, repair=repair)
    if as_json:
        console.print_json(checkup.as_dict())
    else:
        console.show_checkup(checkup)
    if not checkup.sound:
        raise typer.Exit(1)
