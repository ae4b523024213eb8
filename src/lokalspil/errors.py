"""The one error type shown to users.

The library raises `LokalspilError` with a catalogue key; the CLI's single handler prints the message in the user's
language on stderr and exits 1. Every message says what to try next.
"""

from __future__ import annotations

from lokalspil.messages import t

EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class LokalspilError(Exception):
    """An error the user can act on. Its message comes from the catalogue, in the current language."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return t(self.key, **self.params)


class InvalidValue(LokalspilError):
    """A typed or imported value that does not fit; the message is one line saying why."""
