"""`lokalspil company ...`: adding with checks, the pipeline, lookup, list filters, the card, merge and remove."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, Query, ok, printed_json


def add(cli: Cli, name: str, *options: str) -> int:
    ok(cli("company", "add", name, *options))
    return int(json.loads(cli("company", "show", name, "--json").stdout)["id"])


def show(cli: Cli, ref: str) -> dict[str, Any]:
    return printed_json(cli("company", "show", ref, "--json"))  # type: ignore[no-any-return]


def test_add_normalises_every_field(cli: Cli, workspace: Path) -> None:
    add(
        cli, "Bageriet Ørnen ApS",
        "--cvr", "DK 13 58 56 28", "--pnr", "10.1234.5678", "--postcode", "860", "--city", "Søborg",
        "--phone", "0045 39661234", "--email", "info@oernen.dk", "--website", "oernen.dk",
        "--industry-code", "10.71.00", "--industry", "Bagerier", "--employees", "10 - 19 ansatte",
        "--tag", "bager", "--tag", "kantine, Bager", "--note", "Kender formanden", "--protected",
    )  # fmt: skip
    company = show(cli, "ørnen")
    assert {
        k: company[k] for k in ("cvr", "pnr", "postcode", "phone", "website", "industry_code", "employees")
    } == {
        "cvr": "13585628",
        "pnr": "1012345678",
        "postcode": "0860",
        "phone": "+45 39 66 12 34",
        "website": "https://oernen.dk",
        "industry_code": "107100",
        "employees": "10-19",
    }
    assert company["tags"] == ["bager", "kantine"]
    assert company["protected"] is True and company["social_economy"] is False
    assert company["stage"] == "candidate"


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [
        ("--cvr", "13585627", "CVR-nummer"),
        ("--cvr", "1358562", "CVR-nummer"),
        ("--postcode", "28600", "Postnummer"),
        ("--postcode", "DK-28", "Postnummer"),
        ("--email", "info(at)oernen.dk", "E-mail"),
        ("--phone", "1234", "Telefon"),
        ("--stage", "færdig", "Fase i forløbet"),
    ],
)
def test_an_invalid_field_is_refused_by_name_and_nothing_is_stored(
    cli: Cli, workspace: Path, query: Query, option: str, value: str, field: str
) -> None:
    result = cli("company", "add", "Bageren", option, value)
    assert result.exit_code == 1
    assert f"{field}: '{value}'" in result.stderr and "ikke gemt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert query("SELECT count(*) FROM companies") == [(0,)]


def test_a_cvr_is_unique_and_the_refusal_points_to_the_existing_company(cli: Cli, workspace: Path) -> None:
    first = add(cli, "Bageren", "--cvr", "13585628")
    result = cli("company", "add", "Bageren igen", "--cvr", "DK13585628")
    assert result.exit_code == 1
    assert f"nr. {first}" in result.stderr and "company show" in result.stderr


def test_a_company_is_found_by_id_cvr_or_part_of_its_name(cli: Cli, workspace: Path) -> None:
    ornen = add(cli, "Bageriet Ørnen", "--cvr", "13585628")
    add(cli, "Bageriet Solsikken")
    for ref in (str(ornen), "13585628", "DK 13585628", "ØRNEN", "riet ør"):
        assert show(cli, ref)["id"] == ornen
    ambiguous = cli("company", "show", "bageriet")
    assert ambiguous.exit_code == 1
    assert (
        "2 virksomheder" in ambiguous.stderr
        and "Solsikken" in ambiguous.stderr
        and "Ørnen" in ambiguous.stderr
    )
    missing = cli("company", "show", "Slagteren")
    assert missing.exit_code == 1 and "Ingen virksomhed" in missing.stderr


def test_a_stage_change_is_logged_with_old_and_new_stage(cli: Cli, workspace: Path) -> None:
    add(cli, "Netto")
    assert cli("company", "stage", "netto", "Kontaktet").exit_code == 0
    assert cli("company", "stage", "netto", "meeting").exit_code == 0
    assert cli("company", "edit", "netto", "--stage", "paused").exit_code == 0
    activities = show(cli, "netto")["activities"]
    changes = [(a["old_stage"], a["new_stage"]) for a in activities if a["kind"] == "stage"]
    assert changes == [("meeting", "paused"), ("contacted", "meeting"), ("candidate", "contacted")]
    assert show(cli, "netto")["stage"] == "paused"
    same = cli("company", "stage", "netto", "paused")
    assert same.exit_code == 0 and "allerede" in same.stdout


def test_list_filters_and_json_shape(cli: Cli, workspace: Path) -> None:
    add(cli, "Bageren", "--postcode", "2860", "--tag", "mad")
    add(cli, "Netto", "--postcode", "2870", "--stage", "contacted")
    add(cli, "Grøn Cykel", "--social-economy", "--tag", "Mad")
    every = json.loads(cli("company", "list", "--json").stdout)
    assert [c["name"] for c in every] == ["Bageren", "Grøn Cykel", "Netto"]
    assert set(every[0]) >= {"id", "name", "cvr", "postcode", "city", "email", "phone", "stage", "tags"}

    def names(*filters: str) -> list[str]:
        return [c["name"] for c in json.loads(cli("company", "list", *filters, "--json").stdout)]

    assert names("--stage", "kontaktet") == ["Netto"]
    assert names("--tag", "mad") == ["Bageren", "Grøn Cykel"]
    assert names("--postcode", "DK-2860") == ["Bageren"]
    assert names("--social-economy") == ["Grøn Cykel"]
    assert names("--no-social-economy") == ["Bageren", "Netto"]
    assert names("--search", "cyk") == ["Grøn Cykel"]
    table = cli("company", "list").stdout
    assert "Bageren" in table and "Kontaktet" in table and "3 virksomheder" in table


def test_edit_changes_only_what_is_given(cli: Cli, workspace: Path) -> None:
    add(cli, "Bageren", "--city", "Søborg", "--tag", "mad")
    assert cli("company", "edit", "bageren", "--email", "bager@eksempel.dk", "--rsv").exit_code == 0
    company = show(cli, "bageren")
    assert company["city"] == "Søborg" and company["email"] == "bager@eksempel.dk" and company["rsv"] is True
    assert company["tags"] == ["mad"]
    bad = cli("company", "edit", "bageren", "--postcode", "12")
    assert bad.exit_code == 1 and show(cli, "bageren")["postcode"] is None


def test_merge_keeps_every_activity_contact_and_agreement_of_both(
    cli: Cli, workspace: Path, query: Query
) -> None:
    a = add(cli, "Bageriet Ørnen", "--tag", "mad")
    b = add(cli, "Ørnen Bageri ApS", "--cvr", "13585628", "--city", "Søborg", "--tag", "kantine")
    cli("log", str(a), "Ringede", "--kind", "call")
    cli("log", str(b), "Sendte brev", "--kind", "letter", "--follow-up", "+3")
    cli("company", "stage", str(b), "contacted")
    cli("contact", "add", str(b), "Jens Jensen", "--email", "jens@ornen.dk")
    cli("agreement", "add", str(b), "--kind", "fritidsjob", "--places", "2")
    before = {row[0] for row in query("SELECT summary FROM activities")}

    result = cli("company", "merge", str(a), str(b), "--yes")
    assert result.exit_code == 0, result.output
    merged = show(cli, str(a))
    assert before <= {x["summary"] for x in merged["activities"]}
    assert [c["name"] for c in merged["contacts"]] == ["Jens Jensen"]
    assert len(merged["agreements"]) == 1
    assert merged["cvr"] == "13585628" and merged["city"] == "Søborg"
    assert merged["tags"] == ["mad", "kantine"]
    assert query("SELECT count(*) FROM companies") == [(1,)]
    assert query("SELECT count(*) FROM activities WHERE company_id != ?", a) == [(0,)]


def test_remove_asks_first_and_leaves_no_orphans(cli: Cli, workspace: Path, query: Query) -> None:
    add(cli, "Netto")
    cli("contact", "add", "netto", "Ida Holm")
    cli("log", "netto", "Møde", "--kind", "meeting")
    cli("agreement", "add", "netto", "--kind", "jobmesse")
    refused = cli("company", "remove", "netto")
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    assert query("SELECT count(*) FROM companies") == [(1,)]
    assert cli("company", "remove", "netto", "--yes").exit_code == 0
    for table in ("companies", "contacts", "activities", "agreements"):
        assert query(f"SELECT count(*) FROM {table}") == [(0,)], table


def test_a_merge_never_moves_a_company_that_said_no_back_into_the_pipeline(
    cli: Cli, workspace: Path, query: Query
) -> None:
    a = add(cli, "Frisør Åen")
    b = add(cli, "Frisør Åen ApS")
    assert cli("company", "stage", str(a), "declined").exit_code == 0
    assert cli("company", "merge", str(a), str(b), "--yes").exit_code == 0
    assert show(cli, str(a))["stage"] == "declined"
    c = add(cli, "Kiosken")
    d = add(cli, "Kiosken ApS")
    assert cli("company", "stage", str(d), "paused").exit_code == 0
    assert cli("company", "merge", str(c), str(d), "--yes").exit_code == 0  # the pause is passed on
    assert show(cli, str(c))["stage"] == "paused"


def test_an_empty_choice_and_an_edit_of_nothing_are_told_so(cli: Cli, workspace: Path) -> None:
    add(cli, "Netto")
    assert (
        "Ingen virksomheder passer til det, du har valgt"
        in cli("company", "list", "--tag", "findes-ikke").output
    )
    nothing = cli("company", "edit", "Netto")
    assert nothing.exit_code == 1 and "Der er intet at ændre" in nothing.output


def test_a_number_too_large_for_any_record_is_not_found(cli: Cli, workspace: Path) -> None:
    huge = "99999999999999999999"
    for command in (
        ["company", "show", huge],
        ["contact", "edit", huge, "--role", "x"],
        ["log", huge, "Hej"],
    ):
        result = cli(*command)
        assert result.exit_code == 1 and "uventet" not in result.output, command


def test_a_stage_change_reads_in_the_language_of_its_reader(cli: Cli, workspace: Path) -> None:
    add(cli, "Netto")
    assert cli("company", "stage", "Netto", "meeting").exit_code == 0  # written in Danish
    assert "Stage: Candidate → Meeting" in cli("--lang", "en", "company", "show", "Netto").output


def test_add_refuses_a_company_with_the_same_name_and_postcode_without_force(
    cli: Cli, workspace: Path, query: Query
) -> None:
    ok(cli("company", "add", "Bageriet Korn", "--postcode", "2860"))
    refused = cli("company", "add", "bageriet  KORN", "--postcode", "2860")
    assert refused.exit_code == 1
    assert "samme navn og postnummer" in refused.stderr and "--force" in refused.stderr
    ok(cli("company", "add", "Bageriet Korn", "--postcode", "2800"))  # another town: another bakery
    ok(cli("company", "add", "Bageriet Korn", "--postcode", "2860", "--force"))
    assert query("SELECT count(*) FROM companies") == [(3,)]


def test_the_legend_under_the_list_names_only_the_marks_it_shows(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "Bageriet Korn"))
    plain = ok(cli("company", "list")).stdout
    assert "1 virksomhed." in plain and "♻" not in plain and "⊘" not in plain
    ok(cli("company", "add", "Genbrugsværkstedet", "--social-economy"))
    marked = ok(cli("company", "list")).stdout
    assert "♻ socialøkonomisk" in marked and "reklamebeskyttet" not in marked


def test_stage_moves_several_companies_or_those_a_filter_chooses(
    cli: Cli, workspace: Path, query: Query
) -> None:
    for name in ("Bageriet Korn", "Cykelsmeden", "Frisøren", "Blomsterbutikken"):
        ok(cli("company", "add", name, "--tag", "butik" if name != "Bageriet Korn" else "bager"))
    ok(cli("company", "stage", "kontaktet", "Korn", "Cykelsmeden"))
    ok(cli("company", "stage", "Frisøren", "møde"))  # one company, then its stage, as before
    assert query("SELECT name, stage FROM companies ORDER BY id") == [
        ("Bageriet Korn", "contacted"), ("Cykelsmeden", "contacted"), ("Frisøren", "meeting"),
        ("Blomsterbutikken", "candidate"),
    ]  # fmt: skip
    ok(cli("company", "stage", "kontaktet", "--tag", "butik", "--stage", "kandidat"))
    assert query("SELECT stage FROM companies WHERE name = 'Blomsterbutikken'") == [("contacted",)]
    assert query("SELECT count(*) FROM activities WHERE new_stage IS NOT NULL") == [(4,)]
    assert "Hvilke virksomheder?" in cli("company", "stage", "kontaktet").stderr
