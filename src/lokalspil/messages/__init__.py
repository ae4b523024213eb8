"""The one message catalogue: every text a user sees, in Danish and English.

`t("init.created", area=..., path=...)` returns the text in the current language. The catalogues live in `da.py` and `en.py`, one
dictionary each; a test fails when a key exists in one language only.
"""

from __future__ import annotations

from lokalspil.messages import da, en

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
CATALOGUES: dict[str, dict[str, str]] = {"da": da.MESSAGES, "en": en.MESSAGES}

_current = DEFAULT_LANGUAGE  # set by the CLI before it builds its commands (lokalspil.cli.main)


def set_language(language: str) -> None:
    global _current
    _current = normalise_language(language) or DEFAULT_LANGUAGE


def get_language() -> str:
    return _current


def normalise_language(value: str | None) -> str | None:
    """'da', 'DA', 'dansk', 'en', 'English', 'en_GB.UTF-8' -> 'da' / 'en'; anything else -> None."""
    if not value:
        return None
    v = value.strip().lower()
    if v.startswith(("da", "dk")):
        return "da"
    if v.startswith(("en", "eng")):
        return "en"
    return None


def t(key: str, /, **params: object) -> str:
    """The message `key` in the current language, with `params` filled in."""
    text = CATALOGUES[_current].get(key) or CATALOGUES[DEFAULT_LANGUAGE][key]
    return text.format(**params)


def t_count(key: str, /, count: int, **params: object) -> str:
    """The message `key` about `count` things: its singular form (`key_one`) when there is exactly one."""
    singular = f"{key}_one"
    if count == 1 and singular in CATALOGUES[DEFAULT_LANGUAGE]:
        key = singular
    return t(key, count=count, **params)


def t_list(parts: list[str]) -> str:
    """'a, b og c' ('a, b and c'): the parts as a sentence lists them."""
    if len(parts) < 2:
        return "".join(parts)
    return t("list.and", first=", ".join(parts[:-1]), last=parts[-1])
