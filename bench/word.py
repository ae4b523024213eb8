"""DOCX benchmark: lokalspil's Word documents against a plain python-docx build of the same content, in one run.

Builds the workspace of bench/render.py (companies with a contact person, an agreement and a meeting), renders the
`samarbejdsaftale` letter (headings, a table, lists, bold) as Markdown for N companies, then measures, with the
median of several runs taken by turns:

* ours: `write_rendered(..., "docx", ...)` on those Markdown documents as one mail merge (markdown-it-py's token stream walked into
  python-docx, with the letterhead, page-number fields, numbered lists restarted, properties, the file saved);
* plain: python-docx given the same content already taken apart (headings, paragraphs of bold/plain runs, list
  paragraphs, tables with a bold header), with the same header and footer text, saved to a file.

Both files are read back: the same paragraph and table counts. Goal: ours at most 1.5x plain. One letter and the
whole batch are both timed.

Usage: python bench/word.py [--runs N] [--letters N] [--check]
A benchmark reports, it does not gate: exit code 0 even when a goal is missed, unless --check is given.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from render import make_workspace, median_times

GOAL = 1.5


def blocks_of(markdown: str) -> list[tuple[Any, ...]]:
    """The content as plain python-docx wants it, taken apart before the clock starts."""
    from lokalspil.documents.rendering import _markdown

    tokens = _markdown().parse(markdown)
    blocks: list[tuple[Any, ...]] = []
    lists: list[str] = []
    rows: list[list[str]] = []
    table: list[list[str]] | None = None
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Number" if token.type == "ordered_list_open" else "List Bullet")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "table_open":
            table = rows = []
        elif token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and table is not None:
            rows[-1].append(token.content)
        elif token.type == "table_close":
            blocks.append(("table", [r for r in rows if any(c.strip() for c in r)]))
            table = None
        elif token.type == "heading_open":
            blocks.append(("heading", min(int(token.tag[1]), 4), tokens[i + 1].content))
        elif token.type == "paragraph_open" and table is None:
            runs, bold = [], False
            for child in tokens[i + 1].children or []:
                if child.type in ("strong_open", "strong_close"):
                    bold = child.type == "strong_open"
                elif child.type in ("text", "softbreak"):
                    runs.append((" " if child.type == "softbreak" else child.content, bold))
            blocks.append(("paragraph", lists[-1] if lists else None, runs))
    return blocks


def plain_docx(letters: list[list[tuple[Any, ...]]], header: str, footer: str, target: str) -> None:
    from docx import Document
    from docx.enum.section import WD_SECTION

    document = Document()
    document.sections[0].header.paragraphs[0].add_run(header).bold = True
    document.sections[0].footer.paragraphs[0].add_run(footer)
    for n, blocks in enumerate(letters):
        if n:
            document.add_section(WD_SECTION.NEW_PAGE)
        for block in blocks:
            if block[0] == "heading":
                document.add_heading(block[2], level=block[1])
            elif block[0] == "paragraph":
                paragraph = document.add_paragraph(style=block[1])
                for text, bold in block[2]:
                    paragraph.add_run(text).bold = bold or None
            else:
                rows = block[1]
                table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
                table.style = "Table Grid"
                for row, cells in zip(table.rows, rows, strict=True):
                    for cell, text in zip(row.cells, cells, strict=False):
                        cell.paragraphs[0].add_run(text)
                document.add_paragraph()
    document.core_properties.title = "Samarbejdsaftale"
    document.save(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--letters", type=int, default=100)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)

    from docx import Document

    from lokalspil.companies import list_companies
    from lokalspil.database import open_database
    from lokalspil.documents import letters, values
    from lokalspil.documents.rendering import write_rendered
    from lokalspil.messages import set_language
    from lokalspil.workspace import read_workspace

    set_language("da")
    folder = Path(tempfile.mkdtemp(prefix="lokalspil-bench-docx-"))
    db = folder / "lokalspil.db"
    make_workspace(db, args.letters)
    conn = open_database(db)
    workspace = read_workspace(conn, db)
    assert workspace is not None
    companies = list_companies(conn)[: args.letters]
    common = values.common_values(conn, workspace)
    template = letters.letter_template("samarbejdsaftale", None)
    rendered = list(letters.render_letters(conn, common, template, companies, "docx", None))
    letterhead = rendered[0].letterhead
    assert letterhead is not None
    header = f"{letterhead.sender.get('organisation', '')} · {letterhead.sender['area']}"
    footer = f"{letterhead.footer}    Side 1 af 1"
    taken_apart = [blocks_of(r.markdown) for r in rendered]
    ours_file, plain_file = str(folder / "ours.docx"), str(folder / "plain.docx")

    failed = False
    for label, count in (("1 letter", 1), (f"{len(rendered)} letters as one DOCX", len(rendered))):
        ours_s, plain_s = median_times(
            lambda count=count: write_rendered(rendered[:count], "docx", Path(ours_file)),
            lambda count=count: plain_docx(taken_apart[:count], header, footer, plain_file),
            args.runs,
        )
        ratio = ours_s / plain_s
        ours_doc, plain_doc = Document(ours_file), Document(plain_file)
        assert len(ours_doc.tables) == len(plain_doc.tables), (len(ours_doc.tables), len(plain_doc.tables))
        assert len(ours_doc.paragraphs) == len(plain_doc.paragraphs), (
            len(ours_doc.paragraphs),
            len(plain_doc.paragraphs),
        )
        met = ratio <= GOAL
        failed = failed or not met
        print(
            f"DOCX, {label}: ours {ours_s * 1000:.1f} ms, plain python-docx {plain_s * 1000:.1f} ms, "
            f"{ratio:.2f}x (goal ≤ {GOAL}x: {'met' if met else 'MISSED'})"
        )
    conn.close()
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
