"""Danish values as people type them: numbers, dates, phones, CVR, postcodes."""

from __future__ import annotations

import datetime as dt

import pytest

from lokalspil import danish
from lokalspil.errors import InvalidValue
from lokalspil.messages import set_language

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-03", "2026-12-03"), ("3-12-2026", "2026-12-03"), ("3/12/2026", "2026-12-03"),
        ("3.12.26", "2026-12-03"), ("3/12-2026", "2026-12-03"), ("3/12", "2026-12-03"),
        ("1/1", "2027-01-01"),  # the nearest 1 January, not the one eleven months ago
        ("20/11", "2026-11-20"),  # last week, not next year
        ("3. december 2026", "2026-12-03"), ("3 dec", "2026-12-03"), ("i dag", "2026-11-28"),
        ("I morgen", "2026-11-29"), ("i-morgen", "2026-11-29"), ("tomorrow", "2026-11-29"), ("+7", "2026-12-05"), ("+ 14 dage", "2026-12-12"),
    ],
)  # fmt: skip
def test_dates(typed: str, expected: str) -> None:
    assert danish.parse_date(typed, TODAY).isoformat() == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("15.000 kr", 15000), ("15.000 kr.", 15000), ("15.000,-", 15000), ("DKK 1.500", 1500), ("ca. 30", 30),
     ("ca 30", 30), ("cirka 12,5", 12.5), ("omkring 40", 40), ("~30", 30)],
)  # fmt: skip
def test_numbers_as_people_write_amounts(typed: str, expected: float) -> None:
    assert danish.parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["kr", "ca.", "30 timer"])
def test_words_alone_are_no_number(typed: str) -> None:
    with pytest.raises(InvalidValue):
        danish.parse_number(typed)


# 28 November 2026 is a Saturday, in ISO week 48.
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("fredag", "2026-12-04"), ("på mandag", "2026-11-30"), ("Friday", "2026-12-04"), ("on monday", "2026-11-30"),
        ("lørdag", "2026-12-05"),  # today is Saturday: the next one
        ("i fredags", "2026-11-27"), ("last friday", "2026-11-27"), ("i lørdags", "2026-11-21"),
        ("i går", "2026-11-27"), ("igår", "2026-11-27"), ("yesterday", "2026-11-27"),
        ("-1", "2026-11-27"), ("+7", "2026-12-05"), ("- 3 dage", "2026-11-25"),
        ("uge 7", "2027-02-15"), ("uge 46", "2026-11-09"), ("week 7", "2027-02-15"), ("uge 7 2026", "2026-02-09"),
        ("om en uge", "2026-12-05"), ("om 3 dage", "2026-12-01"), ("om 2 uger", "2026-12-12"),
        ("in a week", "2026-12-05"), ("in 3 days", "2026-12-01"), ("om en måned", "2026-12-28"),
        ("næste måned", "2026-12-01"), ("next month", "2026-12-01"), ("næste uge", "2026-11-30"),
    ],
)  # fmt: skip
def test_everyday_dates(typed: str, expected: str) -> None:
    assert danish.parse_date(typed, TODAY).isoformat() == expected


def test_a_weekday_for_something_that_happened_is_the_last_one() -> None:
    assert danish.parse_date("fredag", TODAY, prefer="past") == dt.date(2026, 11, 27)
    assert danish.parse_date("lørdag", TODAY, prefer="past") == TODAY


def test_a_week_ahead_is_this_week_from_today_or_a_later_one() -> None:
    assert danish.parse_date("uge 48", TODAY, prefer="future") == TODAY
    assert danish.parse_date("uge 46", TODAY, prefer="future") == dt.date(2027, 11, 15)


def test_a_day_without_a_year_is_the_nearest_and_a_passed_follow_up_is_refused_with_a_sentence() -> None:
    sixth = dt.date(2026, 12, 6)
    assert danish.parse_date("3. december", sixth) == dt.date(2026, 12, 3)
    assert danish.parse_date("3. december", sixth, prefer="past") == dt.date(2026, 12, 3)  # a log entry
    with pytest.raises(InvalidValue, match=r"3\. december 2026, og den dag er gået"):
        danish.parse_date("3. december", sixth, prefer="future")  # not silently 2027
    assert danish.parse_date("3/12-2027", sixth, prefer="future") == dt.date(2027, 12, 3)
    assert danish.parse_date("5/1", sixth, prefer="future") == dt.date(2027, 1, 5)


@pytest.mark.parametrize("typed", ["31/2-2027", "snart", "2026-13-01", "32/1", "uge 54", "om mange dage"])
def test_not_dates(typed: str) -> None:
    with pytest.raises(InvalidValue):
        danish.parse_date(typed, TODAY)


@pytest.mark.parametrize(
    ("typed", "da", "en"),
    [("12", 12, 12), ("12,5", 12.5, 12.5), ("1.500", 1500, 1500), ("1,500", 1.5, 1500), ("1.234,56", 1234.56, 1234.56),
     ("1 234", 1234, 1234), ("-3", -3, -3), ("12.5", 12.5, 12.5)],
)  # fmt: skip
def test_numbers_by_language(typed: str, da: float, en: float) -> None:
    set_language("da")
    assert danish.parse_number(typed) == da
    set_language("en")
    assert danish.parse_number(typed) == en


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12345678", "+45 12 34 56 78"), ("+45 12 34 56 78", "+45 12 34 56 78"), ("0045-12345678", "+45 12 34 56 78"),
     ("4512345678", "+45 12 34 56 78"), ("(+46) 70 123 45 67", "+46701234567")],
)  # fmt: skip
def test_phones(typed: str, expected: str) -> None:
    assert danish.parse_phone(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("13585628", "13585628"), ("DK 13 58 56 28", "13585628"), ("dk13585628", "13585628")],
)
def test_cvr(typed: str, expected: str) -> None:
    assert danish.parse_cvr(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"), [("2860", "2860"), ("DK-2860", "2860"), ("860", "0860"), ("2860.0", "2860")]
)
def test_postcodes(typed: str, expected: str) -> None:
    assert danish.parse_postcode(typed) == expected
