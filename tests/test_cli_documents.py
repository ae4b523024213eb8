"""`lokalspil plan`, `letter` and `template`: what a reader sees in the Markdown, the HTML and the PDF."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from lokalspil.documents.letters import safe_filename
from lokalspil.templates import escape_markdown
from tests.conftest import Cli, Query, ok, printed_json

MARKUP_NAMES = ["<b>Fed</b> & Co", "[x](javascript:alert(1))", "**Stjerne** ApS", "../../x", "# Overskrift"]


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


def test_plan_in_the_terminal_holds_answers_and_leaves_out_what_is_not_answered(
    cli: Cli, answered: Path
) -> None:
    out = ok(cli("plan")).output
    assert "Handlingsplan for virksomhedssamarbejdet i Værebroparken" in out
    assert "Til vedtagelse i bestyrelsen" in out
    assert "Flere unge i fritidsjob hos lokale virksomheder" in out
    assert "13-14 år og 15-17 år" in out
    assert "Ikke besvaret" not in out and "guide run" not in out  # steps 4 and 5 have no answers: left out
    draft = ok(cli("plan", "--draft")).output
    assert "Ikke besvaret: Hvor tit vil du have kontakt med hver virksomhed?" in " ".join(draft.split())


def test_plan_markdown_has_no_empty_sections(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("plan", "-o", "plan.md"))  # nothing answered: a title and nothing else
    assert "\n## " not in (tmp_path / "plan.md").read_text(encoding="utf-8")
    ok(cli("plan", "--draft", "-o", "plan.md"))
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    sections = text.split("\n## ")[1:]
    assert len(sections) >= 10
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
    assert (tmp_path / "plan.html").read_text(encoding="utf-8").count("<svg") == 1  # the funnel
    ok(cli("plan", "--draft", "-o", "plan.html"))  # and the guide's progress, for the coordinator
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2
    assert "LOKALSPILCHART" not in html
    assert '<html lang="da">' in html and "@page" in html


def test_plan_needs_a_file_for_pdf(cli: Cli, workspace: Path) -> None:
    result = cli("plan", "--format", "pdf")
    assert result.exit_code == 1
    assert "-o" in result.output


def test_combined_letters_one_company_a_page_and_logged(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    names = [f"Virksomhed nummer {i:02}" for i in range(9)]
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
    assert all("Side 1 af 1" in pages[i] for i in firsts)  # each letter numbers its own pages
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
    from lokalspil.documents.rendering import markdown_to_html

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
    listed = printed_json(cli("template", "list", "--json"))
    assert {t["name"]: t["overridden"] for t in listed}["invitation"] is True
    assert "Vores egen indledning" in ok(cli("template", "show", "invitation")).output
    again = ok(cli("template", "copy", "invitation"))  # a second copy keeps the user's edits
    assert "--force" in again.output
    assert "Vores egen indledning" in copied.read_text(encoding="utf-8")


def test_missing_value_is_named_with_how_to_set_it(
    cli: Cli, db_path: Path, tmp_path: Path, query: Query
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
    assert "**Bageriet Søborg** (CVR 13585628)" in text
    assert "**AB Gladsaxe**, på vegne af den boligsociale indsats i Værebroparken" in text
    assert "| Antal pladser | 2 |" in text and "4\\. januar 2027" in text
    assert "Børn under 13 år" in text and "Hans Jensen, Indehaver" in text


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


def test_follow_up_letter_reads_the_meeting_day_and_next_action(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    ok(cli("company", "add", "Bageriet Søborg"))
    ok(cli("contact", "add", "Bageriet", "Hans Jensen"))
    ok(cli("log", "Bageriet", "Vi aftalte to fritidsjob.", "--kind", "meeting", "--date", "2026-11-20"))
    # An earlier meeting logged afterwards, a later follow-up, an earlier one already done and one without a next
    # action: the letter has the day of the latest meeting and the next open follow-up's next action.
    ok(cli("log", "Bageriet", "Første snak i butikken.", "--kind", "meeting", "--date", "2026-10-01"))
    ok(cli("log", "Bageriet", "Aftalen skal skrives", "--next", "Send aftalen", "--by", "2027-01-05"))
    ok(cli("log", "Bageriet", "Evaluer foråret", "--next", "Evaluer", "--by", "2027-06-01"))
    ok(cli("log", "Bageriet", "Ring til Hans", "--next", "Ring", "--by", "2026-12-01"))
    ok(cli("log", "Bageriet", "Uden næste skridt", "--by", "2026-12-02"))
    agenda = printed_json(cli("agenda", "--days", "400", "--json"))
    ok(cli("done", str(next(i["activity_id"] for i in agenda if i["text"] == "Ring"))))
    ok(cli("letter", "opfoelgning", "Bageriet", "-f", "md", "-o", "ud"))
    text = next((tmp_path / "ud").iterdir()).read_text(encoding="utf-8")
    assert "# Tak for mødet den 20\\. november 2026" in text
    assert "Kære Hans Jensen" in text and "Att.: Hans Jensen" in text
    assert "- Send aftalen – senest 5\\. januar 2027." in text
    for internal in ("Vi aftalte to", "Første snak", "Aftalen skal", "Evaluer", "Ring", "Uden næste"):
        assert internal not in text


def test_combined_markdown_and_english_plan(cli: Cli, answered: Path, tmp_path: Path) -> None:
    ok(cli("letter", "tak", "--stage", "meeting", "--combine", "alle.md"))
    text = (tmp_path / "alle.md").read_text(encoding="utf-8")
    assert text.count("# Tak for samarbejdet") == 1 and "Bageriet Søborg" in text
    out = ok(cli("--lang", "en", "plan")).output
    assert "Action plan for the company collaboration in Værebroparken" in out
    assert "For adoption by the board" in out
    assert "Not answered" not in out and "Handlingsplan" not in out


# ---------------------------------------------------------------------------------------------------------------
# The plan: every heading has something under it, every answer has its place, the chart counts what it says


def headings_without_text(markdown: str) -> list[str]:
    """The headings followed by another heading or by nothing."""
    lines = [line for line in markdown.splitlines() if line.strip()]
    return [
        line
        for line, after in zip(lines, [*lines[1:], ""], strict=True)
        if line.startswith("#") and (not after or after.startswith("#"))
    ]


@pytest.mark.parametrize(
    ("language", "risks", "deleted"),
    [
        ("da", "## Risici", "som vi ikke længere har brug for, er slettet."),
        ("en", "## Risks", "that we no longer need has been deleted."),
    ],
)
def test_plan_never_prints_an_empty_heading(
    cli: Cli, workspace: Path, tmp_path: Path, language: str, risks: str, deleted: str
) -> None:
    for draft in ([], ["--draft"]):  # nothing answered at all
        ok(cli("--lang", language, "plan", *draft, "-o", "empty.md"))
        assert headings_without_text((tmp_path / "empty.md").read_text(encoding="utf-8")) == []
    # Steps 4 and 5 each have one answer, both about risks.
    ok(cli("guide", "answer", "drift.stedfortraeder", "ja"))
    ok(cli("guide", "answer", "forankring.data-slettet", "ja"))
    ok(cli("--lang", language, "plan", "-o", "plan.md"))
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert headings_without_text(text) == []
    assert [line for line in text.splitlines() if line.startswith("## ")] == [risks]
    assert deleted in text


def test_plan_shows_every_answer_of_steps_4_and_5(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    answers = {
        "formaal.aldersgrupper": "13-14",
        "drift.kontaktrytme": "maanedlig",
        "drift.forberedelse": "samtale, cv",
        "drift.unge-i-gang": "3",
        "drift.timer-yngste": "7,5",
        "drift.anerkendelse": "personlig-tak",
        "drift.naeste-opfoelgning": "2027-02-01",
        "drift.stedfortraeder": "nej",
        "drift.aktiviteter": "Jobmesse i beboerhuset; klubben; maj 2027",
        "drift.risici": "Virksomhederne har travlt: Vi planlægger i god tid",
        "forankring.evalueringsdato": "2027-06-30",
        "forankring.evaluering": "Vi tæller hvert kvartal",
        "forankring.unge-fik-plads": "12",
        "forankring.aktive-virksomheder": "5",
        "forankring.spurgt": "virksomheder, unge",
        "forankring.laering": "Ring altid først",
        "forankring.fremtid": "udvid",
        "forankring.overtager": "Driftschefen",
        "forankring.data-slettet": "nej",
    }
    for key, value in answers.items():
        ok(cli("guide", "answer", key, value))
    ok(cli("plan", "-o", "plan.md"))
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    for shown in [
        "Kontakt med hver virksomhed: hver måned.",
        "De unge forberedes gennem: forberedende samtale og hjælp til CV og ansøgning.",
        "3 unge er i gang hos virksomhederne lige nu.",
        "De 13-14-årige arbejder typisk 7,5 timer i en skoleuge.",
        "Virksomhederne anerkendes gennem: personlig tak.",
        "| Opfølgning hos virksomhederne |  | 1\\. februar 2027 |",
        "| Jobmesse i beboerhuset | Klubben | maj 2027 |",
        "| Virksomhederne har travlt | Vi planlægger i god tid |",
        "Stedfortræder: der er endnu ingen kollega, der kan tage over.",
        "Samarbejdet evalueres 30\\. juni 2027.",
        "Vi tæller hvert kvartal",
        "12 unge har fået fritidsjob, praktik eller læreplads",
        "5 virksomheder er aktive i samarbejdet.",
        "Vi spørger: virksomhederne og de unge.",
        "**Det har vi lært:** Ring altid først",
        "Efter evalueringen: det bliver udvidet.",
        "På længere sigt overtager Driftschefen relationerne",
        "som vi ikke længere har brug for, er endnu ikke slettet.",
    ]:
        assert shown in text, shown
    assert "Ikke besvaret" not in text
    assert headings_without_text(text) == []


@pytest.mark.parametrize(
    ("language", "header", "rows"),
    [
        (
            "da",
            "| Hvad | Ansvarlig | Hvornår |",
            ["10\\. december 2026", "4\\. januar 2027", "februar 2027", "1\\. marts 2027", "30\\. juni 2027",
             "når det passer"],
        ),
        ("en", "| What | Responsible | By when |",
         ["10 December 2026", "4 January 2027", "februar 2027", "1 March 2027", "30 June 2027", "når det passer"]),
    ],
)  # fmt: skip
def test_planned_activities_are_in_date_order(
    cli: Cli, workspace: Path, tmp_path: Path, language: str, header: str, rows: list[str]
) -> None:
    ok(cli("guide", "answer", "kortlaeg.liste-klar", "2027-03-01"))  # step 2, but fourth in time
    ok(cli("guide", "answer", "kontakt.startdato", "2027-01-04"))
    ok(cli("guide", "answer", "forankring.evalueringsdato", "2027-06-30"))
    ok(cli("guide", "answer", "drift.naeste-opfoelgning", "2026-12-10"))  # step 4, but first in time
    ok(
        cli(
            "guide",
            "answer",
            "drift.aktiviteter",
            "Besøg; klubben; når det passer\nJobmesse; projektlederen; februar 2027",
        )
    )
    ok(cli("--lang", language, "plan", "-o", "plan.md"))
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    table = text.partition(header)[2].partition("\n\n")[0]
    dates = [line.split(" | ")[2].removesuffix(" |") for line in table.splitlines()[2:]]
    assert dates == rows


def test_by_date_puts_the_undated_last() -> None:
    from lokalspil.templates import by_date

    rows = [("", "uden dato"), ("3\\. januar 2027", "c"), ("2026-12-01", "a"), (None, "heller ingen"),
            ("15 December 2026", "b"), ({"date": "x"}, "ukendt")]  # fmt: skip
    assert [what for _, what in by_date(rows)] == ["a", "b", "c", "uden dato", "heller ingen", "ukendt"]
    assert by_date([{"date": "2027-01-02", "n": 2}, {"date": "2027-01-01", "n": 1}])[0]["n"] == 1


def test_plan_progress_says_what_the_bars_count(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("guide", "answer", "formaal.maal", "Flere unge i fritidsjob"))
    ok(cli("guide", "answer", "formaal.antal-unge", "25"))
    ok(cli("guide", "tick", "formaal.styregruppe-godkendt"))
    ok(cli("guide", "tick", "kortlaeg.hent-cvr-udtraek"))
    guide = printed_json(cli("status", "--json"))["guides"][0]
    ok(cli("plan", "--draft", "-o", "plan.md"))
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert (
        f"{guide['answered']} af {guide['questions']} spørgsmål er besvaret, og {guide['checklist_done']} af "
        f"{guide['checklist_items']} opgaver på tjeklisterne er klaret – {guide['percent']} % af guiden i alt."
    ) in text
    chart = (
        text.partition("## Til koordinatoren: guidens fremdrift")[2]
        .partition("```text\n")[2]
        .partition("\n```")[0]
    )
    lines = chart.splitlines()
    assert len(lines) == len(guide["steps"])
    ok(cli("plan", "--draft", "-o", "plan.html"))
    svg = (tmp_path / "plan.html").read_text(encoding="utf-8").split("<svg")[-1]
    tracks = re.findall(
        r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="\d+" rx="3" fill="#e3ebf0"/>', svg
    )
    fills = re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="\d+" rx="3" fill="#3f8f5b"/>', svg)
    for step, line, track, fill in zip(guide["steps"], lines, tracks, fills, strict=True):
        done, total = step["answered"] + step["checklist_done"], step["questions"] + step["checklist_items"]
        questions = f"{step['answered']}/{step['questions']} spørgsmål"
        figure = f"{questions}, {step['checklist_done']}/{step['checklist_items']} opgaver"
        assert line.endswith(f"  {figure}") and f">{figure}</text>" in svg
        bar = line.removesuffix(f"  {figure}").rpartition("  ")[2]
        assert bar.count("█") == round(len(bar) * done / total)  # the bar is as full as the figure says
        assert float(fill) == pytest.approx(float(track) * done / total, abs=0.1)
    assert lines[0].endswith("2/13 spørgsmål, 1/5 opgaver") and lines[1].endswith(
        "0/8 spørgsmål, 1/6 opgaver"
    )


def _label_width(text: str) -> float:
    """A label's width at 13 px in DejaVu Sans, from the font itself when it is installed."""
    fonts = sorted(Path("/usr/share/fonts").glob("**/DejaVuSans.ttf"))
    if not fonts:
        return 0.6 * 13 * len(text)
    from fontTools.ttLib import TTFont

    font = TTFont(fonts[0])
    cmap, metrics, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    return sum(metrics[cmap[ord(c)]][0] for c in text) / em * 13


