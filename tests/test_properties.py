"""Property-based tests: any bytes or text at all, as a file, a guide, a date, a phone number or any other value,
gives either a result or the user-error type (LokalspilError) with a message, never anything else; and an import
either completes or changes nothing."""

from __future__ import annotations

import sqlite3
import string
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lokalspil import danish
from lokalspil.agreements import PARSERS as AGREEMENT_PARSERS
from lokalspil.answers import parse_answer
from lokalspil.companies import PARSERS as COMPANY_PARSERS
from lokalspil.companies import clean_tags
from lokalspil.contacts import PARSERS as CONTACT_PARSERS
from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.fields import free_text, one_line
from lokalspil.messages import set_language
from lokalspil.privacy import has_cpr, mask_cpr
from lokalspil.workspace import check_field
from tests.test_privacy_cpr import NOT_CPR

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
    from lokalspil.guide_files import load_guide_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "guide.yaml"
        path.write_text(text, encoding="utf-8")
        only_user_errors(lambda: load_guide_file(path))


@SETTINGS
@given(st.binary(max_size=300))
def test_the_guide_loader_takes_any_bytes(data: bytes) -> None:
    from lokalspil.guide_files import load_guide_file

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


# ---------------------------------------------------------------------------------------------------------------
# CPR numbers, however they are written


SPACES = [" ", "\u00a0", "\u2009", "\u202f", "\u2007", "\u3000", "\t", "\n", "\r\n"]  # kinds of space
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"]  # zero-width, soft hyphen, BOM
MARKS = ["-", "/", ".", "_", ":", ",", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212", "／", "．", "－"]
FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}


@st.composite
def disguised(draw: st.DrawFn, text: str) -> str:
    """`text` as it may be pasted: any space another kind of space, digits full-width, invisible characters."""
    out = []
    for ch in text:
        if ch == " ":
            ch = draw(st.sampled_from(SPACES))
        elif ch.isdigit() and draw(st.integers(0, 3)) == 0:
            ch = FULL_WIDTH[ch]
        out.append(ch)
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(out)


@st.composite
def cpr_numbers(draw: st.DrawFn) -> str:
    """A CPR number as people write it: a real date, a 2- or 4-digit year, nothing, one mark, or spaces between
    the groups, in a sentence; then disguised."""
    import datetime as dt

    day = draw(st.dates(dt.date(1858, 1, 1), dt.date(2057, 12, 31)))
    year = f"{day.year}" if draw(st.booleans()) else f"{day.year % 100:02d}"
    groups = [f"{day.day:02d}", f"{day.month:02d}", year, f"{draw(st.integers(0, 9999)):04d}"]
    between = st.builds(
        lambda before, mark, after: before + mark + after,
        st.sampled_from(["", " ", "  "]),
        st.sampled_from(["", *MARKS]),
        st.sampled_from(["", " ", "  "]),
    )
    number = groups[0] + "".join(draw(between) + g for g in groups[1:])
    around = draw(
        st.sampled_from([("", ""), ("Hans ", " ringer"), ("CPR: ", "."), ("født\n", "\n"), ("(", ")")])
    )
    return draw(disguised(around[0] + number + around[1]))


def _question(kind: str) -> Any:
    from lokalspil.guides import Question, Text

    return Question("q", "s", kind, Text("?", "?"))


# Every validator of a field that takes free text (the e-mail and website fields refuse a CPR number too, see
# tests/test_privacy_cpr.py; a P-number is ten digits in its own field, never checked).
FREE_TEXT: dict[str, Callable[[str], Any]] = {
    **{f"company.{k}": COMPANY_PARSERS[k] for k in ("name", "address", "city", "industry", "notes")},
    "company.tags": lambda s: clean_tags([s]),
    **{f"contact.{k}": CONTACT_PARSERS[k] for k in ("name", "role", "purpose")},
    **{f"agreement.{k}": AGREEMENT_PARSERS[k] for k in ("notes", "address", "what")},
    **{
        f"workspace.{k}": partial(check_field, k)
        for k in ("area", "organisation", "municipality", "coordinator")
    },
    "answer.text": partial(parse_answer, _question("text")),
    "answer.longtext": partial(parse_answer, _question("longtext")),
    "one_line": one_line,
    "free_text": free_text,
}
CPR_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@CPR_SETTINGS
@given(cpr_numbers())
def test_a_cpr_number_however_written_is_refused_by_every_text_field(text: str) -> None:
    assert has_cpr(text), repr(text)
    for name, parse in FREE_TEXT.items():
        with pytest.raises(InvalidValue) as refused:
            parse(text)
        assert refused.value.key == "value.cpr", (name, repr(text))
    masked = mask_cpr(text)
    assert not has_cpr(masked) and "-XXXX" in masked, repr(masked)


@CPR_SETTINGS
@given(st.sampled_from(NOT_CPR).flatmap(disguised))
def test_the_numbers_that_are_not_cpr_numbers_stay_so_however_written(text: str) -> None:
    assert not has_cpr(text), repr(text)
    for name, parse in FREE_TEXT.items():
        try:
            parse(text)
        except InvalidValue as e:  # (empty, say: never for a CPR number)
            assert e.key != "value.cpr", (name, repr(text))
    assert mask_cpr(text) == text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cpr_numbers())
def test_commands_refuse_a_cpr_number_however_written(
    cli: Callable[..., Any], workspace: Path, query: Callable[..., list[tuple[Any, ...]]], text: str
) -> None:
    if not query("SELECT count(*) FROM companies")[0][0]:
        assert cli("company", "add", "Bageriet").exit_code == 0
    for args in (
        ("company", "add", "Maleren", "--note", text),
        ("log", "Bageriet", text),
        ("contact", "add", "Bageriet", f"Hans {text}"),
    ):
        result = cli(*args)
        assert result.exit_code == 1 and "CPR-nummer" in result.output, (args, result.output)
    assert query("SELECT count(*) FROM companies UNION ALL SELECT count(*) FROM contacts") == [(1,), (0,)]
    assert query("SELECT count(*) FROM activities") == [(0,)]
