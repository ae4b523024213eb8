"""Case stories in guides: the `cases:` list under a step, each with its public source; the loader checks them,
`guide show` (and --json) and the walk show them, and the company guide carries the three we could verify."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from lokalspil.guide_files import check_guide_file, load_guide_file
from tests.conftest import OTHER_GUIDE, REPO, Cli, ok

COMPANY_GUIDE = REPO / "guides" / "saet-virksomheder-i-spil.yaml"
GUIDE_FILES = sorted((REPO / "guides").glob("*.yaml"))

CASE = """\
    cases:
      - id: vaerksted-i-naboomraadet
        place: "Nørreparken, Eksempelby"
        title: {da: "Værkstedet i naboområdet", en: "The workshop next door"}
        text: {da: "Naboområdet åbnede et værksted.", en: "The estate next door opened a workshop."}
        source:
          url: https://example.org/vaerksted
          title: "Et værksted åbner (Eksempelby Avis, 2025)"
          read: 2026-12-06
"""


def with_case(case: str = CASE) -> str:
    """OTHER_GUIDE with `case` under its first step, after the tips."""
    tips = '      - {da: "Spørg de unge først.", en: "Ask the young people first."}\n'
    assert tips in OTHER_GUIDE
    return OTHER_GUIDE.replace(tips, tips + case, 1)


def test_the_loader_accepts_a_case_and_keeps_its_source(write_file: Callable[[str, str], Path]) -> None:
    guide = load_guide_file(write_file("cykelvaerksted.yaml", with_case()))
    (case,) = guide.steps[0].cases
    assert case.id == "vaerksted-i-naboomraadet" and case.place == "Nørreparken, Eksempelby"
    assert case.title.en == "The workshop next door"
    assert case.source.url == "https://example.org/vaerksted" and case.source.read == "2026-12-06"
    assert guide.steps[1].cases == ()  # the list is optional


BROKEN_CASES = [
    # (what is wrong, the change to CASE, the key path reported, words in the message)
    ("unknown key", ("        place:", "        sted: x\n        place:"), "steps[0].cases[0].sted", "sted"),
    ("no source", ("        source:\n          url: https://example.org/vaerksted\n"
                   "          title: \"Et værksted åbner (Eksempelby Avis, 2025)\"\n          read: 2026-12-06\n", ""),
     "steps[0].cases[0]", "source"),
    ("no read date", ("          read: 2026-12-06\n", ""), "steps[0].cases[0].source", "read"),
    ("a read date that is no date", ("read: 2026-12-06", "read: i går"), "steps[0].cases[0].source.read", "i går"),
    ("no web address", ("url: https://example.org/vaerksted", "url: avisen"), "steps[0].cases[0].source.url",
     "avisen"),
    ("unknown key in the source", ("          read:", "          author: x\n          read:"),
     "steps[0].cases[0].source.author", "author"),
    ("missing English", (', en: "The estate next door opened a workshop."', ""), "steps[0].cases[0].text",
     "engelsk"),
    ("no place", ('        place: "Nørreparken, Eksempelby"\n', ""), "steps[0].cases[0]", "place"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "change", "key_path", "words"), BROKEN_CASES, ids=[b[0] for b in BROKEN_CASES]
)
def test_the_loader_refuses_a_case_without_what_it_needs(
    cli: Cli,
    write_file: Callable[[str, str], Path],
    name: str,
    change: tuple[str, str],
    key_path: str,
    words: str,
) -> None:
    assert change[0] in CASE
    path = write_file("broken.yaml", with_case(CASE.replace(change[0], change[1], 1)))
    result = cli("guide", "check", str(path))
    assert result.exit_code == 1
    assert f": {key_path}:" in result.stderr, result.stderr
    assert words in result.stderr


def test_two_cases_with_one_id_are_refused(write_file: Callable[[str, str], Path]) -> None:
    second = CASE.removeprefix("    cases:\n")
    _, problems = check_guide_file(write_file("twice.yaml", with_case(CASE + second)))
    assert [p.path for p in problems] == ["steps[0].cases[1].id"]


@pytest.mark.parametrize("path", GUIDE_FILES, ids=lambda p: p.stem)
def test_every_case_in_a_shipped_guide_has_a_web_source_and_the_day_it_was_read(path: Path) -> None:
    guide = load_guide_file(path)
    for case in (c for step in guide.steps for c in step.cases):
        assert case.source.url.startswith(("https://", "http://")), case.id
        assert case.source.title and case.source.read == "2026-12-06", case.id
        assert case.place and case.text.da != case.text.en, case.id
        assert 2 <= case.text.da.count(". ") + 1 <= 4, case.id  # two to four sentences


def test_the_three_cases_stand_where_their_step_fits() -> None:
    guide = load_guide_file(COMPANY_GUIDE)
    where = {case.id: (step.id, case.place) for step in guide.steps for case in step.cases}
    assert where == {
        "lommepengejob-vaerebro-park": ("kortlaeg", "Værebro Park, Gladsaxe"),
        "arriva-motalavej": ("kontakt", "Motalavej, Korsør"),
        "jobcup-varbergparken": ("drift", "Varbergparken, Haderslev"),
    }
    cases = {case.id: case for step in guide.steps for case in step.cases}
    assert cases["arriva-motalavej"].source.url == (
        "http://www.foreningen-nydansker.dk/site/nyhed/2014-09-04/csr-i-udsatte-boligomr-der"
    )
    assert cases["jobcup-varbergparken"].source.url.startswith("https://www.planogproces.dk/")
    assert "over 40 job" in cases["jobcup-varbergparken"].text.da  # jobs, not "40 unge": the source says jobs
    assert cases["lommepengejob-vaerebro-park"].source.url.startswith("http://www.gladsaxebladet.dk/2017/")


def test_hoeje_gladsaxe_and_sydbyen_are_left_out_and_the_file_says_why() -> None:
    guide = load_guide_file(COMPANY_GUIDE)
    for case in (c for step in guide.steps for c in step.cases):
        for name in ("Høje Gladsaxe", "Sydbyen"):
            assert name not in case.place and name not in case.text.da and name not in case.text.en
    header = COMPANY_GUIDE.read_text(encoding="utf-8").split("\nid:")[0]
    assert "For Sydbyen and Høje Gladsaxe we found nothing verifiable" in " ".join(header.split())


@pytest.mark.parametrize(
    ("lang", "heading", "title", "source"),
    [
        (
            "da",
            "Erfaringer fra andre boligområder",
            "Busselskabet kom til sommerfesten",
            "Kilde: CSR i udsatte",
        ),
        (
            "en",
            "Experience from other estates",
            "The bus company came to the summer party",
            "Source: CSR i udsatte",
        ),
    ],
)
def test_guide_show_prints_the_cases_with_their_source(
    cli: Cli, workspace: Path, lang: str, heading: str, title: str, source: str
) -> None:
    shown = ok(cli("--lang", lang, "guide", "show")).stdout
    assert shown.count(heading) == 3
    step_3 = shown[shown.index("\n3. ") : shown.index("\n4. ")]
    assert heading in step_3 and title in step_3 and source in step_3
    assert "http://www.foreningen-nydansker.dk/site/nyhed/2014-09-04/csr-i-udsatte-boligomr-der" in step_3
    assert ("læst 06-12-2026" if lang == "da" else "read 2026-12-06") in step_3
    assert "https://www.planogproces.dk/project/udsat-boligomraade-med-godt-naboskab/" in shown


def test_guide_show_json_holds_the_cases(cli: Cli, workspace: Path) -> None:
    doc = json.loads(ok(cli("guide", "show", "--json")).stdout)
    step = next(s for s in doc["steps"] if s["id"] == "kontakt")
    (case,) = step["cases"]
    assert case["id"] == "arriva-motalavej" and case["place"] == "Motalavej, Korsør"
    assert set(case["title"]) == set(case["text"]) == {"da", "en"}
    assert case["source"]["read"] == "2026-12-06" and case["source"]["url"].startswith("http://")
    assert next(s for s in doc["steps"] if s["id"] == "formaal")["cases"] == []


def test_the_walk_shows_the_cases_at_the_start_of_the_step(
    workspace: Path, terminal: Callable[..., pexpect.spawn]
) -> None:
    child = terminal("guide", "--step", "drift")
    child.expect_exact("Trin 4 af 5")
    child.expect_exact("Gode råd")
    child.expect_exact("Erfaringer fra andre boligområder")
    child.expect_exact("En fast jobformidler (Varbergparken, Haderslev)")
    child.expect_exact("https://www.planogproces.dk/project/udsat-boligomraade-med-godt-naboskab/")
    child.expect_exact("Hvor tit vil du have kontakt med hver virksomhed?")  # the questions come after
    time.sleep(
        0.3
    )  # Ctrl-C once the prompt has settled, as a person presses it (see test_walk_pty.press_ctrl_c)
    child.sendintr()
    child.expect(pexpect.EOF)
