"""`lokalspil opening ...` (the job board) and `lokalspil target ...` (måltal)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, Query, ok, printed_json


@pytest.fixture
def bakery(cli: Cli, workspace: Path) -> Path:
    ok(cli("company", "add", "Bageren"))
    ok(cli("company", "add", "Smeden"))
    ok(cli("agreement", "add", "Bageren", "--kind", "fritidsjob", "--status", "signed"))
    return workspace


def test_an_opening_as_a_coordinator_types_it(cli: Cli, bakery: Path, query: Query) -> None:
    said = ok(cli("opening", "add", "Bageren", "Fritidsjob  i butikken", "--places", "2", "--ages", "13–14, 15 - 17",
                  "--hours", "tirs og tors", "--from", "15", "--to", "kl. 18.30", "--weekly-hours", "6,5",
                  "--season", "hele året", "--requirements", "Skal have cykel", "--agreement", "1",
                  "--opened", "24-06-2026")).stdout  # fmt: skip
    assert "Opslag nr. 1 (fritidsjob) hos Bageren er gemt." in said
    assert query(
        """SELECT title, kind, places, age_bands, hours, from_time, to_time, weekly_hours, season, requirements,
                  status, opened, closed, agreement_id FROM openings"""
    ) == [("Fritidsjob i butikken", "fritidsjob", 2, '["13-14", "15-17"]', "tirs og tors", "15:00", "18:30", 6.5,
           "hele året", "Skal have cykel", "open", "2026-06-24", None, 1)]  # fmt: skip
    (listed,) = printed_json(cli("opening", "list", "Bageren", "--status", "åbent", "--json"))
    assert listed["age_bands"] == ["13-14", "15-17"] and listed["status_label"] == "åbent"
    table = ok(cli("opening", "list")).stdout
    assert "Fritidsjob i butikken" in table and "15:00–18:30" in table and "6,5 timer" in table


def test_an_opening_takes_its_agreements_kind_and_only_its_own_companys(cli: Cli, bakery: Path) -> None:
    ok(cli("opening", "add", "Bageren", "Sommerjob", "--agreement", "1"))
    assert printed_json(cli("opening", "list", "--json"))[0]["kind"] == "fritidsjob"
    refused = cli("opening", "add", "Smeden", "Sommerjob", "--agreement", "1")
    assert refused.exit_code == 1 and "aftale nr. 1 er med en anden virksomhed" in refused.stderr
    refused = cli("opening", "add", "Smeden", "Sommerjob")
    assert "Angiv hvilken slags job det er med --kind" in refused.stderr


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [("--from", "25", "'25' er ikke et klokkeslæt"), ("--ages", "10-12", "'10-12' er ikke en aldersgruppe"),
     ("--places", "0", "'0' er ikke et antal pladser"), ("--weekly-hours", "80", "er ikke et antal timer om ugen"),
     ("--kind", "kage", "'kage' er ikke en slags aftale"), ("--opened", "32-1-2026", "er ikke en dato"),
     ("--requirements", "CPR 010190-1234", "CPR-nummer"), ("--status", "halvåbent", "er ikke en status")],
)  # fmt: skip
def test_an_opening_refuses_what_does_not_fit(cli: Cli, bakery: Path, query: Query, option: str, value: str,
                                              said: str) -> None:  # fmt: skip
    refused = cli("opening", "add", "Bageren", "Job", "--kind", "fritidsjob", option, value)
    assert refused.exit_code == 1 and "Opslaget er ikke gemt." in refused.stderr and said in refused.stderr
    assert query("SELECT count(*) FROM openings") == [(0,)]


def test_closing_editing_and_opening_again(cli: Cli, bakery: Path, query: Query) -> None:
    ok(cli("opening", "add", "Bageren", "Job", "--kind", "fritidsjob", "--opened", "2026-03-01"))
    refused = cli("opening", "close", "1", "--date", "2026-02-01", "--filled")
    assert "Lukkedatoen ligger før den dag, opslaget blev slået op." in refused.stderr
    assert query("SELECT status, closed FROM openings") == [
        ("open", None)
    ]  # closed before it opened: refused
    said = ok(cli("opening", "close", "1", "--filled", "--date", "1-4-2026")).stdout
    assert "Opslag nr. 1 hos Bageren er besat (01-04-2026)." in said
    ok(cli("opening", "edit", "1", "--status", "open", "--places", "3", "--title", "Job i butikken"))
    assert query("SELECT status, closed, places, title FROM openings") == [
        ("open", None, 3, "Job i butikken")
    ]
    ok(cli("opening", "close", "1", "--date", "2026-05-01"))
    assert query("SELECT status, closed FROM openings") == [("closed", "2026-05-01")]
    assert "Der er intet opslag nr. 9" in cli("opening", "close", "9").stderr


def test_the_company_card_shows_openings_and_placements(cli: Cli, bakery: Path) -> None:
    ok(cli("opening", "add", "Bageren", "Fritidsjob i butikken", "--kind", "fritidsjob", "--places", "2"))
    ok(cli("placement", "add", "Bageren", "--opening", "1", "--age", "13-14", "--school", "i skole"))
    card = ok(cli("company", "show", "Bageren")).stdout
    assert "1 af 1 opslag er åbne, med 2 pladser i alt." in card and "Fritidsjob i butikken" in card
    assert "1 forløb, heraf 1 i gang." in card
    shown = printed_json(cli("company", "show", "Bageren", "--json"))
    assert [o["id"] for o in shown["openings"]] == [1] and shown["placements"][0]["age_band"] == "13-14"


# -- targets ----------------------------------------------------------------------------------------------------------


def test_setting_listing_and_removing_targets(cli: Cli, workspace: Path, query: Query) -> None:
    ok(cli("target", "set", "young_started", "2026", "12", "--baseline", "4"))
    ok(cli("target", "set", "young-started", "2026", "15"))  # set again: replaced, the baseline kept
    ok(cli("target", "set", "places_offered", "2027", "30"))
    assert query("SELECT indicator, year, target, baseline FROM targets ORDER BY id") == [
        ("young_started", 2026, 15, 4),
        ("places_offered", 2027, 30, None),
    ]
    listed = printed_json(cli("target", "list", "--year", "2026", "--json"))
    assert [(x["indicator"], x["target"], x["baseline"]) for x in listed] == [("young_started", 15, 4)]
    assert "Unge i gang" in ok(cli("target", "list")).stdout  # the indicator's label from the catalogue
    said = ok(cli("target", "remove", "places_offered", "2027")).stdout
    assert "Måltallet for Pladser udbudt i 2027 er fjernet." in said
    assert (
        "Der er intet måltal for places_offered i 2027"
        in cli("target", "remove", "places_offered", "2027").stderr
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [(("jobs", "2026", "3"), "'jobs' er ikke en indikator, lokalspil kender. Vælg en af: companies_contacted,"),
     (("meetings", "1999", "3"), "'1999' er ikke et årstal"), (("meetings", "2026", "tolv"), "'tolv' er ikke et måltal"),
     (("meetings", "2026", "2,5"), "er ikke et måltal")],
)  # fmt: skip
def test_a_target_refuses_what_does_not_fit(
    cli: Cli, workspace: Path, args: tuple[str, ...], said: str
) -> None:
    refused = cli("target", "set", *args)
    assert refused.exit_code == 1 and said in refused.stderr


def test_import_all_takes_back_openings_as_the_commands_store_them(
    cli: Cli, bakery: Path, tmp_path: Path
) -> None:
    ok(cli("opening", "add", "Bageren", "Job", "--kind", "fritidsjob", "--from", "9", "--ages", "15-17"))
    ok(cli("export", "all", "-o", str(tmp_path / "all.json")))
    document = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    document["openings"][0]["to_time"] = "kl. 25"
    (tmp_path / "bad.json").write_text(json.dumps(document), encoding="utf-8")
    refused = cli("--db", str(tmp_path / "other.db"), "import", "all", str(tmp_path / "bad.json"))
    assert refused.exit_code == 1 and "'kl. 25' er ikke et klokkeslæt" in refused.stderr


def test_one_place_is_one_plads(cli: Cli, bakery: Path) -> None:
    ok(cli("opening", "add", "Bageren", "Fritidsjob i butikken", "--kind", "fritidsjob", "--places", "1"))
    assert "1 af 1 opslag er åbne, med 1 plads i alt." in ok(cli("company", "show", "Bageren")).stdout
