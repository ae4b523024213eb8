"""The interactive walk in a real pseudo-terminal: typing, refusals, navigation, Ctrl-C, resuming."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from tests.conftest import OTHER_GUIDE, Cli, read, stored_answers

PROMPT = "›"  # the input mark (styled: an escape code may follow it)


@pytest.fixture
def guide_file(write_file: Callable[[str, str], Path]) -> str:
    return str(write_file("cykelvaerksted.yaml", OTHER_GUIDE))


@pytest.fixture
def walk(terminal: Callable[..., pexpect.spawn]) -> Callable[..., pexpect.spawn]:
    return lambda *args, **options: terminal("guide", *args, **options)


def press_ctrl_c(child: pexpect.spawn) -> None:
    """Ctrl-C as a person presses it: after the prompt has settled. (CPython's readline checks for a signal only when
    select() is interrupted; one that lands in the microseconds before it blocks waits for the next key. A test that
    sends ^C the instant the prompt appears can hit that window on a loaded machine; a person cannot.)"""
    time.sleep(0.3)
    child.sendintr()


def answer(child: pexpect.spawn, expect: str, text: str) -> None:
    child.expect_exact(expect)
    child.expect_exact(PROMPT)
    child.sendline(text)


def test_typing_stores_refuses_and_resumes_after_ctrl_c(
    cli: Cli, workspace: Path, guide_file: str, walk: Callable[..., pexpect.spawn]
) -> None:
    child = walk(guide_file)
    child.expect_exact("Trin 1 af 2: Planlæg")
    child.expect_exact("Spørg de unge først.")  # the step's tips come before its questions
    answer(child, "Hvor mange unge vil være med?", "mange")
    child.expect_exact("'mange' er ikke et tal")
    answer(child, "Hvor mange unge vil være med?", "50")
    child.expect_exact("det største er 40")
    child.expect_exact(PROMPT)
    child.sendline("12")
    child.expect_exact("Gemt")
    answer(child, "Hvilken ugedag?", "Onsdag")
    answer(child, "Har I en cykelmekaniker?", "j")
    child.expect_exact("Hvilket firma kommer mekanikeren fra?")  # asked because the answer was yes
    child.expect_exact(PROMPT)
    press_ctrl_c(child)
    child.expect_exact("Stoppet. Alle dine svar er gemt")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")

    assert stored_answers(cli, guide_file) == {"plan.unge": 12, "plan.dag": "ons", "plan.mester": True}

    again = walk(guide_file)
    again.expect_exact("Trin 1 af 2: Planlæg")
    again.expect(r"(\d)/5 ")
    assert again.match.group(1) == "4"  # the first unanswered question, not the start of the step
    again.expect_exact("Hvilket firma kommer mekanikeren fra?")
    press_ctrl_c(again)
    again.expect(pexpect.EOF)


def test_back_keep_skip_checklist_next_step_and_the_end(
    cli: Cli, workspace: Path, guide_file: str, walk: Callable[..., pexpect.spawn]
) -> None:
    child = walk(guide_file)
    child.expect_exact("Hvor mange unge vil være med?")
    child.expect_exact("Skriv et tal fra 1 til 40.")  # the bounds are said before they are broken
    child.expect_exact(PROMPT)
    child.sendline("12")
    answer(child, "Hvilken ugedag?", "<")  # back
    child.expect_exact("Hvor mange unge vil være med?")
    child.expect_exact("Dit svar nu: 12")  # the earlier answer is the default
    child.expect_exact(PROMPT)
    child.sendline("")  # Enter keeps it
    answer(child, "Hvilken ugedag?", ">")  # skip an optional question
    child.expect_exact("Sprunget over")
    answer(child, "Har I en cykelmekaniker?", "")  # Enter on a required question
    child.expect_exact("Dette spørgsmål skal besvares")
    child.expect_exact(PROMPT)
    child.sendline(">")  # '>' on a required question
    child.expect_exact("> springer kun valgfrie spørgsmål over")
    child.expect_exact(PROMPT)
    child.sendline("nej")
    answer(child, "Hvornår åbner værkstedet?", "3/12")  # the mechanic's company is not asked after 'nej'
    child.expect_exact("[ ] 1. Få nøgle til kælderen")
    child.expect_exact(PROMPT)
    child.sendline("1")
    child.expect_exact("[x] 1. Få nøgle til kælderen")
    child.expect_exact(PROMPT)
    child.sendline("7")
    child.expect_exact("'7' er ikke et punkt på listen")
    child.expect_exact(PROMPT)
    child.sendline("?")  # the question keys work in the checklist too
    child.expect_exact("for at sætte eller fjerne flueben")
    child.expect_exact(PROMPT)
    child.sendline("<")  # back to the step's last question, and on to the checklist again
    child.expect_exact("Hvornår åbner værkstedet?")
    child.expect_exact(PROMPT)
    child.sendline("")
    child.expect_exact("[x] 1. Få nøgle til kælderen")
    child.expect_exact(PROMPT)
    child.sendline("")
    child.expect_exact("Videre til trin 2: Drift?")
    child.sendline("j")
    child.expect_exact("Hvad har I lært?")
    child.expect_exact(PROMPT)
    child.sendline("Linje et")
    child.sendline("Linje to")
    child.sendline("")
    answer(child, "Hvad skal de unge lære?", "1, Gear")
    child.expect_exact("Alle trin i Cykelværksted i kælderen er besvaret")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    answers = stored_answers(cli, guide_file)
    year = dt.date.today().year
    assert answers == {
        "plan.unge": 12,
        "plan.mester": False,
        "plan.start": f"{year}-12-03",
        "drift.noter": "Linje et\nLinje to",
        "drift.maal": ["lapning", "gear"],
    }
    doc = json.loads(cli("guide", "show", guide_file, "--json").stdout)
    assert [c["done"] for c in doc["steps"][0]["checklist"]] == [True, False]
    assert doc["progress"]["steps"][0]["finished"] is True


def test_resume_goes_to_the_step_the_user_left(
    cli: Cli, workspace: Path, guide_file: str, walk: Callable[..., pexpect.spawn]
) -> None:
    child = walk(guide_file)
    answer(child, "Hvor mange unge vil være med?", "12")
    answer(child, "Hvilken ugedag?", "/forlad")  # step 1 stays unfinished (a required question is open)
    child.expect_exact("Videre til trin 2: Drift?")
    child.sendline("j")
    answer(child, "Hvad har I lært?", "Lappe dæk")
    child.sendline("")
    child.expect_exact("Hvad skal de unge lære?")
    child.expect_exact(PROMPT)
    press_ctrl_c(child)
    child.expect_exact("fortsæt, hvor du slap")
    child.expect(pexpect.EOF)

    again = walk(guide_file)
    again.expect_exact("Trin 2 af 2: Drift")  # where the user left, not the first unfinished step
    again.expect_exact("Hvad skal de unge lære?")
    press_ctrl_c(again)
    again.expect(pexpect.EOF)


def test_a_fresh_machine_creates_the_workspace_on_the_first_walk(
    db_path: Path, walk: Callable[..., pexpect.spawn]
) -> None:
    assert not db_path.exists()
    child = walk()
    child.expect_exact("Du bliver spurgt om tre ting")  # what it will ask, before it asks
    child.expect_exact("Boligområde")
    child.sendline("Sydbyen")
    child.expect_exact("Boligorganisation")
    child.sendline("AB Sydbyen")
    child.expect_exact("Koordinator (dit navn)")
    child.sendline("Mette Hansen")
    child.expect_exact("Trin 1 af 5")
    child.expect_exact(PROMPT)
    child.sendline("Flere unge i fritidsjob")
    child.sendline("")
    child.expect_exact("Gemt")
    press_ctrl_c(child)
    child.expect(pexpect.EOF)
    assert read(db_path, "SELECT name, organisation FROM areas") == [("Sydbyen", "AB Sydbyen")]
    assert read(db_path, "SELECT coordinator_name FROM workspace") == [("Mette Hansen",)]
    assert read(db_path, "SELECT value FROM guide_answers") == [('"Flere unge i fritidsjob"',)]


def test_end_of_input_ends_calmly(
    workspace: Path, guide_file: str, walk: Callable[..., pexpect.spawn]
) -> None:
    child = walk(guide_file)
    answer(child, "Hvor mange unge vil være med?", "3")
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect_exact("Alle dine svar er gemt")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


def test_the_walk_in_english_with_step_and_help(
    workspace: Path, guide_file: str, walk: Callable[..., pexpect.spawn]
) -> None:
    child = walk(guide_file, "--step", "2", lang="en")
    child.expect_exact("Step 2 of 2: Running")
    answer(child, "What have you learnt?", "?")
    child.expect_exact("There is no extra help")
    child.expect_exact(PROMPT)
    child.sendline("/leave")
    child.expect_exact("You have left the step's questions")
    child.expect(pexpect.EOF)


def test_a_step_about_companies_shows_the_pipeline(
    cli: Cli, workspace: Path, walk: Callable[..., pexpect.spawn]
) -> None:
    cli("company", "add", "Bageriet Ørnen", "--stage", "contacted")
    cli("company", "add", "Netto")
    child = walk("--step", "kontakt")
    child.expect_exact("Trin 3 af 5")
    child.expect_exact("Sådan står det til lige nu")
    child.expect(r"Kandidat [^\r\n]*█+[^\r\n]* 1\r")
    child.expect(r"Kontaktet [^\r\n]*█+[^\r\n]* 1\r")
    child.expect_exact("lokalspil agreement add")  # the step points to the tools for its work
    press_ctrl_c(child)
    child.expect(pexpect.EOF)


def test_a_pasted_long_answer_keeps_its_paragraphs(
    cli: Cli, workspace: Path, guide_file: str, walk: Callable[..., pexpect.spawn]
) -> None:
    child = walk(guide_file, "--step", "drift")
    child.expect_exact("Hvad har I lært?")
    child.expect_exact(PROMPT)
    child.send("Første afsnit.\r\rAndet afsnit: 2 unge.\r")  # a paste arrives at once, blank line and all
    child.expect_exact("…")
    child.sendline("")
    child.expect_exact("Gemt: Første afsnit.")
    child.expect_exact("Hvad skal de unge lære?")
    press_ctrl_c(child)
    child.expect(pexpect.EOF)
    assert stored_answers(cli, guide_file)["drift.noter"] == "Første afsnit.\n\nAndet afsnit: 2 unge."


def test_ctrl_d_keeps_the_lines_typed_and_the_hint_names_the_guide(
    cli: Cli, workspace: Path, guide_file: str, walk: Callable[..., pexpect.spawn]
) -> None:
    child = walk(guide_file, "--step", "2")
    child.expect_exact("Hvad har I lært?")
    child.expect_exact(PROMPT)
    child.sendline("Det gik godt")
    child.expect_exact("…")
    child.sendeof()  # Ctrl-D finishes the text ...
    child.expect_exact("Gemt: Det gik godt")
    child.expect_exact("Hvad skal de unge lære?")
    child.expect_exact(PROMPT)
    child.sendeof()  # ... and at an empty prompt ends the walk
    child.expect(
        r"lokalspil guide\s+" + re.escape(guide_file)
    )  # how to continue this guide, not the built-in one
    child.expect(pexpect.EOF)
    assert stored_answers(cli, guide_file) == {"drift.noter": "Det gik godt"}


def test_echo_and_clear(
    cli: Cli, workspace: Path, guide_file: str, walk: Callable[..., pexpect.spawn]
) -> None:
    child = walk(guide_file)
    answer(child, "Hvor mange unge vil være med?", "12")
    child.expect_exact("Gemt: 12")
    answer(child, "Hvilken ugedag?", "fre")
    child.expect_exact("Gemt: Fredag")
    answer(child, "Har I en cykelmekaniker?", "<")
    child.expect_exact("Dit svar nu: Fredag")
    child.expect_exact(PROMPT)
    child.sendline("/slet")
    child.expect_exact("Svaret er slettet")
    child.expect_exact("Har I en cykelmekaniker?")
    press_ctrl_c(child)
    child.expect(pexpect.EOF)
    assert stored_answers(cli, guide_file) == {"plan.unge": 12}


TASKS_ONLY = """\
id: sommerfest
title: {da: Sommerfest, en: Summer party}
steps:
  - id: plan
    title: {da: Planlæg, en: Plan}
    purpose: {da: "Aftal dagen.", en: "Agree on the day."}
    tips: []
    questions:
      - id: dato
        type: date
        prompt: {da: "Hvornår er festen?", en: "When is the party?"}
    checklist: []
  - id: opgaver
    title: {da: Opgaver, en: Tasks}
    purpose: {da: "Det praktiske.", en: "The practical things."}
    tips: []
    questions: []
    checklist:
      - {id: bus, text: {da: "Inviter busselskabet", en: "Invite the bus company"}}
