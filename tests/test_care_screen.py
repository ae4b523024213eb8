"""Trustworthy on screen and on disk: values in the records never steer the terminal or read as Rich markup,
templates run in a sandbox from folders only their owner can change, guide files cannot blow up with aliases, and
file names made from a company's name cannot mislead."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import Cli, ok, read, stored_answers

# Escape sequences (colour, a hyperlink, the window title, clear screen as a C1 CSI), bell, backspace, carriage
# return, a right-to-left override and an isolate, and Rich markup.
HOSTILE = (
    "Evil \x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \x1b]0;title\x07 \x9b2J"
    " \x07\x08\r \u202etxt.exe\u202c \u2066x\u2069 [/] [bold]b [link=http://evil.example]l"
)
UNSAFE = ("\x1b", "\x07", "\x08", "\r", "\x9b", "\u202e", "\u202c", "\u2066", "\u2069")


def shown_safely(result: Result) -> str:
    ok(result)
    for char in UNSAFE:
        assert char not in result.output, (char, result.output)
    return result.output


@pytest.fixture
def hostile(cli: Cli, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace whose every text holds escape sequences and markup, written straight into the database (as an
    old version or `import all` of a file made elsewhere could leave it)."""
    from lokalspil.console import out

    monkeypatch.setattr(out, "_width", 1000)  # values on one line: the markup can be looked for as typed
    ok(cli("company", "add", "TOKEN", "--city", "TOKEN", "--note", "TOKEN", "--tag", "TOKEN"))
    ok(cli("contact", "add", "1", "TOKEN", "--role", "TOKEN", "--email", "token@example.dk"))
    ok(cli("log", "1", "TOKEN møde", "--follow-up", "+1"))
    ok(
        cli(
            "agreement", "add", "1", "--kind", "andet", "--note", "TOKEN", "--what", "TOKEN", "--review", "+2"
        )
    )
    ok(cli("guide", "answer", "formaal.ejer", "TOKEN"))
    conn = sqlite3.connect(workspace)
    texts = {
        "companies": ("name", "city", "notes"),
        "contacts": ("name", "role"),
        "activities": ("summary",),
        "agreements": ("notes", "what"),
        "history": ("command",),
    }
    with conn:
        for table, columns in texts.items():
            sets = ", ".join(f"{c} = replace({c}, 'TOKEN', :v)" for c in columns)
            conn.execute(f"UPDATE {table} SET {sets}", {"v": HOSTILE})
        conn.execute("UPDATE companies SET tags = ?", [json.dumps([HOSTILE])])
        conn.execute("UPDATE guide_answers SET value = ? WHERE question_id = 'ejer'", [json.dumps(HOSTILE)])
    conn.close()
    assert HOSTILE in read(workspace, "SELECT name FROM companies")[0][0]
    folder = tmp_path / "templates" / "da"
    folder.mkdir(parents=True)
    (folder / "ond.md.j2").write_text("{# " + HOSTILE + " #}\nHej", encoding="utf-8")
    return workspace


@pytest.mark.parametrize(
    "command",
    [
        ("company", "list"),
        ("company", "show", "1"),
        ("contact", "list"),
        ("agreement", "list"),
        ("agenda",),
        ("search", "Evil"),
        ("history",),
        ("history", "1"),
        ("guide", "show"),
        ("guide", "answers"),
        ("template", "list"),
        ("status",),
        (),
    ],
    ids=" ".join,
)
def test_values_never_steer_the_terminal_and_markup_shows_as_typed(
    cli: Cli, hostile: Path, command: tuple[str, ...]
) -> None:
    output = shown_safely(cli(*command))
    assert "[/]" in output or command in {("status",), ()}, output
    if command not in {("guide", "answers"), ("status",), ()}:
        assert "[bold]b [link=http://evil.example]l" in output, output


@pytest.mark.parametrize(
    "command",
    [("company", "list"), ("company", "show", "1"), ("contact", "list"), ("search", "Evil"), ("history",)],
    ids=" ".join,
)
def test_json_output_keeps_the_values_but_escapes_what_a_terminal_obeys(
    cli: Cli, hostile: Path, command: tuple[str, ...]
) -> None:
    result = shown_safely(cli(*command, "--json"))
    shown = json.dumps(json.loads(result), ensure_ascii=False)
    assert json.dumps(HOSTILE, ensure_ascii=False)[1:-1] in shown  # the same data, every character


def test_an_error_naming_a_hostile_value_is_shown_safely(cli: Cli, hostile: Path) -> None:
    result = cli("company", "show", "\x1b]0;x\x07[/]nothing")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output and "[/]nothing" in result.output


