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


@pytest.mark.parametrize("typed", ["31/2-2027", "snart", "2026-13-01", "32/1"])
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
