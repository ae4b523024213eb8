"""`-o FILE` for every command that writes: `-o -` is standard output for text (and for PDF, DOCX and XLSX down a
pipe, never to a terminal), and a file whose suffix says another format is refused."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from lokalspil.errors import LokalspilError
from lokalspil.files import check_output
from tests.conftest import Cli, ok


@pytest.fixture
def companies(cli: Cli, workspace: Path) -> Path:
    ok(cli("company", "add", "Bageriet Søborg", "--cvr", "13585628"))
    ok(cli("company", "add", "Malerfirma Svanen A/S"))
    return workspace


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "-o", "x.csv"],
        ["plan", "-f", "pdf", "-o", "x.docx"],
        ["letter", "invitation", "Bageriet", "-f", "pdf", "-o", "x.docx"],
        ["letter", "invitation", "Bageriet", "-f", "pdf", "--combine", "x.md"],
        ["export", "companies", "-o", "liste.pdf"],
        ["export", "all", "-o", "alt.csv"],
        ["agenda", "--ics", "kalender.json"],
        ["report", "-f", "csv", "-o", "rapport.md"],
    ],
)
def test_a_suffix_that_contradicts_the_format_is_refused(
    cli: Cli, companies: Path, tmp_path: Path, args: list[str]
) -> None:
    result = cli(*args)
    assert result.exit_code != 0
    assert "men formatet er" in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".csv", ".docx", ".md", ".pdf", ".json")] == []


def test_plan_markdown_to_standard_output(cli: Cli, companies: Path, tmp_path: Path) -> None:
    out = ok(cli("plan", "-o", "-")).stdout
    assert out.startswith("# Handlingsplan for virksomhedssamarbejdet i Værebroparken")
    assert "✓" not in out and not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["export", "companies", "-o", "-", "-f", "json"], lambda out: json.loads(out)[0]["name"]),
        (["export", "companies", "-o", "-"], lambda out: out.splitlines()[0].startswith("Navn")),
        (["export", "all", "-o", "-"], lambda out: json.loads(out)["companies"]),
        (["agenda", "--ics", "-"], lambda out: out.startswith("BEGIN:VCALENDAR")),
        (["report", "-f", "csv", "-o", "-"], lambda out: "," in out or ";" in out),
        (
            ["letter", "invitation", "Bageriet", "-f", "md", "-o", "-", "--no-log"],
            lambda out: "Bageriet" in out,
        ),
        (["letter", "invitation", "Bageriet", "-f", "html", "--combine", "-"], lambda out: "<html" in out),
    ],
)
def test_text_formats_go_to_standard_output(
    cli: Cli, companies: Path, tmp_path: Path, args: list[str], check: object
) -> None:
    out = ok(cli(*args)).stdout
    assert callable(check) and check(out), out
    assert "✓" not in out and not (tmp_path / "-").exists()


def test_docx_goes_down_a_pipe(cli: Cli, companies: Path) -> None:
    result = ok(cli("plan", "-f", "docx", "-o", "-"))
    assert result.stdout_bytes.startswith(b"PK")  # a zip: the DOCX itself, nothing printed around it
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(result.stdout_bytes)).paragraphs)
    assert "Handlingsplan" in text


def test_binary_formats_are_refused_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    for fmt in ("pdf", "docx", "xlsx"):
        with pytest.raises(LokalspilError) as refused:
            check_output(Path("-"), fmt)
        assert f"Et {fmt}-dokument kan ikke vises i terminalen" in str(refused.value)
    for fmt in ("md", "html", "csv", "json", "ics"):
        check_output(Path("-"), fmt)


def test_matching_and_unknown_suffixes_are_let_through() -> None:
    check_output(Path("plan.DOCX"), "docx")
    check_output(Path("plan.markdown"), "md")
    check_output(Path("plan.txt"), "md")  # a suffix lokalspil does not know says nothing
    check_output(None, "pdf")
