"""PDF with Typst: the documents of a run, each written as Typst markup (documents.typeset), become one Typst
document in the PDF layout and are typeset in this process (tens of milliseconds a letter, no processes to start
and no parts to join, so a mail merge keeps its title, language and bookmarks).

The PDFs are tagged (PDF/UA-1) and archivable (PDF/A-2b) unless `$LOKALSPIL_PDFA` is `0`. Only the fonts that
come with Typst are used, never the machine's, so a document looks the same everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lokalspil.errors import LokalspilError
from lokalspil.files import check_output_path, write_atomically

if TYPE_CHECKING:
    from lokalspil.documents.typeset import Part

Progress = Callable[[int], None]  # told how many documents are done


def standards() -> list[str]:
    """The PDF standards a PDF meets: PDF/UA-1 always, PDF/A-2b unless `$LOKALSPIL_PDFA` is 0."""
    archive = os.environ.get("LOKALSPIL_PDFA", "1").strip().lower() not in ("0", "no", "false", "off")
    return ["a-2b", "ua-1"] if archive else ["ua-1"]


def typeset(parts: Sequence[Part]) -> bytes:
    """The PDF of `parts` as one document, each part starting on a new page with its own page numbers.

    PDF/A and PDF/UA want every character in a font of the file: a name with a character the fonts lack (an
    emoji, Chinese) is typeset with the machine's fonts as well, and, when none of them has it either, as a
    tagged PDF that meets neither standard (rather than no letter at all)."""
    import typst

    from lokalspil.documents.typeset import document

    source, inputs = document(parts)
    attempts = [(standards(), True), (standards(), False), ([], False)]
    for number, (wanted, own_fonts_only) in enumerate(attempts, start=1):
        try:
            pdf = typst.compile(
                source.encode("utf-8"),
                ignore_system_fonts=own_fonts_only,
                sys_inputs=inputs,
                pdf_standards=wanted,  # type: ignore[arg-type]
            )
        except typst.TypstError as e:  # a copied layout.typ that does not work: say where and what
            if MISSING_GLYPH in str(getattr(e, "message", e)) and number < len(attempts):
                continue
            raise LokalspilError("document.layout_broken", problem=_first_line(e)) from None
        assert isinstance(pdf, bytes)
        return pdf
    raise AssertionError("unreachable")


MISSING_GLYPH = "could not be displayed with font"


def _first_line(error: Exception) -> str:
    message = getattr(error, "message", "") or str(error)
    return " ".join(str(message).split())[:300]


def write_pdf(parts: Sequence[Part], path: Path, progress: Progress | None = None) -> None:
    """One PDF of `parts`, each starting on a new page (a mail merge when there are many)."""
    if not parts:
        return
    check_output_path(path)  # before the work, not after
    pdf = typeset(parts)
    write_atomically(path, lambda out: out.write_bytes(pdf))
    if progress:
        progress(len(parts))


def write_pdfs(parts: Sequence[Part], paths: Sequence[Path], progress: Progress | None = None) -> None:
    """Each part as a PDF of its own."""
    for path in paths:
        check_output_path(path)  # before the work, not after
    for done, (part, path) in enumerate(zip(parts, paths, strict=True), start=1):
        pdf = typeset([part])
        write_atomically(path, lambda out, pdf=pdf: out.write_bytes(pdf))  # type: ignore[misc]
        if progress:
            progress(done)
