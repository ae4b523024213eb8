"""`lokalspil plan`, `letter` and `template`: what a reader sees in the Markdown, the HTML and the PDF."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import Result

from lokalspil.documents import safe_filename
from lokalspil.templates import escape_markdown

Cli = Callable[..., Result]

MARKUP_NAMES = ["<b>Fed</b> & Co", "[x](javascript:alert(1))", "**Stjerne** ApS", "../../x", "# Overskrift"]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def pdf_pages(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


@pytest.fixture
def answered(cli: Cli, workspace: Path) -> Path:
    ok(cli("guide", "answer", "formaal.maal", "Flere unge i fritidsjob hos lokale virksomheder"))
    ok(cli("guide", "answer", "formaal.aldersgrupper", "13-14, 15-17"))
    ok(cli("guide", "answer", "kontakt.samarbejdsformer", "fritidsjob, virksomhedsbesoeg"))
    for name, cvr in (("Bageriet Søborg", "13585628"), ("Malerfirma Svanen A/S", "25313763")):
        ok(
            cli(
                "company",
                "add",
                name,
                "--cvr",
                cvr,
                "--address",
                "Vej 1",
                "--postcode",
                "2860",
                "--city",
                "Søborg",
            )
        )
    ok(cli("company", "stage", "13585628", "meeting"))
    return workspace


def test_plan_in_the_terminal_holds_answers_and_says_what_is_not_answered(cli: Cli, answered: Path) -> None:
    out = ok(cli("plan")).output
    assert "Handlingsplan for virksomhedssamarbejdet i Værebroparken" in out
    assert "Flere unge i fritidsjob hos lokale virksomheder" in out
    assert "13-14 år og 15-17 år" in out
    assert "Ikke besvaret endnu" in out  # steps 4 and 5 have no answers: said plainly
    assert "guide run --step 4" in out


def test_plan_markdown_has_no_empty_sections(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("plan", "-o", "plan.md"))
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    sections = text.split("\n## ")[1:]
    assert len(sections) >= 8
    for section in sections:
        heading, _, body = section.partition("\n")
        assert body.strip(), f"section {heading!r} is empty"


def test_plan_pdf_holds_area_answers_and_pipeline(cli: Cli, answered: Path, tmp_path: Path) -> None:
    result = ok(cli("plan", "--format", "pdf", "-o", "plan.pdf"))
    assert "plan.pdf" in result.output
    text = " ".join(pdf_pages(tmp_path / "plan.pdf"))
    assert "Værebroparken" in text
    assert "Flere unge i fritidsjob hos lokale virksomheder" in text
    assert "Der er 2 virksomheder på listen" in text
    assert "Kandidat 1" in text and "Møde 1" in text  # the pipeline table's counts
    assert "Side 1 af" in text


def test_plan_html_draws_the_funnel_and_progress_as_svg(cli: Cli, answered: Path, tmp_path: Path) -> None:
    ok(cli("plan", "-o", "plan.html"))
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2
    assert "LOKALSPILCHART" not in html
    assert '<html lang="da">' in html and "@page" in html


def test_plan_needs_a_file_for_pdf(cli: Cli, workspace: Path) -> None:
    result = cli("plan", "--format", "pdf")
    assert result.exit_code == 1
    assert "-o" in result.output


def test_combined_letters_one_company_a_page_and_logged(
    cli: Cli, workspace: Path, tmp_path: Path, query: Callable[..., list[tuple[Any, ...]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("LOKALSPIL_JOBS", "2")  # two processes lay out the letters
    names = [f"Virksomhed nummer {i}" for i in range(9)]
    for name in names:
        ok(cli("company", "add", name))
    ok(cli("company", "add", "Anden fase ApS", "--stage", "meeting"))
    result = ok(cli("letter", "invitation", "--stage", "candidate", "--combine", "out.pdf"))
    assert "9 breve er samlet i out.pdf" in result.output
    pages = pdf_pages(tmp_path / "out.pdf")
    assert len(pages) >= len(names)
    firsts = [next(i for i, page in enumerate(pages) if name in page) for name in names]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(names)  # each on its own page, in order
    assert all(sum(name in page for name in names) <= 1 for page in pages)  # never two letters on a page
    assert all("AB Gladsaxe" in pages[i] and "Mette Hansen" in pages[i] for i in firsts)  # letterhead, sender
    assert not any("Side " in page for page in pages)  # no page numbers counting across letters
    assert not any("Anden fase ApS" in page for page in pages)
    logged = query(
        "SELECT c.name FROM activities a JOIN companies c ON c.id = a.company_id WHERE a.kind = 'letter'"
    )
    assert sorted(n for (n,) in logged) == sorted(names)


def test_letters_as_files_with_safe_names_and_literal_text(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    for name in MARKUP_NAMES:
        ok(cli("company", "add", name))
    ok(cli("letter", "invitation", "--stage", "candidate", "--format", "html", "-o", "breve"))
    files = sorted((tmp_path / "breve").iterdir())
    assert len(files) == len(MARKUP_NAMES)
    for path in files:
        assert path.parent == tmp_path / "breve"
        assert ".." not in path.name and "/" not in path.name and "<" not in path.name
    html = "\n".join(p.read_text(encoding="utf-8") for p in files)
    assert "<b>Fed</b>" not in html and "&lt;b&gt;Fed&lt;/b&gt; &amp; Co" in html
    assert 'href="javascript' not in html and "[x](javascript:alert(1))" in html
    assert "<strong>Stjerne</strong>" not in html and "**Stjerne** ApS" in html
    assert "<h1>Overskrift" not in html and "# Overskrift" in html
    assert (
        not (tmp_path / "x - invitation.html").exists()
        and not (tmp_path.parent / "x - invitation.html").exists()
    )


def test_letter_markdown_escapes_record_values(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "**Stjerne** ApS"))
    ok(cli("letter", "tak", "Stjerne", "--format", "md", "-o", "md"))
    text = next((tmp_path / "md").iterdir()).read_text(encoding="utf-8")
    assert "\\*\\*Stjerne\\*\\* ApS" in text


def test_safe_filename() -> None:
    assert safe_filename("../../x") == "x"
    assert safe_filename("a/b\\c:d") == "a b c d"
    assert safe_filename("..") == "_"
    assert safe_filename("CON") == "_CON"
    assert safe_filename("Café Ærø ApS") == "Café Ærø ApS"
    assert safe_filename("Malerfirma Svanen A/S") == "Malerfirma Svanen AS"
    assert safe_filename("Hansen & Søn I/S v/ Jens") == "Hansen & Søn IS v Jens"
    assert len(safe_filename("x" * 500)) <= 80


def test_escape_markdown_leaves_no_markup() -> None:
    from lokalspil.documents import markdown_to_html

    for text in [
        *MARKUP_NAMES,
        "1. januar",
        "- punkt",
        "a | b",
        "<script>alert(1)</script>",
        "&amp;",
        "`kode`",
    ]:
        html = markdown_to_html(escape_markdown(text))
        assert html.startswith("<p>") and html.count("<") == 2, (text, html)


def test_copied_template_is_used(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Bageriet Søborg"))
    result = ok(cli("template", "copy", "invitation"))
    copied = tmp_path / "templates" / "da" / "invitation.md.j2"
    assert str(copied) in result.output
    assert (tmp_path / "templates" / "en" / "invitation.md.j2").is_file()
    copied.write_text(
        copied.read_text(encoding="utf-8").replace("Jeg skriver til jer", "Vores egen indledning til jer"),
        encoding="utf-8",
    )
    ok(cli("letter", "invitation", "Bageriet", "--format", "md", "-o", "ud"))
    text = next((tmp_path / "ud").iterdir()).read_text(encoding="utf-8")
    assert "Vores egen indledning til jer" in text
    listed = json.loads(ok(cli("template", "list", "--json")).output)
    assert {t["name"]: t["overridden"] for t in listed}["invitation"] is True
    assert "Vores egen indledning" in ok(cli("template", "show", "invitation")).output
    again = ok(cli("template", "copy", "invitation"))  # a second copy keeps the user's edits
    assert "--force" in again.output
    assert "Vores egen indledning" in copied.read_text(encoding="utf-8")


def test_missing_value_is_named_with_how_to_set_it(
    cli: Cli, db_path: Path, tmp_path: Path, query: Callable[..., list[tuple[Any, ...]]]
) -> None:
    ok(cli("init", "--area", "Værebroparken", "--coordinator", "Mette Hansen"))
    ok(cli("company", "add", "Bageriet Søborg"))
    result = cli("letter", "invitation", "Bageriet", "-o", "ud")
    assert result.exit_code == 1
    assert "boligorganisationens navn" in result.output and "lokalspil init --org" in result.output
    assert not (tmp_path / "ud").exists()
    assert query("SELECT count(*) FROM activities WHERE kind = 'letter'") == [(0,)]
    ok(cli("init", "--org", "AB Gladsaxe"))
    result = cli("letter", "samarbejdsaftale", "Bageriet", "-o", "ud")
    assert "en aftale med virksomheden" in result.output and "lokalspil agreement add" in result.output


def test_agreement_letter_has_rules_for_young_workers(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Bageriet Søborg", "--cvr", "13585628"))
    ok(cli("contact", "add", "Bageriet", "Hans Jensen", "--role", "Indehaver"))
    ok(cli("agreement", "add", "Bageriet", "--kind", "fritidsjob", "--places", "2", "--start", "2027-01-04"))
    ok(cli("letter", "samarbejdsaftale", "Bageriet", "--format", "md", "-o", "ud", "--no-log"))
    text = next((tmp_path / "ud").iterdir()).read_text(encoding="utf-8")
    assert "Bageriet Søborg** (CVR 13585628) og **AB Gladsaxe**" in text
    assert "| Antal pladser | 2 |" in text and "4\\. januar 2027" in text
    assert "Unge under 13 år" in text and "Hans Jensen, Indehaver" in text


def test_english_letter_and_date(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Bakery Ltd"))
    ok(cli("--lang", "en", "letter", "invitation", "Bakery", "--format", "md", "-o", "ud"))
    text = next((tmp_path / "ud").iterdir()).read_text(encoding="utf-8")
    assert "Dear Bakery Ltd" in text and "Kind regards" in text
    import datetime as dt

    today = dt.date.today()
    assert f"{today.day} {today.strftime('%B')} {today.year}" in text


def test_protected_companies_are_left_out_of_a_batch(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Åben ApS"))
    ok(cli("company", "add", "Beskyttet ApS", "--protected"))
    result = ok(cli("letter", "invitation", "--stage", "candidate", "--format", "md", "-o", "a", "--json"))
    batch = json.loads(result.output)
    assert [c["name"] for c in batch["companies"]] == ["Åben ApS"]
    assert [c["name"] for c in batch["skipped_protected"]] == ["Beskyttet ApS"]
    result = ok(cli("letter", "invitation", "--stage", "candidate", "--format", "md", "-o", "b"))
    assert "reklamebeskyttet" in result.output and "--include-protected" in result.output
    result = ok(
        cli("letter", "invitation", "--stage", "candidate", "-f", "md", "-o", "c", "--include-protected")
    )
    assert len(list((tmp_path / "c").iterdir())) == 2
    result = ok(cli("letter", "invitation", "Beskyttet", "-f", "md", "-o", "d"))
    assert len(list((tmp_path / "d").iterdir())) == 1 and "reklamebeskyttet" in result.output


def test_letter_needs_a_choice_of_companies(cli: Cli, workspace: Path) -> None:
    result = cli("letter", "invitation")
    assert result.exit_code == 1 and "--stage" in result.output


def test_unknown_template_lists_the_known_ones(cli: Cli, workspace: Path) -> None:
    result = cli("letter", "nyhedsbrev", "--stage", "candidate")
    assert result.exit_code == 1 and "invitation" in result.output and "samarbejdsaftale" in result.output


def test_broken_user_template_names_file_and_line(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Bageriet"))
    folder = tmp_path / "templates" / "da"
    folder.mkdir(parents=True)
    (folder / "tak.md.j2").write_text("Hej\n{% if %}\n", encoding="utf-8")
    result = cli("letter", "tak", "Bageriet", "-f", "md")
    assert result.exit_code == 1
    assert "tak.md.j2" in result.output and "linje 2" in result.output


def test_follow_up_letter_reads_the_meeting_and_next_step(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Bageriet Søborg"))
    ok(cli("contact", "add", "Bageriet", "Hans Jensen"))
    ok(
        cli(
            "log",
            "Bageriet",
            "Vi aftalte to fritidsjob fra januar.",
            "--kind",
            "meeting",
            "--date",
            "2026-11-20",
        )
    )
    # An earlier meeting logged afterwards, a later follow-up, and an earlier one already done: the letter is
    # about the latest meeting and the next open follow-up.
    ok(cli("log", "Bageriet", "Første snak i butikken.", "--kind", "meeting", "--date", "2026-10-01"))
    ok(cli("log", "Bageriet", "Send aftalen", "--follow-up", "2027-01-05"))
    ok(cli("log", "Bageriet", "Evaluer foråret", "--follow-up", "2027-06-01"))
    ok(cli("log", "Bageriet", "Ring til Hans", "--follow-up", "2026-12-01"))
    agenda = json.loads(ok(cli("agenda", "--days", "400", "--json")).output)
    ok(cli("done", str(next(i["activity_id"] for i in agenda if i["text"] == "Ring til Hans"))))
    ok(cli("letter", "opfoelgning", "Bageriet", "-f", "md", "-o", "ud"))
    text = next((tmp_path / "ud").iterdir()).read_text(encoding="utf-8")
    assert "# Tak for mødet den 20\\. november 2026" in text
    assert "Kære Hans Jensen" in text and "Att.: Hans Jensen" in text
    assert "Vi aftalte to fritidsjob fra januar." in text and "Første snak" not in text
    assert "- Send aftalen – senest 5\\. januar 2027." in text
    assert "Evaluer foråret" not in text and "Ring til Hans" not in text


def test_combined_markdown_and_english_plan(cli: Cli, answered: Path, tmp_path: Path) -> None:
    ok(cli("letter", "tak", "--stage", "meeting", "--combine", "alle.md"))
    text = (tmp_path / "alle.md").read_text(encoding="utf-8")
    assert text.count("# Tak for samarbejdet") == 1 and "Bageriet Søborg" in text
    out = ok(cli("--lang", "en", "plan")).output
    assert "Action plan for the company collaboration in Værebroparken" in out
    assert "Not answered yet" in out and "Handlingsplan" not in out