def test_the_console_removes_controls_from_links_and_styled_text_in_a_colour_terminal() -> None:
    from rich.markdown import Markdown
    from rich.text import Text

    from lokalspil.console import SafeConsole

    screen = io.StringIO()
    console = SafeConsole(file=screen, force_terminal=True, color_system="truecolor", width=100)
    console.print(Text(HOSTILE, style="bold"))
    console.print(Markdown(f"[{HOSTILE}](http://x.example/\x1b]0;title\x07)"))
    console.print(HOSTILE)
    drawn = screen.getvalue()
    for sequence in ("\x07", "\x1b]0;", "\x1b[31m", "\x9b", "\u202e", "\x08", "\r"):
        assert sequence not in drawn
    assert "[bold]b" in drawn and "[/]" in drawn


# ---------------------------------------------------------------------------------------------------------------
# Templates run in a sandbox


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ company.__class__.__init__.__globals__['os'] }}",
        "{% if lipsum.__globals__ %}x{% endif %}",
        "{{ '{0.__class__}'.format(company) }}",
    ],
)
def test_a_template_that_reaches_for_python_is_refused_plainly(
    cli: Cli, workspace: Path, tmp_path: Path, attack: str
) -> None:
    ok(cli("company", "add", "Bageriet Søborg"))
    own = tmp_path / "templates" / "da" / "ond.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text(f"# Til {{{{ company.name }}}}\n\n{attack}\n", encoding="utf-8")
    result = cli("letter", "ond", "Bageriet", "--format", "md", "-o", "ud")
    assert result.exit_code == 1, result.output
    assert "ikke må" in result.output and str(own) in result.output.replace("\n", "")
    assert "Traceback" not in result.output and "uventet" not in result.output
    assert not (tmp_path / "ud").exists()


def test_templates_in_the_sandbox_still_read_the_records(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Bageriet Søborg", "--city", "Søborg"))
    own = tmp_path / "templates" / "da" / "egen.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text(
        "# {{ company.name }}\n\n{{ company.city | upper }} {{ sender.area }} {{ company.items() | list | length }}\n",
        encoding="utf-8",
    )
    ok(cli("letter", "egen", "Bageriet", "--format", "md", "-o", "ud"))
    text = next((tmp_path / "ud").iterdir()).read_text(encoding="utf-8")
    assert "# Bageriet Søborg" in text and "SØBORG Værebroparken" in text


# ---------------------------------------------------------------------------------------------------------------
# Template folders only their owner can change


def own_template(folder: Path) -> Path:
    own = folder / "da" / "egen.md.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("# {{ company.name }}\n\nHej.\n", encoding="utf-8")
    return own


@pytest.mark.parametrize("loose", ["file", "language folder", "templates folder"])
def test_a_template_others_can_change_is_refused_with_the_fix(
    cli: Cli, workspace: Path, tmp_path: Path, loose: str
) -> None:
    ok(cli("company", "add", "Bageriet Søborg"))
    own = own_template(tmp_path / "templates")
    target = {"file": own, "language folder": own.parent, "templates folder": own.parent.parent}[loose]
    target.chmod(target.stat().st_mode | 0o020)  # group may write
    result = cli("letter", "egen", "Bageriet", "--format", "md", "-o", "ud")
    assert result.exit_code == 1, result.output
    message = result.output.replace("\n", "")
    assert f'chmod go-w "{target}"' in message and "Andre end dig kan ændre" in message
    assert not (tmp_path / "ud").exists()
    report = json.loads(cli("doctor", "--json").output)
    found = [f for f in report["findings"] if f["check"] == "templates"]
    assert [f["level"] for f in found] == ["warning"] and str(target) in found[0]["text"]
    target.chmod(target.stat().st_mode & ~0o022)
    ok(cli("letter", "egen", "Bageriet", "--format", "md", "-o", "ud"))
    report = json.loads(cli("doctor", "--json").output)
    assert [f["level"] for f in report["findings"] if f["check"] == "templates"] == ["ok"]


