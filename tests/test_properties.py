"""Property-based tests: any bytes or text at all, as a file, a guide, a date, a phone number or any other value,
gives either a result or the user-error type (LokalspilError) with a message, never anything else; and an import
either completes or changes nothing."""

from __future__ import annotations

import sqlite3
import string
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lokalspil import danish
from lokalspil.companies import PARSERS as COMPANY_PARSERS
from lokalspil.contacts import PARSERS as CONTACT_PARSERS
from lokalspil.errors import LokalspilError
from lokalspil.messages import set_language

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Text as people paste it: Danish letters, digits, separators, quotes, line breaks, and anything else Unicode has.
DANISH = st.text(alphabet=string.printable + "æøåÆØÅé\u00a0\u2212–…“”\t\r\n;,\"'", max_size=60)
ANY_TEXT = st.one_of(DANISH, st.text(max_size=60))
VALIDATORS: dict[str, Callable[[str], Any]] = {
    **{f"company.{k}": v for k, v in COMPANY_PARSERS.items()},
    **{f"contact.{k}": v for k, v in CONTACT_PARSERS.items()},
    "number": danish.parse_number,
    "date": danish.parse_date,
    "date_future": lambda s: danish.parse_date(s, prefer="future"),
    "yes_no": danish.parse_yes_no,
}


def only_user_errors(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except LokalspilError as e:
        assert str(e).strip(), "a user error always says something"
        return None


@pytest.fixture(autouse=True)
def danish_messages() -> None:
    set_language("da")


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_every_validator_takes_any_text(name: str) -> None:
    parse = VALIDATORS[name]

    @SETTINGS
    @given(ANY_TEXT)
    def check(text: str) -> None:
        only_user_errors(lambda: parse(text))

    check()


@SETTINGS
@given(ANY_TEXT)
def test_a_valid_phone_reads_back_the_same(text: str) -> None:
    phone = only_user_errors(lambda: danish.parse_phone(text))
    if phone is not None:
        assert danish.parse_phone(phone) == phone


@SETTINGS
@given(ANY_TEXT)
def test_a_valid_date_is_a_real_date(text: str) -> None:
    day = only_user_errors(lambda: danish.parse_date(text))
    if day is not None:
        assert danish.parse_date(day.isoformat()) == day


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from([".csv", ".tsv", ".txt", ".xlsx", ".json"]))
def test_the_file_reader_takes_any_bytes(data: bytes, suffix: str) -> None:
    from lokalspil.tables import open_table

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"liste{suffix}"
        path.write_bytes(data)

        def read() -> int:
            table = open_table(path)
            try:
                return sum(1 for _ in table.rows)
            finally:
                table.close()

        only_user_errors(read)


@SETTINGS
@given(st.one_of(st.binary(max_size=300).map(lambda b: b.decode("utf-8", "replace")), DANISH))
def test_the_guide_loader_takes_any_text(text: str) -> None:
    from lokalspil.guides import load_guide_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "guide.yaml"
        path.write_text(text, encoding="utf-8")
        only_user_errors(lambda: load_guide_file(path))


@SETTINGS
@given(st.binary(max_size=300))
def test_the_guide_loader_takes_any_bytes(data: bytes) -> None:
    from lokalspil.guides import load_guide_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "guide.yaml"
        path.write_bytes(data)
        only_user_errors(lambda: load_guide_file(path))


CELLS = st.one_of(
    DANISH,
    st.sampled_from(["13585628", "DK 13585628", "13585627", "2860", "DK-800", "info@x.dk", "ja", "", "=1+2"]),
)
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=6), max_size=8)
HEADERS = st.lists(
    st.sampled_from(["Navn", "CVR-nr.", "Postnr.", "By", "E-mail", "Telefon", "Noter", "Andet", "Branchekode"]),
    min_size=1, max_size=6, unique=True,
)  # fmt: skip


@SETTINGS
@given(HEADERS, ROWS, st.sampled_from([";", ",", "\t"]), st.sampled_from(["utf-8-sig", "cp1252", "utf-8"]))
def test_an_import_completes_or_changes_nothing(
    headers: list[str], rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    from lokalspil.imports import Reading, import_companies
    from lokalspil.workspace import init_workspace

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "w.db"
        init_workspace(db, {"area": "Værebroparken"}, ask=None)
        conn = sqlite3.connect(db)
        conn.execute("INSERT INTO companies (name, created_at, updated_at) VALUES ('Før', 'x', 'x')")
        conn.commit()
        before = conn.execute("SELECT * FROM companies").fetchall()
        conn.close()
        lines = [delimiter.join(headers)] + [
            delimiter.join(c.replace(delimiter, " ") for c in row) for row in rows
        ]
        path = Path(folder) / "liste.csv"
        try:
            path.write_bytes("\r\n".join(lines).encode(encoding))
        except UnicodeEncodeError:
            path.write_bytes("\r\n".join(lines).encode("utf-8"))
        from lokalspil.database import open_database

        conn = open_database(db)
        try:
            report = only_user_errors(
                lambda: import_companies(conn, path, Reading(rejects=Path(folder) / "r.csv"))
            )
        finally:
            conn.close()
        conn = sqlite3.connect(db)
        after = conn.execute("SELECT * FROM companies").fetchall()
        fts = conn.execute("INSERT INTO companies_fts (companies_fts) VALUES ('integrity-check')")
        assert fts is not None
        conn.close()
        if report is None:
            assert after == before  # refused: nothing changed
        else:
            assert len(after) == len(before) + report.new
