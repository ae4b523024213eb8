"""The rules for young workers (rules/unge.yaml) and the check of a piece of work against them."""

from __future__ import annotations

from pathlib import Path

import pytest

from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.messages import set_language
from lokalspil.young_workers import (
    Breach,
    check_work,
    ensure_allowed,
    groups,
    parse_rules,
    rule_book,
    rules_for,
)

RULES = Path(__file__).resolve().parents[1] / "rules" / "unge.yaml"


def test_every_rule_has_its_source_and_a_comment_in_the_file() -> None:
    book = rule_book()
    text = RULES.read_text(encoding="utf-8")
    assert len(book.rules) >= 12
    for rule in book.rules:
        for source in (rule.source, *rule.also, *(x.source for x in rule.later)):
            assert source.url.startswith(("https://", "http://")) and source.title
            assert source.read == "2026-12-06"
        # the comment just above the rule says what the source says
        before = text[: text.index(f"- id: {rule.id}\n")].rstrip().splitlines()[-1]
        assert before.strip().startswith("#"), rule.id


def test_unverified_rules_are_notes_that_send_the_user_to_arbejdstilsynet() -> None:
    notes = {n.id: n for n in rule_book().notes}
    assert {"later-trades", "l143", "forbidden-work"} <= set(notes)
    for note in notes.values():
        assert "at.dk" in note.text["da"] and "at.dk" in note.text["en"]
    # "restaurants until 24" is not verified: no rule lets anyone work until midnight
    assert all(x.until != "00:00" and x.until != "24:00" for r in rule_book().rules for x in r.later)


def test_a_13_14_opening_until_21_is_refused_quoting_the_rule() -> None:
    breaches = check_work("13-14", "i-skole", "18:00", "21:00", school_day=False)
    assert [b.rule for b in breaches] == ["night-i-skole"]
    (night,) = breaches
    assert "aldrig arbejde mellem kl. 20 og kl. 6" in night.text
    assert night.url == "https://arbejdstilsynet.dk/da/regler/unge/unges-arbejdstid-hviletid-og-fridogn"
    assert "18:00-21:00" in night.detail
    with pytest.raises(LokalspilError) as refused:
        ensure_allowed("13-14", None, "18:00", "21:00")
    assert "aldrig arbejde mellem kl. 20 og kl. 6" in str(refused.value)
    assert "lokalspil rules 13-14" in str(refused.value)


def test_a_16_year_old_finished_with_school_may_work_until_22_in_a_shop() -> None:
    assert check_work("16", "faerdig", "16:00", "22:00", industry_code="471100") == []
    assert check_work("15-17", "finished_9th", "16:00", "22:00", industry_code="47.30.00") == []
    ensure_allowed("15-17", "faerdig", "16:00", "22:00", industry_code="471100")  # no error


@pytest.mark.parametrize(
    ("school", "code", "end"),
    [
        ("faerdig", None, "22:00"),  # trade unknown: the strictest limit, 20
        ("faerdig", "561010", "22:00"),  # a restaurant: "until 24" is not verified
        ("faerdig", "471100", "22:30"),  # a shop, but past 22
        ("i-skole", "471100", "20:30"),  # still in school: never after 20, whatever the trade
        (None, "471100", "21:00"),  # school status unknown: as if still in school
    ],
)
def test_evening_work_past_the_limit_is_refused(school: str | None, code: str | None, end: str) -> None:
    breaches = check_work("15-17", school, "17:00", end, industry_code=code, school_day=False)
    assert [b.rule for b in breaches] == ["night-faerdig" if school == "faerdig" else "night-i-skole"]


def test_unknown_trade_says_the_strictest_limit_was_applied() -> None:
    (breach,) = check_work("15-17", "faerdig", "16:00", "22:00")
    assert "Uden en branchekode" in breach.detail


def test_hours_a_day_and_a_week() -> None:
    # a school day (or unknown): 2 hours for those in school
    assert [b.rule for b in check_work("14", "i-skole", "15:00", "18:00")] == ["hours-13-14"]
    assert check_work("14", "i-skole", "15:00", "17:00") == []
    assert check_work("14", "i-skole", "09:00", "16:00", school_day=False) == []
    assert [b.rule for b in check_work("14", "i-skole", "09:00", "16:30", school_day=False)] == [
        "hours-13-14"
    ]
    assert check_work("16", "i-skole", "09:00", "17:00", school_day=False) == []  # 8 hours from 15
    assert [b.rule for b in check_work("16", "i-skole", None, None, weekly_hours=13)] == [
        "hours-15-17-i-skole"
    ]
    assert check_work("16", "i-skole", None, None, weekly_hours=40, school_week=False) == []
    assert [b.rule for b in check_work("16", "faerdig", None, None, daily_hours=9)] == ["hours-15-17-faerdig"]
    (week,) = check_work("13-14", None, None, None, weekly_hours=36, school_week=False)
    assert "36 timer om ugen er mere end 35 timer i en skolefri uge" in week.detail


