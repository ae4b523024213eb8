"""`lokalspil placement ...`: a young person's placement is counted, never named. Every command refuses what is
not a choice, a date or a number, so a name or a CPR number typed anywhere is never stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import typer

from tests.conftest import Cli, Query, ok, printed_json

NAME = "Ahmed Hassan"
CPR = "010190-1234"


@pytest.fixture
def bakery(cli: Cli, workspace: Path) -> Path:
    """A workspace with a company, an agreement (no. 1) and an opening under it (no. 1)."""
    ok(cli("company", "add", "Bageren"))
    ok(cli("company", "add", "Smeden"))
    ok(cli("agreement", "add", "Bageren", "--kind", "praktik", "--status", "signed"))
    ok(cli("opening", "add", "Bageren", "Praktik i bageriet", "--agreement", "1", "--opened", "2026-02-01"))
    return workspace


def test_a_placement_takes_its_kind_and_agreement_from_its_opening(
    cli: Cli, bakery: Path, query: Query
) -> None:
    said = ok(cli("placement", "add", "Bageren", "--opening", "1", "--age", "15 – 17", "--school", "i skole",
                  "--start", "1-3-2026")).stdout  # fmt: skip
    assert "Forløb nr. 1 (praktik, 15-17 år) hos Bageren er gemt." in said
    assert query("SELECT opening_id, agreement_id, kind, age_band, school, start FROM placements") == [
        (1, 1, "praktik", "15-17", "in_school", "2026-03-01")
    ]


@pytest.mark.parametrize(
    ("school", "stored"),
    [("i skole", "in_school"), ("Færdig med 9. klasse", "finished_9th"), ("in-education", "in_education"),
     ("hverken", "neither"), ("finished 9th grade", "finished_9th")],
)  # fmt: skip
def test_school_status_in_danish_or_english(
    cli: Cli, bakery: Path, query: Query, school: str, stored: str
) -> None:
    ok(cli("placement", "add", "Bageren", "--agreement", "1", "--age", "13-14", "--school", school))
    assert query("SELECT school FROM placements") == [(stored,)]


def test_ending_a_placement_and_the_reason_only_when_it_stopped(cli: Cli, bakery: Path, query: Query) -> None:
    ok(cli("placement", "add", "Bageren", "--opening", "1", "--age", "15-17", "--school", "i skole",
           "--start", "2026-03-01"))  # fmt: skip
    refused = cli("placement", "end", "1", "--outcome", "stoppet", "--date", "2026-05-01")
    assert refused.exit_code == 1 and "Sig hvorfor forløbet stoppede med --reason" in refused.stderr
    refused = cli("placement", "end", "1", "--outcome", "job", "--reason", "flyttede", "--date", "2026-05-01")
    assert refused.exit_code == 1 and "hører kun til et forløb, der er stoppet" in refused.stderr
    refused = cli("placement", "end", "1", "--outcome", "job", "--date", "2026-02-01")
    assert "Slutdatoen ligger før startdatoen." in refused.stderr
    said = ok(
        cli("placement", "end", "1", "--outcome", "stoppet", "--reason", "eget valg", "--date", "1-5-2026")
    )
    assert "sluttede 01-05-2026: stoppet" in said.stdout
    assert query('SELECT "end", outcome, stop_reason FROM placements') == [
        ("2026-05-01", "stopped", "own_choice")
    ]
    ok(cli("placement", "edit", "1", "--outcome", "uddannelse"))  # no longer stopped: no reason
    assert query('SELECT "end", outcome, stop_reason FROM placements') == [("2026-05-01", "education", None)]


def test_a_placement_links_only_the_companys_own_opening_and_agreement(
    cli: Cli, bakery: Path, query: Query
) -> None:
    for option in ("--opening", "--agreement"):
        refused = cli("placement", "add", "Smeden", option, "1", "--age", "15-17", "--school", "i skole")
        assert (
            refused.exit_code == 1
            and "nr. 1 er " in refused.stderr
            and "en anden virksomhed" in refused.stderr
        )
    refused = cli("placement", "add", "Smeden", "--age", "15-17", "--school", "i skole")
    assert "Angiv hvilken slags forløb" in refused.stderr
    assert query("SELECT count(*) FROM placements") == [(0,)]


def test_placement_list_by_company_and_year(cli: Cli, bakery: Path) -> None:
    for start, end in (("2025-09-01", "2026-01-31"), ("2026-08-01", None), ("2027-02-01", None)):
        ok(cli("placement", "add", "Bageren", "--agreement", "1", "--age", "18-24", "--school", "neither",
               "--start", start, *(("--end", end, "--outcome", "completed") if end else ())))  # fmt: skip
    listed = printed_json(cli("placement", "list", "--year", "2026", "--json"))
    assert [(p["id"], p["outcome"], p["school_label"]) for p in listed] == [
        (1, "completed", "hverken i skole eller uddannelse"),
        (2, None, "hverken i skole eller uddannelse"),
    ]
    table = ok(cli("placement", "list", "Bageren")).stdout
    assert "gennemført" in table and "i gang" in table
    assert "Ingen forløb." in ok(cli("placement", "list", "Smeden")).stdout


# -- never named ----------------------------------------------------------------------------------------------------

# A placement command that works, and the values to put in place of one of its arguments or options.
VALID = {
    "add": ["Bageren", "--opening", "1", "--age", "15-17", "--school", "i skole"],
    "edit": ["1"],
    "end": ["1", "--outcome", "completed"],
    "list": [],
}


def _with(args: list[str], param: typer.core.click.Parameter, value: str) -> list[str]:
    """`args` with `value` as the parameter's value (replacing the valid one, if any)."""
    if not param.opts[0].startswith("-"):  # the first argument: the company or the placement's number
        return [value, *args[1:]]
    option = param.opts[0]
    if option in args:
        at = args.index(option)
        return [*args[: at + 1], value, *args[at + 2 :]]
    return [*args, option, value]


