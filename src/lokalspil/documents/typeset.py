"""A document's way to PDF: its Markdown, read by markdown-it-py, written as Typst markup, and put into the Typst
page layout (`templates/layout.typ`, which a workspace can copy and change like any template).

Every piece of text is escaped: each ASCII punctuation mark gets a backslash, so a company called `#read("x")`,
`*x*`, `$x$` or `@x` prints as those characters and nothing of Typst's is ever run from the records. Links, code
and pictures go into Typst as string literals, never as markup. The values the layout needs (the sender, the
footer, each document's title) reach it as data through `sys.inputs`, not as markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.token import Token

_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def escape(text: str) -> str:
    """Text as Typst markup that prints it literally."""
    return _PUNCTUATION.sub(r"\\\1", text)


def string(text: str) -> str:
    """A Typst string literal holding `text`."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


Figures = Mapping[str, tuple[str, str]]  # a paragraph that is only this marker -> (text for the blind, SVG)

_INLINE_OPEN = {"em_open": "#emph[", "strong_open": "#strong[", "s_open": "#strike["}
_INLINE_CLOSE = {"em_close", "strong_close", "s_close", "link_close"}


def _inline(children: Sequence[Token]) -> str:
    out: list[str] = []
    for token in children:
        kind = token.type
        if kind == "text":
            out.append(escape(token.content))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("#linebreak()\n")
        elif kind == "code_inline":
            out.append(f"#raw({string(token.content)})")
        elif kind in _INLINE_OPEN:
            out.append(_INLINE_OPEN[kind])
        elif kind == "link_open":
            out.append(f"#link({string(str(token.attrGet('href') or ''))})[")
        elif kind in _INLINE_CLOSE:
            out.append("]")
        elif kind == "image":  # a picture the Markdown names: its text only (no file is read for a document)
            out.append(escape(token.content))
        else:
            out.append(escape(token.content))
    return "".join(out)


def _table_columns(tokens: Sequence[Token], start: int) -> list[str]:
    """The alignment of each column of the table opening at `start` (from its first row)."""
    aligns: list[str] = []
    for token in tokens[start:]:
        if token.type in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            aligns.append(
                "right" if "right" in style else "center" if "center" in style else "left",
            )
        elif token.type == "tr_close":
            break
    return aligns


_BLOCKS: dict[str, str] = {
    "paragraph_close": "\n\n",
    "heading_close": "]\n\n",
    "list_item_open": "[",
    "list_item_close": "],\n",
    "bullet_list_close": ")\n\n",
    "ordered_list_close": ")\n\n",
    "thead_open": "table.header(",
    "thead_close": "),\n",
    "th_open": "[",
    "td_open": "[",
    "th_close": "],",
    "td_close": "],",
    "tr_close": "\n",
    "table_close": ")\n\n",
    "blockquote_open": "#quote(block: true)[\n",
    "blockquote_close": "]\n\n",
    "div_close": "]\n\n",
    "hr": "#line(length: 100%)\n\n",
}


def markdown_to_typst(tokens: Sequence[Token], figures: Figures | None = None) -> tuple[str, set[str]]:
    """The body of a document (its Markdown's tokens, rendering.parse_markdown) as Typst markup, and the classes
    of its fenced divs (`keep-together`, `from-company`). A paragraph that is only a marker of `figures` becomes
    that picture."""
    figures = figures or {}
    out: list[str] = []
    classes: set[str] = set()
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            picture = figures.get(token.content.strip())
            if picture is not None:
                text, svg = picture
                out.append(
                    f'#block(breakable: false, image(bytes({string(svg)}), format: "svg", '
                    f"width: 100%, alt: {string(text)}))"
                )
            else:
                out.append(_inline(token.children or []))
        elif kind == "heading_open":
            out.append(f"#heading(level: {int(token.tag[1:])})[")
        elif kind == "bullet_list_open":
            out.append(f"#list(tight: {_tight(tokens, i)},\n")
        elif kind == "ordered_list_open":
            start = int(token.attrGet("start") or 1)
            out.append(f"#enum(start: {start}, tight: {_tight(tokens, i)},\n")
        elif kind == "paragraph_close" and token.hidden:
            out.append(" ")
        elif kind == "table_open":
            aligns = _table_columns(tokens, i)
            out.append(f"#table(columns: {len(aligns)}, align: ({', '.join(aligns)},),\n")
        elif kind == "div_open":
            name = str(token.attrGet("class") or "")
            classes.add(name)
            out.append("#lokalspil-keep-together[\n" if name == "keep-together" else "#block[\n")
        elif kind in ("code_block", "fence"):
            out.append(f"#raw(block: true, {string(token.content.rstrip(chr(10)))})\n\n")
        elif kind in _BLOCKS:
            out.append(_BLOCKS[kind])
    return "".join(out), classes


def _tight(tokens: Sequence[Token], start: int) -> str:
    """Whether the list opening at `start` is tight (its items' paragraphs hidden), as Typst's boolean."""
    for token in tokens[start + 1 :]:
        if token.type == "paragraph_open":
            return "true" if token.hidden else "false"
    return "true"


# ---------------------------------------------------------------------------------------------------------------
# Documents and the layout


@dataclass
class Part:
    """One document for a PDF: its title, its body as Typst markup, and the layout of its run."""

    title: str
    body: str
    kind: str
    from_company: bool
    layout: PdfLayout


@dataclass
class PdfLayout:
    """What every document of a run shares: the layout's source and the values it is given (as data)."""

    source: str
    values: dict[str, Any] = field(default_factory=dict)

    def part(self, title: str, tokens: Sequence[Token], kind: str, figures: Figures | None = None) -> Part:
        body, classes = markdown_to_typst(tokens, figures)
        return Part(title, body, kind, "from-company" in classes, self)


def document(parts: Sequence[Part]) -> tuple[str, dict[str, str]]:
    """One Typst document holding `parts`, each starting on a new page with its own page numbers, and the
    `sys.inputs` the layout reads its values from."""
    layout = parts[0].layout
    values = {
        **layout.values,
        "title": parts[0].title,
        "documents": [{"title": p.title, "kind": p.kind, "from_company": p.from_company} for p in parts],
    }
    lines = [layout.source, "\n#show: lokalspil-document\n"]
    for i, part in enumerate(parts):
        lines.append(f"#lokalspil-part(lokalspil.documents.at({i}))[\n{part.body}]\n")
    return "".join(lines), {"lokalspil": json.dumps(values, ensure_ascii=False)}