@pytest.mark.parametrize("language", ["da", "en"])
def test_chart_labels_are_not_cut_off(cli: Cli, answered: Path, tmp_path: Path, language: str) -> None:
    ok(cli("--lang", language, "plan", "--draft", "-o", "plan.html"))
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg .*?</svg>", html)
    assert len(svgs) == 2
    labels = 0
    for svg in svgs:
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))  # type: ignore[union-attr]
        for x, anchor, text in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+"( text-anchor="end")? [^>]*>([^<]*)<', svg
        ):
            shown = unescape(text)
            if anchor:  # a label, ending at x
                assert float(x) - _label_width(shown) >= 0, shown
                labels += 1
            else:  # a figure, starting at x
                assert float(x) + _label_width(shown) <= width, shown
    assert labels == 6 + 5  # the six stages and the five steps
    assert "1. Afklar formål og mandat" in html or "1. Clarify purpose and mandate" in html


# ---------------------------------------------------------------------------------------------------------------
# Letters


@pytest.mark.parametrize("language", ["da", "en"])
def test_letters_name_every_kind_of_agreement_without_a_wrong_article(
    cli: Cli, workspace: Path, tmp_path: Path, language: str
) -> None:
    from lokalspil.messages import CATALOGUES
    from lokalspil.migrations import AGREEMENT_KINDS

    for i, kind in enumerate(AGREEMENT_KINDS):
        ok(cli("company", "add", f"Virksomhed nummer {i:02}"))
        ok(cli("agreement", "add", f"nummer {i:02}", "--kind", kind, "--places", "2", "--participants", "1"))
    lead = "**Samarbejdet:** " if language == "da" else "**The collaboration:** "
    letters = []
    for template in ("opfoelgning", "tak"):
        for i, kind in enumerate(AGREEMENT_KINDS):
            out = f"{template}-{kind}"
            letter = ["--lang", language, "letter", template, f"nummer {i:02}"]
            ok(cli(*letter, "-f", "md", "-o", out, "--no-log"))
            text = next((tmp_path / out).iterdir()).read_text(encoding="utf-8")
            letters.append(text)
            label = escape_markdown(CATALOGUES[language][f"agreement.kind.{kind}"])
            assert f"{lead}{label}" in text, (template, kind)
            assert not re.search(rf"\b(et|en|a|an) {re.escape(label)}", text), (template, kind)
    # the sentences of before, with an article that fits no kind or only some
    assert not re.search(
        r"Samarbejdet er e[tn] |gennem e[tn] |collaboration is an? |through an? ", "".join(letters)
    )


