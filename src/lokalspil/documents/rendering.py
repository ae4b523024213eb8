"""A document's way from Markdown to a file: Markdown to HTML (markdown-it-py, raw HTML off, plus fenced divs), the
one layout around it, and the file written in the format asked for (PDF through lokalspil.pdf).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lokalspil.companies import Company
from lokalspil.documents.values import Common, long_date, sender_fields
from lokalspil.errors import BadUsage
from lokalspil.files import write_text_atomically
from lokalspil.messages import get_language, t
from lokalspil.templates import load_layout, render_template, stylesheet

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock


FORMATS = ("md", "html", "pdf")


def format_for(fmt: str | None, path: Path | None, default: str = "md") -> str:
    """The output format: `--format`, else the file's suffix, else `default`."""
    if fmt:
        chosen = fmt.strip().lower().lstrip(".")
        if chosen == "markdown":
            chosen = "md"
        if chosen not in FORMATS:
            raise BadUsage("document.bad_format", format=fmt, formats=", ".join(FORMATS))
        return chosen
    if path is not None:
        suffix = path.suffix.lower().lstrip(".")
        if suffix in ("md", "markdown", "htm", "html", "pdf"):
            return {"markdown": "md", "htm": "html"}.get(suffix, suffix)
    return default


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


def markdown_to_html(markdown: str) -> str:
    """The body of a document: raw HTML in the Markdown is shown as text, never passed on."""
    html: str = _markdown().render(markdown)
    return html


def title_of(markdown: str, fallback: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].replace("\\", "").strip()
    return fallback


class Layout:
    """The one HTML layout, rendered once for a run of documents; each document's page is its title and body put
    into it (a batch of a thousand letters does not render the layout a thousand times)."""

    def __init__(self, common: Common, user_dir: Path | None, kind: str) -> None:
        from markupsafe import Markup

        nonce = secrets.token_hex(8)
        self.title_marker, self.body_marker = f"LOKALSPILTITLE{nonce}", f"LOKALSPILBODY{nonce}"
        sender = {k: v for k, v in sender_fields(common.workspace).items() if v}
        footer = " · ".join(sender[k] for k in ("coordinator", "email", "phone") if k in sender)
        if kind == "plan":  # a board's document: no one's name, e-mail or phone on every page
            footer = t("document.plan_title", area=common.workspace.area)
        page = render_template(
            load_layout(user_dir),
            {
                "title": Markup(self.title_marker),
                "body": Markup(self.body_marker),
                "kind": kind,
                "language": get_language(),
                "sender": sender,
                "stylesheet": Markup(stylesheet(user_dir)),
                "footer": footer,
                "today": long_date(common.today),
                "labels": {"page": t("document.page"), "of": t("document.page_of")},
            },
        )
        self.parts = re.split(f"({self.title_marker}|{self.body_marker})", page)

    def page(self, title: str, body: str) -> str:
        from html import escape

        fill = {self.title_marker: escape(title), self.body_marker: body}
        return "".join(fill.get(part, part) for part in self.parts)


@dataclass
class Rendered:
    """One document: its Markdown, and its HTML page when HTML or PDF was asked for."""

    markdown: str
    html: str | None = None
    company: Company | None = None


def write_rendered(documents: Sequence[Rendered], fmt: str, path: Path) -> None:
    """One file holding `documents` in `fmt` (for PDF and HTML, each one starting on a new page)."""
    if fmt == "md":
        write_text_atomically(path, "\n\n---\n\n".join(d.markdown.rstrip() for d in documents) + "\n")
    elif fmt == "html":
        from lokalspil.pdf import joined_html

        pages = [d.html or "" for d in documents]
        write_text_atomically(path, pages[0] if len(pages) == 1 else joined_html(pages))
    else:
        from lokalspil.pdf import write_pdf

        write_pdf([d.html or "" for d in documents], path)
