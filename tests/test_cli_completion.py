"""Shell completion: installed with `lokalspil --install-completion`, explained in the user's language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Cli, ok


def lokalspil(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lokalspil", *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, **env},
    )  # fmt: skip


def test_help_offers_completion_in_danish_and_english(cli: Cli) -> None:
    shown = ok(cli("--help")).stdout
    text = " ".join(shown.split())
    assert "--install-completion" in text and "Installér tab-fuldførelse" in text
    assert "--show-completion" in text and "Install completion" not in text
    assert not [line for line in shown.splitlines() if "-completion" in line and "<bool>" in line]  # flags
    english = " ".join(lokalspil("--lang", "en", "--help", COLUMNS="200").stdout.split())
    assert "Install tab completion of commands and options" in english


def test_completion_completes_commands_and_subcommands() -> None:
    def complete(words: str) -> list[str]:
        done = lokalspil(
            _LOKALSPIL_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - 1)
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("lokalspil comp") == ["company"]
    assert complete("lokalspil company ad") == ["add"]


def test_install_completion_writes_the_script_for_the_shell(tmp_path: Path) -> None:
    done = lokalspil("--install-completion", HOME=str(tmp_path), SHELL="/bin/bash")
    assert done.returncode == 0, done.stderr
    assert "_LOKALSPIL_COMPLETE" in (tmp_path / ".bash_completions" / "lokalspil.sh").read_text()
    assert "lokalspil.sh" in (tmp_path / ".bashrc").read_text()
