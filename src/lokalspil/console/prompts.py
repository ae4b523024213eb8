"""Questions at the terminal: one line, a checked answer, yes or no, and the question before sensitive data is
stored."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.text import Text

from lokalspil.console import base
from lokalspil.console.base import interactive, warn
from lokalspil.messages import t

if TYPE_CHECKING:
    pass


def enable_line_editing() -> None:
    base.hush()  # a question is never hidden behind a progress bar
    with contextlib.suppress(ImportError):  # Windows has no readline
        import readline  # noqa: F401  (arrow keys and history in input())


def ask(label: str, default: str | None = None) -> str:
    """One line from the user; Enter gives `default`."""
    enable_line_editing()
    hint = f" [dim]({escape(default)})[/]" if default else ""
    answer = base.out.input(f"[bold]{escape(label)}[/]{hint}: ")
    return answer.strip() or (default or "")


def ask_valid(label: str, check: Callable[[str], Any], default: str | None = None) -> Any:
    """Ask until `check` accepts the answer; each refusal is one line saying why."""
    from lokalspil.errors import InvalidValue

    while True:
        raw = ask(label, default)
        try:
            return check(raw)
        except InvalidValue as e:
            base.err.print(Text(f"✗ {e}", style="red"))


def ask_date(label: str, default: dt.date, prefer: str = "future") -> str:
    """A date as people write it (3/12, i morgen, +7, fredag), checked as it is typed; Enter gives `default`. As
    ISO. A follow-up's day that has passed is questioned."""
    from lokalspil.danish import format_date, parse_date

    return str(ask_valid(label, lambda raw: _passed_ok(raw) or parse_date(raw, prefer=prefer).isoformat(),
                         format_date(default)))  # fmt: skip


def follow_up_date(raw: str | None) -> str | None:
    """A follow-up's date as typed (`--by 3/12`): at a terminal, a day that has passed is questioned and, when
    meant, given with its year (else asked again); elsewhere left as typed, for the library to refuse with a
    sentence."""
    if raw is None or not interactive():
        return raw
    from lokalspil.errors import InvalidValue

    try:
        return _passed_ok(raw) or raw
    except InvalidValue:
        return raw  # the library says what is wrong with it


def _passed_ok(raw: str) -> str | None:
    """For a follow-up's day that has passed ('3/12' on 6 December): its ISO date if the user means it; asked for
    anew when not; None for any other answer (parsed as usual)."""
    from lokalspil.danish import format_long_date, parse_date
    from lokalspil.errors import InvalidValue

    try:
        parse_date(raw, prefer="future")
        return None
    except InvalidValue as e:
        if e.key != "value.date_passed":
            return None
    day = parse_date(raw)
    if confirm(t("prompt.date_passed", date=format_long_date(day)), default=False):
        return day.isoformat()
    return ask_date(t("prompt.date_again"), dt.date.today() + dt.timedelta(days=7))


def confirm_destructive(question: str, yes: bool) -> bool:
    """Ask before deleting; `--yes` answers for scripts. Without a terminal and without --yes, refuse."""
    if yes:
        return True
    if not interactive():
        from lokalspil.errors import LokalspilError

        raise LokalspilError("confirm.needs_yes")
    return confirm(question, default=False)


CONFIRM_WORDS = ("ja", "j", "nej", "n", "yes", "y", "no")


def confirm(label: str, default: bool = True) -> bool:
    from lokalspil.danish import parse_yes_no
    from lokalspil.errors import InvalidValue

    enable_line_editing()
    choices = t("prompt.yes_no_default_yes") if default else t("prompt.yes_no_default_no")
    while True:
        raw = base.out.input(f"[bold]{escape(label)}[/] [dim]{escape(choices)}[/] ").strip()
        if not raw:
            return default
        # Only the words for yes and no: a stray key ('x', '1') is no answer to a question that may delete.
        if raw.lower() in CONFIRM_WORDS:
            return parse_yes_no(raw)
        base.err.print(Text(f"✗ {InvalidValue('value.not_yes_no', value=raw)}", style="red"))


def check_sensitive(*texts: str | None) -> None:
    """Before a note is stored: ask (in a terminal) or warn when it seems to hold sensitive personal data."""
    from lokalspil.errors import LokalspilError
    from lokalspil.privacy import sensitive_topics

    topics: list[str] = []
    for text in texts:
        topics += [x for x in sensitive_topics(text) if x not in topics]
    if not topics:
        return
    named = ", ".join(t(f"privacy.topic.{x}") for x in topics)
    if interactive():
        if not confirm(t("privacy.ask", topics=named), default=False):
            raise LokalspilError("privacy.declined")
    else:
        warn(t("privacy.warn", topics=named))
