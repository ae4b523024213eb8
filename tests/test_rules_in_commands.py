"""The rules for young workers where work is entered: an opening and a placement are refused, quoting the rule and
its source, when the rules never allow the hours for the young people they are for; what holds only on school days
is said as a warning after saving."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli, Query, ok

SOURCE = "arbejdstilsynet.dk/da/regler/unge/unges-arbejdstid-hviletid-og-fridogn"


def _shop(cli: Cli) -> None:
    ok(cli("company", "add", "Kiosken", "--industry-code", "471100"))


def test_an_opening_for_13_14_until_21_is_refused_with_the_rule(
    cli: Cli, workspace: Path, query: Query
) -> None:
    _shop(cli)
    done = cli("opening", "add", "Kiosken", "Aftenjob", "--kind", "fritidsjob", "--ages", "13-14",
               "--from", "15:00", "--to", "21:00")  # fmt: skip
    assert done.exit_code == 1
    said = " ".join(done.stderr.split())
    assert "aldrig arbejde mellem kl. 20 og kl. 6" in said and SOURCE in said
    assert "lokalspil rules 13-14" in said
    assert query("SELECT count(*) FROM openings") == [(0,)]


def test_a_shop_opening_for_15_17_until_22_is_taken_with_a_warning(
    cli: Cli, workspace: Path, query: Query
) -> None:
    _shop(cli)
    done = ok(cli("opening", "add", "Kiosken", "Aftenvagt", "--kind", "fritidsjob", "--ages", "15-17",
                  "--from", "16:00", "--to", "22:00"))  # fmt: skip
    warned = " ".join(done.stderr.split())
    assert "Godt at vide om reglerne for unge" in warned and "stadig går i skole" in warned
    assert query("SELECT to_time FROM openings") == [("22:00",)]
    # a young person who finished 9th grade may take it; one still in school may not
    ok(
        cli(
            "placement",
            "add",
            "Kiosken",
            "--opening",
            "1",
            "--age",
            "15-17",
            "--school",
            "færdig med 9. klasse",
        )
    )
    refused = cli("placement", "add", "Kiosken", "--opening", "1", "--age", "15-17", "--school", "i skole")
    assert refused.exit_code == 1 and SOURCE in " ".join(refused.stderr.split())
    assert query("SELECT school FROM placements") == [("finished_9th",)]


def test_in_an_unknown_trade_the_strictest_evening_limit_applies(
    cli: Cli, workspace: Path, query: Query
) -> None:
    ok(cli("company", "add", "Værkstedet"))
    done = cli("opening", "add", "Værkstedet", "Aftenjob", "--kind", "fritidsjob", "--ages", "15-17",
               "--from", "18:00", "--to", "22:00")  # fmt: skip
    assert done.exit_code == 1
    assert query("SELECT count(*) FROM openings") == [(0,)]


def test_an_edit_into_the_night_is_refused_and_adults_are_not_checked(
    cli: Cli, workspace: Path, query: Query
) -> None:
    _shop(cli)
    ok(cli("opening", "add", "Kiosken", "Eftermiddag", "--kind", "fritidsjob", "--ages", "13-14",
           "--from", "15:00", "--to", "17:00"))  # fmt: skip
    assert cli("opening", "edit", "1", "--to", "21:30").exit_code == 1
    assert query("SELECT to_time FROM openings") == [("17:00",)]
    ok(cli("opening", "add", "Kiosken", "Nattevagt", "--kind", "fritidsjob", "--ages", "18-24",
           "--from", "22:00", "--to", "06:00"))  # fmt: skip


def test_the_refusal_is_told_in_english_too(cli: Cli, workspace: Path) -> None:
    _shop(cli)
    done = cli("--lang", "en", "opening", "add", "Kiosken", "Evening", "--kind", "fritidsjob", "--ages", "13-14",
               "--from", "15:00", "--to", "21:00")  # fmt: skip
    assert done.exit_code == 1 and SOURCE in " ".join(done.stderr.split())
    assert "young" in done.stderr.lower()
