"""A document's way from Markdown to a file: Markdown to HTML (markdown-it-py, raw HTML off, plus fenced divs) in
the HTML layout, or to Typst markup in the PDF layout (documents.typeset), and the file written in the format
asked for (PDF through lokalspil.pdf, DOCX through documents.docx).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lokalspil.companies import Company
from lokalspil.documents.values import Common, long_date, sender_fields
from lokalspil.errors import BadUsage
from lokalspil.files import write_text_atomically
from lokalspil.messages import get_language, t
from lokalspil.templates import load_layout, render_template, stylesheet, typst_layout

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token

    from lokalspil.documents.typeset import Figures, Part


FORMATS = ("md", "html", "pdf", "docx")


def format_for(fmt: str | None, path: Path | None, default: str = "md") -> str:
    """The output format: `--format`, else the file's suffix, else `default`; a file whose suffix says another
    format is refused (files.check_output)."""
    from lokalspil.files import check_output, format_of_suffix

    if fmt:
        chosen = fmt.strip().lower().lstrip(".")
        if chosen == "markdown":
            chosen = "md"
        if chosen not in FORMATS:
            raise BadUsage("document.bad_format", format=fmt, formats=", ".join(FORMATS))
    else:
        named = format_of_suffix(path)
        chosen = named if named in FORMATS else default
    check_output(path, chosen)
    return chosen


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.block.ruler.before(
        "fence", "fenced_div", _fenced_div, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    return md


_DIV_OPEN = re.compile(r":::[ \t]*([a-z][a-z0-9-]*)[ \t]*")
_DIV_CLOSE = re.compile(r":::[ \t]*")


def _fenced_div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A fenced div, as Pandoc writes it: the lines between `::: keep-together` and `:::` become
    `<div class="keep-together">`, so that the stylesheet can style a part of a document (print.css keeps that
    one on one page). A class name only (small letters, digits, dashes), no attributes, no nesting; a `:::`
    never closed is plain text."""

    def line(n: int) -> str:
        return state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]]

    if state.sCount[start] - state.blkIndent >= 4:
        return False
    opening = _DIV_OPEN.fullmatch(line(start))
    if opening is None:
        return False
    close = next(
        (
            n
            for n in range(start + 1, end)
            if state.sCount[n] == state.blkIndent and _DIV_CLOSE.fullmatch(line(n))
        ),
        None,
    )
    if close is None:
        return False
    if silent:
        return True
    line_max = state.lineMax
    state.lineMax = close
    token = state.push("div_open", "div", 1)
    token.attrSet("class", opening[1])
    token.map = [start, close + 1]
    state.md.block.tokenize(state, start + 1, close)
    state.push("div_close", "div", -1)
    state.lineMax = line_max
    state.line = close + 1
    return True


def parse_markdown(markdown: str) -> list[Token]:
    """The token stream of a document's Markdown (for the writers of other formats than HTML)."""
    return _markdown().parse(markdown)


def markdown_to_html(markdown: str) -> str:
    """The body of a document: raw HTML in the Markdown is shown as text, never passed on."""
    html: str = _markdown().render(markdown)
    return html


def title_of(markdown: str, fallback: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].replace("\\", "").strip()
    return fallback


def layout_values(common: Common, kind: str) -> dict[str, Any]:
    """The values the layouts (HTML and PDF) put around each document: the sender, the footer, the labels."""
    sender = {k: v for k, v in sender_fields(common.workspace).items() if v}
    footer = " · ".join(sender[k] for k in ("coordinator", "email", "phone") if k in sender)
    if kind == "plan":  # a board's document: no one's name, e-mail or phone on every page
        footer = t("document.plan_title", area=common.workspace.area)
    return {
        "kind": kind,
        "language": get_language(),
        "sender": sender,
        "footer": footer,
        "today": long_date(common.today),
        "labels": {"page": t("document.page"), "of": t("document.page_of")},
    }


@dataclass(frozen=True)
class Letterhead:
    """What stands around every page of a document: the sender, the footer line, the words of 'Side x af y', the
    language, and the logo (a checked PNG or SVG in the workspace's folder, or None). DOCX reads it (HTML and PDF
    have their layout templates, which read the same values through `layout_values`)."""

    sender: dict[str, str]
    footer: str
    kind: str
    language: str
    page: str
    page_of: str

    @property
    def logo(self) -> Path | None:
        return Path(self.sender["logo"]) if self.sender.get("logo") else None


def letterhead(common: Common, kind: str) -> Letterhead:
    values = layout_values(common, kind)
    labels = values["labels"]
    return Letterhead(
        values["sender"], values["footer"], kind, values["language"], labels["page"], labels["of"]
    )


