"""Files lokalspil writes can be trusted: never written over the workspace, a backup or the list being read; a
damaged workspace is refused plainly; backups are checked; a killed letter batch or backup leaves nothing behind;
a full disk is one sentence; folders lokalspil makes are the owner's only."""

from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import Cli, Query, ok, printed_json


def plain(result: Result) -> None:
    assert "uventet" not in result.output and "Traceback" not in result.output, result.output


# ---------------------------------------------------------------------------------------------------------------
# Never written over the workspace, its working files, a backup, the list being read or a special file

WRITERS = {
    "letter": ("letter", "invitation", "--stage", "candidate", "-f", "md", "--combine", "{out}"),
    "letter-pdf": ("letter", "invitation", "--stage", "candidate", "-f", "pdf", "--combine", "{out}"),
    "export-csv": ("export", "companies", "-f", "csv", "-o", "{out}"),
    "export-xlsx": ("export", "companies", "-f", "xlsx", "-o", "{out}"),
    "export-all": ("export", "all", "-o", "{out}"),
    "agenda": ("agenda", "--ics", "{out}"),
    "plan": ("plan", "-f", "md", "-o", "{out}"),
    "backup": ("backup", "{out}"),
    "import-rejects": ("import", "companies", "liste.csv", "--rejects", "{out}", "--yes"),
}


@pytest.mark.parametrize("command", WRITERS)
def test_no_command_writes_over_the_workspace_a_backup_or_a_special_file(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path, command: str
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("log", "Bageriet", "Ring", "--follow-up", "2030-01-02"))
    (tmp_path / "liste.csv").write_text("Navn;CVR\nMaleren;123\n", encoding="utf-8")  # one row is rejected
    backup = Path(printed_json(cli("backup", "--json"))["backup"])
    kept = backup.read_bytes()
    (tmp_path / "link.db").symlink_to(workspace)
    os.link(workspace, tmp_path / "hard.db")
    targets = {
        str(workspace): "er selve arbejdsområdet",
        f"{workspace}-wal": "er selve arbejdsområdet",
        f"{workspace}-shm": "er selve arbejdsområdet",
        "link.db": "er selve arbejdsområdet",  # a symbolic link to it
        "hard.db": "er selve arbejdsområdet",  # a hard link: another name for the same file
        str(backup): "sikkerhedskopi",
        str(backup.parent / "ny.db"): "sikkerhedskopi",  # nothing but backups goes into their folder
        os.devnull: "ikke en almindelig fil",
    }
    for target, sentence in targets.items():
        args = [arg.replace("{out}", target) for arg in WRITERS[command]]
        result = cli(*args)
        assert result.exit_code == 1, (target, result.output)
        assert sentence in result.stderr and "Intet er skrevet" in result.stderr, (target, result.stderr)
        plain(result)
        assert query("PRAGMA integrity_check") == [("ok",)]
        assert query("SELECT name FROM companies") == [("Bageriet",)]
    assert backup.read_bytes() == kept
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert not list(tmp_path.glob(".*.part")) and not list(backup.parent.glob(".*"))
    assert not (backup.parent / "ny.db").exists()


def test_import_rejects_never_go_over_the_list_being_read(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    source = tmp_path / "liste.csv"
    source.write_text("Navn;CVR\nMaleren;123\n", encoding="utf-8")
    os.link(source, tmp_path / "samme.csv")
    result = cli("import", "companies", "liste.csv", "--rejects", "samme.csv", "--yes")
    assert result.exit_code == 1 and "overskrevet" in result.stderr
    assert source.read_text(encoding="utf-8") == "Navn;CVR\nMaleren;123\n"


# ---------------------------------------------------------------------------------------------------------------
# A damaged workspace


def _damaged_workspace(cli: Cli, workspace: Path, tmp_path: Path) -> bytes:
    """A workspace of 300 companies with a good backup, then 2,000 bytes of the companies' and their search
    index's first pages overwritten (as a disk fault would); returns the damaged file's bytes."""
    rows = "\n".join(f";Virksomhed {i} ApS med et langt navn;2860;Søborg" for i in range(300))
    (tmp_path / "liste.csv").write_text(f"CVR-nr.;Navn;Postnr.;By\n{rows}\n", encoding="utf-8")
    ok(cli("import", "companies", "liste.csv", "--yes"))
    ok(cli("backup"))
    conn = sqlite3.connect(workspace)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    roots = [
        root
        for (root,) in conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name IN ('companies', 'companies_fts_data')"
        )
    ]
    conn.close()
    with workspace.open("r+b") as f:
        for root in roots:  # the companies and their search index, where every reader and writer here looks
            f.seek((root - 1) * page_size + 16)
            f.write(b"\xff" * 2000)
    return workspace.read_bytes()


