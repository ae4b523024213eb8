"""`lokalspil report`: a scripted year of company work counted per quarter and month, against its targets, and the
same figures for 2026 after the records change in 2027.

The records are put into the database with SQL, each with its date: the opening and placement commands are being
written at the same time. When they land, a second version of the scripted year goes through the commands
(`opening add`, `placement add|end`, `target set`) and must give the same report.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from lokalspil.report import add_months, split_periods
from tests.conftest import Cli, ok, printed_json

STAMP = "2026-01-01T00:00:00"


class Records:
    """Rows written straight into the workspace, with the dates a year of work would give them."""

    def __init__(self, db: Path) -> None:
        self.conn = sqlite3.connect(db)
        self.companies: dict[str, int] = {}

    def close(self) -> None:
        self.conn.commit()
        self.conn.close()

    def insert(self, table: str, **values: Any) -> int:
        if table != "targets":
            values.setdefault("created_at", STAMP)
        if table != "activities":
            values.setdefault("updated_at", STAMP)
        columns = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))
        return int(cursor.lastrowid or 0)

    def company(self, name: str) -> int:
        self.companies[name] = self.insert("companies", area_id=1, name=name)
        return self.companies[name]

    def stage(self, name: str, day: str, old: str, new: str) -> None:
        self.insert(
            "activities",
            company_id=self.companies[name],
            kind="stage",
            date=day,
            old_stage=old,
            new_stage=new,
        )
        self.conn.execute("UPDATE companies SET stage = ? WHERE id = ?", [new, self.companies[name]])

    def log(self, name: str, day: str, kind: str) -> None:
        self.insert("activities", company_id=self.companies[name], kind=kind, date=day, summary=kind)

    def agreement(self, name: str, signed: str | None, status: str = "signed") -> int:
        return self.insert(
            "agreements", company_id=self.companies[name], kind="praktik", status=status, signed=signed
        )

    def opening(self, name: str, opened: str, places: int) -> int:
        return self.insert(
            "openings", company_id=self.companies[name], kind="fritidsjob", title="Hjælper", places=places,
            opened=opened,
        )  # fmt: skip

    def placement(
        self, name: str, band: str, start: str, end: str | None = None, outcome: str | None = None
    ) -> int:
        return self.insert(
            "placements", company_id=self.companies[name], kind="fritidsjob", age_band=band, school="in_school",
            start=start, end=end, outcome=outcome,
        )  # fmt: skip

    def target(self, indicator: str, year: int, target: int | None, baseline: int | None = None) -> None:
        self.insert("targets", indicator=indicator, year=year, target=target, baseline=baseline)


@pytest.fixture
def year_2026(workspace: Path) -> Path:
    """The scripted year; what each quarter must count is written beside each record."""
    r = Records(workspace)
    for name in ("Bageriet", "Byggemarkedet", "Cafeen", "Dækcentret", "Elektrikeren"):
        r.company(name)
    # Companies contacted: one a quarter. Cafeen was first contacted in 2025, so its second try in 2026 does not
    # count; Elektrikeren is put back and moved on again in Q4: once.
    r.stage("Cafeen", "2025-11-20", "candidate", "contacted")
    r.stage("Bageriet", "2026-01-15", "candidate", "contacted")  # Q1
    r.stage("Bageriet", "2026-02-10", "contacted", "meeting")
    r.stage("Cafeen", "2026-02-01", "contacted", "candidate")
    r.stage("Byggemarkedet", "2026-04-03", "candidate", "contacted")  # Q2
    r.stage("Cafeen", "2026-05-05", "candidate", "contacted")
    r.stage("Dækcentret", "2026-07-07", "candidate", "declined")  # Q3
    r.stage("Elektrikeren", "2026-10-01", "candidate", "contacted")  # Q4
    r.stage("Elektrikeren", "2026-10-02", "contacted", "candidate")
    r.stage("Elektrikeren", "2026-11-03", "candidate", "meeting")
    # Meetings: Q1 1, Q2 2, Q4 1; a call and last year's meeting do not count. Events: Q3 1.
    r.log("Bageriet", "2025-12-31", "meeting")
    r.log("Bageriet", "2026-02-10", "meeting")
    r.log("Byggemarkedet", "2026-05-20", "meeting")
    r.log("Byggemarkedet", "2026-06-30", "meeting")
    r.log("Byggemarkedet", "2026-08-01", "call")
    r.log("Elektrikeren", "2026-11-03", "meeting")
    r.log("Bageriet", "2026-09-15", "event")
    # Agreements signed: Q1, Q2, Q4; a draft has no day of signing.
    r.agreement("Bageriet", "2026-03-01")
    r.agreement("Byggemarkedet", "2026-06-15")
    r.agreement("Elektrikeren", "2026-12-01")
    r.agreement("Cafeen", None, status="draft")
    # Places offered: Q1 3, Q2 2, Q4 1; last year's opening does not count.
    r.opening("Cafeen", "2025-12-01", 5)
    r.opening("Bageriet", "2026-03-10", 3)
    r.opening("Byggemarkedet", "2026-06-01", 2)
    r.opening("Elektrikeren", "2026-10-20", 1)
    # Placements. Started: Q1 2, Q2 2, Q3 1, Q4 1. Three-month marks: Q1 the one from 30 November 2025 (mark 28
    # February), Q2 Bageriet's first (still going), Q3 both of Byggemarkedet's (one went on to a job before its
    # mark), Q4 Elektrikeren's first (ended after the mark); Bageriet's second stopped before its mark.
    r.placement("Elektrikeren", "15-17", "2025-11-30")
    r.placement("Bageriet", "15-17", "2026-01-20")
    r.placement("Bageriet", "13-14", "2026-03-15", "2026-05-01", "stopped")
    r.placement("Byggemarkedet", "18-24", "2026-04-10", "2026-06-01", "job")
    r.placement("Byggemarkedet", "18-24", "2026-05-31")
    r.placement("Elektrikeren", "25-29", "2026-07-01", "2026-10-15", "education")
    r.placement("Elektrikeren", "15-17", "2026-11-10")
    # Targets: reached, not reached, passed; a target for 2027 only is no target for 2026.
    r.target("companies_contacted", 2026, 4, 0)
    r.target("young_started", 2026, 10, 4)
    r.target("places_offered", 2026, 5)
    r.target("meetings", 2027, 12)
    r.close()
    return workspace


def values(report: dict[str, Any]) -> dict[str, list[int]]:
    return {i["id"]: i["values"] for i in report["indicators"]}


def indicator(report: dict[str, Any], indicator_id: str) -> dict[str, Any]:
    return next(i for i in report["indicators"] if i["id"] == indicator_id)


EXPECTED_QUARTERS = {
    "companies_contacted": [1, 1, 1, 1],
    "meetings": [1, 2, 0, 1],
    "agreements_signed": [1, 1, 0, 1],
    "places_offered": [3, 2, 0, 1],
    "young_started": [2, 2, 1, 1],
    "young_started_13_14": [1, 0, 0, 0],
    "young_started_15_17": [1, 0, 0, 1],
    "young_started_18_24": [0, 2, 0, 0],
    "young_started_25_29": [0, 0, 1, 0],
    "in_job_after_3_months": [1, 1, 2, 1],
    "went_on_to_job": [0, 1, 0, 0],
    "went_on_to_education": [0, 0, 0, 1],
    "company_events": [0, 0, 1, 0],
}


def test_the_scripted_year_per_quarter(cli: Cli, year_2026: Path) -> None:
    report = printed_json(cli("report", "--year", "2026", "--by", "quarter", "--json"))
    assert (report["from"], report["to"], report["by"]) == ("2026-01-01", "2026-12-31", "quarter")
    assert report["periods"] == [
        {"label": "1. kvt. 2026", "from": "2026-01-01", "to": "2026-03-31"},
        {"label": "2. kvt. 2026", "from": "2026-04-01", "to": "2026-06-30"},
        {"label": "3. kvt. 2026", "from": "2026-07-01", "to": "2026-09-30"},
        {"label": "4. kvt. 2026", "from": "2026-10-01", "to": "2026-12-31"},
    ]
    assert values(report) == EXPECTED_QUARTERS
    assert [i["id"] for i in report["indicators"]] == list(EXPECTED_QUARTERS)  # in the declared order
    targets = {
        i["id"]: (i["total"], i["target"], i["baseline"], i["distance"])
        for i in report["indicators"]
        if i["target"] is not None
    }
    assert targets == {
        "companies_contacted": (4, 4, 0, 0),  # reached
        "places_offered": (6, 5, None, -1),  # passed
        "young_started": (6, 10, 4, 4),  # 4 to go
    }
    meetings = indicator(report, "meetings")
    assert (meetings["total"], meetings["target"], meetings["distance"]) == (4, None, None)
    assert meetings["area"] == "employment" and meetings["label"] == "Møder med virksomheder"
    assert indicator(report, "went_on_to_education")["area"] == "education"
    assert set(report) == {"from", "to", "by", "periods", "indicators"}
    assert set(meetings) == {"id", "area", "label", "values", "total", "target", "baseline", "distance"}
    # --format json says the same as --json, and the year and the split are the defaults for 2026
    assert printed_json(cli("report", "--format", "json", "--year", "2026")) == report


def edit_in_2027(db: Path) -> None:
    """What happens in January and February 2027: records of 2026 change, and new ones are added."""
    r = Records(db)
    r.companies = dict(r.conn.execute("SELECT name, id FROM companies"))
    conn = r.conn
    # a placement of 2026 ends, one goes on to a job, a company moves on, an opening closes, an agreement ends
    conn.execute(
        """UPDATE placements SET "end" = '2027-01-15', outcome = 'completed' WHERE start = '2026-01-20'"""
    )
    conn.execute("""UPDATE placements SET "end" = '2027-02-01', outcome = 'job' WHERE start = '2026-11-10'""")
    r.stage("Byggemarkedet", "2027-02-01", "contacted", "active")
    conn.execute("UPDATE openings SET status = 'closed', closed = '2027-01-31' WHERE opened = '2026-03-10'")
    conn.execute("UPDATE agreements SET status = 'ended', \"end\" = '2027-01-31' WHERE signed = '2026-03-01'")
    conn.execute("UPDATE companies SET stage = 'paused' WHERE name = 'Dækcentret'")
    # and new records of 2027
    r.company("Frisøren")
    r.stage("Frisøren", "2027-01-03", "candidate", "contacted")
    r.log("Frisøren", "2027-01-20", "meeting")
    r.agreement("Frisøren", "2027-02-02")
    r.opening("Frisøren", "2027-01-10", 4)
    r.placement("Frisøren", "15-17", "2027-01-05")
    r.target("young_started", 2027, 12)
    r.close()


def test_changes_in_2027_leave_the_2026_report_as_it_was(cli: Cli, year_2026: Path) -> None:
    before = printed_json(cli("report", "--year", "2026", "--json"))
    by_month = printed_json(cli("report", "--year", "2026", "--by", "month", "--json"))
    edit_in_2027(year_2026)
    assert printed_json(cli("report", "--year", "2026", "--json")) == before
    assert printed_json(cli("report", "--year", "2026", "--by", "month", "--json")) == by_month
    after = printed_json(cli("report", "--year", "2027", "--json"))
    assert indicator(after, "young_started")["values"] == [1, 0, 0, 0]
    assert indicator(after, "went_on_to_job")["values"] == [1, 0, 0, 0]
    assert indicator(after, "companies_contacted")["values"] == [1, 0, 0, 0]
    assert indicator(after, "places_offered")["total"] == 4
    assert indicator(after, "meetings")["distance"] == 11
    # The young person who started in November 2026 reaches the mark on 10 February 2027, having gone on to a job
    # before it: counted once the day has come, not before.
    from lokalspil.database import open_database
    from lokalspil.report import build_report

    conn = open_database(year_2026)
    try:
        for today, counted in ((dt.date(2027, 2, 9), 0), (dt.date(2027, 2, 10), 1)):
            report = build_report(conn, dt.date(2027, 1, 1), dt.date(2027, 12, 31), "quarter", today=today)
            assert report.row("in_job_after_3_months").values == (counted, 0, 0, 0)
    finally:
        conn.close()


def test_the_year_by_month(cli: Cli, year_2026: Path) -> None:
    report = printed_json(cli("report", "--year", "2026", "--by", "month", "--json"))
    assert [p["label"] for p in report["periods"]][:3] == ["jan. 2026", "feb. 2026", "mar. 2026"]
    assert report["periods"][1] == {"label": "feb. 2026", "from": "2026-02-01", "to": "2026-02-28"}
    assert len(report["periods"]) == 12
    got = values(report)
    assert got["young_started"] == [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 0]
    assert got["in_job_after_3_months"] == [0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0]
    assert got["meetings"] == [0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0]
    for key, quarters in EXPECTED_QUARTERS.items():  # the months add up to the quarters
        assert [sum(got[key][q * 3 : q * 3 + 3]) for q in range(4)] == quarters, key
    # in Danish words too
    assert printed_json(cli("report", "--year", "2026", "--by", "måned", "--json")) == report


def test_a_range_of_days_cuts_the_periods_at_its_edges(cli: Cli, year_2026: Path) -> None:
    report = printed_json(cli("report", "--from", "15-2-2026", "--to", "15/5/2026", "--json"))
    assert report["periods"] == [
        {"label": "1. kvt. 2026", "from": "2026-02-15", "to": "2026-03-31"},
        {"label": "2. kvt. 2026", "from": "2026-04-01", "to": "2026-05-15"},
    ]
    started = indicator(report, "young_started")
    assert (started["values"], started["target"], started["distance"]) == ([1, 1], 10, 8)
    assert indicator(report, "companies_contacted")["values"] == [0, 1]  # Cafeen's second try does not count
    assert indicator(report, "in_job_after_3_months")["values"] == [1, 1]  # 28 February, 20 April


def test_a_range_over_years_sums_the_targets_of_every_year(cli: Cli, year_2026: Path) -> None:
    r = Records(year_2026)
    r.target("meetings", 2025, 3, 1)
    r.target("meetings", 2026, 5, 2)
    r.close()
    report = printed_json(
        cli("report", "--from", "2025-07-01", "--to", "2027-06-30", "--by", "year", "--json")
    )
    assert [(p["label"], p["from"], p["to"]) for p in report["periods"]] == [
        ("2025", "2025-07-01", "2025-12-31"),
        ("2026", "2026-01-01", "2026-12-31"),
        ("2027", "2027-01-01", "2027-06-30"),
    ]
    meetings = indicator(report, "meetings")
    assert meetings["values"] == [1, 4, 0]
    assert (meetings["target"], meetings["baseline"], meetings["distance"]) == (20, 1, 15)
    assert indicator(report, "young_started")["target"] is None  # no target for 2025 or 2027
    assert indicator(report, "companies_contacted")["values"] == [1, 4, 0]


def test_the_table_on_screen(cli: Cli, year_2026: Path) -> None:
    shown = ok(cli("report", "--year", "2026")).stdout
    for text in ("Uddannelse og livschancer", "Beskæftigelse", "Sammenhængskraft og medborgerskab", "K1", "K4",
                 "Måltal", "Afstand", "Unge i gang pr. periode", "Pladser udbudt pr. periode"):  # fmt: skip
        assert text in shown, text
    line = next(x for x in shown.splitlines() if x.strip().startswith("Unge i gang "))
    assert line.split() == ["Unge", "i", "gang", "2", "2", "1", "1", "6", "10", "4"]
    line = next(x for x in shown.splitlines() if x.strip().startswith("Virksomheder kontaktet"))
    assert line.split()[-1] == "nået"
    assert shown.index("Uddannelse og livschancer") < shown.index("Beskæftigelse")
    english = ok(cli("--lang", "en", "report", "--year", "2026", "--by", "month")).stdout
    assert "Education and life chances" in english and "Jan" in english and "reached" in english


def test_csv_for_excel(cli: Cli, year_2026: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport.csv"
    ok(cli("report", "--year", "2026", "-o", str(out)))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = [line.split(";") for line in raw.decode("utf-8-sig").splitlines()]
    assert rows[0] == ["Indsatsområde", "Indikator", "1. kvt. 2026", "2. kvt. 2026", "3. kvt. 2026", "4. kvt. 2026",
                       "I alt", "Måltal", "Udgangspunkt", "Afstand"]  # fmt: skip
    by_label = {row[1]: row for row in rows[1:]}
    assert by_label["Unge i gang"] == [
        "Beskæftigelse",
        "Unge i gang",
        "2",
        "2",
        "1",
        "1",
        "6",
        "10",
        "4",
        "4",
    ]
    assert by_label["Pladser udbudt"][-4:] == ["6", "5", "", "0"]  # passed: 0 to go, never a negative number
    assert rows[1][0] == "Uddannelse og livschancer"
    # to the screen without a file
    assert (
        ok(cli("report", "--year", "2026", "--format", "csv"))
        .stdout.splitlines()[0]
        .startswith("Indsatsområde;")
    )


def test_markdown(cli: Cli, year_2026: Path) -> None:
    markdown = ok(cli("report", "--year", "2026", "--format", "md")).stdout
    assert markdown.startswith("# Resultater for Værebroparken")
    assert "## Beskæftigelse" in markdown and "## Sammenhængskraft og medborgerskab" in markdown
    assert "| Indikator | 1\\. kvt. | 2\\. kvt. | 3\\. kvt. | 4\\. kvt. | I alt | Måltal |" in markdown
    assert "| Unge i gang | 2 | 2 | 1 | 1 | **6** | 10 | 4 | 4 |" in markdown
    assert "| Virksomheder kontaktet | 1 | 1 | 1 | 1 | **4** | 4 | 0 | nået |" in markdown
    assert "| Møder med virksomheder | 1 | 2 | 0 | 1 | **4** | – | – | – |" in markdown
    assert "```text" in markdown  # the charts as text bars
    assert "**Stadig i job efter 3 måneder:**" in markdown
    assert "lokalspil" not in markdown  # a document for a board: no commands


def test_pdf(cli: Cli, year_2026: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "rapport.pdf"
    result = ok(cli("report", "--year", "2026", "--format", "pdf", "-o", str(out)))
    assert "rapport.pdf" in result.stdout
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    words = " ".join(text.split())
    for expected in ("Resultater for Værebroparken", "Uddannelse og livschancer", "Unge i gang", "Måltal",
                     "Unge i gang pr. periode", "Sådan er tallene talt"):  # fmt: skip
        assert expected in words, expected
    assert "<svg" not in text and "LOKALSPILCHART" not in text


def test_report_is_not_a_letter(cli: Cli, workspace: Path) -> None:
    result = cli("letter", "report", "--stage", "candidate")
    assert result.exit_code == 1 and "lokalspil report" in result.output
    listed = printed_json(cli("template", "list", "--json"))
    assert {"name": "report", "kind": "report"}.items() <= next(
        t for t in listed if t["name"] == "report"
    ).items()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "1-6-2026", "--to", "1-5-2026"], "--from"),
        (["--year", "99999"], "99999"),
        (["--year", "2026", "--from", "1-1-2026"], "--year"),
        (["--by", "week"], "week"),
        (["--format", "pdf"], "-o"),
        (["--format", "xlsx"], "xlsx"),
        (["--json", "--format", "csv"], "--json"),
        (["-o", "rapport.txt"], "rapport.txt"),
        (["--format", "table", "-o", "rapport.md"], "--format"),
        (["--from", "31-2-2026"], "31-2-2026"),
    ],
)
def test_bad_input_gets_one_plain_sentence(cli: Cli, workspace: Path, args: list[str], says: str) -> None:
    result = cli("report", *args)
    assert result.exit_code in (1, 2)
    message = result.stderr.strip()
    assert says in message and "Traceback" not in result.output
    assert len(message.splitlines()) == 1, message
    assert not Path("rapport.md").exists()


def test_a_year_that_is_no_number_is_a_usage_error(workspace: Path) -> None:
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "lokalspil", "report", "--year", "tyve"],
        env={**os.environ, "LOKALSPIL_DB": str(workspace)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--year" in done.stderr


def test_no_workspace_yet(cli: Cli) -> None:
    result = cli("report")
    assert result.exit_code == 1 and "lokalspil init" in result.stderr


def test_periods_and_months() -> None:
    assert add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 1, 31), -2) == dt.date(2025, 11, 30)
    periods = split_periods(dt.date(2026, 2, 15), dt.date(2026, 2, 20), "year")
    assert [(p.start, p.end) for p in periods] == [(dt.date(2026, 2, 15), dt.date(2026, 2, 20))]
    assert len(split_periods(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "month")) == 12


def test_every_indicator_and_area_has_its_words_in_both_languages() -> None:
    from lokalspil.indicators import AREAS, indicator_ids
    from lokalspil.messages import da, en

    keys = [f"area.{a}" for a in AREAS]
    keys += [f"indicator.{i}{suffix}" for i in indicator_ids() for suffix in ("", ".about")]
    for catalogue in (da.MESSAGES, en.MESSAGES):
        assert [k for k in keys if not catalogue.get(k, "").strip()] == []
    assert da.MESSAGES["area.education"] == "Uddannelse og livschancer"
    assert da.MESSAGES["area.cohesion"] == "Sammenhængskraft og medborgerskab"


def test_the_report_on_screen_imports_nothing_heavy(year_2026: Path) -> None:
    from tests.test_startup import HEAVY, imported_by

    assert imported_by(["report", "--help"], year_2026) & (HEAVY | {"yaml"}) == set()
    assert imported_by(["report", "--year", "2026", "--json"], year_2026) & (HEAVY | {"yaml"}) == set()


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_never_written_over_the_workspace(cli: Cli, year_2026: Path, fmt: str) -> None:
    before = year_2026.read_bytes()
    result = cli("report", "--format", fmt, "-o", str(year_2026))
    assert result.exit_code == 1 and str(year_2026) in result.stderr
    assert year_2026.read_bytes() == before
