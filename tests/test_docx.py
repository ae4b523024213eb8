"""DOCX: letters, the agreement and the plan as Word documents, read back with python-docx, and opened by
LibreOffice (converted to PDF headless) where it is installed."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import Cli, ok

HOSTILE = '#read("x") ]*$ @x <b>Fed</b> & Co'


def all_text(path: Path) -> str:
    """Every paragraph's and table cell's text, in order."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def agreement(cli: Cli, workspace: Path) -> Path:
    ok(cli("company", "add", "Bageriet Søborg", "--cvr", "13585628", "--address", "Vej 1"))
    ok(cli("contact", "add", "Bageriet", "Hans Jensen", "--role", "Indehaver"))
    ok(cli("agreement", "add", "Bageriet", "--kind", "fritidsjob", "--places", "2", "--start", "2027-01-04"))
    return workspace


def test_agreement_as_docx_holds_company_body_table_and_letterhead(
    cli: Cli, agreement: Path, tmp_path: Path
) -> None:
    ok(cli("letter", "samarbejdsaftale", "Bageriet", "-f", "docx", "--combine", "aftale.docx", "--no-log"))
    path = tmp_path / "aftale.docx"
    document = Document(str(path))
    text = all_text(path)
    assert "Bageriet Søborg" in text and "(CVR 13585628)" in text
    assert "Denne aftale er ikke en ansættelseskontrakt." in text
    # the table of the cooperation, with its rows
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Antal pladser", "2"] in cells and ["Samarbejdsform", "Fritidsjob"] in [
        [a, b.capitalize()] for a, b in cells
    ]
    # headings and lists are Word's own styles
    styles = {p.style.name for p in document.paragraphs}
    assert "Heading 1" in styles and "Heading 2" in styles and "List Bullet" in styles
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "Bageriet Søborg" in bold
    # the letterhead and the page numbers
    section = document.sections[0]
    header = " ".join(p.text for p in section.header.paragraphs)
    assert "AB Gladsaxe" in header and "Værebroparken" in header
    footer = section.footer._element.xml
    assert "Side" in footer and "PAGE" in footer and "NUMPAGES" in footer
    properties = document.core_properties
    assert properties.title == "Samarbejdsaftale"
    assert properties.author == "Mette Hansen" and properties.language == "da-DK"
    assert round(section.page_width.cm, 1) == 21.0


def test_letters_as_docx_one_file_each_and_a_merge_with_a_section_per_letter(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    ok(cli("company", "add", HOSTILE))
    ok(cli("company", "add", "Malerfirma Svanen A/S"))
    ok(cli("letter", "invitation", "Fed", "Svanen", "-f", "docx", "-o", "breve", "--no-log"))
    files = sorted((tmp_path / "breve").iterdir())
    assert [f.suffix for f in files] == [".docx", ".docx"]
    assert any(HOSTILE in all_text(f) for f in files)  # printed as it is, nothing read as markup
    ok(cli("letter", "invitation", "Fed", "Svanen", "--combine", "alle.docx", "--no-log"))
    merged = Document(str(tmp_path / "alle.docx"))
    assert len(merged.sections) == 2
    text = all_text(tmp_path / "alle.docx")
    assert HOSTILE in text and "Malerfirma Svanen A/S" in text
    assert "SECTIONPAGES" in merged.sections[0].footer._element.xml  # each letter counts its own pages


def test_plan_as_docx(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Bageriet Søborg"))
    result = ok(cli("plan", "-o", "plan.docx"))
    assert "plan.docx" in result.output
    document = Document(str(tmp_path / "plan.docx"))
    assert document.core_properties.title.startswith("Handlingsplan")
    assert "Handlingsplan for virksomhedssamarbejdet i Værebroparken" in all_text(tmp_path / "plan.docx")
    footer = " ".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "Mette Hansen" not in footer  # a board's document: no one's name on every page


def test_numbered_lists_each_count_from_their_start(tmp_path: Path) -> None:
    from lokalspil.documents.rendering import Rendered, write_rendered

    markdown = "# T\n\n1. en\n2. to\n\nmellem\n\n3. tre\n4. fire\n\n[link](https://example.dk) og *kursiv*\n"
    write_rendered([Rendered(markdown, title="T")], "docx", tmp_path / "x.docx")
    document = Document(str(tmp_path / "x.docx"))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(numbered) == 4 and len(ids) == 2
    xml = document.element.xml
    assert "w:hyperlink" in xml and any(r.italic for p in document.paragraphs for r in p.runs)
    with zipfile.ZipFile(tmp_path / "x.docx") as archive:
        assert "https://example.dk" in archive.read("word/_rels/document.xml.rels").decode()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_agreement_to_pdf(cli: Cli, agreement: Path, tmp_path: Path) -> None:
    ok(cli("letter", "samarbejdsaftale", "Bageriet", "-f", "docx", "--combine", "aftale.docx", "--no-log"))
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(tmp_path / "aftale.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "pdf" / "aftale.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 1000
    from pypdf import PdfReader

    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)
    assert "Bageriet Søborg" in text and "Side 1 af" in text


# ---------------------------------------------------------------------------------------------------------------
# The letterhead's logo: `init --logo FILE`


def png_logo(path: Path) -> Path:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"\x00\xff\x00\x00" * 1)  # one red pixel
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )
    return path


