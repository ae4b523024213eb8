"""The texts a coordinator sends and reads: the letters hold the rules as their sources state them, with the
sources, and the Danish help speaks Danish (pipeline stages are "faser", the guide's steps "trin")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lokalspil.messages import da, en
from tests.conftest import REPO, Cli

TEMPLATES = REPO / "templates"
DANISH_TEXTS = [
    *da.MESSAGES.values(),
    *(p.read_text(encoding="utf-8") for p in (TEMPLATES / "da").glob("*.j2")),
]
SOURCE = re.compile(r"\{# source: (https?://\S+), read 2026-12-06 #\}")


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return result


def letter(cli: Cli, tmp_path: Path, name: str, *options: str) -> str:
    folder = tmp_path / f"{name}-{len(list(tmp_path.iterdir()))}"
    ok(cli(*options, "letter", name, "Kiosken", "--format", "md", "-o", str(folder), "--no-log"))
    return next(folder.iterdir()).read_text(encoding="utf-8")


@pytest.fixture
def kiosk(cli: Cli, workspace: Path) -> None:
    ok(cli("init", "--signatory", "Per Eksempel", "--signatory-title", "Boligsocial leder",
           "--address", "Eksempelvej 1, 2860 Søborg"))  # fmt: skip
    ok(cli("company", "add", "Kiosken på Hjørnet ApS", "--cvr", "13585628"))
    ok(cli("agreement", "add", "Kiosken", "--kind", "fritidsjob", "--places", "1", "--review", "2027-04-01"))


# --- the agreement ---


def test_the_agreement_names_the_parties_the_employer_and_the_signatory(
    cli: Cli, kiosk: None, tmp_path: Path
) -> None:
    text = letter(cli, tmp_path, "samarbejdsaftale")
    assert (
        "**AB Gladsaxe**, Eksempelvej 1, 2860 Søborg, på vegne af den boligsociale indsats i Værebroparken"
        in text
    )
    assert "Denne aftale er ikke en ansættelseskontrakt" in text
    assert "det virksomheden, der ansætter den unge og er arbejdsgiver" in text
    assert "overenskomst" in text and "arbejdsskadeforsikring" in text
    assert "Navn: Per Eksempel" in text and "Titel: Boligsocial leder" in text and "mandat" in text
    assert "Vi evaluerer samarbejdet sammen den 1\\. april 2027" in text
    assert "samtykke" in text and "nyhedsbreve" in text and "☐ ja ☐ nej" in text
    english = letter(cli, tmp_path, "samarbejdsaftale", "--lang", "en")
    assert "This agreement is not a contract of employment" in english and "Name: Per Eksempel" in english


@pytest.mark.parametrize(
    ("kind", "says"),
    [("erhvervspraktik", "Den aftales gennem den unges skole"), ("praktik", "aftales gennem jobcentret"),
     ("mentor", "Ingen ung bliver ansat")],
)  # fmt: skip
def test_unpaid_and_jobcentre_forms_are_told_apart(
    cli: Cli, workspace: Path, tmp_path: Path, kind: str, says: str
) -> None:
    ok(cli("company", "add", "Kiosken"))
    ok(cli("agreement", "add", "Kiosken", "--kind", kind))
    text = letter(cli, tmp_path, "samarbejdsaftale")
    assert says in text and "ikke en ansættelseskontrakt" in text
    assert "arbejdsskadeforsikring" not in text and "Når unge under 18 arbejder" not in text


def test_the_agreement_holds_the_corrected_rules_for_young_workers(
    cli: Cli, kiosk: None, tmp_path: Path
) -> None:
    text = letter(cli, tmp_path, "samarbejdsaftale")
    assert "Unge, der stadig går i skole, må aldrig arbejde mellem kl. 20 og kl. 6" in text
    assert "se at.dk for de gældende regler" in text
    assert "hverdage kl. 18–6 og i weekender og på helligdage kl. 14–6" in text
    assert "pause på mindst 30 minutter" in text and "to\n  sammenhængende fridøgn" in text
    assert "Siden 1. januar 2025 må unge fra 13 år" in text
    assert (
        "Virksomheden orienterer skriftligt forældrene til unge under 15 år og til unge, der stadig er"
        in text
    )
    assert "normalt mellem kl. 6 og 20" not in text  # the old, wrong wording
    english = letter(cli, tmp_path, "samarbejdsaftale", "--lang", "en")
    assert "Young people still at school may never work between 8 p.m. and 6 a.m." in english
    assert "check at.dk for the rules in force" in english


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_rule_for_young_workers_has_its_source(language: str) -> None:
    rules = (TEMPLATES / language / "_unge_regler.md.j2").read_text(encoding="utf-8")
    agreement = (TEMPLATES / language / "samarbejdsaftale.md.j2").read_text(encoding="utf-8")
    lines = rules.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("- "):  # each rule follows the comment naming its source
            assert SOURCE.fullmatch(lines[i - 1]), (language, line)
    parents = agreement.splitlines()
    told = next(
        i
        for i, line in enumerate(parents)
        if line.startswith(("- Virksomheden orienterer", "- The company informs"))
    )
    assert SOURCE.fullmatch(parents[told - 1]) and SOURCE.fullmatch(parents[told - 2])
    sources = set(SOURCE.findall(rules + agreement))
    assert "https://arbejdstilsynet.dk/da/regler/unge/unges-arbejdstid-hviletid-og-fridogn" in sources
    assert "https://at.dk/om-os/at-interne-instrukser/cir-13-unges-arbejde/cir-13-1/" in sources
    assert "http://www.ungmedjob.dk/foraelder/foraelder-hvad-er-mit-ansvar" in sources


def test_the_signatures_stay_on_one_page(cli: Cli, kiosk: None, tmp_path: Path) -> None:
    from pypdf import PdfReader

    plain = tmp_path / "without"  # the same layout without the rule, to show that the notes do push it over
    (plain / "da").mkdir(parents=True)
    layout = (TEMPLATES / "layout.typ").read_text(encoding="utf-8")
    rule = "#let lokalspil-keep-together(body) = block(breakable: false, width: 100%, body)"
    assert rule in layout
    (plain / "layout.typ").write_text(
        layout.replace(rule, "#let lokalspil-keep-together(body) = body"), encoding="utf-8"
    )

    def pages(repeat: int, *options: str) -> tuple[list[int], list[int]]:
        pdf = tmp_path / f"aftale-{repeat}-{len(options)}.pdf"
        ok(cli("letter", "samarbejdsaftale", "Kiosken", "--combine", str(pdf), "--no-log", *options))
        text = [page.extract_text() for page in PdfReader(pdf).pages]
        return [i for i, t in enumerate(text) if "Underskrifter" in t], [
            i for i, t in enumerate(text) if "Underskrift:" in t
        ]

    for repeat in (8, 18):  # the notes push the signatures over the page without keep-together
        ok(
            cli(
                "agreement",
                "edit",
                "1",
                "--note",
                " ".join(["Den unge fylder varer op og hjælper ved kassen."] * repeat),
            )
        )
        heading, signature = pages(repeat, "--templates", str(plain))
        assert heading != signature, repeat  # split without keep-together
        heading, signature = pages(repeat)
        assert heading == signature and len(heading) == 1, repeat
    html = tmp_path / "aftale.html"
    ok(cli("letter", "samarbejdsaftale", "Kiosken", "--combine", str(html), "--no-log"))
    page = html.read_text(encoding="utf-8")
    assert '<div class="keep-together">\n<h2>Underskrifter</h2>' in page
    assert ".keep-together { break-inside: avoid; }" in page


# --- the new letters ---


def test_the_parents_notice_is_the_employers_letter_with_blanks(
    cli: Cli, kiosk: None, tmp_path: Path
) -> None:
    text = letter(cli, tmp_path, "foraeldreorientering")
    assert "# Til forældrene: jeres barns arbejde hos Kiosken på Hjørnet ApS" in text
    assert "Den unges navn: ____" in text and "Arbejdstid (dage og klokkeslæt): ____" in text
    assert "giver vi\nsom arbejdsgiver forældrene skriftlig besked" in text
    assert "må aldrig arbejde mellem kl. 20 og kl. 6" in text
    pdf = tmp_path / "notice.pdf"
    ok(cli("letter", "foraeldreorientering", "Kiosken", "--combine", str(pdf), "--no-log"))
    from pypdf import PdfReader

    first = PdfReader(pdf).pages[0].extract_text()
    assert "Kiosken på Hjørnet ApS" in first
    assert "Mette Hansen ·" not in first and "AB Gladsaxe ·" not in first  # no letterhead, no footer of ours
    english = letter(cli, tmp_path, "foraeldreorientering", "--lang", "en")
    assert "we\nas the employer tell the parents in writing" in english


def test_the_consent_form_asks_for_data_and_publicity(cli: Cli, kiosk: None, tmp_path: Path) -> None:
    text = letter(cli, tmp_path, "samtykke")
    assert "# Samtykkeerklæring" in text and "Den unges navn: ____" in text
    assert "- ☐ billeder, hvor du er med" in text and "Du kan altid trække dit samtykke tilbage" in text
    assert "En forælder (når den unge er under 18 år)" in text
    assert "Consent form" in letter(cli, tmp_path, "samtykke", "--lang", "en")


def test_the_new_letters_are_listed(cli: Cli, workspace: Path) -> None:
    listed = ok(cli("template", "list")).stdout
    assert "foraeldreorientering" in listed and "samtykke" in listed


# --- the invitation ---


def test_the_invitation_offers_only_the_forms_for_a_company_and_an_opt_out(
    cli: Cli, kiosk: None, tmp_path: Path
) -> None:
    ok(
        cli(
            "guide",
            "answer",
            "kontakt.samarbejdsformer",
            "fritidsjob,sociale-klausuler,mentor,socialoekonomisk-koeb",
        )
    )
    text = letter(cli, tmp_path, "invitation")
    assert "passer til jer: fritidsjob og mentor eller rollemodel." in text
    assert "klausuler" not in text and "Køb hos" not in text
    assert "Vi er den boligsociale indsats i Værebroparken hos AB Gladsaxe" in text
    assert "Vil I ikke høre mere fra os, er et kort svar på denne mail nok" in text
    english = letter(cli, tmp_path, "invitation", "--lang", "en")
    assert "suits you: after-school job and mentor or role model." in english
    assert "If you would rather not hear from us, just reply to this e-mail" in english


# --- the language ---


def test_no_indenfor_in_danish_texts() -> None:
    assert not [text for text in DANISH_TEXTS if re.search(r"\bindenfor\b", text, re.IGNORECASE)]


def test_pipeline_stages_are_faser_and_guide_steps_trin() -> None:
    stage_keys = [k for k in da.MESSAGES if "stage" in k and not k.startswith(("document.", "walk."))]
    for key in stage_keys:
        assert not re.search(r"\btrin", da.MESSAGES[key], re.IGNORECASE), key
    assert da.MESSAGES["heading.stage"] == "Fase" and da.MESSAGES["metavar.stage"] == "FASE"
    assert da.MESSAGES["heading.step"] == "Trin" and da.MESSAGES["metavar.step"] == "TRIN"


ENGLISH_IDS = re.compile(r"\b(candidate|contacted|declined|paused|draft|signed|running|call|meeting|visit)\b")


def test_the_danish_help_shows_no_english_ids() -> None:
    help_texts = {
        k: v for k, v in da.MESSAGES.items() if k.startswith("help.") or k.startswith("document.how")
    }
    assert {k: v for k, v in help_texts.items() if ENGLISH_IDS.search(v)} == {}


def test_the_danish_ids_in_the_help_work(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("log", "Bageriet", "Ringede", "--kind", "opkald"))
    ok(cli("log", "Bageriet", "Mødtes", "--kind", "møde"))
    ok(cli("company", "stage", "Bageriet", "takket nej"))
    ok(cli("agreement", "add", "Bageriet", "--kind", "fritidsjob", "--status", "i gang"))


def test_personoplysninger_is_the_one_word() -> None:
    assert not [text for text in da.MESSAGES.values() if re.search(r"\bpersondata\b", text, re.IGNORECASE)]


def test_one_place_is_plads(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(
        cli(
            "agreement",
            "add",
            "Bageriet",
            "--kind",
            "fritidsjob",
            "--places",
            "1",
            "--status",
            "underskrevet",
        )
    )
    assert "1 med 1 plads og 0 unge." in ok(cli("status")).stdout
    assert "with 1 place and 0 young people." in ok(cli("--lang", "en", "status")).stdout


def test_the_english_title_reads_naturally() -> None:
    assert "bring local businesses on board" in en.MESSAGES["home.tagline"]
    assert 'en: "Bring local businesses on board"' in (
        REPO / "guides" / "saet-virksomheder-i-spil.yaml"
    ).read_text(encoding="utf-8")
