"""Next actions: a log entry says what happened, its follow-up what to do next and by when; the agenda shows it with
whom to call; letters and the plan never copy what the log says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from tests.conftest import Cli, Query, answered, ok, printed_json

TODAY = dt.date.today()
INTERNAL = "INTERN: tvivlsom kontakt"


def days(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def bakery(cli: Cli, workspace: Path) -> str:
    ok(cli("company", "add", "Bageriet Ørnen ApS"))
    ok(cli("contact", "add", "ørnen", "Jens Jensen", "--phone", "22334455"))
    ok(cli("contact", "add", "ørnen", "Lise Hansen", "--phone", "33445566"))
    return "ørnen"


# -- log --next --by ------------------------------------------------------------------------------------------


def test_log_stores_what_happened_and_what_to_do_next_by_when(cli: Cli, bakery: str, query: Query) -> None:
    result = ok(
        cli("log", bakery, "Ringede, de er interesserede", "--next", "  Send aftaleudkast ", "--by", "+3")
    )
    assert "Næste skridt: Send aftaleudkast – senest" in result.output and "lokalspil done 1" in result.output
    assert query("SELECT summary, next_action, follow_up FROM activities") == [
        ("Ringede, de er interesserede", "Send aftaleudkast", days(3))
    ]


def test_a_next_action_without_a_date_is_due_in_a_week(cli: Cli, bakery: str, query: Query) -> None:
    ok(cli("log", bakery, "Møde", "--next", "Ring til Jens"))  # (no terminal to ask)
    assert query("SELECT next_action, follow_up FROM activities") == [("Ring til Jens", days(7))]


def test_by_without_next_and_the_old_option_name_work_as_before(cli: Cli, bakery: str, query: Query) -> None:
    result = ok(cli("log", bakery, "Ringede", "--by", "+2"))
    assert "Opfølgning" in result.output and "Næste skridt" not in result.output
    ok(cli("log", bakery, "Skrev", "--follow-up", "+4"))
    ok(cli("log", bakery, "Bare en note", "--next", "  "))
    assert query("SELECT summary, next_action, follow_up FROM activities ORDER BY id") == [
        ("Ringede", None, days(2)),
        ("Skrev", None, days(4)),
        ("Bare en note", None, None),
    ]


def test_a_bad_next_action_or_date_is_refused_and_nothing_stored(cli: Cli, bakery: str, query: Query) -> None:
    result = cli("log", bakery, "Ringede", "--next", "Ring om 010190-1234", "--by", "snart")
    assert result.exit_code == 1
    assert "--next" in result.stderr and "--by" in result.stderr and "1234" not in result.stderr
    assert query("SELECT count(*) FROM activities") == [(0,)]


def test_a_next_action_without_a_date_asks_at_a_terminal(
    cli: Cli, bakery: str, query: Query, terminal: Callable[..., pexpect.spawn]
) -> None:
    child = terminal("log", bakery, "Møde", "--next", "Send aftalen")
    child.expect_exact("Senest hvornår")
    child.expect_exact(f"({(TODAY + dt.timedelta(days=7)).strftime('%d-%m-%Y')})")
    child.sendline("snart")
    child.expect_exact("ikke en dato")
    assert answered(child, "+2") == 0
    child = terminal("log", bakery, "Møde", "--next", "Ring", lang="en")
    child.expect_exact("By when")
    assert answered(child, "") == 0  # Enter: a week from today
    assert query("SELECT next_action, follow_up FROM activities ORDER BY id") == [
        ("Send aftalen", days(2)),
        ("Ring", days(7)),
    ]


def test_log_says_the_next_action_in_english(cli: Cli, bakery: str) -> None:
    result = ok(cli("--lang", "en", "log", bakery, "Called", "--next", "Send the draft", "--by", "+1"))
    assert "Next step: Send the draft – by" in result.output and "lokalspil done 1" in result.output


# -- entry edit and done --------------------------------------------------------------------------------------


def test_entry_edit_changes_the_next_action_and_its_date_for_good(
    cli: Cli, bakery: str, query: Query, workspace: Path
) -> None:
    ok(cli("log", bakery, "Møde"))
    result = ok(cli("entry", "edit", "1", "--next", "Ring om xylofonen"))
    assert "Næste skridt: Ring om xylofonen" in result.output
    assert query("SELECT next_action, follow_up FROM activities") == [("Ring om xylofonen", days(7))]
    ok(cli("entry", "edit", "1", "--next", "Send aftalen", "--by", "+2"))
    assert query("SELECT summary, next_action, follow_up FROM activities") == [
        ("Møde", "Send aftalen", days(2))
    ]
    for path in workspace.parent.glob(f"{workspace.name}*"):  # the old next action is erased from the file
        assert b"xylofon" not in path.read_bytes(), path.name
    ok(cli("entry", "edit", "1", "--by", "+5"))
    assert query("SELECT next_action, follow_up FROM activities") == [("Send aftalen", days(5))]
    ok(cli("entry", "edit", "1", "--next", ""))  # no next action: the follow-up keeps its date
    assert query("SELECT next_action, follow_up FROM activities") == [(None, days(5))]
    nothing = cli("entry", "edit", "1")
    assert nothing.exit_code == 1 and "--next TEKST" in nothing.stderr


def test_done_marks_the_next_action_done(cli: Cli, bakery: str, query: Query) -> None:
    ok(cli("log", bakery, "Møde", "--next", "Send aftalen", "--by", "+1"))
    assert "Send aftalen" in ok(cli("done", "1")).output
    assert query("SELECT follow_up_done_at IS NOT NULL FROM activities") == [(1,)]
    assert printed_json(cli("agenda", "--json")) == []


# -- the agenda -----------------------------------------------------------------------------------------------


def test_agenda_shows_the_next_action_and_whom_to_call(cli: Cli, bakery: str) -> None:
    ok(cli("company", "add", "Netto"))
    ok(cli("log", bakery, "Møde med Lise", "--contact", "2", "--next", "Send aftalen til Lise", "--by", "+1"))
    ok(cli("log", bakery, "Ringede", "--next", "Ring igen", "--by", "+2"))
    ok(cli("log", bakery, "Gammel opfølgning", "--by", "+3"))  # as entries from before next actions
    ok(cli("log", "netto", "Skrev", "--next", "Find en kontaktperson", "--by", "+4"))
    items = printed_json(cli("agenda", "--json"))
    assert [(i["text"], i["next_action"], i["contact_name"], i["contact_phone"]) for i in items] == [
        ("Send aftalen til Lise", "Send aftalen til Lise", "Lise Hansen", "+45 33 44 55 66"),
        ("Ring igen", "Ring igen", "Jens Jensen", "+45 22 33 44 55"),  # the company's first contact
        ("Gammel opfølgning", None, "Jens Jensen", "+45 22 33 44 55"),  # what the log says; no next action
        ("Find en kontaktperson", "Find en kontaktperson", None, None),
    ]
    text = ok(cli("agenda")).stdout
    assert "Kontakt" in text and "Lise Hansen, +45 33 44 55 66" in text
    assert "Gammel opfølgning (fra loggen)" in text and "Ring igen (fra loggen)" not in text
    english = ok(cli("--lang", "en", "agenda")).stdout
    assert "Contact" in english and "Gammel opfølgning (from the log)" in english


def test_the_calendar_events_say_what_to_do_where_and_whom_to_call(
    cli: Cli, bakery: str, tmp_path: Path
) -> None:
    from icalendar import Calendar

    ok(cli("log", bakery, "Møde", "--contact", "2", "--next", "Send aftalen", "--by", "+1"))
    ok(cli("log", bakery, "Gammel opfølgning", "--by", "+2"))
    path = tmp_path / "a.ics"
    ok(cli("agenda", "--ics", str(path)))
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert set(events) == {"Send aftalen – Bageriet Ørnen ApS", "Gammel opfølgning – Bageriet Ørnen ApS"}
    description = str(events["Send aftalen – Bageriet Ørnen ApS"]["DESCRIPTION"])
    assert "Kontakt: Lise Hansen, +45 33 44 55 66" in description and "loggen, så" not in description
    old = str(events["Gammel opfølgning – Bageriet Ørnen ApS"]["DESCRIPTION"])
    assert "Kontakt: Jens Jensen, +45 22 33 44 55" in old and "står i loggen" in old


def test_the_company_card_shows_the_next_action_under_its_entry(cli: Cli, bakery: str) -> None:
    ok(cli("log", bakery, "Ringede", "--next", "Send aftalen", "--by", "+2"))
    ok(cli("log", bakery, "Skrev en mail"))
    lines = ok(cli("company", "show", bakery)).stdout.splitlines()
    assert "Næste opfølgning" in next(line for line in lines if "Send aftalen" in line)
    entry = next(i for i, line in enumerate(lines) if "Ringede" in line)
    assert "→ Næste skridt: Send aftalen" in lines[entry + 1]
    assert sum("→" in line for line in lines) == 1
    card = printed_json(cli("company", "show", bakery, "--json"))
    assert card["next_follow_up"]["next_action"] == "Send aftalen"


# -- what is sent out -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_letter_and_not_the_plan_copies_what_the_log_says(
    cli: Cli, bakery: str, tmp_path: Path, lang: str
) -> None:
    ok(cli("company", "edit", bakery, "--social-economy"))
    ok(cli("agreement", "add", bakery, "--kind", "praktik", "--places", "2", "--status", "signed"))
    for args in (
        ("--kind", "meeting"),
        ("--kind", "visit", "--by", "+1"),
        ("--kind", "call", "--next", "Send aftalen", "--by", "+2"),
        ("--kind", "note",),
    ):  # fmt: skip
        ok(cli("log", bakery, INTERNAL, *args))
    listed = printed_json(cli("--lang", lang, "template", "list", "--json"))
    letters = [t["name"] for t in listed if t["kind"] == "letter"]
    assert {"invitation", "opfoelgning", "samarbejdsaftale", "tak"} <= set(letters)
    outputs = {}
    for name in letters:
        ok(cli("--lang", lang, "letter", name, bakery, "-f", "md", "-o", f"{lang}-{name}", "--no-log"))
        outputs[name] = next((tmp_path / f"{lang}-{name}").iterdir()).read_text(encoding="utf-8")
    ok(cli("--lang", lang, "plan", "-o", f"plan-{lang}.md"))
    outputs["handlingsplan"] = (tmp_path / f"plan-{lang}.md").read_text(encoding="utf-8")
    for name, text in outputs.items():
        assert "tvivlsom" not in text and "INTERN" not in text, name
    assert "Send aftalen" in outputs["opfoelgning"]  # the next action is what the letter says comes next


@pytest.mark.parametrize(
    ("lang", "value", "said"),
    [
        ("da", "last_meeting.summary", "loggen siger om mødet"),
        ("da", "next_follow_up.summary", "Brug next_follow_up.action"),
        ("en", "last_meeting.summary", "never goes into a letter"),
    ],
)
def test_a_template_of_your_own_that_asks_for_the_log_is_told_why_not(
    cli: Cli, bakery: str, tmp_path: Path, lang: str, value: str, said: str
) -> None:
    ok(cli("log", bakery, INTERNAL, "--kind", "meeting", "--next", "Send aftalen"))
    mine = f"mine-{value}"  # (the templates of a folder are read once per process)
    folder = tmp_path / mine / lang
    folder.mkdir(parents=True)
    frame = f'{{% extends "{lang}/_brev.md.j2" %}}{{% block subject %}}Hej{{% endblock %}}'
    (folder / "gammel.md.j2").write_text(f"{frame}{{% block body %}}{{{{ {value} }}}}{{% endblock %}}\n")
    result = cli("--lang", lang, "letter", "gammel", bakery, "--templates", mine, "-o", "ud", "--no-log")
    assert result.exit_code == 1 and said in result.stderr
    assert not (tmp_path / "ud").exists() or not any((tmp_path / "ud").iterdir())


def test_a_contact_export_holds_the_next_actions_of_the_entries_about_them(cli: Cli, bakery: str) -> None:
    ok(cli("log", bakery, "Møde med Lise", "--contact", "2", "--next", "Send Lise aftalen", "--by", "+1"))
    export = printed_json(cli("contact", "export", "2"))
    assert [(a["summary"], a["next_action"]) for a in export["activities"]] == [
        ("Møde med Lise", "Send Lise aftalen")
    ]


def test_a_next_action_ending_in_a_full_stop_is_not_followed_by_a_second_one(
    cli: Cli, workspace: Path
) -> None:
    ok(cli("company", "add", "Bageren"))
    said = " ".join(
        ok(cli("log", "Bageren", "Ringede", "--next", "Send udkastet.", "--by", "+3")).output.split()
    )
    assert "Send udkastet – senest" in said and "udkastet. –" not in said
