"""`lokalspil rules [AGE]`: the rules for young workers, by age band and schooling, with their sources."""

from __future__ import annotations

from typing import Annotated

import typer

from lokalspil.cli.options import JsonFlag
from lokalspil.messages import t


def rules_show(
    age: Annotated[
        str | None, typer.Argument(help=t("help.arg.rules_age"), metavar="[AGE]", show_default=False)
    ] = None,
    school: Annotated[
        str | None,
        typer.Option(
            "--school", help=t("help.opt.rules_school"), metavar="i-skole|faerdig", show_default=False
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.young_workers import groups

    found = groups(age, school)
    if as_json:
        console.print_json({"groups": [g.as_dict() for g in found]})
    else:
        console.show_rules(found)
