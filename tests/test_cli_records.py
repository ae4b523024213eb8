"""Contact persons and GDPR, the activity log and follow-ups, agreements, the agenda and its calendar file, search."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

Cli = Callable[..., Result]
Query = Callable[..., list[tuple[Any, ...]]]
TODAY = dt.date.today()


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def data(result: Result) -> Any:
    return json.loads(ok(result).stdout)


@pytest.fixture
def bakery(cli: Cli, workspace: Path) -> str:
    ok(cli("company", "add", "Bageriet Ørnen ApS", "--cvr", "13585628", "--city", "Søborg"))
    return "ørnen"


# -- contact persons and their data ---------------------------------------------------------------------------


def test_contact_forget_leaves_no_trace_in_the_file(
    cli: Cli, bakery: str, db_path: Path, query: Query
) -> None:
    ok(cli("contact", "add", bakery, "Mette Bagersen", "--role", "indehaver", "--email", "mette@oernen.dk",
           "--phone", "22 33 44 55"))  # fmt: skip
    ok(cli("log", bakery, "Ringede til Mette Bagersen om sommerjob", "--kind", "call", "--contact", "1"))
    ok(cli("company", "edit", bakery, "--note", "Mette Bagersen (mette@oernen.dk, 22334455) er positiv."))
    ok(
        cli(
            "agreement",
            "add",
            bakery,
            "--kind",
            "fritidsjob",
            "--contact",
            "1",
            "--note",
            "Aftalt med Mette Bagersen",
        )
    )
    assert data(cli("search", "bagersen", "--json"))

    done = ok(cli("contact", "forget", "1", "--yes"))
    assert "slettet for altid" in done.stdout

    for path in db_path.parent.glob(db_path.name + "*"):
        content = path.read_bytes()
        for secret in ("Mette Bagersen", "mette@oernen.dk", "Bagersen", "22334455", "22 33 44 55"):
            assert secret.encode() not in content, (path.name, secret)
    activity = query("SELECT summary, contact_id FROM activities WHERE kind = 'call'")
    assert activity == [("Ringede til [slettet person] om sommerjob", None)]
    assert query("SELECT contact_id FROM agreements") == [(None,)]
    assert data(cli("search", "bagersen", "--json")) == []


def test_contact_export_holds_everything_about_the_person(cli: Cli, bakery: str) -> None:
    ok(cli("contact", "add", bakery, "Ida Holm", "--email", "ida@oernen.dk"))
    ok(cli("log", bakery, "Møde med Ida Holm", "--kind", "meeting", "--contact", "1"))
    export = data(cli("contact", "export", "1"))
    assert export["contact"]["name"] == "Ida Holm" and export["contact"]["email"] == "ida@oernen.dk"
    assert export["contact"]["purpose"]  # why we hold the data: the default text
    assert [a["summary"] for a in export["activities"]] == ["Møde med Ida Holm"]


def test_contact_add_checks_its_fields(cli: Cli, bakery: str, query: Query) -> None:
    bad = cli("contact", "add", bakery, "Ida Holm", "--email", "ida.oernen.dk")
    assert bad.exit_code == 1 and "E-mail" in bad.stderr
    assert query("SELECT count(*) FROM contacts") == [(0,)]
    listed = data(cli("contact", "list", "--json"))
    assert listed == []


# -- the log and follow-ups -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "days"),
    [("i morgen", 1), ("tomorrow", 1), ("+7", 7), ((TODAY + dt.timedelta(days=3)).strftime("%d/%m"), 3)],
)
def test_log_takes_follow_up_dates_as_people_write_them(cli: Cli, bakery: str, typed: str, days: int) -> None:
    ok(cli("log", bakery, "Ringede", "--kind", "opkald", "--follow-up", typed))
    activity = data(cli("company", "show", bakery, "--json"))["activities"][0]
    expected = TODAY + dt.timedelta(days=days)
    if typed[0].isdigit() and expected.year != TODAY.year:  # '3/12' means this year
        expected = expected.replace(year=TODAY.year)
    assert activity["follow_up"] == expected.isoformat()
    assert activity["kind"] == "call"


def test_log_refuses_bad_input_and_stores_nothing(cli: Cli, bakery: str, query: Query) -> None:
    result = cli("log", bakery, "Ringede", "--kind", "fax", "--follow-up", "snart")
    assert result.exit_code == 1
    assert "--kind" in result.stderr and "--follow-up" in result.stderr
    assert query("SELECT count(*) FROM activities") == [(0,)]


def test_agenda_orders_overdue_today_coming_and_done_removes(cli: Cli, bakery: str) -> None:
    ok(cli("company", "add", "Netto"))
    ok(cli("log", "netto", "Ring igen", "--follow-up", (TODAY - dt.timedelta(days=2)).isoformat()))
    ok(cli("log", bakery, "Send brochure", "--follow-up", "i dag"))
    ok(cli("log", bakery, "Møde om aftalen", "--follow-up", "+5"))
    ok(cli("log", bakery, "Langt ude", "--follow-up", "+60"))
    ok(cli("agreement", "add", bakery, "--kind", "fritidsjob", "--review", "+10", "--end", "+12"))
    items = data(cli("agenda", "--json"))
    assert [(i["when"], i["company"], i["kind"]) for i in items] == [
        ("overdue", "Netto", "follow_up"),
        ("today", "Bageriet Ørnen ApS", "follow_up"),
        ("coming", "Bageriet Ørnen ApS", "follow_up"),
        ("coming", "Bageriet Ørnen ApS", "review"),
        ("coming", "Bageriet Ørnen ApS", "end"),
    ]
    assert len(data(cli("agenda", "--days", "90", "--json"))) == 6
    text = ok(cli("agenda")).stdout
    assert text.index("Overskredet") < text.index("I dag") < text.index("De næste 14 dage")
    ok(cli("done", str(items[0]["activity_id"])))
    assert data(cli("agenda", "--json"))[0]["company"] == "Bageriet Ørnen ApS"
    assert "overdue_follow_ups" in data(cli("status", "--json"))


def test_agenda_ics_is_a_calendar_with_one_event_per_open_follow_up(
    cli: Cli, bakery: str, tmp_path: Path
) -> None:
    from icalendar import Calendar

    ok(cli("log", bakery, "Ring igen", "--follow-up", "+1"))
    ok(cli("log", bakery, "Send aftalen", "--follow-up", "+2"))
    ok(cli("log", bakery, "Klaret", "--follow-up", "+3"))
    ok(cli("done", "3"))
    ok(cli("agreement", "add", bakery, "--kind", "praktik", "--review", "+4"))
    path = tmp_path / "lokalspil.ics"
    ok(cli("agenda", "--ics", str(path)))
    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    follow_ups = [e for e in events if str(e["UID"]).startswith("activity-")]
    assert len(follow_ups) == 2
    assert {str(e["SUMMARY"]) for e in follow_ups} == {
        "Bageriet Ørnen ApS: Ring igen",
        "Bageriet Ørnen ApS: Send aftalen",
    }
    assert follow_ups[0].decoded("DTSTART") == TODAY + dt.timedelta(days=1)
    assert len(events) == 3  # and the agreement's review


# -- agreements -----------------------------------------------------------------------------------------------


def test_a_signed_agreement_moves_the_company_to_agreement_unless_further(cli: Cli, bakery: str) -> None:
    ok(cli("agreement", "add", bakery, "--kind", "læreplads", "--status", "draft"))
    assert data(cli("company", "show", bakery, "--json"))["stage"] == "candidate"
    result = ok(cli("agreement", "add", bakery, "--kind", "fritidsjob", "--places", "2", "--start", "1/3-2027",
                    "--end", "30/6-2027", "--status", "signed", "--participants", "2"))  # fmt: skip
    assert "rykket" in result.stdout
    card = data(cli("company", "show", bakery, "--json"))
    assert card["stage"] == "agreement"
    assert [(a["kind"], a["places"], a["start"], a["end"]) for a in card["agreements"]][1] == (
        "fritidsjob", 2, "2027-03-01", "2027-06-30",
    )  # fmt: skip
    ok(cli("company", "stage", bakery, "active"))
    ok(cli("agreement", "add", bakery, "--kind", "mentor", "--status", "running"))
    assert data(cli("company", "show", bakery, "--json"))["stage"] == "active"
    listed = data(cli("agreement", "list", "--json"))
    assert set(listed[0]) >= {
        "id",
        "company",
        "kind",
        "places",
        "start",
        "end",
        "review",
        "status",
        "participants",
    }
    assert data(cli("status", "--json"))["agreements_active"] == 2


def test_agreement_checks_and_end(cli: Cli, bakery: str, query: Query) -> None:
    bad = cli("agreement", "add", bakery, "--kind", "fritidsjob", "--start", "1/6-2027", "--end", "1/3-2027")
    assert bad.exit_code == 1 and "før" in bad.stderr
    bad = cli("agreement", "add", bakery, "--kind", "kaffe")
    assert bad.exit_code == 1 and "fritidsjob" in bad.stderr
    assert query("SELECT count(*) FROM agreements") == [(0,)]
    ok(cli("agreement", "add", bakery, "--kind", "fritidsjob", "--status", "running"))
    ok(cli("agreement", "end", "1"))
    assert data(cli("agreement", "list", "--json"))[0]["status"] == "ended"


# -- search ---------------------------------------------------------------------------------------------------


def test_search_finds_by_the_first_letters_of_a_word(cli: Cli, bakery: str) -> None:
    ok(cli("company", "add", "Netto Søborg", "--industry", "Supermarked"))
    ok(cli("contact", "add", "netto", "Ida Holm", "--role", "butikschef"))
    ok(cli("log", "netto", "Talte om fritidsjob i weekenden", "--kind", "visit"))
    assert [h["company"] for h in data(cli("search", "ørn", "--json"))] == ["Bageriet Ørnen ApS"]
    assert [h["company"] for h in data(cli("search", "BAGER", "--json"))] == ["Bageriet Ørnen ApS"]
    kinds = {h["kind"] for h in data(cli("search", "sø", "--json"))}
    assert kinds == {"company"}
    assert [h["kind"] for h in data(cli("search", "butik", "--json"))] == ["contact"]
    assert [h["kind"] for h in data(cli("search", "fritids", "weekend", "--json"))] == ["activity"]
    assert "Intet fundet" in ok(cli("search", "slagter")).stdout


def test_status_counts_the_pipeline(cli: Cli, bakery: str) -> None:
    ok(cli("company", "add", "Netto", "--stage", "contacted"))
    ok(cli("company", "add", "Føtex", "--stage", "declined"))
    status = data(cli("status", "--json"))
    assert status["pipeline"]["candidate"] == 1 and status["pipeline"]["contacted"] == 1
    assert status["pipeline"]["declined"] == 1 and status["companies"] == 3
    text = ok(cli("status")).stdout
    assert "Kandidat" in text and "█" in text and "Takket nej 1" in text
