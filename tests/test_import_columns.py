"""The importer's column-wise checks give exactly what the row-by-row checks (the one set of parsers) give."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from lokalspil.danish import parse_cvr, parse_email, parse_phone, plain_cvrs, plain_emails, plain_phones
from lokalspil.errors import InvalidValue
from lokalspil.fields import one_line, plain_texts
from lokalspil.imports.cleaning import row_cleaner
from lokalspil.imports.columns import map_columns
from lokalspil.tables import open_table


def _valid_cvr(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9), *(rng.randint(0, 9) for _ in range(6))]
        check = -sum(w * d for w, d in zip((2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
        if check != 10:
            return "".join(map(str, [*digits, check]))


CVR_CELLS = ["13585628", "25313763", "13585627", "03585628", "1358562", "135856288", "1358562x", "DK13585628",
             "1358 5628", "１３５８５６２８", "²3585628", " 13585628", ""]  # fmt: skip
EMAIL_CELLS = ["info@oernen.dk", "a.b@c.com", "mailto:x@y.dk", "MailTo:x@y.dk", "x@y", "x y@z.dk", "x@y.dk ",
               " x@y.dk", "x@y.d", "æ@ø.dk", "x@y.dK", "x@y.\u212aa", "x@y.dk\nz@w.dk", "'=x@y.dk", "x;y@z.dk",
               "x@@y.dk", "0101901234@x.dk", ""]  # fmt: skip
TEXT_CELLS = ["Bageriet Ørnen ApS", "Netto  Søborg", " Netto", "Netto ", "A|B", "A | B", "A\tB", "A\u00a0B",
              "Line\nbreak", "'=1+1", "x", "", "   ", "| x", "x |", "A\u030ase", "Ejer 010190-1234"]  # fmt: skip
PHONE_CELLS = ["39661234", "12345678", "1234567", "123456789", "+4539661234", "3966 1234", "3966123x",
               "３９６６１２３４", ""]  # fmt: skip


def _columns(rng: random.Random, pool: list[str], extra: Any = None) -> list[list[str]]:
    columns = []
    for _ in range(400):
        size = rng.randint(1, 6)
        clean = rng.random() < 0.5
        column = [extra(rng) if clean and extra else rng.choice(pool) for _ in range(size)]
        columns.append(column)
    return columns


def _same(parse: Any, cells: list[str]) -> bool:
    try:
        return all(parse(c) == c for c in cells)
    except InvalidValue:
        return False


def test_the_column_tests_say_yes_only_when_the_parser_keeps_every_cell() -> None:
    rng = random.Random(4)
    for column in _columns(rng, CVR_CELLS, _valid_cvr):
        assert plain_cvrs(column) == (_same(parse_cvr, column) and all(c[0] != "0" for c in column)), column
    for column in _columns(rng, EMAIL_CELLS):
        if plain_emails(column):
            assert _same(parse_email, column), column
    assert plain_emails(["info@oernen.dk", "a.b@c.com"])
    for column in _columns(rng, TEXT_CELLS):
        if plain_texts(column):
            assert all(one_line(c) == c for c in column), column
    assert plain_texts(["Bageriet Ørnen ApS", "A|B"])
    for column in _columns(rng, PHONE_CELLS, lambda r: str(r.randint(10**7, 10**8 - 1))):
        formatted = plain_phones(column)
        if formatted is not None:
            assert formatted == [parse_phone(c) for c in column], column
        elif all(len(c) == 8 and c.isascii() and c.isdigit() for c in column):
            raise AssertionError(column)
    assert plain_phones([]) == [] and plain_cvrs([])


HEADER = ["CVR-nr.", "Navn", "Adresse", "Postnr.", "By", "Branchekode", "Branche", "Antal ansatte", "E-mail",
          "Telefon", "Reklamebeskyttet", "Hjemmeside", "P-nummer"]  # fmt: skip
POOLS = [
    CVR_CELLS,
    ["Bageriet Ørnen ApS", "Netto  Søborg", " Grøn Cykel ", "'=Firma", "Ærø I/S", "", "  "],
    ["Søborg Hovedgade 1", "Vej 2\nanden linje", "", " Vej 3"],
    ["2860", "0800", "800", "DK-2860", "28600", "0799", "2860.0", "", "'2860"],
    ["Søborg", "København  K", "", "'=x"],
    ["011100", "47.11.00", "1", "", "x"],
    ["Bagerier", "Tandlæger", ""],
    ["1-4", "10 - 19 ansatte", "19-10", "", "x"],
    EMAIL_CELLS,
    PHONE_CELLS,
    ["Ja", "Nej", "", "x", "'1", "1", " ja "],
    ["oernen.dk", "https://x.dk/a", "x", ""],
    ["1234567890", "123456789", ""],
]
PLAIN = [["13585628", "25313763"], ["Bageriet Ørnen ApS", "Ærø I/S"], ["Søborg Hovedgade 1", ""], ["2860", "0800"],
         ["Søborg", ""], ["011100", ""], ["Bagerier", ""], ["1-4", ""], ["info@oernen.dk", ""],
         ["39661234", ""], ["Ja", "Nej", ""], ["oernen.dk", ""], ["1234567890", ""]]  # fmt: skip


def test_a_batch_checked_column_by_column_gives_what_the_row_checker_gives() -> None:
    rng = random.Random(7)
    for keep, tags in ((False, []), (False, ["Messe 2026"]), (True, [])):
        header = [*HEADER, "Ukendt"] if keep else HEADER
        _, clean_row, clean_batch = row_cleaner(map_columns(header), keep, tags)
        taken = 0
        for _ in range(300):
            plain = rng.random() < 0.6
            rows = [
                [rng.choice(PLAIN[i] if plain else pool) for i, pool in enumerate(POOLS)][
                    : rng.choice([13, 13, 13, 9])
                ]
                + (["noget"] if keep else [])
                for _ in range(rng.randint(1, 8))
            ]
            by_column = clean_batch(rows)
            if by_column is None:
                continue
            taken += 1
            by_row = [clean_row(row) for row in rows]
            assert all(reason is None and not warnings for _, reason, warnings in by_row), rows
            assert [list(values) for values in zip(*by_column, strict=True)] == [
                values for values, _, _ in by_row
            ]
        assert taken > 50 or keep, (
            taken
        )  # the column-wise path does the plain batches (not with unknown columns)


def test_rows_read_in_batches_are_the_rows_read_one_by_one_with_their_lines(tmp_path: Path) -> None:
    text = (
        "Liste over virksomheder;;\r\n\r\nNavn;By;Note\r\n"
        "Bageren;Søborg;x\r\n"
        ';;\r\n   ;  ;\r\n"Vej 2\r\nanden linje";"By\nmed to";"tre\rlinjer"\r\n'
        "\r\n"
        'Smeden;"Her;lev";""\r\n'
        'Maleren;"a\r\n\r\nb";c\r\n'
        "Sidste;uden linjeskift;z"
    )
    path = tmp_path / "l.csv"
    path.write_bytes(text.encode("cp1252"))
    for title in (False, True):
        expected = list(open_table(path).rows)
        for size in (1, 2, 3, 7, 100):
            table = open_table(path)
            if title:  # the header is searched for below a title, as the importer does
                next(table.rows)
                expected_here = expected[1:]
            else:
                expected_here = expected
            got = [
                (n, cells)
                for lines, rows in table.in_batches(size)
                for n, cells in zip(lines, rows, strict=True)
            ]
            assert got == expected_here, (title, size)
    assert [n for n, _ in expected] == [3, 4, 7, 12, 13, 16]


def test_imports_one_after_another_on_one_connection(tmp_path: Path) -> None:
    from lokalspil.database import open_database
    from lokalspil.imports import Reading, import_companies

    conn = open_database(tmp_path / "w.db", create=True)
    first = tmp_path / "a.csv"
    first.write_text("CVR;Navn\n13585628;Bageriet Ørnen\n10150817;Slagter Hansen\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("CVR;Navn;By\n13585628;Bageriet Ørnen;Søborg\n29217092;Kaffebaren\n", encoding="utf-8")
    rejects = tmp_path / "r.csv"
    reports = [import_companies(conn, path, Reading(rejects=rejects)) for path in (first, second, second)]
    assert [(r.new, r.updated, r.unchanged) for r in reports] == [(2, 0, 0), (1, 1, 0), (0, 0, 2)]
    dry = import_companies(conn, first, Reading(dry_run=True, rejects=rejects))
    assert (dry.new, dry.updated, dry.unchanged) == (0, 0, 2)
    assert conn.execute("SELECT count(*) FROM companies").fetchone() == (3,)
    conn.close()
