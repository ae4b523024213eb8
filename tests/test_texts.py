"""Corrected facts in the texts a coordinator reads and sends: each test checks that the corrected wording is there
and that its source (an address and the day it was read) stands beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from lokalspil.messages import CATALOGUES
from tests.conftest import Cli, ok

REPO = Path(__file__).resolve().parents[1]
SOCIALOEKONOMI = REPO / "guides" / "socialoekonomi.yaml"


def _flat(text: str) -> str:
    return " ".join(text.split())


def sourced(path: Path, wording: str, url: str, within: int = 2500) -> bool:
    """Whether `wording` is in the file, with a comment naming `url` and 'read 2026-12-06' just before it."""
    text = _flat(path.read_text(encoding="utf-8"))
    at = text.find(_flat(wording))
    if at < 0:
        return False
    before = text[max(0, at - within) : at]
    return url in before and "read 2026-12-06" in before[before.rfind(url) :]


@pytest.mark.parametrize(
    ("wording", "url"),
    [
        pytest.param(
            "være inddragende og ansvarlig i sit virke",
            "https://www.cabiweb.dk/temaer/socialt-ansvar-og-csr/socialoekonomi/bliv-registreret-som-socialoekonomisk-virksomhed/",
            id="rsv-criteria",
        ),
        pytest.param(
            "Efter udbudslovens § 54 kan en ordregiver forbeholde enhver slags kontrakt",
            "https://socialeentreprenorer.dk/2015/11/13/ny-udbudslov-som-instrument-til-at-styrke-socialokonomiske-virksomheder/",
            id="reserved-contracts-54",
        ),
        pytest.param(
            "når mindst 30 % af de ansatte hører til de grupper. Ordregiveren må ikke kræve, at virksomheden er "
            "registreret som socialøkonomisk (RSV). Light-regimets § 190 er en anden vej",
            "https://www.nvs.nu/for-raadgivere/samarbejde-med-det-offentlige/",
            id="reserved-contracts-190-and-rsv",
        ),
        pytest.param(
            "Siden bekendtgørelse nr. 451 af 13. april 2015 om sideaktiviteter kan boligorganisationen via et "
            "skattepligtigt selskab leje erhvervsarealer ud under balancelejen til visse virksomheder",
            "https://www.retsinformation.dk/Forms/R0710.aspx?id=170302",
            id="below-balanceleje",
        ),
        pytest.param(
            "En lavere husleje kræver, at reglerne om sideaktiviteter (bekendtgørelse nr. 451/2015) og "
            "statsstøttereglerne er overholdt.",
            "https://www.retsinformation.dk/Forms/R0710.aspx?id=170302",
            id="lower-rent-not-always-forbidden",
        ),
        pytest.param(
            "kan aftalen højst gælde 4 år ad gangen og kan fornyes, afdelingsmødet skal godkende den, og lejen skal "
            "være markedslejen",
            "https://bl.dk/bl-informerer/2015/4/2115-",
            id="common-rooms",
        ),
        pytest.param(
            "Fra 1. juli 2025 gælder en ny bekendtgørelse om sideaktiviteter med en ny vejledning",
            "https://www.lovguiden.dk/loven/vejledning-om-sideaktiviteter-i-almene-boligorganisationer-mv",
            id="sideaktiviteter-2025",
        ),
        pytest.param(
            "Invitér virksomheden med til et møde i helhedsplanens netværk eller i bestyrelsen for den boligsociale "
            "indsats.",
            "https://www.lbf.dk/boligsociale-indsatser/organisation-og-oekonomiske-rammer/",
            id="lbf-bestyrelse",
        ),
        pytest.param(
            "Indsatsen bygger på en strategisk aftale med en delaftale for hvert indsatsområde",
            "http://bispehaven.dk/dbh/boligsocial/samarbejdsaftale",
            id="lbf-strategisk-aftale",
        ),
        pytest.param(
            "de fire indsatsområder er Uddannelse og livschancer, Beskæftigelse, Kriminalitetsforebyggelse samt "
            "Sammenhængskraft og medborgerskab",
            "https://www.lbf.dk/boligsociale-indsatser/",
            id="lbf-indsatsomraader",
        ),
    ],
)
def test_socialoekonomi_holds_the_corrected_fact_with_its_source(wording: str, url: str) -> None:
    assert sourced(SOCIALOEKONOMI, wording, url)


@pytest.mark.parametrize(
    "wrong",
    [
        "inddragende og ansvarlig ledelse",
        "men kun for bestemte ydelser under det såkaldte light-regime",
        "Gratis husleje eller betaling for ydelser",
        "lavere husleje eller betaling",
        "helhedsplanens styregruppe",
        "netværk eller styregruppe",
    ],
)
def test_socialoekonomi_no_longer_holds_the_wrong_wording(wrong: str) -> None:
    assert wrong not in _flat(SOCIALOEKONOMI.read_text(encoding="utf-8"))


def test_the_corrected_guide_is_what_the_walk_shows(cli: Cli, workspace: Path) -> None:
    shown = _flat(ok(cli("guide", "show", "socialoekonomi")).stdout)
    assert "bestyrelsen for den boligsociale indsats" in shown


def test_reklamebeskyttelse_covers_other_approaches_too(cli: Cli) -> None:
    for language, words in (("da", "andre henvendelser"), ("en", "any other approach")):
        for key in ("help.opt.letter_include_protected", "letter.include_protected_hint"):
            text = CATALOGUES[language][key]
            assert words in text and "19" in text and "22" in text, (language, key)
    shown = _flat(ok(cli("letter", "--help")).stdout.replace("│", " "))
    assert "andre henvendelser ud fra CVR-oplysninger" in shown and "§§ 19 og 22" in shown


def test_a_batch_that_leaves_out_protected_companies_says_why(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "Åben ApS"))
    ok(cli("company", "add", "Beskyttet ApS", "--protected"))
    out = _flat(ok(cli("letter", "invitation", "--stage", "candidate", "-f", "md", "-o", "a")).output)
    assert "hverken bruges til reklame eller til andre henvendelser" in out
    assert "CVR-loven §§ 19 og 22" in out


# ---------------------------------------------------------------------------------------------------------------
# The company guide: reklamebeskyttelse and the rules for young workers

COMPANY_GUIDE = REPO / "guides" / "saet-virksomheder-i-spil.yaml"
AT_HOURS = "https://arbejdstilsynet.dk/da/regler/unge/unges-arbejdstid-hviletid-og-fridogn"
AT_ALONE = "https://at.dk/om-os/at-interne-instrukser/cir-13-unges-arbejde/cir-13-1/"
ELOV_61 = "https://www.elov.dk/arbejdsmiljoloven/61/"
ELOV_62 = "https://elov.dk/arbejdsmiljoloven/paragraf/62"
WIICOM = "https://www.wiicom.dk/reklamebeskyttelse"
ENKLERE = "https://enklereregler.dk/forslag/1153927/19"


@pytest.mark.parametrize(
    ("wording", "url"),
    [
        pytest.param(
            "CVR-oplysninger om en reklamebeskyttet virksomhed må hverken bruges til reklame eller til andre "
            "henvendelser, medmindre virksomheden har givet samtykke, eller der er hjemmel i lov (CVR-loven §§ 19 og "
            "22).",
            WIICOM,
            id="protection-tip",
        ),
        pytest.param(
            "may not be used for advertising or for any other approach unless",
            ENKLERE,
            id="protection-tip-en",
        ),
        pytest.param(
            "Oplysningerne om en reklamebeskyttet virksomhed må hverken bruges til reklame eller til andre "
            "henvendelser uden virksomhedens samtykke eller hjemmel i lov",
            WIICOM,
            id="protection-question",
        ),
        pytest.param(
            "kontakt dem ikke ud fra CVR-oplysningerne – hverken med reklame eller andre henvendelser – medmindre de "
            "har givet samtykke",
            ENKLERE,
            id="protection-checklist",
        ),
        pytest.param(
            "men ikke til de reklamebeskyttede, medmindre de har givet samtykke",
            WIICOM,
            id="protection-invitations",
        ),
        pytest.param(
            "Unge under 13 må som hovedregel ikke arbejde for en arbejdsgiver.", AT_HOURS, id="under-13"
        ),
        pytest.param(
            "må højst arbejde 2 timer på en skoledag og 12 timer i en skoleuge, 7 timer (13-14 år) eller 8 timer "
            "(15-17 år) på en skolefri dag og 35 eller 40 timer i en helt skolefri uge",
            ELOV_61,
            id="hours",
        ),
        pytest.param("– og aldrig mellem kl. 20 og 6.", AT_HOURS, id="never-20-06-in-school"),
        pytest.param(
            "Unge, der har afsluttet 9. klasse, må i visse brancher arbejde senere, fx i butikker og på tankstationer "
            "til kl. 22.",
            AT_HOURS,
            id="later-when-finished-9th",
        ),
        pytest.param(
            "Ingen under 18 må være alene på arbejde i fx kiosk, bagerbutik, grillbar eller på tankstation på "
            "hverdage kl. 18-6 og i weekender og på helligdage kl. 14-6; i storcentre med vagter eller overvågning "
            "må de dog være alene til kl. 20.",
            AT_ALONE,
            id="alone",
        ),
        pytest.param(
            "Ingen under 18 må være alene på arbejde i fx kiosk, bagerbutik, grillbar eller på tankstation på "
            "hverdage kl. 18-6 og i weekender og på helligdage kl. 14-6; der skal være en person over 18 til stede. "
            "I storcentre med vagter eller overvågning må de dog være alene til kl. 20.",
            AT_ALONE,
            id="alone-industries",
        ),
        pytest.param(
            "Arbejder en ung mere end 4½ time, skal der være en pause på mindst 30 minutter",
            ELOV_61,
            id="break",
        ),
        pytest.param("de unge skal have to sammenhængende fridøgn om ugen", ELOV_62, id="days-off"),
        pytest.param(
            "Fra 1. januar 2025 må unge fra 13 år løse flere slags opgaver og arbejde med ufarlige maskiner",
            "https://bm.dk/arbejdsomraader/aktuelle-fokusomraader/flere-unge-skal-have-et-fritidsjob",
            id="change-2025",
        ),
        pytest.param(
            "fra 1. januar 2026 skal arbejdsgiveren lave en risikovurdering, før en ung arbejder med maskiner eller "
            "kemi",
            "https://at.dk/faa-viden/boern-og-unge/faa-viden-om-regler/unges-arbejde-med-maskiner-og-kemi",
            id="risk-assessment-2026",
        ),
        pytest.param(
            "På en skolefri dag er grænsen 7 timer og i en helt skolefri uge 35 timer",
            ELOV_61,
            id="hours-13-14",
        ),
        pytest.param(
            "Sørg for, at arbejdsgiveren skriftligt orienterer forældrene til hver ung, der er under 15 eller stadig "
            "undervisningspligtig, om arbejdstid, risici og sikkerhed",
            "http://www.ungmedjob.dk/foraelder/foraelder-hvad-er-mit-ansvar",
            id="parents-in-writing",
        ),
    ],
)
def test_the_company_guide_holds_the_corrected_fact_with_its_source(wording: str, url: str) -> None:
    assert sourced(COMPANY_GUIDE, wording, url)


@pytest.mark.parametrize(
    "wrong",
    [
        "skal ikke have masseudsendelser",
        "Kontakt dem kun personligt, hvis der er en konkret grund",
        "Only contact them personally if there is a specific reason",
        "så de ikke kommer med i masseudsendelser",
        "uden masseudsendelse til de reklamebeskyttede",
        "normalt mellem kl. 6 og 20",
        "Work is normally between 6 am and 8 pm",
        "grillbar om aftenen",
        "alone in a kiosk or similar in the evening",
        "forældre til unge under 15 kender til jobbet",
    ],
)
def test_the_company_guide_no_longer_holds_the_wrong_wording(wrong: str) -> None:
    assert wrong not in _flat(COMPANY_GUIDE.read_text(encoding="utf-8"))


def test_the_company_guide_points_to_lokalspil_rules(cli: Cli, workspace: Path) -> None:
    doc = ok(cli("guide", "show", "--json")).stdout
    assert doc.count("lokalspil rules") >= 4
    assert "never between 8 pm and 6 am" in doc and "shops and at petrol stations until 10 pm" in doc
