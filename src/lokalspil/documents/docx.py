"""DOCX (Word) from a document's Markdown: markdown-it-py's token stream, the same one the HTML is made from, walked
into a python-docx Document. Headings, paragraphs with bold, italics and links, bullet and numbered lists, tables
with a header row, the letterhead (logo, organisation, area) in the page header, "Side x af y" in the footer, and
the title, author and language in the document's properties.

Text is only ever put into runs (never read as markup), so nothing a company's name holds can change the document.
A chart is the text bars the Markdown has (a picture in Word is left for later). Several documents (a mail merge)
are one file, each in a section of its own that starts on a new page and numbers its pages from 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lokalspil.files import write_atomically

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from markdown_it.token import Token

    from lokalspil.documents.rendering import Letterhead, Rendered

LANGUAGES = {"da": "da-DK", "en": "en-GB"}
LINK_SCHEMES = ("http://", "https://", "mailto:")
LOGO_HEIGHT_CM = 1.6
FONT = "Calibri"


Parse = Callable[[str], "list[Token]"]  # Markdown to tokens: rendering's one MarkdownIt


def write_docx(documents: Sequence[Rendered], path: Path, parse: Parse) -> None:
    """One DOCX file holding `documents`, each starting on a new page."""
    if not documents:
        return
    document = build_docx(documents, parse)
    write_atomically(path, lambda temporary: document.save(str(temporary)))


def build_docx(documents: Sequence[Rendered], parse: Parse) -> Document:
    from docx import Document as new_document

    document = new_document()
    first = documents[0]
    _page_setup(document, first.letterhead, several=len(documents) > 1)
    for i, rendered in enumerate(documents):
        if i:
            _new_section(document)
        Walker(document).walk(parse(rendered.markdown))
    _properties(document, first)
    return document


# ---------------------------------------------------------------------------------------------------------------
# The page: size, letterhead, footer, properties


def _page_setup(document: Document, letterhead: Letterhead | None, several: bool) -> None:
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    language = LANGUAGES.get(letterhead.language if letterhead else "da", "da-DK")
    _set_language(document, language)
    if letterhead is None:
        return
    header = section.header.paragraphs[0]
    logo = letterhead.logo
    if logo is not None and logo.suffix.lower() == ".png" and logo.is_file():
        header.add_run().add_picture(str(logo), height=Cm(LOGO_HEIGHT_CM))
        header = section.header.add_paragraph()
    sender = letterhead.sender
    if sender.get("organisation"):
        header.add_run(sender["organisation"]).bold = True
        header.add_run(" · ")
    header.add_run(" · ".join(sender[k] for k in ("area", "municipality") if sender.get(k)))
    footer = section.footer.paragraphs[0]
    if letterhead.footer:
        footer.add_run(letterhead.footer + "    ")
    footer.add_run(f"{letterhead.page} ")
    _field(footer, "PAGE", "1")
    footer.add_run(f" {letterhead.page_of} ")
    _field(footer, "SECTIONPAGES" if several else "NUMPAGES", "1")
    for paragraph in (*section.header.paragraphs, footer):
        for run in paragraph.runs:
            run.font.size = Pt(9)


def _set_language(document: Document, language: str) -> None:
    """The language Word checks spelling in, for every style that does not say otherwise."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if r_pr is None:
        return
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), language)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A field Word and LibreOffice fill in (PAGE, NUMPAGES), showing `shown` until they do."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _new_section(document: Document) -> None:
    """The next document of a mail merge: a new page, its pages numbered from 1, the same header and footer."""
    from docx.enum.section import WD_SECTION
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section = document.add_section(WD_SECTION.NEW_PAGE)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.append(numbering)


def _properties(document: Document, first: Rendered) -> None:
    properties = document.core_properties
    letterhead = first.letterhead
    properties.title = first.title or ""
    if letterhead is not None:
        properties.author = letterhead.sender.get("coordinator") or letterhead.sender.get("organisation", "")
        properties.language = LANGUAGES.get(letterhead.language, "da-DK")
    properties.comments = ""
    properties.last_modified_by = properties.author


# ---------------------------------------------------------------------------------------------------------------
# The body: the token stream, block by block