def _every_value_a_placement_command_takes() -> list[tuple[str, list[str]]]:
    from lokalspil.cli import placement

    group = typer.main.get_command(placement.app)
    cases = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            if getattr(param, "is_flag", False):
                continue
            for value in (NAME, CPR, f"{NAME} {CPR}", f"15-17 {NAME}"):
                cases.append((f"{name} {param.name}", ["placement", name, *_with(VALID[name], param, value)]))
    return cases


def test_no_name_and_no_cpr_number_is_stored_through_any_placement_command(
    cli: Cli, bakery: Path, query: Query
) -> None:
    for name, args in VALID.items():  # the commands work as given: each case below changes one value only
        ok(cli("placement", name, *args))
    before = query("SELECT * FROM placements")
    cases = _every_value_a_placement_command_takes()
    assert len({case.split()[0] for case, _ in cases}) == 4 and len(cases) >= 4 * 15
    for case, args in cases:
        result = cli(*args)
        if args[1] != "list":
            assert result.exit_code != 0, f"{case}: {args} was accepted"
    assert query("SELECT * FROM placements") == before
    conn = sqlite3.connect(bakery)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    stored = b"".join(path.read_bytes() for path in (bakery, Path(f"{bakery}-wal")) if path.exists())
    assert b"Bageren" in stored and b"Praktik i bageriet" in stored  # the scan sees what is stored
    for word in (*NAME.split(), CPR, CPR.replace("-", "")):
        for encoded in (word.encode(), word.casefold().encode(), word.encode("utf-16-le")):
            assert encoded not in stored, f"{word!r} is stored in the workspace"


def test_no_column_of_a_placement_takes_free_text(bakery: Path) -> None:
    conn = sqlite3.connect(bakery)
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'placements'").fetchone()
    conn.close()
    from lokalspil.record_types import PLACEMENTS

    assert PLACEMENTS.personal_text == () and PLACEMENTS.search == ()
    for line in sql.splitlines()[1:-1]:
        column = line.split()[0].strip('"')
        if "TEXT" in line:  # every text column is a fixed list of values, a date or a time stamp
            assert " IN (" in line or "GLOB" in line or column in ("created_at", "updated_at"), line
