"""The scripted year through the commands a coordinator types: openings, placements, meetings, agreements and targets
entered with their dates over 2026, then `report --year 2026 --by quarter --json` gives exactly the expected counts;
and what is done afterwards about 2027 (placements ended, openings closed, agreements ended, new records) leaves
the 2026 report as it was. (tests/test_report.py checks every indicator on records written straight into the
database, stage changes included, which no command dates in the past.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli, ok, printed_json


def _year(cli: Cli) -> dict[str, Any]:
    return printed_json(cli("report", "--year", "2026", "--by", "quarter", "--json"))


def _row(report: dict[str, Any], indicator: str) -> dict[str, Any]:
    return next(row for row in report["indicators"] if row["id"] == indicator)


def _script_2026(cli: Cli) -> None:
    for name in ("Bageren", "Smeden", "Netto Søborg"):
        ok(cli("company", "add", name, "--postcode", "2860"))
    # Q1: a meeting, an opening for two, a signed agreement; two young people start.
    ok(cli("log", "Bageren", "Møde om fritidsjob", "--kind", "meeting", "--date", "12-02-2026"))
    ok(
        cli(
            "agreement",
            "add",
            "Bageren",
            "--kind",
            "fritidsjob",
            "--status",
            "signed",
            "--signed",
            "15-02-2026",
        )
    )
    ok(cli("opening", "add", "Bageren", "Fritidsjob i bageriet", "--kind", "fritidsjob", "--places", "2",
           "--ages", "15-17", "--opened", "01-03-2026"))  # fmt: skip
    ok(cli("placement", "add", "Bageren", "--opening", "1", "--age", "15-17", "--school", "i skole",
           "--start", "10-03-2026"))  # fmt: skip
    ok(cli("placement", "add", "Bageren", "--opening", "1", "--age", "15-17", "--school", "færdig med 9. klasse",
           "--start", "20-03-2026"))  # fmt: skip
    # Q2: an opening for three at the supermarket; one young person (18-24) starts, and one from Q1 stops.
    ok(cli("opening", "add", "Netto Søborg", "Butiksmedhjælper", "--kind", "fritidsjob", "--places", "3",
           "--ages", "18-24", "--opened", "05-05-2026"))  # fmt: skip
    ok(cli("placement", "add", "Netto Søborg", "--opening", "2", "--age", "18-24", "--school", "ingen",
           "--start", "15-05-2026"))  # fmt: skip
    ok(cli("placement", "end", "1", "--outcome", "stoppet", "--reason", "skole", "--date", "30-04-2026"))
    # Q3: two meetings; the Q2 starter goes on to an ordinary job; a learner place at the smithy.
    ok(cli("log", "Smeden", "Første møde", "--kind", "meeting", "--date", "02-07-2026"))
    ok(cli("log", "Smeden", "Møde om læreplads", "--kind", "meeting", "--date", "20-09-2026"))
    ok(cli("placement", "end", "3", "--outcome", "job", "--date", "31-08-2026"))
    ok(cli("placement", "add", "Smeden", "--kind", "laereplads", "--age", "18-24", "--school", "ingen",
           "--start", "01-09-2026"))  # fmt: skip
    # Q4: the Q3 learner goes on to education.
    ok(cli("placement", "end", "4", "--outcome", "uddannelse", "--date", "15-11-2026"))
    ok(cli("target", "set", "young_started", "2026", "6", "--baseline", "1"))
    ok(cli("target", "set", "places_offered", "2026", "4"))
    ok(cli("target", "set", "meetings", "2026", "3"))


def test_the_scripted_year_through_the_commands(cli: Cli, workspace: Path) -> None:
    _script_2026(cli)
    report = _year(cli)
    assert [(p["from"], p["to"]) for p in report["periods"]] == [
        ("2026-01-01", "2026-03-31"), ("2026-04-01", "2026-06-30"), ("2026-07-01", "2026-09-30"),
        ("2026-10-01", "2026-12-31"),
    ]  # fmt: skip
    expected = {
        "meetings": ([1, 0, 2, 0], 3, 3, 0),
        "agreements_signed": ([1, 0, 0, 0], 1, None, None),
        "places_offered": ([2, 3, 0, 0], 5, 4, -1),
        "young_started": ([2, 1, 1, 0], 4, 6, 2),
        "young_started_15_17": ([2, 0, 0, 0], 2, None, None),
        "young_started_18_24": ([0, 1, 1, 0], 2, None, None),
        "went_on_to_job": ([0, 0, 1, 0], 1, None, None),
        "went_on_to_education": ([0, 0, 0, 1], 1, None, None),
        # 3-month marks: 10 Jun (stopped 30 Apr: not counted), 20 Jun (still going), 15 Aug (still going),
        # 1 Dec (ended 15 Nov for education: not counted).
        "in_job_after_3_months": ([0, 1, 1, 0], 2, None, None),
    }
    for indicator, (values, total, target, distance) in expected.items():
        row = _row(report, indicator)
        assert (row["values"], row["total"], row["target"], row["distance"]) == (
            values,
            total,
            target,
            distance,
        ), indicator
    assert _row(report, "young_started")["baseline"] == 1


def test_what_is_done_about_2027_leaves_the_2026_report_as_it_was(cli: Cli, workspace: Path) -> None:
    _script_2026(cli)
    before = json.dumps(_year(cli)["indicators"], sort_keys=True)
    ok(cli("placement", "end", "2", "--outcome", "stoppet", "--reason", "flyttede", "--date", "10-01-2027"))
    ok(cli("opening", "close", "1", "--filled", "--date", "05-01-2027"))
    ok(cli("opening", "close", "2", "--date", "06-01-2027"))
    ok(cli("agreement", "end", "1", "--on", "01-03-2027"))
    ok(cli("opening", "add", "Smeden", "Læreplads 2027", "--kind", "laereplads", "--opened", "02-01-2027"))
    ok(cli("placement", "add", "Smeden", "--kind", "laereplads", "--age", "15-17", "--school", "færdig med 9. klasse",
           "--start", "15-01-2027"))  # fmt: skip
    ok(cli("log", "Netto Søborg", "Møde om 2027", "--kind", "meeting", "--date", "03-02-2027"))
    ok(cli("target", "set", "young_started", "2027", "8"))
    assert json.dumps(_year(cli)["indicators"], sort_keys=True) == before
    later = printed_json(cli("report", "--year", "2027", "--json"))
    assert _row(later, "young_started")["total"] == 1 and _row(later, "places_offered")["total"] == 1
