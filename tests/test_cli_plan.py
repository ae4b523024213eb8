"""`lokalspil plan` as a board (bestyrelse) adopts it: the sections in order, goals from the targets, activities,
partners and risks as tables; never a contact name, an internal note or a command; `--draft` marks the gaps."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from lokalspil.documents.plan import text_rows
from tests.conftest import Cli, ok

HEADINGS = {
    "da": [
        "Baggrund og formål",
        "Sammenhæng med den strategiske aftale",
        "Målgruppe",
        "Mål og måltal",
        "Aktiviteter",
        "Partnere og deres bidrag",
        "Ressourcer",
        "Risici",
        "Evaluering og forankring",
        "Resultater indtil nu",
    ],
    "en": [
        "Background and purpose",
        "Link to the strategic agreement",
        "Target group",
        "Goals and targets",
        "Activities",
        "Partners and their contributions",
        "Resources",
        "Risks",
        "Evaluation and anchoring",
        "Results so far",
    ],
}

ANSWERS = {
    "formaal.maal": "Flere unge fra Værebroparken i fritidsjob hos lokale virksomheder",
    "formaal.indsatsomraade": "beskaeftigelse",
    "formaal.delaftale": "Flere unge i job og uddannelse",
    "formaal.periode": "2026-2029",
    "formaal.aldersgrupper": "13-14, 15-17",
    "formaal.maalgruppe": "Unge i 8.-10. klasse uden fritidsjob",
    "formaal.antal-unge": "25",
    "formaal.succes": "20 unge har haft et fritidsjob",
    "formaal.ejer": "Projektlederen",
    "formaal.timer-om-ugen": "6",
    "formaal.partnere": "jobcenter, skole",
    "formaal.partnerbidrag": "Jobcentret: hjælper de ældste videre\nSkolen: finder elever til praktik",
    "drift.aktiviteter": "Jobmesse i beboerhuset; klubben; 2027-05-01",
    "drift.risici": "Virksomhederne har travlt: vi planlægger i god tid",
    "forankring.evalueringsdato": "2027-06-30",
    "forankring.unge-fik-plads": "7",
}


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


@pytest.fixture
def board(cli: Cli, workspace: Path) -> Path:
    """A workspace with answers for every section, a contact person, an internal log note and targets."""
    for key, value in ANSWERS.items():
        ok(cli("guide", "answer", key, value))
    ok(cli("company", "add", "Bageriet Søborg", "--cvr", "13585628"))
    ok(cli("contact", "add", "Bageriet", "Mette Hansen", "--role", "Indehaver", "--phone", "11223344"))
    ok(cli("contact", "add", "Bageriet", "Jens Kraus", "--role", "Bager"))
    ok(cli("log", "Bageriet", "INTERN note: Jens Kraus var sur", "--follow-up", "2027-01-10"))
    ok(cli("agreement", "add", "Bageriet", "--kind", "fritidsjob", "--places", "2", "--contact", "2",
           "--note", "INTERN aftalenote", "--start", "2027-01-15"))  # fmt: skip
    ok(cli("target", "set", "young_started", "2026", "20", "--baseline", "4"))
    ok(cli("target", "set", "young_started", "2027", "30"))
    ok(cli("target", "set", "agreements_signed", "2027", "8", "--baseline", "1"))
    return workspace


def headings(markdown: str) -> list[str]:
    return [line.removeprefix("## ") for line in markdown.splitlines() if line.startswith("## ")]


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_plan_has_the_boards_sections_in_order_and_nothing_internal(
    cli: Cli, board: Path, tmp_path: Path, language: str
) -> None:
    ok(cli("--lang", language, "plan", "-o", "plan.md"))
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert headings(text) == HEADINGS[language]
    for private in ("Mette Hansen", "Jens Kraus", "INTERN", "11223344", "lokalspil ", "mette@example.dk"):
        assert private not in text, private
    assert "Ikke besvaret" not in text and "Not answered" not in text
    title = text.split("\n## ")[0]
    assert "AB Gladsaxe" in title and "2026-2029" in title
    assert ("Til vedtagelse i bestyrelsen" if language == "da" else "For adoption by the board") in title


def test_the_plan_tables_hold_goals_activities_partners_and_risks(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    ok(cli("plan", "-o", "plan.md"))
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert "| Indikator | Indsatsområde | Udgangspunkt | Måltal 2026 | Måltal 2027 |" in text
    assert "| Aftaler underskrevet | Beskæftigelse | 1 |  | 8 |" in text  # in the indicators' order
    assert "| Unge i gang | Beskæftigelse | 4 | 20 | 30 |" in text
    assert text.index("Aftaler underskrevet") < text.index("Unge i gang")
    assert "| Hvad | Ansvarlig | Hvornår |" in text
    assert "| Jobmesse i beboerhuset | Klubben | 1\\. maj 2027 |" in text
    assert "| Evaluering af samarbejdet | Projektlederen | 30\\. juni 2027 |" in text
    assert (
        "| Jobcentret | Hjælper de ældste videre |" in text
        and "| Skolen | Finder elever til praktik |" in text
    )
    assert "| Virksomhederne har travlt | Vi planlægger i god tid |" in text
    assert (
        "| Bageriet Søborg | fritidsjob | udkast | 15\\. januar 2027 |  | 2 |" not in text
    )  # (no such column)
    assert "| Bageriet Søborg | fritidsjob |" in text  # the agreement, under the partners
    assert "*Beskæftigelse*" in text and "7 unge har fået fritidsjob" in text


def test_the_results_so_far_come_from_the_report(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    year = str(dt.date.today().year)
    ok(cli("company", "add", "Bageriet Søborg"))
    ok(cli("log", "Bageriet", "INTERN: mødet gik godt", "--kind", "meeting"))
    ok(cli("target", "set", "meetings", year, "5", "--baseline", "1"))
    ok(cli("target", "set", "young_started", year, "3"))
    ok(cli("plan", "-o", "plan.md"))
    results = (tmp_path / "plan.md").read_text(encoding="utf-8").partition("## Resultater indtil nu")[2]
    assert f"*Tallene gælder fra 1\\. januar {year} til " in results
    assert "| Indikator | Indsatsområde | Udgangspunkt | Måltal | Resultat | Mangler til måltal |" in results
    assert "| Møder med virksomheder | Beskæftigelse | 1 | 5 | 1 | 4 |" in results
    assert "| Unge i gang | Beskæftigelse |  | 3 | 0 | 3 |" in results
    assert "Pladser udbudt" not in results  # no target and nothing counted: left out
    assert "INTERN" not in results
    ok(cli("--lang", "en", "plan", "-o", "plan.md"))
    assert "| Meetings with companies |" in (tmp_path / "plan.md").read_text(encoding="utf-8")


def test_draft_marks_what_is_not_answered_and_the_plan_does_not(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    ok(cli("plan", "-o", "plan.md"))
    ok(cli("plan", "--draft", "-o", "draft.md"))
    plan = (tmp_path / "plan.md").read_text(encoding="utf-8")
    draft = (tmp_path / "draft.md").read_text(encoding="utf-8")
    assert "[Ikke besvaret" not in plan and "udkast til koordinatoren" not in plan
    assert "udkast til koordinatoren" in draft
    assert (
        "- [Ikke besvaret: Hvor tit vil du have kontakt med hver virksomhed? (drift.kontaktrytme)]" in draft
    )
    # each gap is listed in its own section
    risks = draft.partition("## Risici")[2].partition("\n## ")[0]
    assert "(drift.stedfortraeder)]" in risks and "(drift.kontaktrytme)" not in risks
    assert (
        "Ikke besvaret: Hvor mange virksomheder er aktive i samarbejdet nu? (forankring.aktive-virksomheder)"
        in (draft.partition("## Resultater indtil nu")[2])
    )
    for private in ("Mette Hansen", "Jens Kraus", "INTERN", "lokalspil "):
        assert private not in draft, private


def test_draft_without_targets_asks_for_them(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("guide", "answer", "formaal.succes", "20 unge i job"))
    ok(cli("plan", "--draft", "-o", "draft.md"))
    goals = (tmp_path / "draft.md").read_text(encoding="utf-8").partition("## Mål og måltal")[2]
    assert "- [Ikke besvaret: måltal og udgangspunkt for indikatorerne]" in goals.partition("\n## ")[0]


def test_the_plan_pdf_reads_back_with_the_sections_and_no_names(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    ok(cli("plan", "-o", "plan.pdf"))
    text = pdf_text(tmp_path / "plan.pdf")
    positions = [text.find(heading) for heading in HEADINGS["da"]]
    assert -1 not in positions and positions == sorted(positions)
    for private in ("Mette Hansen", "Jens Kraus", "INTERN", "lokalspil "):
        assert private not in text, private
    assert "Til vedtagelse i bestyrelsen" in text and "Jobmesse i beboerhuset" in text


def test_an_answer_to_a_question_the_guide_no_longer_has_is_left_alone(
    cli: Cli, workspace: Path, db_path: Path
) -> None:
    conn = sqlite3.connect(db_path)  # drift.problemer was in the guide before the plan was made for the board
    with conn:
        conn.execute(
            "INSERT INTO guide_answers (guide_id, step_id, question_id, value, skipped, answered_at) "
            "VALUES ('saet-virksomheder-i-spil', 'drift', 'problemer', '\"En virksomhed er tavs\"', 0, "
            "'2026-01-01T00:00:00+00:00')"
        )
    conn.close()
    for command in (["plan", "--draft"], ["status"], ["guide", "answers"]):
        result = ok(cli(*command))
        assert "En virksomhed er tavs" not in result.output


def test_text_rows_split_each_line_once() -> None:
    text = "- Jobcentret: hjælper: også med CV\n\nSkolen\n• Klubben; følger med"
    assert text_rows(text, 2, ":;") == [
        ["Jobcentret", "hjælper: også med CV"],
        ["Skolen", ""],
        ["Klubben", "følger med"],
    ]
    assert text_rows("Besøg; klubben; maj 2027; ekstra", 3, ";") == [["Besøg", "klubben", "maj 2027; ekstra"]]
    assert text_rows(None, 2, ":") == []
