"""Young workers: the rules by age band and school status (`rules/unge.yaml`, each with its source), and a check
of a piece of work against them.

`check_work` is what the opening and placement commands call: it returns the rules a piece of work breaks, each
quoted in the user's language with its source. Where it does not know something (the trade, whether it is a school
day, the school status), it applies the strictest limit the rules give: wrong on the safe side.
`ensure_allowed` does the same and raises a LokalspilError that quotes the rules, for a command to refuse with.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.messages import LANGUAGES, get_language, t
from lokalspil.paths import builtin_rules_dir

RULES_FILE = "unge.yaml"
BANDS = ("under-13", "13-14", "15-17")  # the bands the rules cover; from 18 none of these rules apply
SCHOOL = ("i-skole", "faerdig")  # still undervisningspligtig / has finished 9th grade
# The school statuses openings and placements store (migrations.SCHOOL_STATUSES), and the words a user may type.
_SCHOOL_WORDS = {
    "i-skole": "i-skole", "iskole": "i-skole", "in_school": "i-skole", "in-school": "i-skole",
    "undervisningspligtig": "i-skole", "faerdig": "faerdig", "færdig": "faerdig", "finished_9th": "faerdig",
    "finished": "faerdig", "in_education": "faerdig", "neither": "faerdig",
}  # fmt: skip
TOPICS = ("banned", "hours", "night", "rest", "break", "days-off", "alone", "parents", "change")
LIMITS = ("day-school", "day-free", "week-school", "week-free")


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    read: str  # the day the source was read, YYYY-MM-DD

    def as_dict(self) -> dict[str, str]:
        return {"url": self.url, "title": self.title, "read": self.read}


@dataclass(frozen=True)
class Window:
    """Hours of the day, from `start` to `end` (past midnight when end <= start)."""

    start: str
    end: str

    def minutes(self) -> set[int]:
        return _minutes(self.start, self.end)


@dataclass(frozen=True)
class Later:
    """Trades (industry-code prefixes) in which the night limit starts later."""

    industries: tuple[str, ...]
    until: str
    text: Mapping[str, str]
    source: Source

    def covers(self, industry_code: str | None) -> bool:
        return industry_code is not None and industry_code.startswith(self.industries)


@dataclass(frozen=True)
class Alone:
    weekdays: Window
    weekends: Window
    industries: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    topic: str
    covers: tuple[tuple[str, str | None], ...]  # (band, school status or None for both)
    text: Mapping[str, str]
    source: Source
    also: tuple[Source, ...] = ()
    limits: Mapping[str, float] = field(default_factory=dict)
    night: Window | None = None
    later: tuple[Later, ...] = ()
    rest: int | None = None
    alone: Alone | None = None

    def applies(self, band: str, school: str) -> bool:
        return any(b == band and s in (None, school) for b, s in self.covers)

    def text_in(self, language: str | None = None) -> str:
        return self.text[language or get_language()]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "topic": self.topic,
            "text": self.text_in(),
            "source": self.source.as_dict(),
            "also": [s.as_dict() for s in self.also],
        }
        if self.limits:
            out["limits"] = dict(self.limits)
        if self.night:
            out["night"] = {"from": self.night.start, "to": self.night.end}
            out["later"] = [
                {"industries": list(x.industries), "until": x.until, "text": x.text[get_language()],
                 "source": x.source.as_dict()}
                for x in self.later
            ]  # fmt: skip
        if self.rest is not None:
            out["rest_hours"] = self.rest
        return out


@dataclass(frozen=True)
class Note:
    """Something we could not confirm: left out of the check, shown to the user with advice to check it."""

    id: str
    covers: tuple[tuple[str, str | None], ...]
    text: Mapping[str, str]

    def applies(self, band: str, school: str) -> bool:
        return any(b == band and s in (None, school) for b, s in self.covers)

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "text": self.text[get_language()]}


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[Rule, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Breach:
    """A rule a piece of work breaks: the rule quoted in the user's language, what breaks it, and the source."""

    rule: str
    text: str
    detail: str
    url: str
    title: str

    def __str__(self) -> str:
        return t("rules.breach_line", detail=self.detail, text=self.text, url=self.url)

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "text": self.text,
            "detail": self.detail,
            "url": self.url,
            "title": self.title,
        }


