"""The console package: one pair of consoles for every screen, and the names callers use."""

from __future__ import annotations

import importlib
import io
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from lokalspil import console
from lokalspil.console import base

Cli = Callable[..., Result]


def test_swapping_the_consoles_in_base_swaps_them_for_every_screen(
    cli: Cli, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/screenshots.py records the screens this way: nothing may keep printing to the consoles it replaced."""
    screen = io.StringIO()
    recorder = console.SafeConsole(file=screen, width=120)
    monkeypatch.setattr(base, "out", recorder)
    monkeypatch.setattr(base, "err", recorder)
    assert console.out is recorder
    assert console.err is recorder
    shows = [
        (("company", "add", "Bageren"), "Bageren"),  # base.success
        (("company", "list"), "Bageren"),  # records
        (("company", "show", "1"), "Bageren"),
        (("status",), "Værebroparken"),  # records, and the guide's progress from guides
        (("guide", "show"), "Sæt de lokale virksomheder i spil"),  # guides
    ]
    for args, expected in shows:
        before = len(screen.getvalue())
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert expected in screen.getvalue()[before:], args
        assert expected not in result.output, args


def test_the_consoles_live_in_base_only() -> None:
    for info in pkgutil.iter_modules(console.__path__):
        module = importlib.import_module(f"lokalspil.console.{info.name}")
        if module is not base:
            assert not hasattr(module, "out"), info.name
            assert not hasattr(module, "err"), info.name


def test_every_name_in_the_api_is_there() -> None:
    missing = [name for name in console.__all__ if not hasattr(console, name)]
    assert missing == []
