"""The README's commands run: every `$ lokalspil ...` line in its console blocks, in order, in a fresh folder.

The README is read like a shell session: `export NAME=VALUE` and `unset NAME` change the environment for the lines
after them, `> FILE` sends a command's output to a file, and a `# comment` is left out. Output the README shows
under a command (or under `cat FILE`) must be what it prints, in that order (dates and the home folder aside). It starts with
`lokalspil demo`, so the commands after it work on the demo; after `unset LOKALSPIL_DB` they work on the default
workspace, which the test fixtures put in the test's own temporary data folder. Each command must exit with 0.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pytest

from tests.conftest import REPO, Cli, ok

README = REPO / "README.md"

# Commands the README shows that this test does not run, and why.
NOT_RUN = {
    "lokalspil guide": "the walk asks its questions at a terminal; tests/test_walk_pty.py walks it in a pseudo-terminal",
}
# Other programs the README shows: not lokalspil's to test.
OTHER_PROGRAMS = {"cat", "sqlite3", "datasette", "pip", "pytest", "python", "ruff", "mypy"}

# Files the reader brings: the README shows what lokalspil says about this list.
CVR_EXTRACT = [
    "CVR-nr.;Firmanavn;Adresse;Postnr.;By;Tlf.;E-mail;Intern note",
    "13585628;Bageriet Ørnen ApS;Søborg Hovedgade 101;2860;Søborg;39 66 12 34;info@oernen.example.org;Kender Mette",
    ";Netto Søborg;Søborg Torv 2;2860;Søborg;;netto@netto;",
    ';Cykelsmeden;"Vadstrupvej 12\nbaghuset";2880;Bagsværd;44 98 76 54;;ring efter kl. 10',
    "13585627;Frisør Lokken;Stationsvej 3;2860;Søborg;;;",
    ";Café Kilden;Engvej 8;28600;Søborg;;;",
    ";;Skolevej 1;2860;Søborg;;;uden navn",
]
FILES = {"cvr-udtraek.csv": ("\r\n".join(CVR_EXTRACT) + "\r\n").encode("cp1252")}
# Files the README itself shows: "Save this as `NAME`:" and a code block.
SAVE_AS = re.compile(r"Save this as `([^`]+)`:\n\n```\w*\n(.*?)```", re.DOTALL)


@dataclass
class Line:
    number: int  # in README.md
    text: str
    shown: list[str] = field(default_factory=list)  # the output the README shows under it


def console_lines(markdown: str) -> list[Line]:
    """The `$ ...` lines of the ```console blocks, with `\\` continuations joined."""
    lines: list[Line] = []
    in_console = False
    pending: Line | None = None
    for number, raw in enumerate(markdown.splitlines(), 1):
        if raw.startswith("```"):
            in_console = raw.strip() == "```console"
            continue
        if not in_console:
            continue
        if pending is not None:
            pending.text += " " + raw.strip().removesuffix("\\").strip()
            if not raw.rstrip().endswith("\\"):
                lines.append(pending)
                pending = None
            continue
        if raw.startswith("$ "):
            line = Line(number, raw[2:].rstrip().removesuffix("\\").strip())
            if raw.rstrip().endswith("\\"):
                pending = line
            else:
                lines.append(line)
        elif lines and raw.strip():
            lines[-1].shown.append(raw)
    return lines


DATE = re.compile(r"\b\d\d-\d\d-\d{4}\b")


def plain(text: str) -> str:
    """Output as compared with the README: spacing and line breaks as one space, dates as DATE."""
    return DATE.sub("DATE", " ".join(text.split()))


def drift(shown: list[str], printed: str, home: Path) -> list[str]:
    """The lines the README shows under a command that the command did not print (in that order). The reader's
    home folder in the README is the test's temporary folder; a '...' line stands for lines left out."""
    said = plain(
        printed.replace(str(home / "data"), "/home/mette/.local/share").replace(str(home), "/home/mette")
    )
    missing = []
    at = 0
    for line in shown:
        if line.strip() == "...":
            continue
        found = said.find(plain(line), at)
        if found < 0:
            missing.append(line)
        else:
            at = found
    return missing


