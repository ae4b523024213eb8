"""The columns of a list: which company (or contact) field each header means, from Danish and English names or
`--map`, and the row that holds the header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lokalspil.errors import BadUsage, LokalspilError
from lokalspil.tables import Table

# The company fields a list can fill, and the column names (Danish and English) that mean each one. Headers are
# compared with case, spaces and punctuation ignored.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("navn", "virksomhedsnavn", "firmanavn", "firma", "virksomhed", "name", "company", "companyname"),
    "cvr": ("cvr", "cvrnr", "cvrnummer", "cvrno", "cvrnumber", "vatno"),
    "pnr": ("pnummer", "pnr", "penhed", "produktionsenhed", "pnumber"),
    "address": ("adresse", "vejadresse", "address", "street"),
    "postcode": ("postnr", "postnummer", "postcode", "postalcode", "zip", "zipcode"),
    "city": ("by", "bynavn", "postdistrikt", "city", "town"),
    "industry_code": ("branchekode", "nacekode", "db07", "db25", "industrycode", "nace"),
    "industry": ("branche", "branchetekst", "branchebetegnelse", "industry"),
    "employees": ("antalansatte", "ansatte", "medarbejdere", "antalmedarbejdere", "employees"),
    "email": ("email", "mail", "emailadresse", "epost"),
    "phone": ("telefon", "tlf", "tlfnr", "telefonnr", "telefonnummer", "phone", "telephone"),
    "website": ("hjemmeside", "website", "web", "www", "url"),
    "protected": ("reklamebeskyttet", "reklamebeskyttelse", "advertisingprotected", "protected"),
    "social_economy": (
        "socialøkonomisk",
        "socialoekonomisk",
        "socialøkonomiskvirksomhed",
        "socialeconomy",
        "socialeconomyenterprise",
    ),
    "rsv": ("rsv", "rsvregistreret", "rsvregistered"),
    "notes": ("noter", "note", "notes", "bemærkninger", "kommentar", "kommentarer"),
    "tags": ("mærker", "tags", "tag"),
    "source": ("kilde", "datakilde", "source", "datasource"),
    # Read for new companies only: a company already held keeps its stage (its changes are in its log).
    "stage": ("trin", "triniforløbet", "fase", "faseiforløbet", "stage", "pipelinestage"),
}
FIELDS = tuple(HEADERS)
TEXT_FIELDS = tuple(f for f in FIELDS if f not in ("protected", "social_economy", "rsv", "tags"))
FLAG_FIELDS = ("protected", "social_economy", "rsv")
IGNORE = ("ignore", "ignorer", "-")


def normalise_header(text: str) -> str:
    return re.sub(r"[^0-9a-zæøå]", "", text.casefold())


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str | None  # None: not imported


CONTACT_HEADERS: dict[str, tuple[str, ...]] = {
    "company": (
        "virksomhed",
        "virksomhedsnavn",
        "firma",
        "firmanavn",
        "arbejdsplads",
        "company",
        "companyname",
    ),
    "cvr": HEADERS["cvr"],
    "name": ("navn", "kontaktperson", "kontakt", "fuldtnavn", "name", "contact", "contactname", "fullname"),
    "role": ("rolle", "stilling", "titel", "funktion", "role", "title", "position", "jobtitle"),
    "email": HEADERS["email"],
    "phone": (*HEADERS["phone"], "mobil", "mobile"),
    "purpose": ("formål", "formaal", "purpose"),
}


def map_columns(
    header: list[str],
    overrides: Iterable[str] = (),
    table: dict[str, tuple[str, ...]] = HEADERS,
) -> list[Column]:
    """Each column's field, from the table of names, or from `--map "Column=field"` (field 'ignore' skips it)."""
    fields = tuple(table)
    lookup = {alias: name for name, aliases in table.items() for alias in aliases}
    wanted: dict[str, str | None] = {}
    named: dict[str, str] = {}
    for spec in overrides:
        column, sep, field_name = spec.partition("=")
        field_name = field_name.strip().lower().replace("-", "_")
        if not sep or not column.strip():
            raise BadUsage("import.bad_map", spec=spec)
        if field_name not in (*fields, *IGNORE):
            raise BadUsage("import.bad_map_field", spec=spec, fields=", ".join(fields))
        wanted[normalise_header(column)] = None if field_name in IGNORE else field_name
        named[normalise_header(column)] = column.strip()
    known = {normalise_header(h) for h in header}
    for key in wanted:
        if key not in known:
            raise LokalspilError("import.map_no_column", column=named[key], columns=", ".join(header))
    columns = []
    taken: dict[str, str] = {}
    for index, text in enumerate(header):
        key = normalise_header(text)
        target = wanted[key] if key in wanted else lookup.get(key)
        if target is not None:
            if target in taken:
                raise LokalspilError("import.two_columns", field=target, first=taken[target], second=text)
            taken[target] = text
        columns.append(Column(index, text, target))
    if "name" not in taken:
        raise LokalspilError("import.no_name_column", columns=", ".join(header))
    return columns


HEADER_SEARCH = 10  # rows looked at for the header when a title or a note stands above it


def find_header(table: Table, mapping: Iterable[str], headers: dict[str, tuple[str, ...]]) -> list[Column]:
    """The columns of the first row that reads as a header. Spreadsheets often carry a title, a date or a note
    above the real header; up to HEADER_SEARCH rows are looked at before the first problem is reported."""
    try:
        return map_columns(table.header, mapping, headers)
    except LokalspilError as problem:
        if problem.key not in ("import.no_name_column", "import.map_no_column"):
            raise
        for _ in range(HEADER_SEARCH):
            candidate = next(table.rows, None)
            if candidate is None:
                break
            cells = [c.strip() or f"#{i + 1}" for i, c in enumerate(candidate[1])]
            try:
                columns = map_columns(cells, mapping, headers)
            except LokalspilError:
                continue
            table.header = cells
            return columns
        raise problem from None