def test_combined_letters_look_like_single_letters(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    def heading_sizes(path: Path) -> list[float]:
        sizes: list[float] = []

        def seen(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
            if "Tak for samarbejdet" in text:
                sizes.append(round(size * tm[0] * cm[0], 1))

        for page in PdfReader(path).pages:
            page.extract_text(visitor_text=seen)
        return sizes

    ok(cli("company", "add", "Bageriet Søborg"))
    ok(cli("company", "add", "Malerfirma Svanen"))
    ok(cli("letter", "tak", "Bageriet", "-o", "alene", "--no-log"))
    ok(cli("letter", "tak", "Bageriet", "Malerfirma", "--combine", "samlet.pdf", "--no-log"))
    alone = heading_sizes(next((tmp_path / "alene").iterdir()))
    assert alone == [14.0]  # print.css: a letter's heading is 14 pt
    assert heading_sizes(tmp_path / "samlet.pdf") == alone * 2
    ok(cli("letter", "tak", "Bageriet", "Malerfirma", "--combine", "samlet.html", "--no-log"))
    html = (tmp_path / "samlet.html").read_text(encoding="utf-8")
    assert '<body class="letter combined">' in html and html.count('<div class="document letter">') == 2


def test_letter_takes_only_letter_templates(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "Bageriet Søborg"))
    for name in ("_brev", "layout", "nyhedsbrev"):
        result = cli("letter", name, "Bageriet", "-f", "md", "-o", "ud", "--no-log")
        assert result.exit_code == 1, name
        assert f"Der er intet brev, der hedder '{name}'" in result.output
        known = result.output.partition("Brevene er: ")[2].partition(".")[0].split(", ")
        assert known == [
            "foraeldreorientering", "invitation", "opfoelgning", "samarbejdsaftale", "samtykke",
            "socialoekonomi-notat", "tak",
        ]  # fmt: skip
    result = cli("letter", "handlingsplan", "Bageriet")
    assert result.exit_code == 1 and "lokalspil plan" in result.output


@pytest.mark.parametrize(
    ("mistake", "told"),
    [
        ("{% if %}", ["layout.html.j2", "linje 21", "Ret filen"]),
        ("{{ nosuch.thing }}", ["'nosuch'", "lokalspil template show layout"]),
    ],
)
def test_broken_copied_layout_is_told_like_a_broken_template(
    cli: Cli, workspace: Path, tmp_path: Path, mistake: str, told: list[str]
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("template", "copy", "layout"))
    layout = tmp_path / "templates" / "layout.html.j2"
    source = layout.read_text(encoding="utf-8")
    assert source.splitlines()[20] == "<main>"  # line 21
    layout.write_text(source.replace("<main>", f"<main>{mistake}"), encoding="utf-8")
    for command in (["plan", "-o", "plan.html"], ["letter", "tak", "Bageriet", "--combine", "breve.html"]):
        result = cli(*command)
        assert result.exit_code == 1
        assert "uventet" not in result.output
        for words in told:
            assert words in result.output, (command, words)
    assert not (tmp_path / "plan.html").exists() and not (tmp_path / "breve.html").exists()


def test_broken_copied_pdf_layout_is_told_in_plain_words(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("template", "copy", "layout"))
    layout = tmp_path / "templates" / "layout.typ"
    layout.write_text(layout.read_text(encoding="utf-8") + "\n#nosuch(1)\n", encoding="utf-8")
    for command in (["plan", "-o", "plan.pdf"], ["letter", "tak", "Bageriet", "--combine", "breve.pdf"]):
        result = cli(*command)
        assert result.exit_code == 1
        assert "uventet" not in result.output
        assert "layout.typ" in result.output and "nosuch" in result.output, result.output
        assert "lokalspil template show layout" in result.output
    assert not (tmp_path / "plan.pdf").exists() and not (tmp_path / "breve.pdf").exists()


def test_a_name_with_emoji_leaves_the_other_letters_readable(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    """A character the fonts lack makes WeasyPrint write its document's fonts in a form pypdf reads as garbage;
    that letter is laid out on its own, so every other company's page still reads."""
    names = [f"Virksomhed nummer {i:02}" for i in range(6)]
    for name in names[:3]:
        ok(cli("company", "add", name, "--tag", "flet"))
    ok(cli("company", "add", "🍕 Pizza 😀", "--tag", "flet"))
    for name in names[3:]:
        ok(cli("company", "add", name, "--tag", "flet"))
    ok(cli("letter", "invitation", "--tag", "flet", "--combine", "ud.pdf", "--no-log"))
    pages = pdf_pages(tmp_path / "ud.pdf")
    assert len(pages) >= 7
    for name in names:
        assert any(name in page for page in pages), name


def test_a_batch_of_letters_moves_its_companies_on_with_a_follow_up(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    import datetime as dt

    ok(cli("company", "add", "Bageriet Korn"))
    ok(cli("company", "add", "Cykelsmeden"))
    ok(cli("company", "stage", "aftale", "Cykelsmeden"))
    ok(cli("letter", "invitation", "--stage", "kandidat", "--then-stage", "kontaktet", "--follow-up", "+14",
           "--format", "html", "-o", "breve"))  # fmt: skip
    assert query("SELECT name, stage FROM companies ORDER BY id") == [
        ("Bageriet Korn", "contacted"),
        ("Cykelsmeden", "agreement"),
    ]
    due = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    assert query("SELECT company_id, follow_up, next_action FROM activities WHERE kind = 'letter'") == [
        (1, due, "Følg op på brevet")
    ]
    refused = cli("letter", "invitation", "--stage", "kontaktet", "--then-stage", "møde", "--no-log")
    assert refused.exit_code == 1 and "--no-log" in refused.stderr
