"""Data protection in free text: no CPR numbers, and a second thought before a note about sensitive matters.

A coordinator writes notes about companies and the people they meet. A CPR number has no place there (and once
stored, it is copied into backups and exports), so any free-text field refuses it. Health, ethnic origin, religion
and criminal matters are special categories of personal data (GDPR article 9-10): a note that seems to mention
them is not refused, but the user is asked first (commands in a terminal) or warned.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from lokalspil.errors import InvalidValue, LokalspilError

MAX_MONTHS = (
    1_200  # `gdpr review|forget --months`: a hundred years is as far back as any review needs to look
)

# ddmmyy-xxxx, with or without the dash (or any dash, slash, dot or spaces), the date also written dd.mm.yy or
# dd mm yy; not inside a longer run of digits.
_SEP = r"[ \t]*[-\u2010-\u2015\u2212/.]?[ \t]*"
_CPR = re.compile(rf"(?<!\d)(\d{{2}})[. ]?(\d{{2}})[. ]?(\d{{2}}){_SEP}(\d{{4}})(?!\d)")


def _is_date(day: str, month: str, year: str) -> bool:
    for century in (1900, 2000):
        try:
            dt.date(century + int(year), int(month), int(day))
            return True
        except ValueError:
            continue
    return False


def has_cpr(text: str) -> bool:
    """Whether `text` holds something that looks like a CPR number: ten digits whose first six are a real date."""
    if len(text) < 10:
        return False
    return any(_is_date(m.group(1), m.group(2), m.group(3)) for m in _CPR.finditer(text))


def mask_cpr(text: str) -> str:
    """`text` with every CPR number in it replaced by a marker (for a copy that must not carry them)."""
    from lokalspil.messages import t

    return _CPR.sub(lambda m: t("privacy.cpr_removed") if _is_date(*m.group(1, 2, 3)) else m.group(0), text)


def refuse_cpr(text: str) -> str:
    """`text` as it is, or InvalidValue if it holds a CPR number. The number itself is never repeated."""
    if has_cpr(text):
        raise InvalidValue("value.cpr")
    return text


def check_months(months: int) -> int:
    """The `--months` of the GDPR review as given, or a plain refusal: from 1 month to a hundred years."""
    if months < 1:
        raise LokalspilError("gdpr.bad_months", months=months)
    if months > MAX_MONTHS:
        raise LokalspilError("gdpr.too_many_months", months=months)
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