def test_a_template_folder_given_with_templates_is_checked_too(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    ok(cli("company", "add", "Bageriet Søborg"))
    folder = tmp_path / "delt"
    own_template(folder)
    folder.chmod(0o777)
    result = cli("letter", "egen", "Bageriet", "--templates", str(folder), "--format", "md", "-o", "ud")
    assert result.exit_code == 1 and f'chmod go-w "{folder}"' in result.output.replace("\n", "")


def test_a_template_another_user_owns_is_refused(
    cli: Cli, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli("company", "add", "Bageriet Søborg"))
    own = own_template(tmp_path / "templates")
    monkeypatch.setattr("os.getuid", lambda: own.stat().st_uid + 1)  # as if another user had made the files
    result = cli("letter", "egen", "Bageriet", "--format", "md", "-o", "ud")
    assert result.exit_code == 1
    assert "tilhører en anden bruger" in result.output and str(own) in result.output.replace("\n", "")


def test_template_copy_makes_files_only_their_owner_can_change(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    old = os.umask(0o002)  # a desktop Linux user's usual umask: group may write
    try:
        ok(cli("template", "copy", "invitation"))
    finally:
        os.umask(old)
    folder = tmp_path / "templates"
    for path in (folder, *folder.rglob("*")):
        assert not stat.S_IMODE(path.stat().st_mode) & 0o022, path
    ok(cli("company", "add", "Bageriet Søborg"))
    ok(cli("letter", "invitation", "Bageriet", "--format", "md", "-o", "ud"))


# ---------------------------------------------------------------------------------------------------------------
# Guide files: no YAML aliases


def billion_laughs() -> str:
    """A guide file of under a kilobyte whose aliases stand for 9^9 (387 million) strings."""
    lines = [
        "id: latter",
        "title: {da: Latter, en: Laughs}",
        'a0: &a0 ["ha","ha","ha","ha","ha","ha","ha","ha","ha"]',
    ]
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "\n".join([*lines, "steps: *a8", ""])


@pytest.mark.parametrize(
    "command",
    [
        ("guide", "list"),
        ("guide", "show", "latter"),
        ("guide", "answers", "latter"),
        ("guide", "check", "PATH"),
        ("status",),
    ],
)
def test_a_guide_file_with_aliases_is_refused_at_once(
    cli: Cli, workspace: Path, command: tuple[str, ...]
) -> None:
    import time

    from lokalspil.paths import user_guides_dir

    text = billion_laughs()
    assert len(text.encode()) < 1024
    path = user_guides_dir() / "latter.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    result = cli(*[str(path) if part == "PATH" else part for part in command])
    assert time.perf_counter() - start < 1
    output = result.output.replace("\n", " ")
    assert str(path) in output and "YAML-aliasser" in output, output
    assert "Traceback" not in output and "uventet" not in output


def test_an_answer_file_with_aliases_is_refused_at_once(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    import time

    laughs = billion_laughs().replace("steps: *a8", "formaal.ejer: *a8").splitlines()[2:]
    path = tmp_path / "svar.yaml"
    path.write_text("\n".join(laughs) + "\n", encoding="utf-8")
    start = time.perf_counter()
    result = cli("guide", "run", "--answers", str(path))
    assert time.perf_counter() - start < 1
    assert result.exit_code == 1 and "YAML-aliasser" in result.output and str(path) in result.output
    assert stored_answers(cli) == {}


# ---------------------------------------------------------------------------------------------------------------
# File names made from a company's name


def test_letter_file_names_have_no_invisible_or_misleading_characters(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    names = [
        "Firma\u202efdp.exe",  # would show as 'Firmaexe.pdf'
        "Skjult\u2066 \u2069isolat\u200b\x85",
        "../../uden/for",
        "..\\..\\windows",
        ".skjult",
        "CON",
        "nul .txt",
        "Nul\x00byte",
        "😀" * 100,
        "Bager " + "Å" * 300,
    ]
    for n in range(len(names)):
        ok(cli("company", "add", f"Firma {n}"))
    conn = sqlite3.connect(workspace)
    with conn:
        conn.executemany(
            "UPDATE companies SET name = ? WHERE id = ?", [(n, i + 1) for i, n in enumerate(names)]
        )
    conn.close()
    ok(cli("letter", "invitation", "--stage", "candidate", "--format", "md", "-o", "breve"))
    files = sorted(p.name for p in (tmp_path / "breve").iterdir())
    assert len(files) == len(names)
    assert {p.parent for p in tmp_path.rglob("*invitation.md")} == {tmp_path / "breve"}
    for name in files:
        assert name.isprintable() and not name.startswith((".", "-", " ")), repr(name)
        assert len(name.encode()) <= 200 and name.endswith(" - invitation.md")
        assert name.split(".")[0].split(" - ")[0].strip().casefold() not in {"con", "nul"}
    assert "Firmafdp.exe - invitation.md" in files
    assert "Skjult isolat - invitation.md" in files
    assert "_CON - invitation.md" in files and "_nul .txt - invitation.md" in files
