"""PDF through Typst: text from the records prints literally, the files are tagged and archivable with title,
author, language and bookmarks (a mail merge too), and nothing of Pango or GTK is loaded on the way."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import Cli, ok
from tests.test_cli_documents import MARKUP_NAMES

# Each of these would be Typst markup, code or a comment if it reached Typst as it is.
TYPST_NAMES = [
    '#read("x")',
    "Firma ] og [ ApS",
    "*Fed* _kursiv_ ApS",
    "$x^2$ Matematik",
    "@henvisning A/S",
    "<etiket> I/S",
    "Skråstreg \\ og \\u{41}",
    "`kode` og = lig",
    "- Streg og + plus",
    "Kommentar // her /* og */",
    "~tilde~ og 1. januar",
]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


@pytest.mark.parametrize("names", [TYPST_NAMES, MARKUP_NAMES], ids=["typst", "markup"])
def test_names_print_literally_in_a_pdf(cli: Cli, workspace: Path, tmp_path: Path, names: list[str]) -> None:
    for name in names:
        ok(cli("company", "add", "--", name))
    ok(cli("letter", "invitation", "--stage", "candidate", "--combine", "breve.pdf", "--no-log"))
    text = pdf_text(tmp_path / "breve.pdf")
    for name in names:
        assert f"Kære {name}" in text, name


def test_escaped_text_is_never_typst_markup() -> None:
    from lokalspil.documents.rendering import parse_markdown
    from lokalspil.documents.typeset import escape, markdown_to_typst
    from lokalspil.templates import escape_markdown

    for name in [*TYPST_NAMES, *MARKUP_NAMES]:
        body, _ = markdown_to_typst(parse_markdown(escape_markdown(name)))
        assert re.fullmatch(r"(?:[^\\#\[\]*_`$<>@=/~-]|\\.)*\n\n", body), (name, body)
    assert escape('#read("x")') == '\\#read\\(\\"x\\"\\)'


def _xmp(path: Path) -> str:
    metadata = PdfReader(path).trailer["/Root"]["/Metadata"].get_object().get_data()
    return bytes(metadata).decode("utf-8")


def _info(path: Path) -> str:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_plan_and_a_merge_are_tagged_archivable_with_title_language_and_bookmarks(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    for i in range(50):
        ok(cli("company", "add", f"Virksomhed nummer {i:02}"))
    ok(cli("letter", "invitation", "--stage", "candidate", "--combine", "breve.pdf", "--no-log"))
    ok(cli("plan", "-o", "plan.pdf"))
    for path, title in ((tmp_path / "breve.pdf", "Vil I være med"), (tmp_path / "plan.pdf", "Handlingsplan")):
        info = _info(path)
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
        assert re.search(rf"^Title:\s+{title}", info, re.MULTILINE), info
        assert re.search(r"^Author:\s+AB Gladsaxe$", info, re.MULTILINE), info
        reader = PdfReader(path)
        assert reader.trailer["/Root"]["/Lang"] == "da"
        xmp = _xmp(path)
        assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfuaid:part>1</pdfuaid:part>" in xmp
        assert reader.outline, "bookmarks"
    merged = PdfReader(tmp_path / "breve.pdf")
    letters = [item for item in merged.outline if isinstance(item, dict)]
    assert len(letters) == 50  # a bookmark for each letter, its sections under it
    assert "Side 1 af 1" in (merged.pages[-1].extract_text() or "")  # each letter numbers its own pages


def test_pdfa_can_be_switched_off(
    cli: Cli, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOKALSPIL_PDFA", "0")
    ok(cli("plan", "-o", "plan.pdf"))
    xmp = _xmp(tmp_path / "plan.pdf")
    assert "pdfaid" not in xmp and "<pdfuaid:part>1</pdfuaid:part>" in xmp


def test_template_copy_layout_copies_the_pdf_layout(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Bageriet"))
    result = ok(cli("template", "copy", "layout"))
    layout = tmp_path / "templates" / "layout.typ"
    assert str(layout) in result.output.replace("\n", "")
    source = layout.read_text(encoding="utf-8")
    layout.write_text(source.replace('rgb("#2b6c8f")', 'rgb("#aa0000")'), encoding="utf-8")
    layout.write_text(
        layout.read_text(encoding="utf-8").replace(
            "  body\n  [#metadata", "  [Vores egen fod]\n  body\n  [#metadata"
        ),
        encoding="utf-8",
    )
    ok(cli("letter", "tak", "Bageriet", "--combine", "brev.pdf", "--no-log"))
    assert "Vores egen fod" in pdf_text(tmp_path / "brev.pdf")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_demo_writes_its_pdfs_without_pango_or_gtk(tmp_path: Path) -> None:
    """What `pip install` alone gives on any machine: the PDF path loads no library of the system's."""
    code = (
        "import sys\n"
        "from lokalspil.cli import main\n"
        "sys.argv = ['lokalspil', 'demo', sys.argv[1]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "maps = open('/proc/self/maps').read()\n"
        "print('LOADED', [n for n in ('pango', 'gobject', 'cairo', 'fontconfig', 'harfbuzz') if n in maps])\n"
    )
    env = {**os.environ, "LOKALSPIL_DB": str(tmp_path / "own.db")}
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout, result.stdout
    for name in ("handlingsplan.pdf", "invitationer.pdf", "rapport.pdf"):
        assert (tmp_path / "demo" / name).read_bytes().startswith(b"%PDF-"), name
    assert "Lærkeparken" in pdf_text(tmp_path / "demo" / "handlingsplan.pdf")
