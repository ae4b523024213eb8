"""`lokalspil demo [DIR]`: a fictional workspace with documents, to see the whole idea working."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lokalspil.messages import t


def demo_make(
    folder: Annotated[
        Path,
        typer.Argument(help=t("help.arg.demo_dir"), metavar="[DIR]", file_okay=False, show_default=False),
    ] = Path("lokalspil-demo"),
) -> None:
    from lokalspil import console
    from lokalspil.demo import make_demo

    with console.working(t("demo.working")) as step:
        demo = make_demo(folder.resolve(), progress=step)
    console.show_demo(demo)
