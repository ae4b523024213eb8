"""Values as Danish users type them: numbers with a decimal comma, dates, yes/no, phone numbers, e-mail.

One set of validators, used by the walk's prompts, `guide answer`, answer files and (later) imported rows. Each
parser returns the clean value or raises `InvalidValue` with a one-line reason.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Sequence

from lokalspil.errors import InvalidValue
from lokalspil.privacy import has_cpr, refuse_cpr

# Thousands groups: never after a lone 0 ('0.125' is a decimal number in either language).
_THOUSANDS_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3}){2,}$")  # 1,234,567 even in Danish
_THOUSANDS_COMMA_EN = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+$")  # 1,500 in English


def _english() -> bool:
    from lokalspil.messages import get_language

    return get_language() == "en"


_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# What people write around an amount: 'ca. 30', 'omkring 30', '~30', '15.000 kr.', 'DKK 15.000', '15.000,-'.
_AROUND_NUMBER = re.compile(
    r"^(?:ca\.?|cirka|omkring|about|approx\.?|around|~|kr\.?|dkk)?\s*(.*?)\s*(?:kr\.?|dkk|,-|stk\.?)?$",
    re.IGNORECASE,
)


def parse_number(text: str) -> int | float:
    """'12' -> 12, '12,5' -> 12.5, '1.234' -> 1234, '1.234,56' -> 1234.56, '12.5' -> 12.5, '1 234' -> 1234;
    in English '1,500' -> 1500; 'ca. 30', '15.000 kr.' and '15.000,-' are read too."""
    around = _AROUND_NUMBER.match(text.strip())
    s = around.group(1) if around else text.strip()
    s = s.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif "," in s:
        thousands = _THOUSANDS_COMMA_EN if _english() else _THOUSANDS_COMMA
        s = s.replace(",", "") if thousands.match(s) else s.replace(",", ".")
    elif _THOUSANDS_DOT.match(s):
        s = s.replace(".", "")
    if not _PLAIN_NUMBER.match(s):
        raise InvalidValue("value.not_number", value=text.strip())
    if "." not in s:
        return int(s)  # exactly, however large (a float would round 99999999999999999999)
    return float(s)


_MONTHS = {
    "jan": 1, "januar": 1, "january": 1,
    "feb": 2, "februar": 2, "february": 2,
    "mar": 3, "marts": 3, "march": 3,
    "apr": 4, "april": 4,
    "maj": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oct": 10, "oktober": 10, "october": 10,
    "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DANISH_DATE = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{2}|\d{4}))?\.?$")
_WORD_DATE = re.compile(r"^(\d{1,2})\.?\s*([a-zæøå]+)\.?(?:\s+(\d{4}))?$")
_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*(d|dage|dag|days|day)?$")
_WORDS = {
    "i dag": 0, "idag": 0, "today": 0, "i morgen": 1, "imorgen": 1, "tomorrow": 1, "i overmorgen": 2,
    "i går": -1, "igår": -1, "yesterday": -1, "i forgårs": -2, "iforgårs": -2,
}  # fmt: skip
_WEEKDAYS = {
    "mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5, "søndag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "man": 0, "tirs": 1, "ons": 2, "tors": 3, "fre": 4, "lør": 5, "søn": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_NEXT_WEEKDAY = re.compile(r"^(?:på |on |next |næste |til |by )?([a-zæøå]+)$")
_LAST_WEEKDAY = re.compile(
    r"^(?:i ([a-zæøå]+)s|last ([a-zæøå]+)|sidste ([a-zæøå]+))$"
)  # i fredags, last friday
_WEEK = re.compile(r"^(?:uge|week|wk|u)\.?\s*(\d{1,2})(?:\s*[-/,]?\s*(\d{4}))?$")
_IN = re.compile(
    r"^(?:om|in)\s+(\d{1,4}|en|et|one|a|an|to|two)\s+(dag|dage|day|days|uge|uger|week|weeks|måned|måneder|month|months)$"
)
_COUNT_WORDS = {"en": 1, "et": 1, "one": 1, "a": 1, "an": 1, "to": 2, "two": 2}
_NEXT_PERIOD = {"næste uge": "week", "next week": "week", "næste måned": "month", "next month": "month"}


def parse_date(text: str, today: dt.date | None = None, *, prefer: str = "nearest") -> dt.date:
    """ISO (2026-12-03), Danish (3-12-2026, 3/12/2026, 3.12.26, 3/12-2026, 3/12), '3. december 2026',
    'i dag'/'today', 'i morgen'/'tomorrow', 'i går'/'yesterday', '+7' and '-1' (days from today), 'om en uge',
    'om 3 dage', 'in 2 weeks', a weekday ('fredag', 'på mandag': the next one; 'i fredags', 'last friday': the last
    one), a week ('uge 7': its Monday), 'næste uge'/'næste måned' (its first day). Without a year: the nearest such
    date, or with prefer="past" the last one (something that happened). With prefer="future" (a follow-up) the date
    is the nearest too, and one that has passed is refused, saying so (the caller may ask whether it is meant)."""
    today = today or dt.date.today()
    s = " ".join(text.strip().lower().split())
    try:
        day = _read_date(s, today, prefer)
    except _Passed as passed:
        raise InvalidValue(
            "value.date_passed", value=text.strip(), date=format_long_date(passed.day)
        ) from None
    except (ValueError, OverflowError):
        raise InvalidValue("value.no_such_date", value=text.strip()) from None
    if day is None:
        raise InvalidValue("value.not_date", value=text.strip())
    return day


class _Passed(Exception):
    """A follow-up's day without a year whose nearest date has passed ('3/12' on 6 December)."""

    def __init__(self, day: dt.date) -> None:
        self.day = day