SAFE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="5" fill="#c00"/></svg>'


def test_init_logo_is_copied_beside_the_workspace_owner_only_and_in_the_docx_header(
    cli: Cli, workspace: Path, tmp_path: Path, query: object
) -> None:
    from tests.conftest import read

    ok(cli("init", "--logo", str(png_logo(tmp_path / "mit logo.png"))))
    [(name,)] = read(workspace, "SELECT logo FROM workspace")
    stored = workspace.resolve().parent / name
    assert stored.read_bytes() == (tmp_path / "mit logo.png").read_bytes()
    assert stored.stat().st_mode & 0o077 == 0
    ok(cli("company", "add", "Bageriet Søborg"))
    ok(cli("letter", "invitation", "Bageriet", "--combine", "brev.docx", "--no-log"))
    header = Document(str(tmp_path / "brev.docx")).sections[0].header
    assert "graphicData" in header._element.xml and "AB Gladsaxe" in header.paragraphs[-1].text
    # the value templates (and the PDF layout) read
    from lokalspil.documents.values import sender_fields
    from lokalspil.workspace import open_workspace

    conn, ws = open_workspace(workspace)
    conn.close()
    assert sender_fields(ws)["logo"] == str(stored)
    # an SVG logo later takes its place
    (tmp_path / "logo.svg").write_text(SAFE_SVG, encoding="utf-8")
    ok(cli("init", "--logo", str(tmp_path / "logo.svg")))
    [(name,)] = read(workspace, "SELECT logo FROM workspace")
    assert name.endswith(".svg") and not stored.exists()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"GIF89a....", "hverken en PNG- eller en SVG-fil"),
        (b"\xff\xd8\xff\xe0 JFIF", "hverken en PNG- eller en SVG-fil"),
        (b"<html><body>hej</body></html>", "hverken en PNG- eller en SVG-fil"),
        (SAFE_SVG.replace("<rect", "<script>alert(1)</script><rect").encode(), "<script>"),
        (SAFE_SVG.replace("<rect", '<rect onload="alert(1)"').encode(), "onload="),
        (
            SAFE_SVG.replace(
                "<rect",
                '<image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="file:///etc/passwd"/><rect',
            ).encode(),
            'href="file:///etc/passwd"',
        ),
        (SAFE_SVG.replace("<rect", '<rect style="fill:url(http://x/y)"').encode(), "style="),
        (SAFE_SVG.replace("<rect", "<style>@import url(http://x)</style><rect").encode(), "<style>"),
        (
            SAFE_SVG.replace("<rect", "<foreignObject><p>x</p></foreignObject><rect").encode(),
            "<foreignObject>",
        ),
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SAFE_SVG.encode(), "<!DOCTYPE"),
    ],
)
def test_init_refuses_a_logo_that_is_not_a_safe_png_or_svg(
    cli: Cli, workspace: Path, tmp_path: Path, content: bytes, said: str
) -> None:
    from tests.conftest import read

    (tmp_path / "logo.x").write_bytes(content)
    result = cli("init", "--logo", str(tmp_path / "logo.x"), "--org", "Ny organisation")
    assert result.exit_code != 0 and said in " ".join(result.output.split()), result.output
    assert read(workspace, "SELECT logo FROM workspace") == [(None,)]
    assert read(workspace, "SELECT organisation FROM areas") == [("AB Gladsaxe",)]  # nothing stored
    assert not list(workspace.resolve().parent.glob("*-logo.*"))


def test_init_refuses_a_logo_over_2_mb(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    big = png_logo(tmp_path / "stor.png")
    big.write_bytes(big.read_bytes() + b"\0" * (2 * 2**20))
    result = cli("init", "--logo", str(big))
    assert result.exit_code != 0 and "højst 2 MB" in " ".join(result.output.split())
