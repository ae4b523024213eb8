"""Data protection in free text: CPR numbers refused everywhere, sensitive topics warned about."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from lokalspil.privacy import has_cpr, sensitive_topics
from tests.conftest import Cli, Query, answered


@pytest.mark.parametrize(
    "text",
    ["Hans har CPR 010190-1234", "0101901234", "cpr: 311299-1234.", "født 290200 1234", "x 150607-4321 y"],
)
def test_cpr_numbers_are_found(text: str) -> None:
    assert has_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ring på 12 34 56 78",
        "CVR 13585628",
        "Faktura 993312-1234",  # no 99th month: not a date
        "320190-1234",  # no 32nd day
        "300290-1234",  # no 30 February
        "tlf +45 12345678, 2 pladser",
        "P-nummer 10123456789",  # eleven digits
        "2026-11-28",
    ],
)
def test_other_numbers_are_not_cpr(text: str) -> None:
    assert not has_cpr(text)


def test_sensitive_topics() -> None:
    assert sensitive_topics("Han er sygemeldt med stress") == ["health"]
    assert sensitive_topics("Tidligere dømt for tyveri; muslim") == ["religion", "crime"]
    assert sensitive_topics("Bager på Syvendehusvej, mødes i kirkens lokaler") == []
    assert sensitive_topics(None) == []


def test_cpr_in_any_free_text_is_refused_and_nothing_stored(cli: Cli, workspace: Path, query: Query) -> None:
    cpr = "010190-1234"
    assert cli("company", "add", "Bageriet", "--note", f"Kontakt {cpr}").exit_code == 1
    assert query("SELECT count(*) FROM companies") == [(0,)]
    assert cli("company", "add", "Bageriet").exit_code == 0
    refused = [
        cli("company", "edit", "Bageriet", "--note", cpr),
        cli("contact", "add", "Bageriet", "Hans Jensen", "--purpose", f"cpr {cpr}"),
        cli("log", "Bageriet", f"Hans' CPR er {cpr}"),
        cli("agreement", "add", "Bageriet", "--kind", "fritidsjob", "--note", cpr.replace("-", "")),
        cli("guide", "answer", "formaal.maal", f"Unge som {cpr}"),
    ]
    for result in refused:
        assert result.exit_code == 1, result.output
        assert "CPR-nummer" in result.output and cpr not in result.output
    dump = "\n".join(
        str(row)
        for table in ("companies", "contacts", "activities", "agreements", "guide_answers")
        for row in query(f"SELECT * FROM {table}")
    )
    assert "1234" not in dump


def test_cpr_in_an_imported_note_is_left_out_with_a_warning(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    (tmp_path / "liste.csv").write_text(
        "Navn;Noter\nBageriet;Ejer 010190-1234\nMaleren;God kontakt\n", encoding="utf-8"
    )
    report = json.loads(cli("import", "companies", "liste.csv", "--yes", "--json").output)
    assert report["new"] == 2 and report["warnings"] == 1
    assert query("SELECT name, notes FROM companies ORDER BY name") == [
        ("Bageriet", None),
        ("Maleren", "God kontakt"),
    ]


def test_sensitive_note_is_stored_with_a_warning_when_no_one_can_be_asked(
    cli: Cli, workspace: Path, query: Query
) -> None:
    assert cli("company", "add", "Bageriet").exit_code == 0
    result = cli("log", "Bageriet", "Den unge er sygemeldt")
    assert result.exit_code == 0
    assert "helbred" in result.output and "følsomme" in result.output
    assert query("SELECT count(*) FROM activities WHERE kind = 'note'") == [(1,)]


def test_sensitive_note_asks_first_at_a_terminal(
    cli: Cli, workspace: Path, query: Query, terminal: Callable[..., pexpect.spawn]
) -> None:
    assert cli("company", "add", "Bageriet").exit_code == 0
    for reply, stored in (("n", 0), ("j", 1)):
        child = terminal("log", "Bageriet", "Tidligere dømt for tyveri")
        child.expect_exact("strafbare forhold")
        child.expect_exact("Gem alligevel?")
        assert answered(child, reply) == (1 if reply == "n" else 0)
        assert query("SELECT count(*) FROM activities WHERE kind = 'note'") == [(stored,)]


def test_cpr_in_an_imported_name_or_address_is_caught_on_the_fast_path(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    rows = [f"Virksomhed {i};Vej {i}" for i in range(3000)]
    rows[1500] = "Virksomhed 1500;Vej 010190-1234"
    rows[2500] = "Ejer 0101901234;Vej 2500"
    (tmp_path / "stor.csv").write_text("Navn;Adresse\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = json.loads(cli("import", "companies", "stor.csv", "--yes", "--json").output)
    assert report["new"] == 2999 and report["rejected"] == 1 and report["warnings"] == 1
    assert query(
        "SELECT count(*) FROM companies WHERE address LIKE '%010190%' OR name LIKE '%0101901234%'"
    ) == [(0,)]


def test_one_cpr_warning_in_an_import_is_not_reported_for_the_rows_after_it(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    lines = ["Navn;Postnr;Intern", "Firma A;2000;cpr 010190-1234", "Firma B;2000;ok", "Firma C;2000;ok"]
    (tmp_path / "liste.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = json.loads(cli("import", "companies", "liste.csv", "--keep-unknown", "--yes", "--json").output)
    assert report["new"] == 3 and report["warnings"] == 1


def test_the_rejects_file_holds_no_cpr_number(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    lines = ["Navn;Postnr;Noter", "Hans Jensen 010190-1234;2000;x", ";2000;CPR 020290-1234", "Firma;2000;ok"]
    (tmp_path / "liste.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = json.loads(cli("import", "companies", "liste.csv", "--yes", "--json").output)
    assert report["rejected"] == 2
    rejects = Path(report["rejects_file"]).read_text(encoding="utf-8-sig")
    assert "1234" not in rejects and "010190-XXXX" in rejects and "020290-XXXX" in rejects


def test_forgetting_a_person_tells_which_backups_still_hold_them(cli: Cli, workspace: Path) -> None:
    assert cli("company", "add", "Bageriet").exit_code == 0
    assert cli("contact", "add", "Bageriet", "Hans Jensen").exit_code == 0
    assert cli("backup").exit_code == 0
    result = cli("contact", "forget", "1", "--yes")
    assert result.exit_code == 0 and "1 sikkerhedskopi" in result.output  # singular or plural wording


def test_a_log_entry_is_corrected_or_deleted_for_good(cli: Cli, workspace: Path, query: Query) -> None:
    assert cli("company", "add", "Bageren").exit_code == 0
    assert cli("log", "Bageren", "Hans har sukkersyge og diabetes").exit_code == 0
    assert cli("log", "Bageren", "Ringede om xylofonen").exit_code == 0
    edited = cli("entry", "edit", "1", "Talte om arbejdstider")
    assert edited.exit_code == 0, edited.output
    removed = cli("entry", "remove", "2", "--yes")
    assert removed.exit_code == 0, removed.output
    assert query("SELECT id, summary FROM activities ORDER BY id") == [(1, "Talte om arbejdstider")]
    assert "Intet fundet" in cli("search", "diabetes").output
    for path in workspace.parent.glob(f"{workspace.name}*"):  # the database, its log and its index
        data = path.read_bytes()
        assert b"diabetes" not in data and b"sukkersyge" not in data and b"xylofon" not in data, path.name
    assert query("SELECT action FROM history WHERE entity = 'activity' ORDER BY id") == [
        ("added",), ("added",), ("changed",), ("removed",)
    ]  # fmt: skip
    missing = cli("entry", "remove", "2", "--yes")
    assert missing.exit_code == 1 and "ingen post nr. 2" in missing.output


def test_forgetting_a_person_says_when_the_companys_own_phone_was_theirs(cli: Cli, workspace: Path) -> None:
    assert cli("company", "add", "Smedjen", "--phone", "20 30 40 50").exit_code == 0
    assert cli("contact", "add", "Smedjen", "Ole", "--phone", "20304050").exit_code == 0
    result = cli("contact", "forget", "1", "--yes")
    assert result.exit_code == 0 and "Virksomhedens egne felter hos Smedjen (Telefon)" in result.output
    assert json.loads(cli("company", "show", "Smedjen", "--json").stdout)["phone"] is None
