"""The options and arguments more than one command module takes, declared once, so each reads and helps alike.

The help texts come from the catalogue when this module is first imported, which is after `main` has settled the
language: like the command modules, it is only imported when a command is built (see groups.RootGroup).
tests/test_cli_options.py checks that every `--json` and `--yes` in the app is the one declared here.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from lokalspil.messages import t


def _filter(name: str, key: str) -> Any:
    return typer.Option(name, help=t(f"help.opt.company.{key}"), show_default=False)


# Listing and status commands take --json (the result as a small, stable JSON document); so do a few others.
JsonFlag = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]
# A command that asks before it removes or overwrites anything can be told not to ask.
YesFlag = Annotated[bool, typer.Option("--yes", "-y", help=t("help.opt.yes"))]

CompanyArg = Annotated[str, typer.Argument(help=t("help.arg.company"), metavar="COMPANY", show_default=False)]
CompanyFilterArg = Annotated[
    str | None, typer.Argument(help=t("help.arg.company_filter"), metavar="[COMPANY]", show_default=False)
]
ContactOpt = Annotated[
    int | None, typer.Option("--contact", help=t("help.opt.log.contact"), metavar="ID", show_default=False)
]
DateOpt = Annotated[
    str | None, typer.Option("--date", help=t("help.opt.log.date"), metavar="DATE", show_default=False)
]

# A company's stage and postcode, as set by `company add|edit` and as chosen by `company list` and `export`.
Stage = Annotated[str | None, _filter("--stage", "stage")]
Postcode = Annotated[str | None, _filter("--postcode", "postcode")]
# The other ways `company list` and `export companies` choose companies.
TagFilter = Annotated[str | None, _filter("--tag", "tag_filter")]
SocialEconomyFilter = Annotated[
    bool | None, _filter("--social-economy/--no-social-economy", "social_economy_filter")
]
SearchFilter = Annotated[str | None, _filter("--search", "search")]
