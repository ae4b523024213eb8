"""Questions at a real terminal: nothing hides them, and typing at them leaves them as they were."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pexpect

from tests.conftest import Cli, Query, answered, ok

CSV = "Navn;Postnr;By\nBageriet Korn;2860;Søborg\nCykelsmeden;2860;Søborg\n"


def screen_line(stream: str) -> str:
    """The last line as a terminal shows it after `stream`: carriage returns, backspaces, cursor moves and
    erasing to the end of the line are done, as a terminal does them."""
    line: list[str] = []
    col = 0
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|[\s\S]", stream.rsplit("\n", 1)[-1]):
        if token == "\r":
            col = 0
        elif token == "\b":
            col = max(col - 1, 0)
        elif token.startswith("\x1b["):
            n = int(re.sub(r"\D", "", token[2:-1]) or 1)
            if token.endswith("K"):
                del line[col:]
            elif token.endswith("D"):
                col = max(col - n, 0)
            elif token.endswith("C"):
                col += n
        elif token >= " ":
            line[col : col + 1] = [token] if col < len(line) else [" "] * (col - len(line)) + [token]
            col += 1
    return "".join(line).rstrip()


def test_the_import_question_is_visible_before_the_answer_is_read(
    workspace: Path, write_file: Callable[[str, str], Path], terminal: Callable[..., pexpect.spawn]
) -> None:
    child = terminal("import", "companies", str(write_file("firmaer.csv", CSV)))
    child.expect_exact("Indlæs filen sådan?")
    assert "0 %" not in child.before  # no frozen progress bar stands above the question
    assert answered(child, "j") == 0


def test_a_dry_run_prints_no_stale_progress_bar(
    workspace: Path, write_file: Callable[[str, str], Path], terminal: Callable[..., pexpect.spawn]
) -> None:
    child = terminal("import", "companies", str(write_file("firmaer.csv", CSV)), "--dry-run")
    child.expect(pexpect.EOF)
    assert "Læser" not in child.before
    assert "━" not in child.before


def test_backspace_stops_where_the_answer_begins(
    workspace: Path, write_file: Callable[[str, str], Path], terminal: Callable[..., pexpect.spawn]
) -> None:
    child = terminal("import", "companies", str(write_file("firmaer.csv", CSV)))
    child.expect_exact("Indlæs filen sådan?")
    seen = child.after
    child.expect_exact("[J/n]")
    seen += child.before + child.after
    child.send("nej")
    child.expect_exact("nej")
    seen += child.before + child.after
    child.send("\x7f" * 6)  # three more than were typed
    child.send("n")
    child.expect_exact("n")
    seen += child.before + child.after
    assert screen_line(seen).startswith("Indlæs filen sådan? [J/n]")
    assert screen_line(seen).endswith("n")
    assert answered(child, "") == 0


def test_a_follow_up_that_has_passed_is_questioned_at_a_terminal(
    cli: Cli, workspace: Path, terminal: Callable[..., pexpect.spawn], query: Query
) -> None:
    ok(cli("company", "add", "Bageriet Korn", "--postcode", "2860"))
    yesterday = dt.date.today() - dt.timedelta(days=1)
    child = terminal(
        "log", "Korn", "Ringede", "--next", "Ring igen", "--by", f"{yesterday.day}/{yesterday.month}"
    )
    child.expect_exact("er gået. Skal den stå på den dato alligevel?")
    assert answered(child, "j") == 0
    assert query("SELECT follow_up FROM activities") == [(yesterday.isoformat(),)]


def test_company_add_asks_about_a_company_with_the_same_name_and_postcode(
    cli: Cli, workspace: Path, terminal: Callable[..., pexpect.spawn], query: Query
) -> None:
    ok(cli("company", "add", "Bageriet Korn", "--postcode", "2860"))
    child = terminal("company", "add", "Bageriet Korn", "--postcode", "2860")
    child.expect_exact("har samme navn og postnummer. Tilføj alligevel en ny?")
    assert answered(child, "n") == 1
    assert query("SELECT count(*) FROM companies") == [(1,)]
