"""Render benchmark: lokalspil's documents against the same library calls done plainly, in one run.

Builds a workspace with 1,000 companies (each with a contact person, an agreement and a meeting in the log) and
answers to the guide, then measures, with the median of several runs:

* Markdown: lokalspil renders the `opfoelgning` letter for 1,000 companies (`letters.render_letters`: reading
  the records, escaping every value, the template) against plain Jinja2 rendering the same template source with
  the same values, already prepared (goal: at most 1.2x: no overhead of our own);
* HTML: the same letters to whole HTML pages (markdown-it-py and our layout) against plain markdown-it-py
  rendering the same Markdown (goal: at most 1.2x);
* PDF: 100 of those letters as one combined PDF, our path from their Markdown (the tokens walked into Typst
  markup, the layout, `pdf.write_pdf`: PDF/UA-1 and PDF/A-2b) against a plain `typst.compile` of the same
  markup with the same fonts and standards (goal: at most 1.2x), and, when WeasyPrint is installed (only for
  this benchmark: `pip install weasyprint`), against the old path, WeasyPrint on one HTML document of the same
  100 letters (goal: at most 0.25x). The PDFs are read back with pypdf: ours and plain Typst have equal pages.
* whole processes (wall time and peak memory, with GNU time): one letter as PDF, `lokalspil letter` (goal: at
  most 2x `lokalspil --help`), and `lokalspil plan --format pdf` for the 1,000 companies (goal: under 1 s).

Usage: python bench/render.py [--runs N] [--companies N] [--pdf-letters N] [--check]
A benchmark reports, it does not gate: exit code 0 even when a goal is missed, unless --check is given.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

GOAL_MARKDOWN = 1.2
GOAL_HTML = 1.2
GOAL_PDF = 1.2  # against plain Typst
GOAL_WEASYPRINT = 0.25  # against the old WeasyPrint path
GOAL_LETTER = 2.0  # one letter as a process, against `lokalspil --help`
GOAL_PLAN = 1.0  # seconds
GNU_TIME = "/usr/bin/time"


def median_times(ours: Callable[[], Any], plain: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median seconds of each, the two run by turns (ours, plain, ours, ...) so that the machine's drift touches
    both alike; garbage collected before each run."""
    import gc

    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for run, seconds in zip((ours, plain), times, strict=True):
            gc.collect()
            start = time.perf_counter()
            run()
            seconds.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def make_workspace(db: Path, companies: int) -> None:
    from lokalspil.database import now, open_database, transaction
    from lokalspil.workspace import save_workspace

    save_workspace(
        db,
        {"area": "Værebroparken", "organisation": "AB Gladsaxe", "municipality": "Gladsaxe",
         "coordinator": "Mette Hansen", "email": "mette@example.dk", "phone": "+45 12 34 56 78", "language": "da"},
    )  # fmt: skip
    conn = open_database(db)
    stamp = now()
    with transaction(conn):
        for i in range(companies):
            company = conn.execute(
                """INSERT INTO companies (area_id, name, address, postcode, city, stage, created_at, updated_at)
                   VALUES (1, ?, ?, '2860', 'Søborg', 'meeting', ?, ?)""",
                [f"Virksomhed {i} ApS & Søn", f"Søborg Hovedgade {i}", stamp, stamp],
            ).lastrowid
            contact = conn.execute(
                """INSERT INTO contacts (company_id, name, role, email, created_at, updated_at)
                   VALUES (?, ?, 'Indehaver', ?, ?, ?)""",
                [company, f"Kontakt Person {i}", f"kontakt{i}@example.dk", stamp, stamp],
            ).lastrowid
            conn.execute(
                """INSERT INTO agreements (company_id, kind, places, start, "end", status, contact_id, created_at,
                   updated_at) VALUES (?, 'fritidsjob', 2, '2027-01-04', '2027-06-30', 'signed', ?, ?, ?)""",
                [company, contact, stamp, stamp],
            )
            conn.execute(
                """INSERT INTO activities (company_id, kind, date, summary, follow_up, created_at)
                   VALUES (?, 'meeting', '2026-11-20', ?, '2026-12-15', ?)""",
                [
                    company,
                    "Vi aftalte to fritidsjob efter skole i foråret, med en fast kontaktperson.",
                    stamp,
                ],
            )
    conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--pdf-letters", type=int, default=100)
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)

    import typst
    from jinja2 import Environment
    from markdown_it import MarkdownIt
    from pypdf import PdfReader

    from lokalspil import pdf, templates
    from lokalspil.companies import list_companies
    from lokalspil.database import open_database
    from lokalspil.documents import letters, values
    from lokalspil.documents.rendering import Pages, Rendered, joined_html, title_of
    from lokalspil.documents.typeset import document
    from lokalspil.messages import set_language
    from lokalspil.paths import builtin_templates_dir
    from lokalspil.workspace import read_workspace

    set_language("da")
    folder = Path(tempfile.mkdtemp(prefix="lokalspil-bench-render-"))
    db = folder / "lokalspil.db"
    make_workspace(db, args.companies)
    conn = open_database(db)
    workspace = read_workspace(conn, db)
    assert workspace is not None
    companies = list_companies(conn)
    common = values.common_values(conn, workspace)
    template = letters.letter_template("opfoelgning", None)

    # Markdown: ours (records read, values escaped, template) against plain Jinja2 with the values ready.
    def ours_markdown() -> list[Rendered]:
        return list(letters.render_letters(conn, common, template, companies, "md", None))

    facts = letters.letter_facts(conn, [c.id for c in companies])
    shared = common.values()
    contexts = [letters.letter_values(shared, facts, c) for c in companies]
    plain_env = Environment(
        loader=__import__("jinja2").FileSystemLoader(str(builtin_templates_dir())),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )  # fmt: skip
    plain_env.filters.update(templates.environment(None).filters)
    plain_template = plain_env.get_template("da/opfoelgning.md.j2")

    def plain_markdown() -> list[str]:
        return [plain_template.render(c) for c in contexts]

    rendered = ours_markdown()
    markdowns = [r.markdown for r in rendered]
    assert markdowns == plain_markdown(), "ours and plain must give the same letters"
    md_ours, md_plain = median_times(ours_markdown, plain_markdown, args.runs)

    # HTML: ours (Markdown to HTML inside the layout) against plain markdown-it-py on the same Markdown.
    def ours_html() -> list[Rendered]:
        return list(letters.render_letters(conn, common, template, companies, "html", None))

    plain_md = MarkdownIt("commonmark", {"html": False}).enable("table")

    pages = [r.html or "" for r in ours_html()]

    def plain_markdown_and_html() -> list[str]:  # the plain path needs the Markdown too
        return [plain_md.render(plain_template.render(c)) for c in contexts]

    html_ours, html_plain = median_times(ours_html, plain_markdown_and_html, args.runs)

    # PDF: 100 letters, one combined file: ours (from the Markdown) against plain Typst on the same markup.
    some = markdowns[: args.pdf_letters]
    ours_pdf_path = folder / "ours.pdf"
    plain_pdf_path = folder / "plain.pdf"

    def ours_pdf() -> None:
        run = Pages(common, None, "letter", "pdf")
        parts = [run.render(m, title_of(m, "")).pdf for m in some]
        pdf.write_pdf([p for p in parts if p is not None], ours_pdf_path)

    run = Pages(common, None, "letter", "pdf")
    source, inputs = document([p for p in (run.render(m, title_of(m, "")).pdf for m in some) if p])

    def plain_pdf() -> None:
        typst.compile(
            source.encode("utf-8"),
            output=str(plain_pdf_path),
            ignore_system_fonts=True,
            sys_inputs=inputs,
            pdf_standards=pdf.standards(),  # type: ignore[arg-type]
        )

    pdf_ours, pdf_plain = median_times(ours_pdf, plain_pdf, args.pdf_runs)
    pages_ours = len(PdfReader(ours_pdf_path).pages)
    pages_plain = len(PdfReader(plain_pdf_path).pages)

    weasy: float | None = None  # the old path, when WeasyPrint is installed for the benchmark
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        pass
    else:
        one_document = joined_html(pages[: args.pdf_letters])

        def weasyprint_pdf() -> None:
            HTML(string=one_document).write_pdf(folder / "weasyprint.pdf")

        _, weasy = median_times(ours_pdf, weasyprint_pdf, args.pdf_runs)
    first = companies[0].name
    conn.close()

    # Whole processes: one letter, `lokalspil plan --format pdf`, and `lokalspil --help` beside them.
    env = {**os.environ, "LOKALSPIL_DB": str(db)}
    lokalspil = [sys.executable, "-m", "lokalspil"]

    def process(argv: list[str]) -> tuple[float, int]:
        times, peaks = [], []
        for _ in range(3):
            start = time.perf_counter()
            done = subprocess.run(
                [GNU_TIME, "-f", "%M", *argv], env=env, cwd=folder, capture_output=True, text=True, check=True
            )
            times.append(time.perf_counter() - start)
            peaks.append(int(done.stderr.strip().splitlines()[-1]))
        return statistics.median(times), max(peaks)

    letter = [*lokalspil, "letter", "opfoelgning", first, "-f", "pdf", "-o", str(folder / "one"), "--no-log"]
    letter_time, letter_peak = process(letter)
    plan_time, plan_peak = process([*lokalspil, "plan", "--format", "pdf", "-o", str(folder / "plan.pdf")])
    help_time, help_peak = process([*lokalspil, "--help"])

    ok_md = md_ours / md_plain <= GOAL_MARKDOWN
    ok_html = html_ours / html_plain <= GOAL_HTML
    ok_pdf = pdf_ours / pdf_plain <= GOAL_PDF and pages_ours == pages_plain
    ok_weasy = weasy is None or pdf_ours / weasy <= GOAL_WEASYPRINT
    ok_letter = letter_time / help_time <= GOAL_LETTER
    ok_plan = plan_time <= GOAL_PLAN
    print(f"lokalspil render benchmark — {args.companies:,} companies, median of {args.runs}")
    print(f"{'':28}{'ours':>10}{'plain':>10}{'ratio':>8}{'goal':>8}")
    print(f"{'1,000 letters to Markdown':28}{md_ours:>9.3f}s{md_plain:>9.3f}s{md_ours / md_plain:>7.2f}x"
          f"{'≤' + str(GOAL_MARKDOWN) + 'x':>8}  {'met' if ok_md else 'MISSED'}")  # fmt: skip
    print(f"{'1,000 letters to HTML':28}{html_ours:>9.3f}s{html_plain:>9.3f}s{html_ours / html_plain:>7.2f}x"
          f"{'≤' + str(GOAL_HTML) + 'x':>8}  {'met' if ok_html else 'MISSED'}")  # fmt: skip
    print(f"{f'{len(some)} letters, one PDF':28}{pdf_ours:>9.3f}s{pdf_plain:>9.3f}s{pdf_ours / pdf_plain:>7.2f}x"
          f"{'≤' + str(GOAL_PDF) + 'x':>8}  {'met' if ok_pdf else 'MISSED'}"
          f"  (plain Typst; pages: ours {pages_ours}, plain {pages_plain})")  # fmt: skip
    if weasy is None:
        print(f"{'  vs WeasyPrint':28}  not installed (pip install weasyprint to compare)")
    else:
        print(f"{'  vs WeasyPrint':28}{pdf_ours:>9.3f}s{weasy:>9.3f}s{pdf_ours / weasy:>7.2f}x"
              f"{'≤' + str(GOAL_WEASYPRINT) + 'x':>8}  {'met' if ok_weasy else 'MISSED'}")  # fmt: skip
    print(f"lokalspil letter (one PDF): {letter_time:.2f} s, {letter_time / help_time:.2f}x lokalspil --help "
          f"(goal ≤{GOAL_LETTER}x) {'met' if ok_letter else 'MISSED'}, peak memory {letter_peak / 1024:.0f} MB")  # fmt: skip
    print(f"lokalspil plan --format pdf: {plan_time:.2f} s (goal <{GOAL_PLAN} s) {'met' if ok_plan else 'MISSED'}, "
          f"peak memory {plan_peak / 1024:.0f} MB (lokalspil --help: {help_time:.2f} s, {help_peak / 1024:.0f} MB)")  # fmt: skip
    goals = ok_md and ok_html and ok_pdf and ok_weasy and ok_letter and ok_plan
    return 1 if args.check and not goals else 0


if __name__ == "__main__":
    sys.exit(main())
