"""Writing the files lokalspil makes (documents, exports, copies): whole or not at all, never over the workspace
or anything else that must not be lost, in folders only their owner can read.

Every file is first written under a temporary name beside its place, `.<name>.<random>.<process id>.part`, and
renamed into place when it is whole. A process killed meanwhile leaves its `.part` file behind; the next process
that writes the same file (or, for backups, into the same folder) removes such leftovers of processes that are no
longer running.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from lokalspil.errors import LokalspilError, os_reason
from lokalspil.paths import backups_dir

# The workspaces this process has opened (database.open_database tells): no file is ever written over one of them,
# their working files or their backups.
_workspaces: list[Path] = []
# The temporary files this process is writing now: a worker stopped from outside removes them (see `abandon`).
_unfinished: set[Path] = set()
WORKING_FILES = ("", "-wal", "-shm", "-journal")  # the database and the files SQLite keeps beside it
_LEFTOVER = re.compile(r"^\..+\.(\d+)\.part$")


def protect_workspace(db_path: Path) -> None:
    """From now on, `check_output_path` refuses the workspace at `db_path`, its working files and its backups."""
    path = db_path.expanduser().resolve()
    if path not in _workspaces:
        _workspaces.append(path)


def forget_workspaces() -> None:
    _workspaces.clear()


def same_file(a: Path, b: Path) -> bool:
    """Whether two names lead to one file: the same path once links are followed, or (for files that exist) the
    same file on the same disk, which also tells a hard link."""
    if a.expanduser().resolve() == b.expanduser().resolve():
        return True
    try:
        one, other = a.stat(), b.stat()
    except OSError:
        return False
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def check_output_path(path: Path, *, workspace: Path | None = None) -> None:
    """Refuse, with a sentence naming the file, to write `path` where it would destroy something: the workspace
    (any this process opened, and `workspace`), its working files (`-wal`, `-shm`), a backup, or something that is
    not an ordinary file (a device such as /dev/null, a folder). (An import checks its rejects file against the
    list it reads with `same_file`.)"""
    resolved = path.expanduser().resolve()
    workspaces = [*_workspaces, *([workspace.expanduser().resolve()] if workspace else [])]
    for db in workspaces:
        if any(same_file(path, Path(f"{db}{suffix}")) for suffix in WORKING_FILES):
            raise LokalspilError("file.is_workspace", path=path, workspace=db)
        folder = backups_dir(db)
        backups = list(folder.iterdir()) if folder.is_dir() else []
        if resolved.is_relative_to(folder) or any(same_file(path, backup) for backup in backups):
            raise LokalspilError("file.is_backup", path=path, folder=folder)
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # not there yet (or not reachable: writing it will say why)
    if stat.S_ISDIR(mode):
        raise LokalspilError("file.cannot_write", path=path, reason=os_reason(IsADirectoryError(21, "")))
    if not stat.S_ISREG(mode):
        raise LokalspilError("file.not_regular", path=path)


# ---------------------------------------------------------------------------------------------------------------
# `-o FILE` for every command that writes: the file's suffix must agree with the format, and `-o -` is the screen

STDOUT = Path("-")
# Each format and the suffixes its files may have.
SUFFIXES = {
    "md": ("md", "markdown"),
    "html": ("html", "htm"),
    "pdf": ("pdf",),
    "docx": ("docx",),
    "csv": ("csv",),
    "xlsx": ("xlsx",),
    "json": ("json",),
    "ics": ("ics",),
}
TEXT_FORMATS = (
    "md",
    "html",
    "csv",
    "json",
    "ics",
)  # what a terminal can show; the others only go down a pipe


def is_stdout(path: Path | None) -> bool:
    return path is not None and path == STDOUT


def format_of_suffix(path: Path | None) -> str | None:
    """The format a file's name says (plan.docx: docx), or None."""
    suffix = path.suffix.lower().lstrip(".") if path is not None else ""
    return next((fmt for fmt, suffixes in SUFFIXES.items() if suffix in suffixes), None)


def check_output(path: Path | None, fmt: str) -> None:
    """The one check before a command writes `fmt` to `path` (`-o`): a name whose suffix says another format
    (`plan -o x.csv`) is refused, and so is a PDF, DOCX or XLSX sent to a terminal with `-o -` (a pipe or a
    redirection takes it)."""
    if path is None:
        return
    if is_stdout(path):
        if fmt not in TEXT_FORMATS and sys.stdout.isatty():
            raise LokalspilError("file.binary_to_terminal", format=fmt)
        return
    named = format_of_suffix(path)
    if named is not None and named != fmt:
        raise LokalspilError("file.suffix_contradicts", path=path, format=fmt, suffix=path.suffix.lstrip("."))


def _write_to_stdout(write: Callable[[Path], object]) -> None:
    """`-o -`: the file is made in the system's temporary folder, then sent whole to standard output."""
    with tempfile.TemporaryDirectory(prefix="lokalspil-") as folder:
        temporary = Path(folder) / "output"
        write(temporary)
        sys.stdout.flush()
        with temporary.open("rb") as f:
            shutil.copyfileobj(f, sys.stdout.buffer)
        sys.stdout.buffer.flush()


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """`write` fills a temporary file beside `path`, which then takes its place in one step: a reader never sees
    half a file, and an error or Ctrl-C leaves whatever was there before. A file that must not be written over
    (see `check_output_path`), or cannot be written, gives a sentence naming it. `-` (STDOUT) is standard
    output."""
    if is_stdout(path):
        _write_to_stdout(write)
        return
    check_output_path(path)
    try:
        make_folder(path.parent)
        remove_leftovers(path.parent, path.name)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".{os.getpid()}.part", dir=path.parent)
        os.close(fd)
        temporary = Path(name)
        _unfinished.add(temporary)
        try:
            write(temporary)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        finally:
            _unfinished.discard(temporary)
    except OSError as e:
        raise LokalspilError("file.cannot_write", path=path, reason=os_reason(e)) from None


def write_text_atomically(path: Path, text: str) -> None:
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8", newline="\n"))


def owner_only(path: Path, folder: bool = False) -> None:
    """Readable and writable by the owner only (where the file system has such permissions)."""
    with contextlib.suppress(OSError):
        path.chmod(0o700 if folder else 0o600)


def make_folder(path: Path) -> None:
    """Make the folder `path`, and the folders above it that are missing, each readable by its owner only
    whatever the umask. Folders that exist already keep their permissions."""
    missing = []
    while not path.exists() and not path.is_symlink() and path.parent != path:
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            continue  # made meanwhile by another command
        owner_only(folder, folder=True)


def temporary_name(path: Path) -> Path:
    """The temporary name this process writes `path` under (one per process), found by `remove_leftovers`."""
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def leftovers(folder: Path, name: str = "*") -> list[Path]:
    """The temporary files (and folders) in `folder`, of `name` or of any file, left by processes that were
    stopped before they finished."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f".{name if name == '*' else glob.escape(name)}.*part"):
        match = _LEFTOVER.match(path.name)
        if match and not _running(int(match[1])):
            found.append(path)
    return sorted(found)


def remove_leftovers(folder: Path, name: str = "*") -> list[Path]:
    """Remove what `leftovers` finds; returns what went."""
    removed = []
    for path in leftovers(folder, name):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


def abandon(folders: Iterable[str] = ()) -> None:
    """For a process stopped from outside: remove the temporary files it was writing and `folders`."""
    for temporary in list(_unfinished):
        with contextlib.suppress(OSError):
            temporary.unlink()
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
