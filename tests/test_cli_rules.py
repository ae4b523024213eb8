"""`lokalspil rules [AGE] [--school ...] [--json]`."""

from __future__ import annotations

from tests.conftest import Cli, ok, printed_json


def test_rules_for_a_14_year_old_in_danish_with_sources(cli: Cli) -> None:
    out = ok(cli("rules", "14")).stdout
    assert "13-14 år" in out
    assert "aldrig arbejde mellem kl. 20 og kl. 6" in " ".join(out.split())
    assert "Kilde: Arbejdsmiljøloven § 61 (elov.dk)" in out
    # addresses are shown whole (folded, never cut short with an ellipsis)
    assert "…" not in out
    assert "Tjek selv" in out and "at.dk" in out


def test_rules_in_english_for_one_who_has_finished_school(cli: Cli) -> None:
    out = " ".join(ok(cli("--lang", "en", "rules", "16", "--school", "faerdig")).stdout.split())
    assert "Aged 15-17, has finished 9th grade" in out
    assert "in shops and at petrol stations until 10 pm" in out
    assert "still in compulsory schooling" not in out


def test_rules_as_json(cli: Cli) -> None:
    data = printed_json(cli("rules", "--json"))
    assert [g["age_band"] for g in data["groups"]] == ["under-13", "13-14", "15-17", "15-17"]
    night = next(r for r in data["groups"][3]["rules"] if r["id"] == "night-faerdig")
    assert night["night"] == {"from": "20:00", "to": "06:00"}
    assert night["later"][0]["industries"] == ["47"] and night["later"][0]["until"] == "22:00"
    assert night["source"]["read"] == "2026-12-06"


def test_rules_refuse_an_adult_age_and_a_bad_school_status(cli: Cli) -> None:
    result = cli("rules", "30")
    assert result.exit_code == 1 and "under 18" in result.output
    result = cli("rules", "16", "--school", "gymnasiet")
    assert result.exit_code != 0 and "i-skole" in result.output
