"""Fixtures: every test gets its own workspace path and data folder, fixed terminal width, no colour."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import CliRunner, Result

from lokalspil.cli.app import app
from lokalspil.messages import set_language

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """LOKALSPIL_DB and the user data folder point into the test's own temporary folder."""
    db = tmp_path / "workspace.db"
    monkeypatch.setenv("LOKALSPIL_DB", str(db))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("LOKALSPIL_LANG", raising=False)
    monkeypatch.delenv("LOKALSPIL_DEBUG", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERMINAL_WIDTH", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.chdir(
        tmp_path
    )  # files a command writes by default (rejects files) land here, not in the project
    set_language("da")
    return db


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated


# Running a command and reading the database: the two things nearly every test does, written once.
Cli = Callable[..., Result]
"""`cli("company", "add", "Bageriet", input=None)`: a lokalspil command run in-process, as a user would type it."""
Query = Callable[..., list[tuple[Any, ...]]]
"""`query("SELECT name FROM companies WHERE id = ?", 1)`: rows read straight from the workspace database."""


@pytest.fixture
def cli() -> Cli:
    """Run a lokalspil command in-process, as a user would type it."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


def ok(result: Result) -> Result:
    """The result of a command that must have succeeded (else the test fails showing what it said)."""
    assert result.exit_code == 0, result.output
    return result


def printed_json(result: Result) -> Any:
    """What a command that must have succeeded printed with --json."""
    return json.loads(ok(result).stdout)


def read(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows read straight from a database file: the workspace (see the `query` fixture), a backup, a copy."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def tamper(path: Path, *statements: str) -> None:
    """Change a database file behind lokalspil's back (as another program, or damage, would)."""
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def workspace(cli: Cli, db_path: Path) -> Path:
    result = cli(
        "init",
        "--area", "Værebroparken",
        "--org", "AB Gladsaxe",
        "--municipality", "Gladsaxe",
        "--coordinator", "Mette Hansen",
        "--email", "mette@example.dk",
        "--phone", "12345678",
        "--lang", "da",
    )  # fmt: skip
    ok(result)
    return db_path


@pytest.fixture
def query(db_path: Path) -> Query:
    """Read the workspace database directly, as a second opinion on what the commands stored."""

    def run(sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return read(db_path, sql, *params)

    return run


@pytest.fixture
def terminal(db_path: Path) -> Iterator[Callable[..., pexpect.spawn]]:
    """`lokalspil ARGS` in a real pseudo-terminal, on the test's workspace; closed when the test ends."""
    children: list[pexpect.spawn] = []

    def start(*args: str, lang: str | None = None, cwd: Path | None = None) -> pexpect.spawn:
        env = {**os.environ, "LOKALSPIL_DB": str(db_path), "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "120"}
        env.pop("_TYPER_FORCE_DISABLE_TERMINAL", None)
        if lang:
            env["LOKALSPIL_LANG"] = lang
        child = pexpect.spawn(
            sys.executable,
            ["-m", "lokalspil", *args],
            env=env,
            encoding="utf-8",
            timeout=15,
            dimensions=(50, 120),
            cwd=str(cwd) if cwd else None,
        )
        children.append(child)
        return child

    yield start
    for child in children:
        child.close(force=True)


def answered(child: pexpect.spawn, reply: str) -> int:
    """Type `reply` to the question a pseudo-terminal's lokalspil asks; its exit status when it has finished."""
    child.sendline(reply)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus  # type: ignore[no-any-return]


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def stored_answers(cli: Cli, *guide: str) -> dict[str, Any]:
    return printed_json(cli("guide", "answers", *guide, "--format", "json"))  # type: ignore[no-any-return]


# A guide someone else wrote, in the documented format: used by the CLI and pseudo-terminal tests.
OTHER_GUIDE = """\
id: cykelvaerksted
title: {da: "Cykelværksted i kælderen", en: "Bike workshop in the basement"}
steps:
  - id: plan
    title: {da: Planlæg, en: Plan}
    purpose: {da: "Find ud af, hvad værkstedet skal kunne.", en: "Work out what the workshop is for."}
    tips:
      - {da: "Spørg de unge først.", en: "Ask the young people first."}
    questions:
      - id: unge
        type: number
        prompt: {da: "Hvor mange unge vil være med?", en: "How many young people will join?"}
        required: true
        min: 1
        max: 40
      - id: dag
        type: choice
        prompt: {da: "Hvilken ugedag?", en: "Which weekday?"}
        choices:
          - {id: man, da: Mandag, en: Monday}
          - {id: ons, da: Onsdag, en: Wednesday}
          - {id: fre, da: Fredag, en: Friday}
      - id: mester
        type: yesno
        prompt: {da: "Har I en cykelmekaniker?", en: "Do you have a bike mechanic?"}
        required: true
      - id: mester-navn
        type: text
        prompt: {da: "Hvilket firma kommer mekanikeren fra?", en: "Which company is the mechanic from?"}
        when: {question: mester, equals: true}
      - id: start
        type: date
        prompt: {da: "Hvornår åbner værkstedet?", en: "When does the workshop open?"}
    checklist:
      - {id: noegle, text: {da: "Få nøgle til kælderen", en: "Get a key to the basement"}}
      - {id: vaerktoej, text: {da: "Køb værktøj", en: "Buy tools"}}
  - id: drift
    title: {da: Drift, en: Running}
    purpose: {da: "Hold værkstedet åbent.", en: "Keep the workshop open."}
    tips: []
    questions:
      - id: noter
        type: longtext
        prompt: {da: "Hvad har I lært?", en: "What have you learnt?"}
      - id: maal
        type: multichoice
        prompt: {da: "Hvad skal de unge lære?", en: "What should the young people learn?"}
        choices:
          - {id: lapning, da: Lappe slanger, en: Patching tubes}
          - {id: bremser, da: Bremser, en: Brakes}
          - {id: gear, da: Gear, en: Gears}
    checklist: []
"""
