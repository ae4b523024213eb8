"""Start-up: the short commands import nothing they do not use (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import io, json, sys, contextlib
sys.argv = ["lokalspil", *json.loads(sys.argv[1])]
from lokalspil.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
print(json.dumps(sorted(m.split(".")[0] for m in sys.modules)))
"""

HEAVY = {"jinja2", "weasyprint", "typst", "pypdf", "openpyxl", "pydantic", "sqlite_utils"}
WEB = {
    "starlette",
    "uvicorn",
    "multipart",
    "python_multipart",
    "httpx",
    "anyio",
}  # only `lokalspil web` loads these


def imported_by(args: list[str], db: Path) -> set[str]:
    env = {**os.environ, "LOKALSPIL_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["guide", "--help"],
        ["--version"],
        ["plan", "--help"],
        ["letter", "--help"],
        ["template", "list", "--help"],
        ["web", "--help"],
    ],
)
def test_help_imports_nothing_heavy(args: list[str], db_path: Path) -> None:
    modules = imported_by(args, db_path)
    assert modules & (HEAVY | WEB | {"yaml"}) == set()


def test_status_imports_neither_templates_nor_sqlite_utils(workspace: Path) -> None:
    modules = imported_by(["status"], workspace)
    assert "lokalspil" in modules
    assert modules & (HEAVY | WEB) == set()


def test_importing_a_csv_file_imports_no_pydantic(workspace: Path, tmp_path: Path) -> None:
    """The file name is checked by Typer's own path rules without building a pydantic adapter (~100 ms)."""
    path = tmp_path / "liste.csv"
    path.write_text("Navn;Postnr.\nBageren;2860\n", encoding="utf-8")
    modules = imported_by(["import", "companies", str(path), "--yes", "--json"], workspace)
    assert "lokalspil" in modules
    assert modules & HEAVY == set()


def test_python_dash_m_works(workspace: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lokalspil", "--lang", "en", "status"],
        env={**os.environ, "LOKALSPIL_DB": str(workspace)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Housing area" in done.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["company", "add"], "Der mangler 'NAVN'. Se hvordan med: lokalspil company add --help"),
        (["company", "add", "X", "--cvrr", "1"], "Kommandoen kender ikke --cvrr. Mente du --cvr?"),
        (["compny"], "Der er ingen kommando, der hedder 'compny'."),
        (["log", "Bageren", "Ringede", "igen"], "Der er argumenter for meget: igen."),
        (["agenda", "--days", "tre"], "det skal være et helt tal"),
        (["--lang", "en", "company", "add"], "'NAME' is missing. See how with: lokalspil company add --help"),
        (["agenda", "--ics", "/"], "/ er en mappe, men her skal der stå en fil."),
        (["--lang", "en", "plan", "-o", "/"], "/ is a folder, but a file is wanted here."),
    ],
)
def test_a_command_typed_wrongly_is_told_plainly_in_the_users_language(
    args: list[str], says: str, workspace: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lokalspil", *args],
        env={**os.environ, "LOKALSPIL_DB": str(workspace)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert says in done.stderr
    assert "Traceback" not in done.stderr and "Usage:" not in done.stderr