"""


def test_a_step_with_tasks_only_is_offered_until_they_are_done(
    cli: Cli, workspace: Path, write_file: Callable[[str, str], Path], walk: Callable[..., pexpect.spawn]
) -> None:
    path = str(write_file("sommerfest.yaml", TASKS_ONLY))
    assert cli("guide", "answer", path, "plan.dato", "20/6-2027").exit_code == 0
    child = walk(path)
    child.expect_exact("Trin 2 af 2: Opgaver")
    child.expect_exact("[ ] 1. Inviter busselskabet")
    child.expect_exact(PROMPT)
    child.sendline("1")
    child.expect_exact("[x] 1. Inviter busselskabet")
    child.expect_exact(PROMPT)
    child.sendline("")
    child.expect_exact("Alle trin i Sommerfest er besvaret")
    child.expect(pexpect.EOF)


def test_an_import_at_a_terminal_shows_the_mapping_and_asks_first(
    cli: Cli, workspace: Path, tmp_path: Path, terminal: Callable[..., pexpect.spawn]
) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(
        "CVR-nr.;Firmanavn;Postnr.;Intern\r\n13585628;Bageriet Ørnen;2860;x\r\n", encoding="cp1252"
    )

    def start() -> pexpect.spawn:
        return terminal("import", "companies", str(path), cwd=tmp_path)

    child = start()
    child.expect_exact("tegnsæt cp1252")
    child.expect_exact("Firmanavn")
    child.expect_exact("(indlæses ikke)")
    child.expect_exact("Indlæs filen sådan?")
    child.sendline("n")
    child.expect_exact("Intet er ændret")
    child.expect(pexpect.EOF)
    assert json.loads(cli("company", "list", "--json").stdout) == []
    child = start()
    child.expect_exact("Indlæs filen sådan?")
    child.sendline("")  # Enter: yes
    child.expect_exact("Nye")
    child.expect(pexpect.EOF)
    assert [c["name"] for c in json.loads(cli("company", "list", "--json").stdout)] == ["Bageriet Ørnen"]


def test_the_social_economy_guide_walks_and_stores_like_the_first(
    cli: Cli, workspace: Path, walk: Callable[..., pexpect.spawn], db_path: Path
) -> None:
    child = walk("socialoekonomi")
    child.expect_exact("Trin 1 af 5")
    child.expect_exact(PROMPT)
    child.sendline("Centret mangler en café, og de unge mangler job.")
    child.sendline("")  # a long answer ends with an empty line
    child.expect_exact("Gemt")
    child.expect_exact(PROMPT)
    press_ctrl_c(child)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    stored = stored_answers(cli, "socialoekonomi")
    assert stored["behov.behov"] == "Centret mangler en café, og de unge mangler job."


def test_the_finding_step_names_the_social_economy_enterprises(
    cli: Cli, workspace: Path, walk: Callable[..., pexpect.spawn]
) -> None:
    assert cli("company", "add", "Café Fælleden", "--social-economy", "--rsv").exit_code == 0
    assert cli("company", "add", "Bageriet Søborg").exit_code == 0
    child = walk("socialoekonomi", "--step", "find")
    child.expect_exact("Socialøkonomiske virksomheder på listen: 1")
    child.expect_exact("• Café Fælleden")
    child.expect_exact(PROMPT)
    press_ctrl_c(child)
    child.expect(pexpect.EOF)
    child.close()
    assert "Bageriet" not in (child.before or "")


def test_a_question_before_deleting_shows_its_answers_and_takes_only_yes_or_no(
    cli: Cli, workspace: Path, terminal: Callable[..., pexpect.spawn]
) -> None:
    assert cli("company", "add", "Netto").exit_code == 0
    child = terminal("company", "remove", "Netto")
    child.expect_exact("[j/N]")
    child.sendline("x")  # a stray key is no answer
    child.expect("Svar ja eller nej")
    child.sendline("n")
    child.expect(pexpect.EOF)
    assert cli("company", "show", "Netto").exit_code == 0


def test_a_write_that_waits_for_another_program_says_so_and_stops_at_ctrl_c(
    cli: Cli, workspace: Path, db_path: Path, terminal: Callable[..., pexpect.spawn]
) -> None:
    import subprocess

    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import sqlite3, time; c = sqlite3.connect({str(db_path)!r}, isolation_level=None); "
         "c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        child = terminal("company", "add", "Venter")
        child.expect("skriver i arbejdsområdet lige nu")
        started = time.monotonic()
        press_ctrl_c(child)
        child.expect(pexpect.EOF)
        child.close()
        assert time.monotonic() - started < 5 and child.exitstatus == 130
    finally:
        holder.kill()
        holder.wait()
    assert cli("company", "show", "Venter").exit_code == 1  # nothing was stored


ANDET_GUIDE = """\
id: andet-test
title: {da: "Partnere", en: "Partners"}
steps:
  - {id: partnere, title: {da: Partnere, en: Partners}, purpose: {da: "Hvem er med?", en: "Who is in?"},
     tips: [], checklist: [], questions: [
       {id: hvem, type: multichoice, other: true, prompt: {da: "Hvem er med?", en: "Who is in?"},
        choices: [{id: skole, da: Skolen, en: The school}, {id: klub, da: Klubben, en: The club}]}]}
"""


def test_andet_in_a_multichoice_asks_for_its_text(
    cli: Cli, workspace: Path, write_file: Callable[[str, str], Path], walk: Callable[..., pexpect.spawn]
) -> None:
    path = str(write_file("andet.yaml", ANDET_GUIDE))
    child = walk(path)
    child.expect_exact("3. Andet")  # the choice the guide's `other: true` adds
    child.expect_exact(PROMPT)
    child.sendline("1, 3")
    answer(child, "Hvad dækker Andet over?", "Jens 010190-1234")
    child.expect_exact("CPR")  # the text is checked like any answer
    child.expect_exact(PROMPT)
    child.sendline("Naboforeningen")
    child.expect_exact("Gemt: Skolen, Andet: Naboforeningen")
    child.expect(pexpect.EOF)
    assert stored_answers(cli, path) == {"partnere.hvem": ["skole", {"andet": "Naboforeningen"}]}