def test_the_readme_shows_commands() -> None:
    commands = [line.text for line in console_lines(README.read_text(encoding="utf-8"))]
    assert commands[0] == "lokalspil demo"
    shown = " ".join(commands)
    for needed in ("import companies", "--dry-run", "--map", "template copy", "backup", "restore", "doctor"):
        assert needed in shown, needed
    for needed in ("gdpr review", "contact export", "contact forget", "history"):
        assert needed in shown, needed


def test_every_command_in_the_readme_runs(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = README.read_text(encoding="utf-8")
    for name, content in FILES.items():
        (tmp_path / name).write_bytes(content)
    for name, text in SAVE_AS.findall(readme):
        (tmp_path / name).write_text(text, encoding="utf-8")
    failures: list[str] = []
    ran = 0
    for line in console_lines(readme):
        words = shlex.split(line.text, comments=True)
        if not words:
            continue
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            monkeypatch.setenv(name, value)
            continue
        if words[0] == "unset":
            monkeypatch.delenv(words[1], raising=False)
            continue
        if words[0] == "cat" and (
            missing := drift(line.shown, (tmp_path / words[1]).read_text("utf-8"), tmp_path)
        ):
            failures.append(
                f"README.md:{line.number}: {line.text}\n  shows what the file does not hold: {missing}"
            )
        if words[0] != "lokalspil":
            assert words[0] in OTHER_PROGRAMS, f"README.md:{line.number}: what runs {words[0]}?"
            continue
        if " ".join(words) in NOT_RUN:
            continue
        output = None
        if ">" in words:
            at = words.index(">")
            words, output = words[:at], tmp_path / words[at + 1]
        result = cli(*words[1:])
        ran += 1
        if result.exit_code != 0:
            failures.append(
                f"README.md:{line.number}: {line.text}\n  exit {result.exit_code}: {result.output}"
            )
        elif missing := drift(line.shown, result.output, tmp_path):
            failures.append(
                f"README.md:{line.number}: {line.text}\n  shows what it does not print: {missing}\n"
                f"  it prints: {result.output}"
            )
        if output is not None:
            output.write_text(result.stdout, encoding="utf-8")
    assert not failures, "\n".join(failures)
    assert ran > 20


def test_the_readme_links_to_files_that_exist() -> None:
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\((?!https?://|#)([^)\s]+)\)", text)
    assert targets
    missing = [t for t in targets if not (REPO / t.split("#")[0]).exists()]
    assert not missing, missing


def test_the_guide_example_is_what_the_walk_shows(cli: Cli, terminal: Callable[..., pexpect.spawn]) -> None:
    """The README's `lokalspil guide` block: the walk at the 7th question of the first step, a wrong answer."""
    example = next(
        line for line in console_lines(README.read_text(encoding="utf-8")) if line.text == "lokalspil guide"
    )
    ok(cli("init", "--area", "Værebroparken"))
    ok(cli("guide", "answer", "formaal.maal", "Flere unge i fritidsjob"))
    ok(cli("guide", "answer", "formaal.aldersgrupper", "13-14"))
    child = terminal("guide")
    screen = []
    for _ in range(6):  # the optional questions before it: Enter skips them
        found = child.expect(["Hvor mange unge regner[^›]*›", "›"])
        screen.append(child.before + child.after)
        if found == 0:
            break
        child.sendline("")
    child.sendline("tusind")
    child.expect(r"Prøv igen\.")
    screen.append(child.before + child.after)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", "".join(screen)).replace("─", " ")
    for line in example.shown:
        wanted = line.replace("─", " ").removeprefix("› ").strip().removesuffix("...").strip()
        if wanted:
            assert plain(wanted) in plain(shown), line