@dataclass(frozen=True)
class Group:
    """The rules for one age band and school status, as `lokalspil rules` shows them."""

    band: str
    school: str | None
    rules: tuple[Rule, ...]
    notes: tuple[Note, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "age_band": self.band,
            "school": self.school,
            "rules": [r.as_dict() for r in self.rules],
            "notes": [n.as_dict() for n in self.notes],
        }


# ---------------------------------------------------------------------------------------------------------------
# Reading the rules file


class _Problem(Exception):
    pass


def _mapping(
    value: Any, where: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Problem(f"{where}: expected a mapping")
    unknown = [k for k in value if k not in allowed]
    if unknown:
        raise _Problem(f"{where}: unknown key {unknown[0]!r}")
    missing = [k for k in required if k not in value]
    if missing:
        raise _Problem(f"{where}: missing key {missing[0]!r}")
    return value


def _texts(value: Any, where: str) -> dict[str, str]:
    texts = _mapping(value, where, LANGUAGES, LANGUAGES)
    if not all(isinstance(v, str) and v.strip() for v in texts.values()):
        raise _Problem(f"{where}: every language needs a text")
    return {k: " ".join(v.split()) for k, v in texts.items()}


def _clock(value: Any, where: str) -> str:
    text = str(value)
    try:
        dt.time.fromisoformat(text)
    except ValueError:
        raise _Problem(f"{where}: {text!r} is not a time of day (HH:MM)") from None
    return text


def _window(value: Any, where: str) -> Window:
    w = _mapping(value, where, ("from", "to"), ("from", "to"))
    return Window(_clock(w["from"], f"{where}.from"), _clock(w["to"], f"{where}.to"))


def _source(value: Any, where: str) -> Source:
    s = _mapping(value, where, ("url", "title", "read"), ("url", "title", "read"))
    if not str(s["url"]).startswith(("https://", "http://")):
        raise _Problem(f"{where}.url: not a web address")
    read = s["read"].isoformat() if isinstance(s["read"], dt.date) else str(s["read"])
    return Source(str(s["url"]), str(s["title"]), read)


def _covers(value: Any, where: str) -> tuple[tuple[str, str | None], ...]:
    if not isinstance(value, list) or not value:
        raise _Problem(f"{where}: expected a list of age bands")
    out: list[tuple[str, str | None]] = []
    for item in value:
        band, _, school = str(item).partition(" ")
        if band not in BANDS or (school and school not in SCHOOL):
            raise _Problem(f"{where}: {item!r} is not an age band (with a school status)")
        out.append((band, school or None))
    return tuple(out)


def _industries(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(str(x).isdigit() for x in value):
        raise _Problem(f"{where}: expected a list of industry-code prefixes (digits)")
    return tuple(str(x) for x in value)


def _rule(raw: Any, where: str) -> Rule:
    keys = (
        "id",
        "topic",
        "for",
        "text",
        "source",
        "also",
        "limits",
        "night",
        "later",
        "rest",
        "break",
        "alone",
    )
    r = _mapping(raw, where, keys, ("id", "topic", "for", "text", "source"))
    if r["topic"] not in TOPICS:
        raise _Problem(f"{where}.topic: {r['topic']!r} is not one of {', '.join(TOPICS)}")
    limits = _mapping(r.get("limits", {}), f"{where}.limits", LIMITS)
    alone = None
    if "alone" in r:
        a = _mapping(r["alone"], f"{where}.alone", ("weekdays", "weekends", "industries"), ("weekdays", "weekends", "industries"))  # fmt: skip
        alone = Alone(
            _window(a["weekdays"], f"{where}.alone.weekdays"),
            _window(a["weekends"], f"{where}.alone.weekends"),
            _industries(a["industries"], f"{where}.alone.industries"),
        )
    later = []
    for i, x in enumerate(r.get("later", [])):
        at = f"{where}.later[{i}]"
        x = _mapping(
            x, at, ("industries", "until", "text", "source"), ("industries", "until", "text", "source")
        )
        later.append(
            Later(
                _industries(x["industries"], f"{at}.industries"),
                _clock(x["until"], f"{at}.until"),
                _texts(x["text"], f"{at}.text"),
                _source(x["source"], f"{at}.source"),
            )
        )
    if "break" in r:
        _mapping(r["break"], f"{where}.break", ("after", "minutes"), ("after", "minutes"))
    return Rule(
        id=str(r["id"]),
        topic=r["topic"],
        covers=_covers(r["for"], f"{where}.for"),
        text=_texts(r["text"], f"{where}.text"),
        source=_source(r["source"], f"{where}.source"),
        also=tuple(_source(s, f"{where}.also[{i}]") for i, s in enumerate(r.get("also", []))),
        limits={k: float(v) for k, v in limits.items()},
        night=_window(r["night"], f"{where}.night") if "night" in r else None,
        later=tuple(later),
        rest=int(r["rest"]) if "rest" in r else None,
        alone=alone,
    )


def parse_rules(text: str) -> RuleBook:
    """A rules file's text as a RuleBook (unknown keys and aliases refused). Raises _Problem."""
    import yaml

    from lokalspil.guide_files import parse_yaml

    try:
        _, alias, data = parse_yaml(text)
    except yaml.YAMLError as e:
        raise _Problem(str(e).splitlines()[0]) from None
    if alias is not None:
        raise _Problem("aliases (*name) are not allowed")
    top = _mapping(data, "file", ("format", "rules", "notes"), ("format", "rules"))
    rules = tuple(_rule(r, f"rules[{i}]") for i, r in enumerate(top["rules"] or []))
    notes = tuple(
        Note(str(n["id"]), _covers(n["for"], f"notes[{i}].for"), _texts(n["text"], f"notes[{i}].text"))
        for i, n in enumerate(
            _mapping(n, f"notes[{i}]", ("id", "for", "text"), ("id", "for", "text"))
            for i, n in enumerate(top.get("notes") or [])
        )
    )
    return RuleBook(rules, notes)


@functools.cache
def rule_book(path: Path | None = None) -> RuleBook:
    """The built-in rules (or those in `path`), read once."""
    path = path or builtin_rules_dir() / RULES_FILE
    try:
        return parse_rules(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise LokalspilError("rules.file_unreadable", path=path, reason=e.strerror or e) from None
    except _Problem as e:
        raise LokalspilError("rules.file_invalid", path=path, problem=e) from None


# ---------------------------------------------------------------------------------------------------------------
# Age bands, school status, times


def parse_age_band(text: str | int) -> str:
    """An age band from a band ('13-14', 'under-13', '18-24') or an age ('14')."""
    s = str(text).strip().casefold().replace("–", "-").replace(" ", "")
    if s in (*BANDS, "18-24", "25-29", "u13"):
        return "under-13" if s == "u13" else s
    if s.isdigit():
        age = int(s)
        if 0 < age < 13:
            return "under-13"
        if age < 15:
            return "13-14"
        if age < 18:
            return "15-17"
        if age < 100:
            return "18-24" if age < 25 else "25-29"
    raise InvalidValue("rules.not_age", value=str(text).strip())


def parse_school(text: str | None) -> str | None:
    if text is None:
        return None
    s = _SCHOOL_WORDS.get(text.strip().casefold().replace(" ", "-"))
    if s is None:
        raise InvalidValue("rules.not_school", value=text.strip())
    return s


def _time(value: str | dt.time) -> str:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    try:
        return dt.time.fromisoformat(value.strip().replace(".", ":")).strftime("%H:%M")
    except ValueError:
        raise InvalidValue("rules.not_time", value=value) from None


def _m(clock: str) -> int:
    hours, minutes = clock.split(":")[:2]
    return int(hours) * 60 + int(minutes)


def _minutes(start: str, end: str) -> set[int]:
    """The minutes of the day from start to end, past midnight when end <= start ('24:00' is not a time)."""
    a, b = _m(start), _m(end)
    return set(range(a, b)) if b > a else set(range(a, 1440)) | set(range(b))


def _hours(value: float) -> str:
    return f"{value:g}".replace(".", t("number.decimal_sign"))


# ---------------------------------------------------------------------------------------------------------------
# The check


def rules_for(band: str, school: str | None = None) -> list[Rule]:
    """The rules that cover `band` and `school` (unknown school: the rules for those still in school)."""
    school = school or "i-skole"
    return [r for r in rule_book().rules if r.applies(band, school)]


def check_work(
    age_band: str,
    school_status: str | None,
    from_time: str | dt.time | None,
    to_time: str | dt.time | None,
    weekly_hours: float | None = None,
    daily_hours: float | None = None,
    industry_code: str | None = None,
    *,
    school_day: bool | None = None,
    school_week: bool | None = None,
    alone: bool = False,
    weekend: bool | None = None,
) -> list[Breach]:
    """The rules a piece of work breaks (none: it is allowed as far as these rules go).

    `age_band`: '13-14', '15-17', 'under-13' (or 18-24, 25-29: no rules) or an age; `school_status`: 'i-skole' /
    'faerdig' or the values placements store (in_school, finished_9th ...); None counts as still in school.
    `from_time`, `to_time`: 'HH:MM' (past midnight when to <= from). `daily_hours` defaults to the time between
    them. `industry_code`: the company's DB07/DB25 code; unknown, the strictest night limit applies. `school_day`,
    `school_week`: whether the work is on a school day or in a school week; unknown (None), the school limits
    apply. `alone`: the young person is alone at work (then `weekend` says whether it is a weekend or holiday;
    unknown, the weekend limit applies)."""
    band = parse_age_band(age_band)
    if band not in BANDS:
        return []
    school = parse_school(school_status) or "i-skole"
    start = _time(from_time) if from_time is not None else None
    end = _time(to_time) if to_time is not None else None
    code = "".join(ch for ch in industry_code if ch.isdigit()) if industry_code else None
    breaches: list[Breach] = []

    def breach(rule: Rule, detail: str) -> None:
        breaches.append(Breach(rule.id, rule.text_in(), detail, rule.source.url, rule.source.title))

    if daily_hours is None and start and end:
        daily_hours = len(_minutes(start, end)) / 60
    work = _minutes(start, end) if start and end else set()
    for rule in rules_for(band, school):
        if rule.topic == "banned":
            breach(rule, t("rules.detail.banned"))
        elif rule.topic == "hours":
            _check_hours(rule, daily_hours, weekly_hours, school_day, school_week, breach)
        elif rule.topic == "night" and rule.night and work:
            later = next((x for x in rule.later if x.covers(code)), None)
            window = Window(later.until, rule.night.end) if later else rule.night
            if work & window.minutes():
                hint = t("rules.detail.no_trade") if rule.later and later is None else ""
                breach(rule, t("rules.detail.night", start=start, end=end, **_span(window)) + hint)
        elif rule.topic == "alone" and rule.alone and alone and work:
            # an unknown trade counts as one the rule covers; an unknown day as a weekend
            covered = code is None or code.startswith(rule.alone.industries)
            window = rule.alone.weekdays if weekend is False else rule.alone.weekends
            if covered and work & window.minutes():
                breach(rule, t("rules.detail.alone", start=start, end=end, **_span(window)))
    return breaches


def _span(window: Window) -> dict[str, str]:
    return {"window_from": window.start, "window_to": window.end}


def _check_hours(
    rule: Rule,
    daily: float | None,
    weekly: float | None,
    school_day: bool | None,
    school_week: bool | None,
    breach: Any,
) -> None:
    for hours, known, kind in ((daily, school_day, "day"), (weekly, school_week, "week")):
        if hours is None:
            continue
        key = f"{kind}-free" if known is False else f"{kind}-school"
        limit = rule.limits.get(key)
        if limit is not None and hours > limit:
            when = t(f"rules.when.{key}") + (t("rules.when.unknown") if known is None else "")
            breach(rule, t(f"rules.detail.{kind}", hours=_hours(hours), limit=_hours(limit), when=when))


def ensure_allowed(age_band: str, *work: Any, **known: Any) -> None:
    """`check_work` with the same arguments, raising a LokalspilError that quotes every rule broken and its
    source (for a command to refuse with, before anything is stored)."""
    refuse_breaches(check_work(age_band, *work, **known), parse_age_band(age_band))


def groups(age: str | None = None, school: str | None = None) -> list[Group]:
    """The rules by age band and school status, as `lokalspil rules [AGE] [--school ...]` shows them."""
    band = parse_age_band(age) if age is not None else None
    wanted = parse_school(school)
    if band is not None and band not in BANDS:
        raise LokalspilError("rules.adult")
    book = rule_book()
    out = []
    for b, s in (("under-13", None), ("13-14", None), ("15-17", "i-skole"), ("15-17", "faerdig")):
        if (band and b != band) or (wanted and s and s != wanted):
            continue
        school_for = s or "i-skole"
        rules = tuple(r for r in book.rules if r.applies(b, school_for))
        notes = tuple(n for n in book.notes if n.applies(b, school_for))
        out.append(Group(b, s, rules, notes))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Openings and placements: what a command refuses, and what it warns about


def _school_of(band: str, school: str | None) -> str:
    """The school status the rules know: 13-14-year-olds are always undervisningspligtige; a placement's 'in
    education' or 'neither' has finished 9th grade."""
    if band == "13-14" or school in (None, "in_school"):
        return "in_school"
    return "finished_9th"


def work_breaches(
    bands: list[tuple[str, str | None]],
    from_time: str | None,
    to_time: str | None,
    weekly_hours: float | None,
    industry_code: str | None,
) -> tuple[list[Breach], list[Breach]]:
    """For work offered to (age band, school status) pairs: the breaches that hold on any day (the night, the
    hours of a school-free day and week), which a command refuses; and those that hold only on school days or in
    school weeks, which it warns about, since an opening does not say on which days the work is."""
    refused: list[Breach] = []
    warned: list[Breach] = []
    for band, school in bands:
        if band not in ("13-14", "15-17"):
            continue
        status = _school_of(band, school)
        always = check_work(band, status, from_time, to_time, weekly_hours, None, industry_code,
                            school_day=False, school_week=False)  # fmt: skip
        refused += [b for b in always if b not in refused]
        strict = check_work(band, status, from_time, to_time, weekly_hours, None, industry_code)
        warned += [b for b in strict if b not in always and b not in warned]
    return refused, warned


def refuse_breaches(refused: list[Breach], band: str) -> None:
    """A LokalspilError listing every rule broken, one line each, with its source (nothing when none is)."""
    if refused:
        raise LokalspilError("rules.refused", breaches="\n".join(f"- {b}" for b in refused), band=band)


def opening_breaches(
    age_bands: list[str],
    from_time: str | None,
    to_time: str | None,
    weekly_hours: float | None,
    industry_code: str | None,
) -> tuple[list[Breach], list[Breach]]:
    """An opening is offered to whole age bands: 15-17 is checked as for those who finished 9th grade (the most
    the rules allow), with what applies to those still in school as warnings; a placement then checks each young
    person's own school status."""
    pairs: list[tuple[str, str | None]] = []
    for band in age_bands:
        pairs.append((band, "finished_9th" if band == "15-17" else None))
    refused, warned = work_breaches(pairs, from_time, to_time, weekly_hours, industry_code)
    if "15-17" in age_bands:
        school_refused, school_warned = work_breaches([("15-17", "in_school")], from_time, to_time, weekly_hours,
                                                      industry_code)  # fmt: skip
        warned += [b for b in (*school_refused, *school_warned) if b not in refused and b not in warned]
    return refused, warned
