"""Data protection in free text: no CPR numbers, and a second thought before a note about sensitive matters.

A coordinator writes notes about companies and the people they meet. A CPR number has no place there (and once
stored, it is copied into backups and exports), so any free-text field refuses it. Health, ethnic origin, religion
and criminal matters are special categories of personal data (GDPR article 9-10): a note that seems to mention
them is not refused, but the user is asked first (commands in a terminal) or warned.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from lokalspil.errors import BadUsage, InvalidValue

MAX_MONTHS = (
    1_200  # `gdpr review|forget --months`: a hundred years is as far back as any review needs to look
)

# A CPR number is a date, ddmmyy, and four digits. People write it as 010190-1234, 010190 1234, 0101901234,
# 01.01.90-1234, 01-01-1990/1234 and the like, and paste it with odd spaces, zero-width characters and full-width
# digits in it. The text is first folded (_Folded): full-width and other Unicode digits become 0-9, every kind of
# space and line break a space, the Unicode dashes '-', and invisible characters (zero-width spaces and joiners,
# the soft hyphen, the byte order mark, combining marks) are left out. Then: a valid day and month, a year of two
# digits or of four (1858-2057), the groups separated by nothing or by one of - / . _ : , with or without spaces
# around it, then four digits, not inside a longer run of digits.
_DAY = r"(0[1-9]|[12][0-9]|3[01])"
_MONTH = r"(0[1-9]|1[0-2])"
_YEAR = r"(185[89]|18[6-9][0-9]|19[0-9]{2}|20[0-4][0-9]|205[0-7]|[0-9]{2})"
_SEP = r"\s*[-/._:,]?\s*"
_CPR = re.compile(
    rf"(?=[0-3])(?<![0-9]){_DAY}{_SEP}{_MONTH}{_SEP}{_YEAR}{_SEP}([0-9]{{4}})(?![0-9])", re.ASCII
)
# Not a CPR number: a date and a time range ('24.06.2025 1400-1600'); a P-number (ten digits, as a CPR number
# without its dash) right after its own label ('P-nummer 1012345678'). A P-number in its own field is never checked.
_RANGE_AFTER = re.compile(r"\s*-\s*[0-9]", re.ASCII)
_PNUMBER_BEFORE = re.compile(r"\bp\s*[-.]?\s*(?:nr|nummer|no|number|enhed)\.?\s*:?\s*$", re.IGNORECASE)


# The characters folding may change: any not ASCII but a letter (æ, ø, å, é: text as most of it is), and the rest
# of the text is left as it is.
_TO_FOLD = re.compile(r"[^\x00-\x7f](?<=[\W\d])")


class _Folded(dict[int, str | None]):
    """A str.translate table made as it is used: each character folded to one character or left out (None)."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        folded: str | None = ch
        if code >= 128:
            kind = unicodedata.category(ch)
            digit = unicodedata.decimal(ch, None)
            nfkc = unicodedata.normalize("NFKC", ch)
            if kind in ("Cf", "Mn", "Me"):
                folded = None  # zero-width space, joiners, soft hyphen, byte order mark, combining marks
            elif ch.isspace() or kind == "Zs":
                folded = " "
            elif digit is not None:
                folded = str(digit)
            elif kind == "Pd" or ch == "\u2212":
                folded = "-"
            elif len(nfkc) == 1 and nfkc in "/._:,":
                folded = nfkc
        self[code] = folded
        return folded


_FOLD = _Folded()


def _fold(text: str) -> tuple[str, list[int]]:
    """The folded text, and where each of its characters stands in `text`."""
    if text.isascii() or not _TO_FOLD.search(text):
        return text, list(range(len(text)))
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = _FOLD[ord(ch)]
        if folded is not None:
            chars.append(folded)
            where.append(i)
    return "".join(chars), where


def _is_date(day: str, month: str, year: str) -> bool:
    for century in (1900, 2000) if len(year) == 2 else (0,):
        try:
            dt.date(century + int(year), int(month), int(day))
            return True
        except ValueError:
            continue
    return False


def _numbers(folded: str) -> Iterator[re.Match[str]]:
    """The CPR numbers in a folded text."""
    for m in _CPR.finditer(folded):
        day, month, year, serial = m.groups()
        if not _is_date(day, month, year):
            continue
        if int(serial[:2]) < 24 and int(serial[2:]) < 60 and _RANGE_AFTER.match(folded, m.end()):
            continue  # a date and a time range
        if m.end() - m.start() == 10 and _PNUMBER_BEFORE.search(folded, max(0, m.start() - 16), m.start()):
            continue  # a P-number by its label
        yield m


def has_cpr(text: str) -> bool:
    """Whether `text` holds something that looks like a CPR number: a real date, then four digits."""
    if len(text) < 10:
        return False
    folded = text if text.isascii() or not _TO_FOLD.search(text) else text.translate(_FOLD)
    return next(_numbers(folded), None) is not None


def mask_cpr(text: str) -> str:
    """`text` with every CPR number in it written as its date and XXXX ('010190-XXXX'): for a copy or a message
    that must not carry the number."""
    if not has_cpr(text):
        return text
    folded, where = _fold(text)
    out: list[str] = []
    done = 0
    for m in _numbers(folded):
        day, month, year, _ = m.groups()
        out += [text[done : where[m.start()]], f"{day}{month}{year[-2:]}-XXXX"]
        done = where[m.end() - 1] + 1
    return "".join([*out, text[done:]])


def refuse_cpr(text: str) -> str:
    """`text` as it is, or InvalidValue if it holds a CPR number. The number itself is never repeated."""
    if has_cpr(text):
        raise InvalidValue("value.cpr")
    return text


def check_months(months: int) -> int:
    """The `--months` of the GDPR review as given, or a plain refusal: from 1 month to a hundred years."""
    if months < 1:
        raise BadUsage("gdpr.bad_months", months=months)
    if months > MAX_MONTHS:
        raise BadUsage("gdpr.too_many_months", months=months)
    return months


# Word stems that point to special categories of personal data. A word matches when it starts with a stem.
SENSITIVE: dict[str, tuple[str, ...]] = {
    "health": (
        "syg", "sygdom", "sygemeld", "helbred", "diagnose", "handicap", "psykisk", "psykiatri", "depressi",
        "angst", "adhd", "autis", "medicin", "indlagt", "misbrug", "alkoholi", "gravid", "kræft",
        "illness", "sick", "diagnos", "disab", "mental", "medicat", "hospitali", "pregnan", "addict", "cancer",
    ),
    "origin": (
        "etnisk", "etnicitet", "race", "hudfarve", "ethnic", "skin colour", "skin color",
    ),
    "religion": (
        "religi", "muslim", "kristen", "jøde", "jødisk", "hindu", "buddhist", "moské", "islam", "christian",
        "jewish", "mosque",
    ),
    "crime": (
        "dømt", "straffe", "kriminel", "kriminalitet", "fængs", "sigtet", "tiltalt", "anholdt", "anmeldt",
        "bandemedlem", "convicted", "criminal", "prison", "arrested", "charged with",
    ),
}  # fmt: skip


@lru_cache(maxsize=1)
def _sensitive_pattern() -> re.Pattern[str]:
    stems = sorted({s for group in SENSITIVE.values() for s in group}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")", re.IGNORECASE)


def sensitive_topics(text: str | None) -> list[str]:
    """The special categories a text seems to mention ('health', 'origin', 'religion', 'crime'), in that order."""
    if not text:
        return []
    found = {m.group(1).casefold() for m in _sensitive_pattern().finditer(text)}
    return [topic for topic, stems in SENSITIVE.items() if found & {s.casefold() for s in stems}]