def test_under_13_may_not_be_employed_and_adults_are_not_covered() -> None:
    (banned,) = check_work("12", None, "10:00", "11:00")
    assert banned.rule == "under-13" and "særlig tilladelse fra Arbejdstilsynet" in banned.text
    assert check_work("18-24", "neither", "22:00", "06:00") == []


def test_alone_at_work_in_a_kiosk_in_the_evening() -> None:
    (alone,) = check_work(
        "16", "faerdig", "15:00", "19:00", industry_code="471100", alone=True, weekend=False
    )
    assert alone.rule == "alone" and "18-6" in alone.text
    assert check_work("16", "faerdig", "15:00", "19:00", industry_code="471100", weekend=False) == []
    assert check_work("16", "faerdig", "10:00", "13:00", industry_code="471100", alone=True) == []
    # weekend unknown: the weekend limit (14) applies
    assert [b.rule for b in check_work("16", "faerdig", "10:00", "15:00", alone=True)] == ["alone"]
    # not a trade the rule covers
    assert check_work("16", "faerdig", "15:00", "19:00", industry_code="620100", alone=True) == []


def test_breaches_are_quoted_in_the_users_language() -> None:
    set_language("en")
    (breach,) = check_work("13-14", "i-skole", "18:00", "21:00", school_day=False)
    assert isinstance(breach, Breach)
    assert "may never work between 8 pm and 6 am" in breach.text
    assert "falls in the hours 20:00-06:00" in breach.detail


def test_the_rules_by_group() -> None:
    topics = {r.topic for r in rules_for("13-14")}
    assert {"hours", "night", "rest", "break", "days-off", "alone", "parents", "change"} <= topics
    parents = [r for r in rules_for("15-17", "i-skole") if r.topic == "parents"]
    assert parents and "skriftligt" in parents[0].text["da"]
    assert not [r for r in rules_for("15-17", "faerdig") if r.topic == "parents"]
    assert [(g.band, g.school) for g in groups()] == [
        ("under-13", None), ("13-14", None), ("15-17", "i-skole"), ("15-17", "faerdig")
    ]  # fmt: skip
    assert [(g.band, g.school) for g in groups("16", "faerdig")] == [("15-17", "faerdig")]
    change = {r.id: r for r in rules_for("13-14")}
    assert "1. januar 2025" in change["change-2025"].text["da"]
    assert "1. januar 2026" in change["risk-2026"].text["da"]


def test_bad_ages_and_school_statuses_are_refused() -> None:
    with pytest.raises(InvalidValue):
        check_work("fjorten", None, None, None)
    with pytest.raises(InvalidValue):
        check_work("14", "gymnasiet", None, None)
    with pytest.raises(InvalidValue):
        check_work("14", None, "25:00", "26:00")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("    topic: hours\n", "    topic: hours\n    colour: red\n"), "unknown key 'colour'"),
        (("format: 1\n", "format: 1\nextra: 2\n"), "unknown key 'extra'"),
        (("      read: 2026-12-06\n", "      read: 2026-12-06\n      note: x\n"), "unknown key 'note'"),
        (("for: [13-14]", "for: [13-15]"), "is not an age band"),
        (("format: 1\n", "format: 1\nx: &a 1\n"), "unknown key 'x'"),
    ],
)
def test_the_loader_refuses_unknown_keys(change: tuple[str, str], problem: str) -> None:
    text = RULES.read_text(encoding="utf-8").replace(*change, 1)
    with pytest.raises(Exception, match=problem):
        parse_rules(text)


def test_the_loader_refuses_aliases() -> None:
    text = RULES.read_text(encoding="utf-8").replace("for: [13-14]\n", "for: &b [13-14]\n", 1)
    text = text.replace("for: [15-17 faerdig]\n", "for: *b\n", 1)
    with pytest.raises(Exception, match="aliases"):
        parse_rules(text)