READERS = [("status",), ("company", "list"), ("agenda",), ("export", "all", "-o", "alt.json"), ("plan",)]
WRITES = [
    ("company", "add", "Maleren"),
    ("company", "edit", "Virksomhed 1 ApS", "--city", "Herlev"),
    ("log", "Virksomhed 2 ApS", "Ringede"),
    ("search", "Virksomhed"),  # (its search index is in the damaged part)
    ("import", "companies", "liste.csv", "--yes"),
    ("backup",),
    ("backup", "kopi.db"),
]


def test_a_damaged_workspace_is_refused_in_plain_words_and_never_backed_up(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    damaged = _damaged_workspace(cli, workspace, tmp_path)
    backups = sorted((tmp_path / "backups" / "workspace").iterdir())
    for args in READERS:  # reading what is whole still works, or is refused plainly
        plain(cli(*args))
    for args in WRITES:
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "beskadiget" in result.stderr and "lokalspil doctor" in result.stderr, (args, result.stderr)
        assert "lokalspil restore" in result.stderr
        plain(result)
    assert workspace.read_bytes() == damaged  # nothing saved on top of the damage
    assert sorted((tmp_path / "backups" / "workspace").iterdir()) == backups  # no damaged copy, none pruned
    assert not (tmp_path / "kopi.db").exists()
    report = json.loads(cli("doctor", "--json").output)
    assert not report["sound"] and "lokalspil restore" in report["findings"][0]["advice"]


def test_rotation_never_removes_the_last_sound_backup(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    from lokalspil.backups import list_backups, prune

    for _ in range(3):
        ok(cli("backup"))
    newest, middle, oldest = (b.path for b in list_backups(workspace))
    for path in (
        newest,
        middle,
    ):  # damaged afterwards (a disk fault), or made by an older lokalspil unchecked
        with path.open("r+b") as f:
            f.seek(200)
            f.write(b"\xff" * 4000)
    removed = prune(workspace, 1)
    assert removed == [middle]
    assert [b.path for b in list_backups(workspace)] == [newest, oldest]  # the oldest is the last sound one


# ---------------------------------------------------------------------------------------------------------------
# Interrupted work leaves nothing


@pytest.fixture
def batch(cli: Cli, workspace: Path, tmp_path: Path) -> Iterator[dict[str, str]]:
    for i in range(40):
        ok(cli("company", "add", f"Virksomhed {i}"))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    yield {**os.environ, "LOKALSPIL_DB": str(workspace), "TMPDIR": str(temporary)}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_letter_batch_leaves_a_whole_file_or_none(
    batch: dict[str, str], tmp_path: Path, query: Query, how: signal.Signals
) -> None:
    """Typst lays the batch out in this one process (no workers to stop): stopped at any moment, the batch
    leaves either no file and nothing logged, or the whole file."""
    from pypdf import PdfReader

    child = subprocess.Popen([sys.executable, "-m", "lokalspil", "letter", "invitation", "--stage", "candidate",
                              "--combine", "alle.pdf"], env=batch, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        time.sleep(0.6)
        child.send_signal(how)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    logged = query("SELECT count(*) FROM activities WHERE kind = 'letter'")[0][0]
    if (tmp_path / "alle.pdf").exists():
        assert len(PdfReader(tmp_path / "alle.pdf").pages) == 40
    else:
        assert logged == 0
    if how == signal.SIGTERM:
        assert not list(tmp_path.glob(".alle.pdf*"))


def _dead_pid() -> int:
    """The number of a process that has ended (and so is running nowhere)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_leftovers_of_a_killed_backup_are_reported_and_cleaned(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    ok(cli("backup"))
    folder = tmp_path / "backups" / "workspace"
    dead = _dead_pid()
    left = folder / f".lokalspil-20250101-101010-000.db.{dead}.part"
    left.write_bytes(b"SQLite format 3\x00half")
    named = tmp_path / f".kopi.db.{dead}.part"
    named.write_bytes(b"SQLite format 3\x00half")
    running = folder / f".lokalspil-20250101-101011-000.db.{os.getpid()}.part"  # a backup being made now
    running.write_bytes(b"SQLite format 3\x00")
    report = json.loads(cli("doctor", "--json").output)
    found = [f for f in report["findings"] if f["check"] == "leftovers"]
    assert len(found) == 1 and left.name in found[0]["text"] and running.name not in found[0]["text"]
    assert found[0]["level"] == "warning" and "lokalspil backup" in found[0]["advice"]
    ok(cli("backup"))
    ok(cli("backup", "kopi.db"))
    assert not left.exists() and not named.exists() and running.exists()
    report = json.loads(cli("doctor", "--json").output)
    assert not [f for f in report["findings"] if f["check"] == "leftovers"]


def test_a_file_written_again_after_a_killed_run_leaves_no_leftovers(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "Bageriet"))
    left = Path(f".firmaer.csv.abc123.{_dead_pid()}.part")
    left.write_text("halv", encoding="utf-8")
    ok(cli("export", "companies", "-o", "firmaer.csv"))
    assert not left.exists() and Path("firmaer.csv").is_file()


# ---------------------------------------------------------------------------------------------------------------
# A full disk


def _no_room(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    ("args", "writer"),
    [
        (("export", "companies", "-o", "firmaer.xlsx"), "openpyxl.workbook.workbook.Workbook.save"),
        (("export", "companies", "-o", "firmaer.csv"), "lokalspil.tables.write_rows"),
        (("export", "companies", "-o", "firmaer.json"), "pathlib.Path.write_text"),
        (("export", "all", "-o", "alt.json"), "pathlib.Path.write_text"),
        (("agenda", "--ics", "kalender.ics"), "pathlib.Path.write_bytes"),
        (("plan", "-o", "plan.md"), "pathlib.Path.write_text"),
    ],
)
def test_a_full_disk_during_an_export_is_one_plain_sentence(
    cli: Cli,
    workspace: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    writer: str,
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("log", "Bageriet", "Ring", "--follow-up", "2030-01-02"))
    monkeypatch.setattr(writer, _no_room)
    result = cli(*args)
    assert result.exit_code == 1
    assert "disken er fuld" in result.stderr and "kunne ikke skrives" in result.stderr, result.stderr
    plain(result)
    assert not (tmp_path / args[-1]).exists() and not list(tmp_path.glob(".*.part"))


FULL_DISK = """
import errno, sys
from openpyxl.workbook.workbook import Workbook
def save(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")
Workbook.save = save
sys.argv = ["lokalspil", *sys.argv[1:]]
from lokalspil.cli import main
main()
"""


def test_a_full_disk_during_a_workbook_leaves_no_traceback_at_exit(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    ok(cli("company", "add", "Bageriet"))
    env = {**os.environ, "LOKALSPIL_DB": str(workspace)}
    done = subprocess.run([sys.executable, "-c", FULL_DISK, "export", "companies", "-o", "firmaer.xlsx"], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert "disken er fuld" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "firmaer.xlsx").exists() and not list(tmp_path.glob(".*.part"))


# ---------------------------------------------------------------------------------------------------------------
# Folders lokalspil makes


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folders_lokalspil_makes_are_the_owners_only(cli: Cli, tmp_path: Path, umask: int) -> None:
    db = tmp_path / "ny" / "mappe" / "lokalspil.db"
    ok(cli("--db", str(db), "init", "--area", "Værebroparken", "--org", "AB Gladsaxe", "--coordinator", "Mette",
           "--email", "mette@example.dk", "--phone", "12345678"))  # fmt: skip
    ok(cli("--db", str(db), "company", "add", "Bageriet"))
    ok(cli("--db", str(db), "backup"))
    ok(cli("--db", str(db), "template", "copy", "invitation"))
    ok(cli("--db", str(db), "export", "companies", "-o", str(tmp_path / "ud" / "i" / "firmaer.csv")))
    ok(cli("--db", str(db), "letter", "invitation", "Bageriet", "-f", "md", "-o", str(tmp_path / "breve")))
    made = [tmp_path / "ny", tmp_path / "ny" / "mappe", db.parent / "backups", db.parent / "backups" / "lokalspil",
            db.parent / "templates", tmp_path / "ud", tmp_path / "ud" / "i", tmp_path / "breve"]  # fmt: skip
    made += [p for p in (db.parent / "templates").rglob("*") if p.is_dir()]
    assert len(made) > 8
    for folder in made:
        assert _mode(folder) == 0o700, folder
    assert _mode(db) == 0o600
