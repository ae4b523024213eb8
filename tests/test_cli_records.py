"""Contact persons and GDPR, the activity log and follow-ups, agreements, the agenda and its calendar file, search."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, Query, ok, printed_json

TODAY = dt.date.today()


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
    assert printed_json(cli("search", "bagersen", "--json"))

    done = ok(cli("contact", "forget", "1", "--yes"))
    assert "slettet for altid" in done.stdout

    for path in db_path.parent.glob(db_path.name + "*"):
        content = path.read_bytes()
        for secret in ("Mette Bagersen", "mette@oernen.dk", "Bagersen", "22334455", "22 33 44 55"):
            assert secret.encode() not in content, (path.name, secret)
    activity = query("SELECT summary, contact_id FROM activities WHERE kind = 'call'")
    assert activity == [("Ringede til [slettet person] om sommerjob", None)]
    assert query("SELECT contact_id FROM agreements") == [(None,)]
    assert printed_json(cli("search", "bagersen", "--json")) == []


def test_contact_export_holds_everything_about_the_person(cli: Cli, bakery: str) -> None:
    ok(cli("contact", "add", bakery, "Ida Holm", "--email", "ida@oernen.dk"))
    ok(cli("log", bakery, "Møde med Ida Holm", "--kind", "meeting", "--contact", "1"))
    export = printed_json(cli("contact", "export", "1"))
    assert export["contact"]["name"] == "Ida Holm" and export["contact"]["email"] == "ida@oernen.dk"
    assert export["contact"]["purpose"]  # why we hold the data: the default text
    assert [a["summary"] for a in export["activities"]] == ["Møde med Ida Holm"]


def test_contact_add_checks_its_fields(cli: Cli, bakery: str, query: Query) -> None:
    bad = cli("contact", "add", bakery, "Ida Holm", "--email", "ida.oernen.dk")
    assert bad.exit_code == 1 and "E-mail" in bad.stderr
    assert query("SELECT count(*) FROM contacts") == [(0,)]
    listed = printed_json(cli("contact", "list", "--json"))
    assert listed == []


# -- the log and follow-ups -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "days"),
    [("i morgen", 1), ("tomorrow", 1), ("+7", 7), ((TODAY + dt.timedelta(days=3)).strftime("%d/%m"), 3)],
)
def test_log_takes_follow_up_dates_as_people_write_them(cli: Cli, bakery: str, typed: str, days: int) -> None:
    ok(cli("log", bakery, "Ringede", "--kind", "opkald", "--follow-up", typed))
    activity = printed_json(cli("company", "show", bakery, "--json"))["activities"][0]
    expected = TODAY + dt.timedelta(days=days)
    if typed[0].isdigit() and expected.year != TODAY.year:  # '3/12' means this year
        expected = expected.replace(year=TODAY.year)
    assert activity["follow_up"] == expected.isoformat()
    assert activity["kind"] == "call"


def test_log_refuses_bad_input_and_stores_nothing(cli: Cli, bakery: str, query: Query) -> None:
    result = cli("log", bakery, "Ringede", "--kind", "fax", "--by", "snart")
    assert result.exit_code == 1
    assert "--kind" in result.stderr and "--by" in result.stderr
    assert query("SELECT count(*) FROM activities") == [(0,)]


def test_agenda_orders_overdue_today_coming_and_done_removes(cli: Cli, bakery: str) -> None:
    ok(cli("company", "add", "Netto"))
    ok(cli("log", "netto", "Ring igen", "--follow-up", (TODAY - dt.timedelta(days=2)).isoformat()))
    ok(cli("log", bakery, "Send brochure", "--follow-up", "i dag"))
    ok(cli("log", bakery, "Møde om aftalen", "--follow-up", "+5"))
    ok(cli("log", bakery, "Langt ude", "--follow-up", "+60"))
    ok(cli("agreement", "add", bakery, "--kind", "fritidsjob", "--review", "+10", "--end", "+12"))
    items = printed_json(cli("agenda", "--json"))
    assert [(i["when"], i["company"], i["kind"]) for i in items] == [
        ("overdue", "Netto", "follow_up"),
        ("today", "Bageriet Ørnen ApS", "follow_up"),
        ("coming", "Bageriet Ørnen ApS", "follow_up"),
        ("coming", "Bageriet Ørnen ApS", "review"),
        ("coming", "Bageriet Ørnen ApS", "end"),
    ]
    assert len(printed_json(cli("agenda", "--days", "90", "--json"))) == 6
    text = ok(cli("agenda")).stdout
    assert text.index("Overskredet") < text.index("I dag") < text.index("De næste 14 dage")
    ok(cli("done", str(items[0]["activity_id"])))
    assert printed_json(cli("agenda", "--json"))[0]["company"] == "Bageriet Ørnen ApS"
    assert "overdue_follow_ups" in printed_json(cli("status", "--json"))


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
    follow_ups = [e for e in events if str(e["UID"]).startswith("activity-") and "STATUS" not in e]
    assert len(follow_ups) == 2
    assert {str(e["SUMMARY"]) for e in follow_ups} == {
        "Ring igen – Bageriet Ørnen ApS",
        "Send aftalen – Bageriet Ørnen ApS",
    }
    assert follow_ups[0].decoded("DTSTART") == TODAY + dt.timedelta(days=1)
    assert len(events) == 4  # and the agreement's review, and the follow-up done (cancelled)
    assert [str(e["SUMMARY"]) for e in events if e.get("STATUS") == "CANCELLED"] == [
        "Klaret – Bageriet Ørnen ApS"
    ]


def test_agenda_ics_honours_days_and_writes_follow_ups_done_as_cancelled(
    cli: Cli, bakery: str, tmp_path: Path
) -> None:
    from icalendar import Calendar

    def events(*options: str) -> dict[str, tuple[str, str, int]]:
        path = tmp_path / "kalender.ics"
        ok(cli("agenda", "--ics", str(path), *options))
        return {
            str(e["SUMMARY"]).split(" – ")[0]: (str(e["UID"]), str(e.get("STATUS", "")), int(e["SEQUENCE"]))
            for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        }

    ok(cli("log", bakery, "Ring igen", "--follow-up", "+1"))
    ok(cli("log", bakery, "Send aftalen", "--follow-up", "+3"))
    ok(cli("log", bakery, "Langt ude", "--follow-up", "+30"))
    before = events()
    assert set(before) == {"Ring igen", "Send aftalen", "Langt ude"}
    assert {status for _, status, _ in before.values()} == {""}
    ok(cli("done", "2"))
    after = events("--days", "7")
    assert set(after) == {"Ring igen", "Send aftalen"}  # +30 is past --days 7
    uid, status, sequence = after["Send aftalen"]
    assert uid == before["Send aftalen"][0] and status == "CANCELLED" and sequence > before["Send aftalen"][2]
    assert after["Ring igen"] == before["Ring igen"]  # unchanged: the same UID and SEQUENCE
    ok(cli("done", "2", "--undo"))
    again = events()["Send aftalen"]
    assert again[0] == uid and again[1] == "" and again[2] > sequence  # open again, and the calendar takes it


# -- agreements -----------------------------------------------------------------------------------------------


def test_a_signed_agreement_moves_the_company_to_agreement_unless_further(cli: Cli, bakery: str) -> None:
    ok(cli("agreement", "add", bakery, "--kind", "læreplads", "--status", "draft"))
    assert printed_json(cli("company", "show", bakery, "--json"))["stage"] == "candidate"
    result = ok(cli("agreement", "add", bakery, "--kind", "fritidsjob", "--places", "2", "--start", "1/3-2027",
                    "--end", "30/6-2027", "--status", "signed", "--participants", "2"))  # fmt: skip
    assert "rykket" in result.stdout
    card = printed_json(cli("company", "show", bakery, "--json"))
    assert card["stage"] == "agreement"
    assert [(a["kind"], a["places"], a["start"], a["end"]) for a in card["agreements"]][1] == (
        "fritidsjob", 2, "2027-03-01", "2027-06-30",
    )  # fmt: skip
    ok(cli("company", "stage", bakery, "active"))
    ok(cli("agreement", "add", bakery, "--kind", "mentor", "--status", "running"))
    assert printed_json(cli("company", "show", bakery, "--json"))["stage"] == "active"
    listed = printed_json(cli("agreement", "list", "--json"))
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
    assert printed_json(cli("status", "--json"))["agreements_active"] == 2


def test_agreement_checks_and_end(cli: Cli, bakery: str, query: Query) -> None:
    bad = cli("agreement", "add", bakery, "--kind", "fritidsjob", "--start", "1/6-2027", "--end", "1/3-2027")
    assert bad.exit_code == 1 and "før" in bad.stderr
    bad = cli("agreement", "add", bakery, "--kind", "kaffe")
    assert bad.exit_code == 1 and "fritidsjob" in bad.stderr
    assert query("SELECT count(*) FROM agreements") == [(0,)]
    ok(cli("agreement", "add", bakery, "--kind", "fritidsjob", "--status", "running"))
    ok(cli("agreement", "end", "1"))
    assert printed_json(cli("agreement", "list", "--json"))[0]["status"] == "ended"


# -- search ---------------------------------------------------------------------------------------------------


def test_search_finds_by_the_first_letters_of_a_word(cli: Cli, bakery: str) -> None:
    ok(cli("company", "add", "Netto Søborg", "--industry", "Supermarked"))
    ok(cli("contact", "add", "netto", "Ida Holm", "--role", "butikschef"))
    ok(cli("log", "netto", "Talte om fritidsjob i weekenden", "--kind", "visit"))
    assert [h["company"] for h in printed_json(cli("search", "ørn", "--json"))] == ["Bageriet Ørnen ApS"]
    assert [h["company"] for h in printed_json(cli("search", "BAGER", "--json"))] == ["Bageriet Ørnen ApS"]
    kinds = {h["kind"] for h in printed_json(cli("search", "sø", "--json"))}
    assert kinds == {"company"}
    assert [h["kind"] for h in printed_json(cli("search", "butik", "--json"))] == ["contact"]
    assert [h["kind"] for h in printed_json(cli("search", "fritids", "weekend", "--json"))] == ["activity"]
    assert "Intet fundet" in ok(cli("search", "slagter")).stdout


def test_status_counts_the_pipeline(cli: Cli, bakery: str) -> None:
    ok(cli("company", "add", "Netto", "--stage", "contacted"))
    ok(cli("company", "add", "Føtex", "--stage", "declined"))
    status = printed_json(cli("status", "--json"))
    assert status["pipeline"]["candidate"] == 1 and status["pipeline"]["contacted"] == 1
    assert status["pipeline"]["declined"] == 1 and status["companies"] == 3
    text = ok(cli("status")).stdout
    assert "Kandidat" in text and "█" in text and "Takket nej 1" in text


# -- erasure in the awkward cases -----------------------------------------------------------------------------


def test_forget_replaces_whole_words_only_and_any_case(cli: Cli, bakery: str, query: Query) -> None:
    ok(
        cli(
            "company",
            "edit",
            bakery,
            "--note",
            "Boligselskabet: Bo ringer. SØREN ØRSTED er med, Jensen også.",
        )
    )
    ok(cli("contact", "add", bakery, "Bo"))
    ok(cli("contact", "add", bakery, "Søren Ørsted"))
    ok(cli("contact", "forget", "1", "--yes"))
    ok(cli("contact", "forget", "2", "--yes"))
    assert query("SELECT notes FROM companies") == [
        ("Boligselskabet: [slettet person] ringer. [slettet person] er med, Jensen også.",)
    ]


def test_forget_reaches_copies_in_company_fields_guide_answers_and_odd_phone_spacing(
    cli: Cli, bakery: str, db_path: Path
) -> None:
    ok(cli("company", "edit", bakery, "--email", "mette@bagersen.dk", "--phone", "22334455",
           "--note", "Ring 2233 4455 eller +45 22 33 44 55."))  # fmt: skip
    ok(cli("company", "add", "Frisør Mette Bagersen"))
    ok(
        cli(
            "contact",
            "add",
            bakery,
            "Mette Bagersen",
            "--email",
            "mette@bagersen.dk",
            "--phone",
            "22 33 44 55",
        )
    )
    ok(cli("guide", "answer", "formaal.ejer", "Mette Bagersen fra bageriet"))
    result = ok(cli("contact", "forget", "1", "--yes"))
    assert "Frisør Mette Bagersen" in result.stderr  # told where the name stays: it names a company
    card = printed_json(cli("company", "show", bakery, "--json"))
    assert card["email"] is None and card["phone"] is None
    assert "2233" not in card["notes"] and card["notes"].count("[slettet person]") == 2
    assert printed_json(cli("guide", "answers", "--format", "json")) == {
        "formaal.ejer": "[slettet person] fra bageriet"
    }
    content = db_path.read_bytes()
    assert b"mette@bagersen.dk" not in content and b"22334455" not in content


def test_forget_with_another_program_reading_says_so_and_completes_later(
    cli: Cli, bakery: str, db_path: Path
) -> None:
    import sqlite3

    ok(cli("contact", "add", bakery, "Ida Holm", "--email", "ida@holm.dk"))
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM contacts").fetchone()  # holds a read snapshot
    try:
        result = ok(cli("contact", "forget", "1", "--yes"))
    finally:
        reader.rollback()
        reader.close()
    assert "andet program" in result.stderr
    ok(cli("status"))  # the next command that closes the workspace finishes the job
    for path in db_path.parent.glob(db_path.name + "*"):
        assert b"ida@holm.dk" not in path.read_bytes(), path.name


def test_contact_export_finds_what_forget_would_erase_and_nothing_else(cli: Cli, bakery: str) -> None:
    ok(
        cli(
            "company", "edit", bakery, "--note", "Bo Holm (tlf 2233 4455) er positiv. Boligselskabet ringede."
        )
    )
    ok(cli("contact", "add", bakery, "Bo Holm", "--email", "bo@netto.dk", "--phone", "22334455"))
    ok(cli("log", bakery, "Mail fra bo@netto.dk om sommerjob"))
    ok(cli("log", bakery, "Boligselskabet ringede"))
    export = printed_json(cli("contact", "export", "1"))
    texts = sorted(m["text"] for m in export["mentioned_in"])
    assert texts == [
        "Bo Holm (tlf 2233 4455) er positiv. Boligselskabet ringede.",
        "Mail fra bo@netto.dk om sommerjob",
    ]


# -- agenda, agreements and merge, from the review ------------------------------------------------------------


def test_the_calendar_holds_every_open_follow_up_with_uids_of_this_workspace(
    cli: Cli, bakery: str, tmp_path: Path
) -> None:
    from icalendar import Calendar

    ok(cli("log", bakery, "Ring i januar", "--follow-up", "+30"))
    ok(cli("log", bakery, "Ring snart", "--follow-up", "+2"))
    path = tmp_path / "a.ics"
    assert printed_json(cli("agenda", "--ics", str(path), "--json")) == {"file": str(path), "events": 2}
    events = list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    assert len(events) == 2
    uids = {str(e["UID"]) for e in events}
    assert all(
        u.startswith("activity-") and u.endswith("@lokalspil") and "." in u.split("@")[0] for u in uids
    )


def test_ending_an_agreement_before_its_start_is_refused_and_changes_nothing(
    cli: Cli, bakery: str, query: Query
) -> None:
    start, planned_end, review = (TODAY + dt.timedelta(days=d) for d in (90, 210, 120))
    ok(cli("agreement", "add", bakery, "--kind", "fritidsjob", "--status", "signed",
           "--start", start.isoformat(), "--end", planned_end.isoformat(), "--review", review.isoformat()))  # fmt: skip
    stored = query('SELECT status, start, "end", review FROM agreements')
    refused = cli("agreement", "end", "1")
    assert refused.exit_code == 1 and "✓" not in refused.output
    assert "ikke begyndt endnu" in refused.stderr and "lokalspil agreement end 1 --on DATO" in refused.stderr
    assert "lokalspil agreement edit 1 --status afsluttet" in refused.stderr
    assert query('SELECT status, start, "end", review FROM agreements') == stored
    assert stored == [("signed", start.isoformat(), planned_end.isoformat(), review.isoformat())]
    refused = cli("agreement", "end", "1", "--on", "1/1-2020")
    assert refused.exit_code == 1 and "før" in refused.stderr
    assert query('SELECT status, "end" FROM agreements') == [("signed", planned_end.isoformat())]
    ok(cli("agreement", "end", "1", "--on", (start + dt.timedelta(days=30)).isoformat()))  # on a day it runs
    assert query('SELECT status, "end" FROM agreements') == [
        ("ended", (start + dt.timedelta(days=30)).isoformat())
    ]
    ok(cli("agreement", "edit", "1", "--places", "2"))  # still editable


def test_ending_an_agreement_twice_says_it_has_ended(cli: Cli, bakery: str, query: Query) -> None:
    ok(cli("agreement", "add", bakery, "--kind", "praktik", "--status", "running", "--start", "1/1-2025"))
    first = ok(cli("agreement", "end", "1", "--on", "1/6-2025"))
    assert "✓" in first.output and "01-06-2025" in first.output
    again = ok(cli("agreement", "end", "1"))
    assert "✓" not in again.output and "allerede afsluttet" in again.output
    assert "lokalspil agreement edit 1 --end DATO" in again.output
    assert query('SELECT status, "end" FROM agreements') == [("ended", "2025-06-01")]
    assert query("SELECT count(*) FROM history WHERE command = 'agreement end'") == [(1,)]


def test_done_twice_says_it_was_already_done_and_keeps_when(cli: Cli, bakery: str, query: Query) -> None:
    ok(cli("log", bakery, "Ring igen", "--follow-up", "+3"))
    assert "✓ Klaret" in ok(cli("done", "1")).output
    (done_at,) = query("SELECT follow_up_done_at FROM activities")[0]
    again = ok(cli("done", "1"))
    assert (
        "✓" not in again.output
        and "allerede klaret" in again.output
        and "lokalspil done 1 --undo" in again.output
    )
    assert query("SELECT follow_up_done_at FROM activities") == [(done_at,)]
    assert "✓ Åben igen" in ok(cli("done", "1", "--undo")).output
    again = ok(cli("done", "1", "--undo"))
    assert "✓" not in again.output and "allerede åben" in again.output
    assert query("SELECT follow_up_done_at FROM activities") == [(None,)]


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("agenda", "--days", "100000000"), "--days kan højst være 36500"),
        (("agenda", "--days", "100000000000000000000000000", "--json"), "--days kan højst være 36500"),
        (("agenda", "--days", "-1"), "--days skal være 0 eller mere"),
        (("done", "99999999999999999999"), "Der er ingen post nr. 99999999999999999999 i loggen"),
        (("agreement", "end", "99999999999999999999"), "Der er ingen aftale nr. 99999999999999999999"),
        (("agreement", "edit", "99999999999999999999", "--places", "2"), "Der er ingen aftale nr."),
        (
            ("agreement", "add", "ørnen", "--kind", "praktik", "--contact", "99999999999999999999"),
            "--contact",
        ),
        (
            ("agreement", "add", "ørnen", "--kind", "praktik", "--places", "99999999999999999999"),
            "fra 0 til 100.000",
        ),
        (("log", "ørnen", "Ringede", "--contact", "99999999999999999999"), "Der er ingen kontaktperson nr."),
    ],
)
def test_numbers_out_of_range_are_refused_plainly(
    cli: Cli, bakery: str, query: Query, args: tuple[str, ...], sentence: str
) -> None:
    result = cli(*args)
    assert result.exit_code == (
        2 if args[0] == "agenda" else 1
    )  # --days: a usage error; the others not found
    assert sentence in result.stderr and "uventet" not in result.output
    assert query("SELECT (SELECT count(*) FROM activities), (SELECT count(*) FROM agreements)") == [(0, 0)]
    assert printed_json(cli("agenda", "--days", "36500", "--json")) == []


def test_merge_keeps_the_other_cvr_in_the_log_and_the_further_stage(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "A", "--cvr", "13585628"))
    ok(cli("company", "add", "B", "--cvr", "10150817", "--stage", "aktiv"))
    ok(cli("company", "merge", "A", "B", "--yes"))
    card = printed_json(cli("company", "show", "A", "--json"))
    assert card["cvr"] == "13585628" and card["stage"] == "active"
    assert any("10150817" in a["summary"] for a in card["activities"])


def test_refusals_name_the_choices_in_the_users_words(cli: Cli, bakery: str) -> None:
    stage = cli("company", "stage", bakery, "færdig")
    assert "kandidat, kontaktet, møde" in stage.stderr
    kind = cli("agreement", "add", bakery, "--kind", "kaffe")
    assert "læreplads" in kind.stderr and "socialøkonomisk indkøb" in kind.stderr
    huge = cli("agreement", "add", bakery, "--kind", "praktik", "--places", "99999999999999999999")
    assert huge.exit_code == 1 and "helt tal" in huge.stderr
    days = cli("agenda", "--days", "-1")
    assert days.exit_code == 2 and "--days" in days.stderr


def test_agreements_about_premises_and_purchases(cli: Any, workspace: Path) -> None:
    assert cli("company", "add", "Café Fælleden", "--social-economy", "--rsv").exit_code == 0
    result = cli(
        "agreement",
        "add",
        "Fælleden",
        "--kind",
        "erhvervslejemål",
        "--address",
        "Torvet 4, st.",
        "--m2",
        "85,5",
    )
    assert result.exit_code == 0, result.output
    result = cli("agreement", "add", "Fælleden", "--kind", "socialøkonomisk indkøb", "--what", "Trappevask",
                 "--amount", "250.000 kr.")  # fmt: skip
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("agreement", "list", "--json").output)
    assert [(a["kind"], a["address"], a["m2"], a["what"], a["amount"]) for a in listed] == [
        ("erhvervslejemaal", "Torvet 4, st.", 85.5, None, None),
        ("socialoekonomisk-indkoeb", None, None, "Trappevask", 250000),
    ]
    shown = cli("agreement", "list").output
    assert "85,5 m²" in shown and "250.000 kr. om året" in shown
    refused = cli("agreement", "add", "Fælleden", "--kind", "erhvervslejemål", "--m2", "nul")
    assert refused.exit_code == 1 and "areal" in refused.output
    assert len(json.loads(cli("agreement", "list", "--json").output)) == 2


def test_a_follow_up_on_a_day_that_has_passed_is_refused_with_a_sentence(
    cli: Cli, bakery: str, query: Query
) -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    done = cli("log", bakery, "Ringede", "--next", "Ring igen", "--by", f"{yesterday.day}/{yesterday.month}")
    assert done.exit_code != 0
    assert "og den dag er gået" in done.stderr
    assert query("SELECT count(*) FROM activities") == [(0,)]
    ok(cli("log", bakery, "Ringede", "--date", f"{yesterday.day}/{yesterday.month}"))  # a log entry: the past
    assert query("SELECT date FROM activities") == [(yesterday.isoformat(),)]


@pytest.mark.parametrize(("word", "kind"), [("mail", "email"), ("Mail", "email"), ("tlf", "call")])
def test_everyday_words_for_a_kind_are_read(
    cli: Cli, bakery: str, query: Query, word: str, kind: str
) -> None:
    ok(cli("log", bakery, "Skrev til dem", "--kind", word))
    assert query("SELECT kind FROM activities") == [(kind,)]


@pytest.mark.parametrize(
    ("typed", "found"),
    [("aeblehaven", "Æblehaven"), ("Æblehaven", "Æblehaven"), ("oernen", "Bageriet Ørnen ApS"),
     ("haabet", "Håbet"), ("aeble", "Æblehaven")],
)  # fmt: skip
def test_search_reads_the_danish_letters_either_way(cli: Cli, bakery: str, typed: str, found: str) -> None:
    ok(cli("company", "add", "Æblehaven", "--city", "Gladsaxe"))
    ok(cli("company", "add", "Håbet", "--postcode", "2860"))
    assert found in [h["company"] for h in printed_json(cli("search", typed, "--json"))]
    assert found in [c["name"] for c in printed_json(cli("company", "list", "--search", typed, "--json"))]


def test_search_finds_companies_by_postcode_and_town(cli: Cli, bakery: str) -> None:
    ok(cli("company", "add", "Håbet", "--postcode", "2860", "--city", "Søborg"))
    assert [h["company"] for h in printed_json(cli("search", "2860", "--json"))] == ["Håbet"]
    assert "Håbet" in [h["company"] for h in printed_json(cli("search", "søborg", "--json"))]


def test_a_mistyped_company_or_command_gets_a_did_you_mean(cli: Cli, bakery: str) -> None:
    done = cli("company", "show", "Bageriet Ørnenn ApS")
    assert done.exit_code == 1 and "Mente du Bageriet Ørnen ApS?" in done.stderr
    from tests.test_typer_hooks import run

    wrong = run("compnay", "list")
    assert wrong.returncode == 2 and "Mente du company?" in wrong.stderr