def _read_date(s: str, today: dt.date, prefer: str) -> dt.date | None:
    if s.replace("-", " ") in _WORDS:  # i-morgen, i-dag
        return today + dt.timedelta(days=_WORDS[s.replace("-", " ")])
    if m := _RELATIVE.match(s):
        return today + dt.timedelta(days=int(m.group(2)) * (-1 if m.group(1) == "-" else 1))
    if m := _ISO_DATE.match(s):
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _DANISH_DATE.match(s):
        return _dated(m.group(3), int(m.group(2)), int(m.group(1)), today, prefer)
    if (m := _WORD_DATE.match(s)) and m.group(2) in _MONTHS:
        return _dated(m.group(3), _MONTHS[m.group(2)], int(m.group(1)), today, prefer)
    if (m := _LAST_WEEKDAY.match(s)) and (name := next(g for g in m.groups() if g)) in _WEEKDAYS:
        return today - dt.timedelta(days=(today.weekday() - _WEEKDAYS[name] - 1) % 7 + 1)
    if (m := _NEXT_WEEKDAY.match(s)) and m.group(1) in _WEEKDAYS:
        if prefer == "past" and s == m.group(1):  # 'fredag' for something that happened: the last one
            return today - dt.timedelta(days=(today.weekday() - _WEEKDAYS[s]) % 7)
        return today + dt.timedelta(days=(_WEEKDAYS[m.group(1)] - today.weekday() - 1) % 7 + 1)
    if m := _WEEK.match(s):
        return _week(int(m.group(1)), m.group(2), today, prefer)
    if m := _IN.match(s):
        count = _COUNT_WORDS.get(m.group(1)) or int(m.group(1))
        unit = m.group(2)
        if unit.startswith(("må", "mon")):
            month = today.month - 1 + count
            return _clamped(today.year + month // 12, month % 12 + 1, today.day)
        return today + dt.timedelta(days=count * (7 if unit.startswith(("u", "w")) else 1))
    if s in _NEXT_PERIOD:
        if _NEXT_PERIOD[s] == "week":
            return today + dt.timedelta(days=7 - today.weekday())
        return dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return None


def _clamped(year: int, month: int, day: int) -> dt.date:
    """The day in that month, or the month's last day when it has fewer (31 January + a month: 28 February)."""
    import calendar

    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _week(week: int, year_text: str | None, today: dt.date, prefer: str) -> dt.date:
    """The Monday of an ISO week: in the year given, else the nearest (prefer="past": the last) such week."""
    if year_text:
        return dt.date.fromisocalendar(int(year_text), week, 1)
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        with contextlib.suppress(ValueError):  # week 53 exists in some years only
            candidates.append(dt.date.fromisocalendar(year, week, 1))
    this_monday = today - dt.timedelta(days=today.weekday())
    if prefer == "future":
        candidates = [d for d in candidates if d >= this_monday]
    elif prefer == "past":
        candidates = [d for d in candidates if d <= today]
    if not candidates:
        raise ValueError("no such week")
    chosen = min(candidates, key=lambda d: (abs((d - this_monday).days), d < this_monday))
    return max(chosen, today) if prefer == "future" else chosen  # this week, asked for ahead: from today


_MONTH_YEAR = re.compile(r"^([a-zæøå]+)\.?\s+(\d{4})$")


def month_of(text: str) -> dt.date | None:
    """'marts 2027' / 'March 2027' -> the first day of that month; None for anything else (for sorting plans
    whose dates are written as a month)."""
    m = _MONTH_YEAR.match(" ".join(text.strip().lower().split()))
    if m is None or m.group(1) not in _MONTHS:
        return None
    return dt.date(int(m.group(2)), _MONTHS[m.group(1)], 1)


def _dated(year_text: str | None, month: int, day: int, today: dt.date, prefer: str = "nearest") -> dt.date:
    """A date; without a year, the nearest such date (3/1 typed in November is next January); for a follow-up
    (prefer="future") one that has passed is _Passed, for something that happened (prefer="past") the last one."""
    if year_text:
        year = int(year_text)
        return dt.date(2000 + year if len(year_text) == 2 else year, month, day)  # ('0001' is the year 1)
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        with contextlib.suppress(ValueError):  # 29/2 exists in leap years only
            candidates.append(dt.date(year, month, day))
    if prefer == "past":
        candidates = [d for d in candidates if d <= today]
    if not candidates:
        raise ValueError("no such date")
    chosen = min(candidates, key=lambda d: (abs((d - today).days), d < today))
    if prefer == "future" and chosen < today:
        raise _Passed(chosen)  # not silently next year: the caller asks, or says so
    return chosen


_YES = {"ja", "j", "yes", "y", "true", "sand", "1", "x"}
_NO = {"nej", "n", "no", "false", "falsk", "0"}


def parse_yes_no(text: str) -> bool:
    s = text.strip().lower()
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise InvalidValue("value.not_yes_no", value=text.strip())


_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[a-zA-Z]{2,}$")
# Cells of a column, one a line, each an address as _EMAIL takes it, with no white space around it (so strip() keeps
# it) and no 'mailto:' (which parse_email would remove): parse_email returns each unchanged.
_EMAIL_LINES = re.compile(r"(?:(?![Mm][Aa][Ii][Ll][Tt][Oo]:)[^@\s,;<>]+@[^@\s,;<>]+\.[a-zA-Z]{2,}\n)*")


def parse_email(text: str) -> str:
    s = text.strip()
    if s.lower().startswith("mailto:"):
        s = s[7:]
    if not _EMAIL.match(s):
        raise InvalidValue("value.not_email", value=text.strip())
    return refuse_cpr(s)


def plain_emails(cells: Sequence[str]) -> bool:
    """True when parse_email returns every cell unchanged: the same rule for a column of an imported list, in one
    regular expression over the column instead of a call per cell."""
    joined = "\n".join(cells)
    return (
        joined.count("\n") == len(cells) - 1
        and _EMAIL_LINES.fullmatch(f"{joined}\n") is not None
        and not has_cpr(joined)  # parse_email refuses a CPR number
    )


def parse_phone(text: str) -> str:
    """Danish numbers as '+45 12 34 56 78' (from '12345678', '+4512345678', '0045 12 34 56 78', Excel's lost '+');
    other countries' numbers kept with their '+' and digits."""
    if len(text) == 8 and text.isascii() and text.isdigit():  # the plain form, most rows of an imported list
        return f"+45 {text[0:2]} {text[2:4]} {text[4:6]} {text[6:8]}"
    s = text.strip()
    plain = s[:-2] if re.fullmatch(r"\+?\d+\.0", s) else s  # (a spreadsheet's number 39661234.0)
    digits = re.sub(r"[\s().\-/]", "", plain)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not re.fullmatch(r"\+?\d+", digits):
        raise InvalidValue("value.not_phone", value=s)
    plain = digits.lstrip("+")
    if len(plain) == 10 and plain.startswith("45"):
        plain = plain[2:]
    elif digits.startswith("+") and not plain.startswith("45"):
        if not 7 <= len(plain) <= 15:
            raise InvalidValue("value.not_phone", value=s)
        return "+" + plain
    if len(plain) != 8:
        raise InvalidValue("value.not_phone", value=s)
    return "+45 " + " ".join(plain[i : i + 2] for i in range(0, 8, 2))


_PHONE_PLACES = (
    (4, 0),
    (5, 1),
    (7, 2),
    (8, 3),
    (10, 4),
    (11, 5),
    (13, 6),
    (14, 7),
)  # (place in the result, digit)


def plain_phones(cells: Sequence[str]) -> list[str] | None:
    """parse_phone of every cell when all are in the plain form it formats inline (8 ASCII digits, as most of an
    imported list), else None: the same '+45 12 34 56 78' for a column at once, laid out by C-level slice
    assignment in one buffer (15 bytes a number and a line break) instead of a call per cell."""
    if not cells:
        return []
    if set(map(len, cells)) != {8}:
        return None
    joined = "".join(cells)
    if not (joined.isascii() and joined.isdigit()):
        return None
    digits = joined.encode()
    out = bytearray(b"+45            \n" * len(cells))
    for place, digit in _PHONE_PLACES:
        out[place::16] = digits[digit::8]
    return out.decode("ascii").split("\n")[:-1]


def parse_cvr(text: str) -> str:
    """A CVR number: 8 digits passing the modulus-11 check; 'DK' prefix, spaces and dashes accepted.

    The plain 8-digit form (most rows of an imported list) is checked inline, with the same rule python-stdnum
    applies; every other form goes through python-stdnum."""
    if len(text) == 8 and text.isascii() and text.isdigit() and text[0] != "0":
        b = (
            text.encode()
        )  # weights 2 7 6 5 4 3 2 1 (sum 30) on the digits' codes, less 30 times the code of 0
        if (
            2 * b[0] + 7 * b[1] + 6 * b[2] + 5 * b[3] + 4 * b[4] + 3 * b[5] + 2 * b[6] + b[7] - 30 * 48
        ) % 11 == 0:
            return text
        raise InvalidValue("value.cvr_checksum", value=text)
    from stdnum.dk import cvr
    from stdnum.exceptions import InvalidChecksum, ValidationError

    s = text.strip()
    plain = s[:-2] if re.fullmatch(r"\d{8}\.0", s) else s  # a spreadsheet's number 13585628.0
    try:
        return str(cvr.validate(re.sub(r"[\s.\-]", "", plain)))
    except InvalidChecksum:
        raise InvalidValue("value.cvr_checksum", value=s) from None
    except ValidationError:
        raise InvalidValue("value.not_cvr", value=s) from None


# For plain_cvrs: per place of the 8 digits, the byte of each digit times its weight, modulo 11 (at most 10); and
# each byte modulo 11.
_CVR_PLACES = [
    bytes.maketrans(b"0123456789", bytes(w * d % 11 for d in range(10))) for w in (2, 7, 6, 5, 4, 3, 2, 1)
]
_MODULO_11 = bytes(v % 11 for v in range(256))


def plain_cvrs(cells: Sequence[str]) -> bool:
    """True when every cell is a CVR number in the plain form parse_cvr checks inline and accepts (8 ASCII digits,
    no leading 0, modulus 11), so that parse_cvr returns each unchanged: the same rule for a column of an imported
    list at once, in C-level string and integer operations instead of a call per cell.

    The weighted digits of each cell are summed byte-wise: each place becomes a string of bytes (one per cell,
    w * d % 11, at most 10), read as one big integer; the 8 integers are added, and since a cell's sum is at most
    80 no byte carries into the next, so each byte of the total is one cell's sum."""
    if not cells:
        return True
    if set(map(len, cells)) != {8}:
        return False
    joined = "".join(cells)
    if not (joined.isascii() and joined.isdigit()):
        return False
    data = joined.encode()
    if b"0" in data[0::8]:
        return False  # a leading 0: parse_cvr's other path decides
    total = sum(int.from_bytes(data[i::8].translate(table), "big") for i, table in enumerate(_CVR_PLACES))
    return not total.to_bytes(len(cells), "big").translate(_MODULO_11).strip(b"\0")


def parse_pnumber(text: str) -> str:
    """A P-number (production unit): 10 digits."""
    s = text.strip()
    digits = re.sub(r"[\s.\-]", "", s)
    if not re.fullmatch(r"\d{10}", digits):
        raise InvalidValue("value.not_pnumber", value=s)
    return digits


def parse_postcode(text: str) -> str:
    """A Danish postcode: 4 digits; a 'DK-' prefix is removed and a leading zero Excel dropped is restored."""
    if len(text) == 4 and text.isascii() and text.isdigit() and text >= "0800":
        return text  # the plain form, most rows of an imported list
    s = text.strip()
    code = re.sub(r"^(dk)\s*-?\s*", "", s, flags=re.IGNORECASE).replace(" ", "")
    if code.endswith(".0"):  # a spreadsheet's number 2860.0
        code = code[:-2]
    if re.fullmatch(r"\d{3}", code):
        code = "0" + code
    if not re.fullmatch(r"\d{4}", code) or code < "0800":
        raise InvalidValue("value.not_postcode", value=s)
    return code


def parse_industry_code(text: str) -> str:
    """An industry code (DB07 or DB25): 2 to 6 digits, dots and spaces removed (47.11.00 -> 471100)."""
    s = text.strip()
    digits = re.sub(r"[\s.]", "", s[:-2] if s.endswith(".0") else s)  # (a spreadsheet's number 11100.0)
    if not re.fullmatch(r"\d{2,6}", digits):
        raise InvalidValue("value.not_industry_code", value=s)
    # Codes have 6 digits (or 2 to 4 for a group). Five are a six whose leading zero a spreadsheet dropped
    # (011100 read as the number 11100), as a postcode's can be.
    return "0" + digits if len(digits) == 5 else digits


def parse_employees(text: str) -> str:
    """A number of employees, or an interval as CVR gives it ('10-19', '10 - 19 ansatte', '1–4' as `export`
    writes it). A date is an interval a spreadsheet turned into one ('1-4' read as the 1st of April, which an
    XLSX cell gives as 2026-04-01): its day and month are the interval again."""
    s = text.strip()
    if spreadsheet_date := re.fullmatch(r"\d{4}-(\d\d)-(\d\d)(?: 00:00:00)?", s):
        month, day = map(int, spreadsheet_date.groups())
        if day <= month:
            return f"{day}-{month}"
    m = re.fullmatch(r"(\d[\d.]*)\s*(?:[-–]\s*(\d[\d.]*))?\s*(?:ansatte|employees)?", s, flags=re.IGNORECASE)
    if not m:
        raise InvalidValue("value.not_employees", value=s)
    low = m.group(1).replace(".", "")
    high = m.group(2).replace(".", "") if m.group(2) else None
    if high is not None and int(high) < int(low):
        raise InvalidValue("value.not_employees", value=s)
    return f"{int(low)}-{int(high)}" if high is not None else str(int(low))


def parse_website(text: str) -> str:
    """A web address; 'https://' is added when it is missing."""
    s = text.strip()
    address = s if re.match(r"^https?://", s, flags=re.IGNORECASE) else f"https://{s}"
    if not re.fullmatch(r"https?://[^\s/]+\.[^\s/]{2,}(/\S*)?", address, flags=re.IGNORECASE):
        raise InvalidValue("value.not_website", value=s)
    return refuse_cpr(address)


_TIME = re.compile(r"(?:kl\.?\s*)?(\d{1,2})(?:\s*[:.]\s*(\d{2}))?")


def parse_time(text: str) -> str:
    """A time of day as HH:MM: '15' -> '15:00', '15.30', '9:05', 'kl. 15:30'."""
    m = _TIME.fullmatch(text.strip().casefold())
    if not m or int(m.group(1)) > 23 or int(m.group(2) or 0) > 59:
        raise InvalidValue("value.not_time", value=text.strip())
    return f"{int(m.group(1)):02}:{m.group(2) or '00'}"


def format_date(day: dt.date | str) -> str:
    """A date as the reader expects it: 03-12-2026 in Danish, 2026-12-03 in English."""
    from lokalspil.messages import t

    if isinstance(day, str):
        try:
            return format_date(dt.date.fromisoformat(day[:10]))
        except ValueError:
            return day
    return f"{day.day:02}-{day.month:02}-{day.year:04}" if t("date.format") == "dmy" else day.isoformat()


def format_long_date(day: dt.date | str) -> str:
    """A date written out as in a letter: '28. november 2026' in Danish, '28 November 2026' in English."""
    from lokalspil.messages import t

    if isinstance(day, str):
        try:
            return format_long_date(dt.date.fromisoformat(day[:10]))
        except ValueError:
            return day
    month = t("date.months").split(",")[day.month - 1]
    return t("date.long", day=day.day, month=month, year=day.year)