class Walker:
    """Walks one document's block tokens into `document`. Inline tokens become runs of the current paragraph."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.lists: list[dict[str, Any]] = []  # the lists we are in: {"ordered", "start", "num"}
        self.table: Table | None = None
        self.row: list[tuple[Token, bool]] = []
        self.rows: list[tuple[list[Token], bool]] = []
        self.item_started = False
        self.keep_together = 0
        self.quote = 0

    def walk(self, tokens: Sequence[Token]) -> None:
        i = 0
        while i < len(tokens):
            token = tokens[i]
            handler = getattr(self, f"_{token.type}", None)
            if handler is not None:
                skip = handler(token, tokens, i)
                i += skip or 1
            else:
                i += 1

    # Headings and paragraphs -------------------------------------------------------------------------------------

    def _heading_open(self, token: Token, tokens: Sequence[Token], i: int) -> int:
        level = min(int(token.tag[1]), 4)
        paragraph = self.document.add_heading(level=level)
        self.inline(paragraph, tokens[i + 1])
        paragraph.paragraph_format.keep_with_next = True
        return 3

    def _paragraph_open(self, token: Token, tokens: Sequence[Token], i: int) -> int:
        if self.table is not None:
            return 1
        first_item = bool(self.lists) and self.item_started
        paragraph = self.document.add_paragraph(style=self._paragraph_style())
        if first_item and self.lists[-1]["ordered"]:
            self._number(paragraph, self.lists[-1])
        self.inline(paragraph, tokens[i + 1])
        if self.keep_together:
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.keep_together = True
        return 3

    def _paragraph_style(self) -> str | None:
        if self.lists and not self.item_started:
            return "List Paragraph"  # a list item's second paragraph
        if self.lists:
            self.item_started = False
            kind = "List Number" if self.lists[-1]["ordered"] else "List Bullet"
            depth = min(len(self.lists), 3)
            return kind if depth == 1 else f"{kind} {depth}"
        return "Quote" if self.quote else None

    def _fence(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        from docx.shared import Pt

        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.keep_together = True
        lines = token.content.rstrip("\n").split("\n")
        for n, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.font.name = "Consolas"
            run.font.size = Pt(8.5)
            if n < len(lines) - 1:
                run.add_break()

    _code_block = _fence

    def _hr(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        self.document.add_paragraph()

    def _blockquote_open(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        self.quote += 1

    def _blockquote_close(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        self.quote -= 1

    def _div_open(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        if token.attrGet("class") == "keep-together":
            self.keep_together += 1

    def _div_close(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        # (divs do not nest: a closing one ends the one open)
        self.keep_together = max(self.keep_together - 1, 0)

    # Lists ------------------------------------------------------------------------------------------------------

    def _bullet_list_open(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        self.lists.append({"ordered": False})

    def _ordered_list_open(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        start = token.attrGet("start")
        self.lists.append({"ordered": True, "start": int(start) if start else 1, "num": None})

    def _bullet_list_close(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _number(self, paragraph: Paragraph, entry: dict[str, Any]) -> None:
        """Each numbered list counts from its own start (the style alone would go on from the list before)."""
        if entry["num"] is None:
            style_numbering = paragraph.style.element.pPr.numPr if paragraph.style is not None else None
            if style_numbering is None or style_numbering.numId is None:
                return
            numbering = self.document.part.numbering_part.element
            abstract = numbering.num_having_numId(style_numbering.numId.val).abstractNumId.val
            num = numbering.add_num(abstract)
            num.add_lvlOverride(ilvl=0).add_startOverride(entry["start"])
            entry["num"] = num.numId
        numbering_properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering_properties.get_or_add_ilvl().val = 0
        numbering_properties.get_or_add_numId().val = entry["num"]

    def _list_item_open(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        self.item_started = True

    def _list_item_close(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        self.item_started = False

    # Tables -----------------------------------------------------------------------------------------------------

    def _table_open(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        self.rows = []
        self.table = None

    def _tr_open(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        self.row = []

    def _th_open(self, token: Token, tokens: Sequence[Token], i: int) -> int:
        self.row.append((tokens[i + 1], True))
        return 3

    def _td_open(self, token: Token, tokens: Sequence[Token], i: int) -> int:
        self.row.append((tokens[i + 1], False))
        return 3

    def _tr_close(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        header = any(is_head for _, is_head in self.row)
        self.rows.append(([cell for cell, _ in self.row], header))

    def _table_close(self, token: Token, tokens: Sequence[Token], i: int) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        columns = max((len(cells) for cells, _ in self.rows), default=0)
        if not columns:
            return
        # A header row with no text (as `| | |` writes it) is left out: the table starts with its first row.
        rows = [
            (cells, head) for cells, head in self.rows if not head or any(c.content.strip() for c in cells)
        ]
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        for row, (cells, head) in zip(table.rows, rows, strict=True):
            if head:
                row_properties = row._tr.get_or_add_trPr()
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                row_properties.append(repeat)
            for cell, inline in zip(row.cells, cells, strict=False):
                self.inline(cell.paragraphs[0], inline, bold=head)
        self.document.add_paragraph()  # (Word joins a table to one that follows it straight away)

    # Inline text ------------------------------------------------------------------------------------------------

    def inline(self, paragraph: Paragraph, token: Token, bold: bool = False) -> None:
        """The inline token's children as runs: text as it is, bold and italics as they nest, links to web and
        mail addresses as links, line breaks as breaks."""
        marks = {"strong": 1 if bold else 0, "em": 0}
        link: Any = None
        run = None
        for child in token.children or []:
            kind = child.type
            if kind in ("text", "code_inline", "softbreak", "image"):
                text = " " if kind == "softbreak" else child.content
                run = paragraph.add_run(text) if link is None else _link_run(paragraph, link, text)
                run.bold = bool(marks["strong"]) or None
                run.italic = bool(marks["em"]) or None
                if kind == "code_inline":
                    run.font.name = "Consolas"
            elif kind == "hardbreak":
                if run is None:
                    run = paragraph.add_run()
                run.add_break()
            elif kind in ("strong_open", "em_open"):
                marks[kind[:-5]] += 1
            elif kind in ("strong_close", "em_close"):
                marks[kind[:-6]] -= 1
            elif kind == "link_open":
                href = str(child.attrGet("href") or "")
                link = _hyperlink(paragraph, href) if href.lower().startswith(LINK_SCHEMES) else None
            elif kind == "link_close":
                link = None


def _hyperlink(paragraph: Paragraph, href: str) -> Any:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relation = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    element = OxmlElement("w:hyperlink")
    element.set(qn("r:id"), relation)
    paragraph._p.append(element)
    return element


def _link_run(paragraph: Paragraph, link: Any, text: str) -> Any:
    from docx.shared import RGBColor
    from docx.text.run import Run

    run = paragraph.add_run(text)
    link.append(run._r)  # (moved from the paragraph into the link)
    run = Run(run._r, paragraph)
    run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x9A)
    run.font.underline = True
    return run
