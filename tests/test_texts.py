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
