"""CPR numbers however they are written: found in folded text, refused in every field that takes text, masked as
010190-XXXX wherever a rejected value is repeated; and text stored in one Unicode form (NFC)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from lokalspil.fields import free_text, one_line
from lokalspil.privacy import has_cpr, mask_cpr
from tests.conftest import Cli, Query

CPR = "010190-1234"
# Ways people write (or paste) the same number: every one is a CPR number.
WRITTEN = [
    "010190-1234", "0101901234", "010190 1234", "010190  1234", "010190 - 1234", "010190/1234", "010190.1234",
    "010190_1234", "010190:1234", "010190,1234", "01.01.90-1234", "01-01-90/1234", "01/01/1990-1234",
    "01.01.1990-1234", "01 01 90 1234", "010119901234", "010190\u20131234", "010190\u20141234", "010190\u22121234",
    "010190\u20111234", "010190\u00a01234", "010190\u20091234", "010190\u202f1234", "010190\u20071234",
    "01\u200b0190-1234", "0101\u200c90-12\u200d34", "010190\u20601234", "01\u00ad0190-1234", "\ufeff010190-1234",
    "010190\n1234", "010190\r\n1234", "01.01.\n90-1234", "０１０１９０－１２３４", "０１０１９０1234", "01．01．90／1234",
    "Hans' CPR: 010190-1234.", "cpr.nr.010190-1234", "(010190-1234)", "født 290200 1234",
    "01.01.1858-1234", "01.01.2057-1234",
]  # fmt: skip
# Numbers and dates that are not CPR numbers, as they stand in notes. A P-number is ten digits and may start with a
# valid date: in its own field (--pnr, the P-number column) it is never checked; in free text it is taken as a
# P-number only right after its label ('P-nummer 1012345678'), a bare run of ten digits whose first six are a date
# is refused (as an order number with a date in it was before).
NOT_CPR = [
    "CVR 13585628", "CVR-nr. 13585628, P-nr. 1012345678", "P-nummer: 1012345678", "pnr 1012345678",
    "P-enhed 1012345678", "Åbent 1400-1600", "kl. 14.00-16.00", "kl. 14:00-16:00", "1.234,56 kr.",
    "12.000-15.000 kr", "Løn 12.000-15.000 kr. om måneden", "+45 12 34 56 78", "Tlf. 12345678", "tlf +4512345678",
    "12 34 56 78 / 87 65 43 21", "24-06-2015 kl. 10", "Møde 24.06.2025 1400-1600", "Møde 240625 1400 - 1600",
    "2860 Søborg 2024", "Søborg Hovedgade 101, 2860 Søborg", "2026-11-28", "2024-06-12 10:30", "Faktura 993312-1234",
    "320190-1234", "300290-1234", "290201-1234", "29.02.1900-1234", "01.01.1857-1234", "01.01.2058-1234",
    "010190-12345", "10123456789", "Ordre 1234567", "01.06.24-30.06.24", "Uge 12, 2024: 3 pladser",
    "IBAN DK50 0040 0440 1162 43",
]  # fmt: skip


@pytest.mark.parametrize("text", WRITTEN)
def test_a_cpr_number_however_written_is_found(text: str) -> None:
    assert has_cpr(text)
    assert has_cpr(f"Noter om Hans\n{text}\nRing i morgen")


@pytest.mark.parametrize("text", NOT_CPR)
def test_these_numbers_are_not_cpr_numbers(text: str) -> None:
    assert not has_cpr(text)
    assert one_line(text) == text and free_text(text) == text
    assert mask_cpr(text) == text


@pytest.mark.parametrize("text", WRITTEN)
def test_a_cpr_number_is_masked_to_its_date(text: str) -> None:
    masked = mask_cpr(f"Hans {text} ringer")
    assert not has_cpr(masked)
    digits = "".join(c for c in unicodedata.normalize("NFKC", text) if c.isdigit())
    expected = f"{digits[:4]}{digits[-6:-4]}-XXXX"  # the date, the year in two digits
    assert masked.startswith("Hans ") and masked.endswith(" ringer") and expected in masked
    assert "1234" not in masked


def test_masking_keeps_the_text_around_and_every_number_in_it() -> None:
    assert mask_cpr("A 01.01.1990-1234, B 0202021234 og C 24-06-2015 kl. 10") == (
        "A 010190-XXXX, B 020202-XXXX og C 24-06-2015 kl. 10"
    )
    assert mask_cpr("Åse: ０１０１９０\u200b－１２３４!") == "Åse: 010190-XXXX!"


def test_the_p_number_field_takes_a_p_number_that_starts_with_a_date(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    assert cli("company", "add", "Bageriet", "--pnr", "1012345678").exit_code == 0
    (tmp_path / "liste.csv").write_text(
        "Navn;P-nummer;Noter\nSmedjen;1012345679;ok\n;1012345670;CPR 010190-1234\n", encoding="utf-8"
    )
    report = json.loads(cli("import", "companies", "liste.csv", "--yes", "--json").stdout)
    assert report["new"] == 1 and report["rejected"] == 1
    assert query("SELECT name, pnr FROM companies ORDER BY id") == [
        ("Bageriet", "1012345678"),
        ("Smedjen", "1012345679"),
    ]
    rejects = Path(report["rejects_file"]).read_text(encoding="utf-8-sig")
    assert (
        "1012345670" in rejects
        and "010190-XXXX" in rejects
        and "1234" not in rejects.replace("1012345670", "")
    )


def _add(cli: Cli) -> None:
    for args in (
        ("company", "add", "Bageriet"),
        ("contact", "add", "Bageriet", "Ole"),
        ("log", "Bageriet", "Første møde"),
        ("agreement", "add", "Bageriet", "--kind", "fritidsjob"),
    ):
        assert cli(*args).exit_code == 0, args


# Every command option and argument that takes text: `{}` is where the CPR number goes.
TEXT_INPUTS: list[tuple[str, ...]] = [
    ("company", "add", "Firma {}"),
    *(
        ("company", "add", "Firma", option, "{}")
        for option in ("--address", "--city", "--industry", "--note")
    ),
    ("company", "add", "Firma", "--tag", "kunde,{}"),
    ("company", "add", "Firma", "--email", "{}@example.dk"),
    ("company", "add", "Firma", "--website", "example.dk/{}"),
    *(
        ("company", "edit", "Bageriet", option, "Tekst {}")
        for option in ("--name", "--address", "--city", "--industry", "--note", "--tag")
    ),
    ("contact", "add", "Bageriet", "Hans {}"),
    *(("contact", "add", "Bageriet", "Hans", option, "Tekst {}") for option in ("--role", "--purpose")),
    ("contact", "add", "Bageriet", "Hans", "--email", "h{}@example.dk"),
    *(("contact", "edit", "1", option, "Tekst {}") for option in ("--name", "--role", "--purpose")),
    ("log", "Bageriet", "Hans har {}"),
    ("log", "Bageriet", "Ringede", "--next", "Ring til Hans {}"),
    ("entry", "edit", "1", "Hans har {}"),
    ("entry", "edit", "1", "--next", "Ring til Hans {}"),
    *(
        ("agreement", "add", "Bageriet", "--kind", "fritidsjob", option, "Tekst {}")
        for option in ("--note", "--address", "--what")
    ),
    *(("agreement", "edit", "1", option, "Tekst {}") for option in ("--note", "--address", "--what")),
    ("guide", "answer", "formaal.maal", "Unge som {}"),
    *(("init", option, "Tekst {}") for option in ("--area", "--org", "--municipality", "--coordinator")),
    ("init", "--email", "m{}@example.dk"),
]


@pytest.mark.parametrize("args", TEXT_INPUTS, ids=[" ".join(a[:2] + a[-2:-1]) for a in TEXT_INPUTS])
@pytest.mark.parametrize("written", ["010190-1234", "01.01.1990\u00a0/\u200b1234", "０１０１９０１２３４"])
def test_every_command_that_takes_text_refuses_a_cpr_number(
    cli: Cli, workspace: Path, query: Query, args: tuple[str, ...], written: str
) -> None:
    _add(cli)
    before = _everything(query)
    result = cli(*(a.replace("{}", written) for a in args))
    assert result.exit_code == 1, result.output
    assert "CPR-nummer" in result.output or "010190-XXXX" in result.output  # (or not an e-mail at all)
    assert written not in result.output and "1234" not in result.output and "１２３４" not in result.output
    assert _everything(query) == before


def _everything(query: Query) -> str:
    tables = ("areas", "workspace", "companies", "contacts", "activities", "agreements", "guide_answers")
    return "\n".join(str(row) for table in tables for row in query(f"SELECT * FROM {table}"))


def test_every_column_of_an_imported_list_refuses_a_cpr_number(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    header = "Navn;Adresse;By;Branche;Hjemmeside;Email;Noter;Mærker;Intern"
    clean = ["Firma", "Vej 1", "Søborg", "Bager", "firma.dk", "a@firma.dk", "ok", "kunde", "x"]
    lines = [header]
    for column in range(len(clean)):
        row = [f"{v} {column}" if i == 0 else v for i, v in enumerate(clean)]
        cell = row[column]
        row[column] = f"{cell.split('@')[0]}0101901234@firma.dk" if "@" in cell else f"{cell} 01.01.90 1234"
        lines.append(";".join(row))
    (tmp_path / "liste.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("import", "companies", "liste.csv", "--keep-unknown", "--yes", "--json")
    report = json.loads(result.stdout)
    assert report["rejected"] == 1 and report["new"] == len(clean) - 1  # the name: rejected; others left out
    assert report["warnings"] == len(clean) - 1
    assert "1234" not in result.output
    assert "1234" not in _everything(query)
    assert "010190-XXXX" in Path(report["rejects_file"]).read_text(encoding="utf-8-sig")


def test_an_imported_contact_with_a_cpr_number_is_refused(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    assert cli("company", "add", "Bageriet").exit_code == 0
    (tmp_path / "folk.csv").write_text(
        "Virksomhed;Navn;Rolle;Formål;Email\n"
        "Bageriet;Hans 010190 1234;;;\n"
        "Bageriet;Ole;Ejer 01-01-90/1234;Kontakt 0101901234;o0101901234@x.dk\n",
        encoding="utf-8",
    )
    result = cli("import", "contacts", "folk.csv", "--yes", "--json")
    report = json.loads(result.stdout)
    assert report["new"] == 1 and report["rejected"] == 1 and report["warnings"] == 3
    assert "1234" not in result.output and "1234" not in _everything(query)


def test_no_message_repeats_a_cpr_number(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    refused = cli("company", "add", "Firma", "--phone", "0101901234", "--cvr", "01.01.90-1234")
    assert refused.exit_code == 1 and "010190-XXXX" in refused.output and "1234" not in refused.output
    assert "1234" not in cli("search", "010190-1234").output
    (tmp_path / "liste.csv").write_text(
        "Navn;CVR;Telefon;Postnr\nFirma A;010190-1234;;2860\nFirma B;;0101901234;01019012\n", encoding="utf-8"
    )
    dry = cli("import", "companies", "liste.csv", "--dry-run", "--yes")
    assert dry.exit_code == 0, dry.output
    assert "010190-XXXX" in dry.output and "1234" not in dry.output
    dry = cli("import", "companies", "liste.csv", "--dry-run", "--yes", "--json")
    assert dry.exit_code == 0 and "1234" not in dry.output


DECOMPOSED = "A\u030ase Bageri"  # 'Åse' typed as an A and a combining ring
COMPOSED = "Åse Bageri"


def test_text_is_stored_composed_and_found_either_way(cli: Cli, workspace: Path, query: Query) -> None:
    assert unicodedata.normalize("NFC", DECOMPOSED) == COMPOSED != DECOMPOSED
    assert cli("company", "add", DECOMPOSED, "--note", "Ga\u030arden", "--tag", "bla\u030a").exit_code == 0
    assert cli("contact", "add", COMPOSED, "Bjo\u0308rn A\u030asen", "--role", "Ejer").exit_code == 0
    assert cli("log", DECOMPOSED, "Talte med A\u030ase").exit_code == 0
    assert cli("guide", "answer", "formaal.maal", "Unge fra A\u030adalen").exit_code == 0
    assert json.loads(cli("company", "show", "a\u030ase", "--json").stdout)["name"] == COMPOSED
    assert json.loads(cli("company", "list", "--tag", "BLÅ", "--json").stdout)[0]["name"] == COMPOSED
    assert "\u030a" not in _everything(query) and "\u0308" not in _everything(query)
    assert query("SELECT notes, tags FROM companies") == [("Gården", '["blå"]')]


def test_an_import_matches_a_name_typed_either_way(
    cli: Cli, workspace: Path, tmp_path: Path, query: Query
) -> None:
    assert cli("company", "add", COMPOSED, "--postcode", "2860").exit_code == 0
    assert cli("contact", "add", COMPOSED, "Åse Hansen").exit_code == 0
    (tmp_path / "liste.csv").write_text(f"Navn;Postnr;By\n{DECOMPOSED};2860;Ha\u030arby\n", encoding="utf-8")
    report = json.loads(cli("import", "companies", "liste.csv", "--yes", "--json").stdout)
    assert (report["new"], report["updated"]) == (0, 1)
    (tmp_path / "folk.csv").write_text(
        f"Virksomhed;Navn;Rolle\n{DECOMPOSED};A\u030ase Hansen;Ejer\n", encoding="utf-8"
    )
    report = json.loads(cli("import", "contacts", "folk.csv", "--yes", "--json").stdout)
    assert (report["new"], report["updated"]) == (0, 1)
    assert query("SELECT name, city FROM companies") == [(COMPOSED, "Hårby")]
    assert query("SELECT name, role FROM contacts") == [("Åse Hansen", "Ejer")]