class Layout:
    """The one HTML layout, rendered once for a run of documents; each document's page is its title and body put
    into it (a batch of a thousand letters does not render the layout a thousand times)."""

    def __init__(self, common: Common, user_dir: Path | None, kind: str) -> None:
        from markupsafe import Markup

        nonce = secrets.token_hex(8)
        self.title_marker, self.body_marker = f"LOKALSPILTITLE{nonce}", f"LOKALSPILBODY{nonce}"
        page = render_template(
            load_layout(user_dir),
            {
                **layout_values(common, kind),
                "title": Markup(self.title_marker),
                "body": Markup(self.body_marker),
                "stylesheet": Markup(stylesheet(user_dir)),
            },
        )
        self.parts = re.split(f"({self.title_marker}|{self.body_marker})", page)

    def page(self, title: str, body: str) -> str:
        from html import escape

        fill = {self.title_marker: escape(title), self.body_marker: body}
        return "".join(fill.get(part, part) for part in self.parts)


class Pages:
    """The pages of a run of documents in `fmt`: HTML pages in the HTML layout, or parts of a PDF for the Typst
    layout (Markdown needs neither)."""

    def __init__(self, common: Common, user_dir: Path | None, kind: str, fmt: str) -> None:
        self.fmt, self.kind = fmt, kind
        self.html = Layout(common, user_dir, kind) if fmt == "html" else None
        self.letterhead = letterhead(common, kind) if fmt == "docx" else None
        self.pdf = None
        if fmt == "pdf":
            from lokalspil.documents.typeset import PdfLayout

            values = layout_values(common, kind)
            sender = values["sender"]
            values["author"] = sender.get("organisation") or sender.get("coordinator") or sender["area"]
            self.pdf = PdfLayout(typst_layout(user_dir), values)

    def render(
        self, markdown: str, title: str, company: Company | None = None, figures: Figures | None = None
    ) -> Rendered:
        if self.html is not None:
            body = markdown_to_html(markdown)
            for marker, (_, svg) in (figures or {}).items():
                body = body.replace(f"<p>{marker}</p>", f'<figure class="chart">{svg}</figure>')
            return Rendered(markdown, self.html.page(title, body), company)
        if self.pdf is not None:
            return Rendered(
                markdown,
                company=company,
                pdf=self.pdf.part(title, parse_markdown(markdown), self.kind, figures),
            )
        if self.letterhead is not None:  # DOCX: its charts are the text bars in the Markdown
            return Rendered(markdown, company=company, title=title, letterhead=self.letterhead)
        return Rendered(markdown, company=company)


@dataclass
class Rendered:
    """One document: its Markdown, and its HTML page or its part of a PDF when HTML or PDF was asked for (for DOCX,
    its title and letterhead)."""

    markdown: str
    html: str | None = None
    company: Company | None = None
    pdf: Part | None = None
    title: str | None = None
    letterhead: Letterhead | None = None


_BODY_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def joined_html(pages: list[str]) -> str:
    """Several HTML pages as one: the first page's head, every body, each starting on a new page. Each body keeps
    its classes (`letter`, `plan`) on its own part, and the first one's are on the whole, so that the stylesheet
    dresses each document exactly as when it stands alone."""
    head, _, _ = pages[0].partition("<body")
    bodies = []
    classes: list[str] = []
    for page in pages:
        _, _, rest = page.partition("<body")
        attributes, _, inner = rest.partition(">")
        match = _BODY_CLASS.search(attributes)
        found = next((g for g in match.groups() if g is not None), "") if match else ""
        own = [name for name in found.split() if re.fullmatch(r"[\w-]+", name)]
        classes = classes or own
        inner = inner.rpartition("</body>")[0]
        bodies.append(f'<div class="{" ".join(["document", *own])}">{inner}</div>')
    return f'{head}<body class="{" ".join([*classes, "combined"])}">{"".join(bodies)}</body></html>\n'


def write_rendered(documents: Sequence[Rendered], fmt: str, path: Path) -> None:
    """One file holding `documents` in `fmt` (for PDF and HTML, each one starting on a new page)."""
    if fmt == "md":
        write_text_atomically(path, "\n\n---\n\n".join(d.markdown.rstrip() for d in documents) + "\n")
    elif fmt == "docx":
        from lokalspil.documents.docx import write_docx

        write_docx(documents, path, parse_markdown)
    elif fmt == "html":
        pages = [d.html or "" for d in documents]
        write_text_atomically(path, pages[0] if len(pages) == 1 else joined_html(pages))
    else:
        from lokalspil.pdf import write_pdf

        write_pdf([d.pdf for d in documents if d.pdf is not None], path)
