"""The one error type shown to users.

The library raises `LokalspilError` with a catalogue key; the CLI's single handler prints the message in the user's
language on stderr and exits 1 (2 for a `BadUsage`, as for Click's own usage errors). Every message says what to try
next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from lokalspil.messages import t

T = TypeVar("T")

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
        from lokalspil.privacy import mask_cpr

        # A value repeated in a message never repeats a CPR number in it (010190-XXXX).
        return t(self.key, **{k: mask_cpr(v) if isinstance(v, str) else v for k, v in self.params.items()})


class BadUsage(LokalspilError):
    """An option given a value it never takes, or options that do not go together (`agenda --days -3`, `export
    --format docx`, `report --year 2026 --from 1-3-2026`): a usage error, exit code 2, like a value of the wrong
    type that Click refuses; nothing was read or changed."""


class InvalidValue(LokalspilError):
    """A typed or imported value that does not fit; the message is one line saying why."""


def option_value(parse: Callable[[str], T], text: str) -> T:
    """`parse(text)` for the value of an option that chooses what a command does (`company list --stage`,
    `report --from`): what the parser refuses is a usage error, with the parser's own sentence."""
    try:
        return parse(text)
    except InvalidValue as e:
        raise BadUsage(e.key, **e.params) from None


def os_reason(error: OSError) -> str:
    """Why the system refused a file, in the user's language ('the folder does not exist', 'it is a folder'), for
    the reasons people meet; others in the system's own words."""
    import errno

    known = {
        errno.ENOENT: "os.not_found", errno.EISDIR: "os.is_folder", errno.ENOTDIR: "os.not_folder",
        errno.EACCES: "os.no_access", errno.EPERM: "os.no_access", errno.EROFS: "os.read_only",
        errno.ENOSPC: "os.disk_full", errno.EDQUOT: "os.disk_full", errno.ENAMETOOLONG: "os.name_too_long",
    }  # fmt: skip
    key = known.get(error.errno or 0)
    return t(key) if key else (error.strerror or str(error))
