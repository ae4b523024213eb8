"""Import benchmark: lokalspil's company import against the tools a user could reach for instead.

This script generates a realistic company list, as a Danish office exports it from the CVR register or a
spreadsheet: valid, unique CVR numbers in random order, Danish names, addresses and towns with æ, ø and å,
industry codes with leading zeros, employee intervals, e-mail addresses, phone numbers and the advertising
protection flag, written in Windows-1252 with `;` between the fields and CRLF line ends. It does so at two sizes,
100,000 and 1,000,000 rows (with a fixed random seed, so every run sees the same files), and in the same run times
for each size:

* ours: `lokalspil import companies FILE --yes --json` into a fresh workspace (`lokalspil init`, not timed),
  with every validation, matching and the search index; the JSON counts must say every row is new, none rejected;
* sqlite-utils: `sqlite-utils insert DB companies FILE --csv --delimiter ';' --no-detect-types --encoding cp1252`
  into a fresh database: the tool a Python user would reach for, in its fastest mode (it validates nothing);
* sqlite3: the `sqlite3` shell's `.import` (CSV mode, `;`) into a fresh database: close to the limit of the
  machine (it reads the bytes as they are, which is fine for timing);
* floor: the sqlite3 shell writing what our import writes into a fresh lokalspil workspace (the companies table
  with its indexes, the search index, the history), sorted, in one transaction, with nothing checked: the least
  any import into this workspace can take. It is printed beside the time the goals allow;
* start-up: `lokalspil import companies --help`, what starting Python and lokalspil costs any import.

It prints the median wall time and the peak memory (the largest resident set of the process) of each tool, and
the ratios the goals are about. Goals: our import of 100,000 rows at least 3x faster than sqlite-utils and within
4x of the sqlite3 shell; 1,000,000 rows in at most 10.5x the time of 100,000 (cost that grows linearly with the
file); peak memory for 1,000,000 rows at most 1.3x that for 100,000.

Fairness: every run starts from a fresh database in the same temporary directory, with the same environment and
its output written to a file. The tools are interleaved within each round, so that drift on the machine affects
them alike, and the first rounds run the large file right after the small one: the scaling is the median of each
such round's large time over its small time (runs minutes apart would measure the machine's drift, which here
reaches 1.5x). The files were just written, so every run finds them in the OS cache. Python tools run
as `sys.executable SCRIPT` (the console scripts next to the interpreter). Wall time is measured around the process;
its peak memory (largest resident set) is what GNU time reports with `%M`, so `/usr/bin/time` must be GNU time.
lokalspil's own modules are compiled to bytecode first, as `pip install` does for an installed package.

Usage: python bench/import.py [--runs N] [--runs-large N] [--skip-large] [--check]

A benchmark reports, it does not gate: the exit code is 0 even when a goal is missed, unless `--check` is given
(then 1). A command that fails, or a count that does not come out right, aborts the benchmark with exit code 2.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import importlib.util
import io
import json
import os
import platform
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from random import Random

SMALL = 100_000
LARGE = 1_000_000
SEED = 20_260_101
CHUNK = 50_000  # rows generated and written at a time
GNU_TIME = "/usr/bin/time"

# Goals (see the docstring).
GOAL_VS_SQLITE_UTILS = 3.0  # sqlite-utils / ours, at least
GOAL_VS_SQLITE3 = 4.0  # ours / sqlite3, at most
# ours(large) / ours(small), at most this times the ratio of the sizes (10.5x at the defaults)
GOAL_SCALING = 1.05
GOAL_MEMORY = 1.3  # peak memory ours(large) / ours(small), at most

HEADER = [
    "CVR-nr.",
    "Navn",
    "Adresse",
    "Postnr.",
    "By",
    "Branchekode",
    "Branche",
    "Antal ansatte",
    "E-mail",
    "Telefon",
    "Reklamebeskyttet",
]

TRADES = (
    "Bageriet", "Tømrer", "Blomsterhandel", "Kælderens", "Frisør", "Smedjen", "Købmand", "Møbelsnedker",
    "Rengøring", "Vognmand", "Malerfirma", "Elinstallatør", "Kiosken", "Pizzeria", "Café", "Tandlægerne",
    "Revisionsfirma", "Gartneri", "Autoværksted", "Låsesmed", "Glarmester", "Cykelhandler", "Skomager",
    "Slagter", "Fiskehandler", "Isbutikken", "Kørelærer", "Fodterapeut", "Bogholderi", "Murerfirma",
    "Kloakmester", "Ejendomsservice", "Vinduespudser", "Tegnestue", "Grønthandler", "Systuen",
)  # fmt: skip
PLACES = (
    "Ørnen", "Søborg", "Åbyhøj", "Nørrebro", "Østerbro", "Vesterbro", "Brønshøj", "Valby", "Herlev", "Hørsholm",
    "Køge", "Næstved", "Rødovre", "Ærø", "Løgstør", "Søndergård", "Højbjerg", "Gellerup", "Vollsmose", "Tåstrup",
    "Skælskør", "Fælleden", "Mølleåen", "Strandvejen", "Bøgeskoven", "Egholm", "Solsikken", "Mågen", "Svanen",
    "Løven", "Hjørnet", "Æblehaven", "Kærgården", "Øresund", "Åhusene", "Tårnby",
)  # fmt: skip
FORMS = ("ApS", "ApS", "ApS", "A/S", "I/S", "IVS", "& Søn ApS", "v/ Jørgen Bækgård", "v/ Søs Ærenlund", "")
STREETS = (
    "Søndergade", "Nørregade", "Østergade", "Vestergade", "Åboulevarden", "Grønnegade", "Møllevej", "Kærvej",
    "Skovbrynet", "Bøgevej", "Ærøvej", "Rådhuspladsen", "Fælledvej", "Højbjergvej", "Strandvejen", "Kongensgade",
    "Hovedgaden", "Bredgade", "Ågade", "Præstøgade", "Tørvevej", "Hørkær", "Gårdhavevej", "Sønderbrogade",
)  # fmt: skip
TOWNS = (
    ("1000", "København K"), ("1620", "København V"), ("2100", "København Ø"), ("2200", "København N"),
    ("2300", "København S"), ("2400", "København NV"), ("2450", "København SV"), ("2500", "Valby"),
    ("2610", "Rødovre"), ("2630", "Taastrup"), ("2650", "Hvidovre"), ("2700", "Brønshøj"), ("2730", "Herlev"),
    ("2750", "Ballerup"), ("2800", "Kongens Lyngby"), ("2860", "Søborg"), ("2970", "Hørsholm"),
    ("3400", "Hillerød"), ("4000", "Roskilde"), ("4600", "Køge"), ("4700", "Næstved"), ("5000", "Odense C"),
    ("5220", "Odense SØ"), ("6000", "Kolding"), ("6700", "Esbjerg"), ("7100", "Vejle"), ("8000", "Aarhus C"),
    ("8210", "Aarhus V"), ("8230", "Åbyhøj"), ("8270", "Højbjerg"), ("8600", "Silkeborg"), ("8900", "Randers C"),
    ("9000", "Aalborg"), ("9670", "Løgstør"), ("9800", "Hjørring"), ("9990", "Skagen"),
)  # fmt: skip
INDUSTRIES = (
    ("011100", "Dyrkning af korn"),
    ("013000", "Planteformering"),
    ("016100", "Serviceydelser i forbindelse med planteavl"),
    ("023000", "Indsamling af vildtvoksende produkter"),
    ("032100", "Havbrug"),
    ("081200", "Grus- og sandgravning"),
    ("107120", "Bagerier, brødfabrikker mv."),
    ("412000", "Opførelse af bygninger"),
    ("432200", "VVS- og blikkenslagerforretninger"),
    ("433200", "Tømrer- og bygningssnedkervirksomhed"),
    ("471100", "Supermarkeder og købmandsforretninger"),
    ("477600", "Detailhandel med blomster og planter"),
    ("494100", "Vejgodstransport"),
    ("561010", "Restauranter"),
    ("692000", "Bogføring og revision; skatterådgivning"),
    ("812100", "Almindelig rengøring i bygninger"),
    ("862300", "Tandlæger"),
    ("960210", "Frisørvirksomhed"),
    ("960400", "Fysisk velvære"),
)
EMPLOYEES = ("", "1-4", "5-9", "10-19", "20-49", "50-99", "100-199", "200-499", "500-999")
EMPLOYEES_WEIGHTS = (10, 45, 18, 12, 8, 4, 2, 1, 0.5)
PROTECTED = ("Ja", "Nej", "")
PROTECTED_WEIGHTS = (30, 60, 10)
HOUSE_NUMBERS = [str(n) for n in range(1, 200)] + [f"{n}{letter}" for n in range(1, 60) for letter in "ABC"]
ADDRESSES = tuple(f"{street} {number}" for street in STREETS for number in HOUSE_NUMBERS)
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})


def slug(text: str) -> str:
    return "".join(c for c in text.casefold().translate(_ASCII) if c.isascii() and c.isalnum())


# Every company name the lists make, with an e-mail address from the trade and the place.
COMPANIES = tuple(
    (" ".join(filter(None, (trade, place, form))), f"info@{slug(trade)}{slug(place)}.dk")
    for trade in TRADES
    for place in PLACES
    for form in FORMS
)


class CommandFailed(Exception):
    pass


def cvr_numbers(rng: Random, count: int) -> list[str]:
    """`count` unique, valid CVR numbers in random order: random 7-digit prefixes, each kept at its first
    appearance (so they come out as a random sample in random order, as from a shuffled range), with its
    modulus-11 check digit (weights 2 7 6 5 4 3 2 1); prefixes whose check digit would be 10 are skipped."""
    space = range(1_000_000, 10_000_000)
    if count > len(space) * 10 // 11 * 0.9:
        raise ValueError(f"at most about 7 million distinct CVR numbers, not {count:,}")
    # The weighted sum of a prefix is that of its first 3 digits (weights 2 7 6) plus that of its last 4 (5 4 3 2).
    high = [2 * (h // 100) + 7 * (h // 10 % 10) + 6 * (h % 10) for h in range(1000)]
    low = [5 * (n // 1000) + 4 * (n // 100 % 10) + 3 * (n // 10 % 10) + 2 * (n % 10) for n in range(10_000)]
    numbers: list[str] = []
    seen: set[int] = set()
    while len(numbers) < count:
        wanted = count - len(numbers)
        draw = [p for p in dict.fromkeys(rng.choices(space, k=wanted * 6 // 5 + 100)) if p not in seen]
        seen.update(draw)
        numbers += [
            str(p * 10 + check) for p in draw if (check := -(high[p // 10_000] + low[p % 10_000]) % 11) != 10
        ][:wanted]
    return numbers


def generate(path: Path, rows: int, seed: int) -> None:
    """Write the company list: Windows-1252, `;`, CRLF, a header and `rows` rows, streamed in chunks.

    Each column is drawn on its own (a name with its e-mail address, a postcode with its town, a code with its
    industry); the rows are put together by zip and itemgetter, so the csv module does the per-row work in C."""
    rng = Random(seed)
    cvrs = cvr_numbers(rng, rows)
    employees_cum = list(accumulate(EMPLOYEES_WEIGHTS))
    protected_cum = list(accumulate(PROTECTED_WEIGHTS))
    phones = range(20_000_000, 100_000_000)
    first, second = itemgetter(0), itemgetter(1)
    with path.open("wb") as out:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            companies = rng.choices(COMPANIES, k=n)
            towns = rng.choices(TOWNS, k=n)
            industries = rng.choices(INDUSTRIES, k=n)
            writer.writerows(
                zip(
                    cvrs[start : start + n],
                    map(first, companies),
                    rng.choices(ADDRESSES, k=n),
                    map(first, towns),
                    map(second, towns),
                    map(first, industries),
                    map(second, industries),
                    rng.choices(EMPLOYEES, cum_weights=employees_cum, k=n),
                    map(second, companies),
                    map(str, rng.choices(phones, k=n)),
                    rng.choices(PROTECTED, cum_weights=protected_cum, k=n),
                    strict=True,
                )
            )
            out.write(buffer.getvalue().encode("cp1252"))  # a chunk at a time: much faster than row by row
            buffer.seek(0)
            buffer.truncate()


# ---------------------------------------------------------------------------------------------------------------
# Running the tools


@dataclass
class Outcome:
    seconds: float
    peak_kib: int
    stdout: str
    stderr: str


def describe_failure(argv: Sequence[str], what: str, stdout: str, stderr: str) -> str:
    return f"{what}: {shlex.join(argv)}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"


def measure(argv: Sequence[str], env: dict[str, str], cwd: Path, stdin: Path | None = None) -> Outcome:
    """Run a command under GNU time with its output going to files: its wall time and peak resident memory (KiB).
    Raise CommandFailed, with the output, if it does not exit 0.

    GNU time rather than this process's own wait4: Linux carries the largest resident set over an exec, and a
    child forked (or vforked) from this benchmark would report this benchmark's memory if that were larger."""
    out_path, err_path, usage_path = cwd / "stdout.txt", cwd / "stderr.txt", cwd / "usage.txt"
    usage_path.unlink(missing_ok=True)
    with (
        out_path.open("wb") as out,
        err_path.open("wb") as err,
        stdin.open("rb") if stdin else open(os.devnull, "rb") as source,
    ):
        start = time.perf_counter()
        proc = subprocess.run(
            [GNU_TIME, "-f", "%e %M", "-o", str(usage_path), *argv],
            stdin=source,
            stdout=out,
            stderr=err,
            env=env,
            cwd=cwd,
            check=False,
        )
        seconds = time.perf_counter() - start
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        what = f"command failed with exit code {proc.returncode}"
        raise CommandFailed(describe_failure(argv, what, stdout, stderr))
    usage = usage_path.read_text(encoding="utf-8", errors="replace").split()
    try:
        peak = int(usage[-1])
    except (IndexError, ValueError):
        raise CommandFailed(
            f"no peak memory from {GNU_TIME} ({' '.join(usage)!r}) for: {shlex.join(argv)}"
        ) from None
    return Outcome(seconds, peak, stdout, stderr)


def count_rows(db: Path, argv: Sequence[str], rows: int) -> None:
    with sqlite3.connect(db) as conn:
        found = conn.execute("SELECT count(*) FROM companies").fetchone()[0]
    conn.close()
    if found != rows:
        raise CommandFailed(f"{found:,} rows in the database, not {rows:,}, after: {shlex.join(argv)}")


def remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def console_script(name: str, module: str) -> list[str]:
    """`sys.executable <console script>` (the script next to the interpreter), else `sys.executable -m module`."""
    script = Path(sys.executable).with_name(name)
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", module]


@dataclass
class Tool:
    name: str
    times: dict[int, list[float]] = field(default_factory=dict)  # rows -> seconds per run
    peaks: dict[int, list[int]] = field(default_factory=dict)  # rows -> peak KiB per run

    def record(self, rows: int, outcome: Outcome) -> None:
        self.times.setdefault(rows, []).append(outcome.seconds)
        self.peaks.setdefault(rows, []).append(outcome.peak_kib)

    def median(self, rows: int) -> float:
        return statistics.median(self.times[rows])

    def peak_mib(self, rows: int) -> float:
        return max(self.peaks[rows]) / 1024


@dataclass
class Setup:
    lokalspil: list[str]
    sqlite_utils: list[str]
    sqlite3_shell: str
    env: dict[str, str]
    work: Path
    counter: int = 0

    def fresh_db(self, tool: str, rows: int) -> Path:
        self.counter += 1
        db = self.work / f"{tool}-{rows}-{self.counter}.db"
        remove_db(db)
        return db


def run_ours(setup: Setup, csv_file: Path, rows: int) -> Outcome:
    db = setup.fresh_db("lokalspil", rows)
    env = {**setup.env, "LOKALSPIL_DB": str(db)}
    measure([*setup.lokalspil, "init", "--area", "Bench"], env, setup.work)
    argv = [*setup.lokalspil, "import", "companies", str(csv_file), "--yes", "--json"]
    outcome = measure(argv, env, setup.work)
    try:
        counts = json.loads(outcome.stdout)
    except json.JSONDecodeError:
        counts = None
    if not isinstance(counts, dict) or counts.get("new") != rows or counts.get("rejected") != 0:
        what = f"the import did not report {rows:,} new rows and none rejected"
        raise CommandFailed(describe_failure(argv, what, outcome.stdout, outcome.stderr))
    remove_db(db)
    return outcome


def run_sqlite_utils(setup: Setup, csv_file: Path, rows: int) -> Outcome:
    db = setup.fresh_db("sqlite-utils", rows)
    argv = [
        *setup.sqlite_utils,
        "insert",
        str(db),
        "companies",
        str(csv_file),
        "--csv",
        "--delimiter",
        ";",
        "--no-detect-types",
        "--encoding",
        "cp1252",
    ]
    outcome = measure(argv, setup.env, setup.work)
    count_rows(db, argv, rows)
    remove_db(db)
    return outcome


def run_sqlite3(setup: Setup, csv_file: Path, rows: int) -> Outcome:
    db = setup.fresh_db("sqlite3", rows)
    script = setup.work / "import.sql"
    # .import into a table that does not exist yet takes the column names from the first row.
    script.write_text(f".mode csv\n.separator ;\n.import '{csv_file}' companies\n", encoding="utf-8")
    return run_shell(setup, [setup.sqlite3_shell, str(db)], db, script, rows)


def run_shell(setup: Setup, argv: list[str], db: Path, script: Path, rows: int) -> Outcome:
    """The sqlite3 shell running `script`, checked: no complaint, and `rows` companies in `db` afterwards."""
    outcome = measure(argv, setup.env, setup.work, stdin=script)
    if outcome.stderr.strip():  # the shell reports bad rows on stderr and still exits 0
        raise CommandFailed(
            describe_failure(argv, "the sqlite3 shell complained", outcome.stdout, outcome.stderr)
        )
    count_rows(db, [*argv, "<", str(script)], rows)
    remove_db(db)
    return outcome


# What our import has to write, written by the sqlite3 shell: no Python, no reading of Windows-1252 (it gets a UTF-8
# copy), no checks, no matching. The rows go into a lokalspil workspace made by `lokalspil init` (not timed), with
# its tables, indexes, search index and history, in one transaction, in the cheapest way we know: the rows sorted by
# CVR into the table, the search index and the history filled in one statement each (as `database.bulk_insert`
# does). No import that writes this workspace can take less; the goals' budget is beside it.
FLOOR_SQL = """\
.bail on
.mode csv
.separator ;
BEGIN IMMEDIATE;
CREATE TEMP TABLE list (cvr, name, address, postcode, city, industry_code, industry, employees, email, phone,
                        protected);
.import --skip 1 '{csv_file}' list
DROP TRIGGER companies_ai;
DROP TRIGGER companies_history_added;
INSERT INTO companies (area_id, name, cvr, address, postcode, city, industry_code, industry, employees, email,
                       phone, protected, created_at, updated_at)
    SELECT 1, name, cvr, address, postcode, city, industry_code, industry, nullif(employees, ''), email, phone,
           protected = 'Ja', '{stamp}', '{stamp}'
    FROM temp.list ORDER BY cvr;
INSERT INTO companies_fts (rowid, name, city, industry, tags, notes)
    SELECT rowid, name, city, industry, tags, notes FROM companies;
INSERT INTO history (command, entity, entity_id, company_id, action)
    SELECT 'import companies', 'company', id, id, 'added' FROM companies ORDER BY id;
COMMIT;
"""


def run_floor(setup: Setup, csv_file: Path, rows: int) -> Outcome:
    db = setup.fresh_db("floor", rows)
    measure([*setup.lokalspil, "init", "--area", "Bench"], {**setup.env, "LOKALSPIL_DB": str(db)}, setup.work)
    utf8 = csv_file.with_suffix(".utf8.csv")
    if not utf8.exists():
        utf8.write_text(csv_file.read_text(encoding="cp1252"), encoding="utf-8", newline="")
    script = setup.work / "floor.sql"
    stamp = "2026-01-01T00:00:00.000000+00:00"
    script.write_text(FLOOR_SQL.format(csv_file=utf8, stamp=stamp), encoding="utf-8")
    # The same durability as a workspace: lokalspil opens it in WAL mode with synchronous=FULL.
    return run_shell(
        setup, [setup.sqlite3_shell, "-cmd", "PRAGMA synchronous = FULL", str(db)], db, script, rows
    )


def run_start(setup: Setup, csv_file: Path, rows: int) -> Outcome:
    """`lokalspil import companies --help`: Python and lokalspil starting, the command's options read, no file."""
    return measure([*setup.lokalspil, "import", "companies", "--help"], setup.env, setup.work)


RUNNERS = {
    "lokalspil": run_ours,
    "sqlite-utils": run_sqlite_utils,
    "sqlite3": run_sqlite3,
    "floor": run_floor,
    "start-up": run_start,
}


# ---------------------------------------------------------------------------------------------------------------
# Report


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER"


def print_size(tools: dict[str, Tool], rows: int, runs: int, with_goals: bool) -> bool:
    """The table for one size; return whether its goals are met (always True without goals)."""
    ours, utils, shell = tools["lokalspil"], tools["sqlite-utils"], tools["sqlite3"]
    vs_utils = utils.median(rows) / ours.median(rows)
    vs_shell = ours.median(rows) / shell.median(rows)
    print(f"{rows:,} rows, {runs} run{'s' if runs != 1 else ''} each (median)")
    header = (
        f"{'tool':<13} {'median s':>9} {'min s':>8} {'peak MiB':>9}  "
        f"{'sqlite-utils/ours':>17} {'goal':>7} {'':<4}  {'ours/sqlite3':>12} {'goal':>7}"
    )
    print(header)
    print("-" * (len(header) + 5))
    utils_ok = vs_utils >= GOAL_VS_SQLITE_UTILS
    shell_ok = vs_shell <= GOAL_VS_SQLITE3
    floor, start = tools["floor"], tools["start-up"]
    for tool in (ours, utils, shell, floor, start):
        line = (
            f"{tool.name:<13} {tool.median(rows):>9.2f} {min(tool.times[rows]):>8.2f} "
            f"{tool.peak_mib(rows):>9.1f}  "
        )
        if tool is ours and with_goals:
            line += (
                f"{vs_utils:>16.2f}x {'>=' + f'{GOAL_VS_SQLITE_UTILS:.1f}x':>7} {verdict(utils_ok):<4}  "
                f"{vs_shell:>11.2f}x {'<=' + f'{GOAL_VS_SQLITE3:.1f}x':>7} {verdict(shell_ok)}"
            )
        elif tool is ours:
            line += f"{vs_utils:>16.2f}x {'':>7} {'':<4}  {vs_shell:>11.2f}x"
        print(line.rstrip())
    if with_goals:
        budget = min(utils.median(rows) / GOAL_VS_SQLITE_UTILS, shell.median(rows) * GOAL_VS_SQLITE3)
        least = floor.median(rows) + start.median(rows)
        print(
            f"The goals allow our import {budget:.2f} s. Our workspace's writes alone, done by the sqlite3 shell\n"
            f"(floor), take {floor.median(rows):.2f} s, and lokalspil starting (start-up) {start.median(rows):.2f} s:"
            f" together {least:.2f} s,\n{least / budget:.2f}x the budget, before a row is read or checked."
        )
    print()
    return (utils_ok and shell_ok) or not with_goals


def scaling(tool: Tool, small: int, large: int) -> float:
    """The median, over the rounds with a large run, of the large run's time over the same round's small run:
    the machine's speed drifts over minutes, and a ratio of runs made minutes apart would measure the drift."""
    pairs = zip(tool.times[large], tool.times[small], strict=False)  # round by round (see main)
    return statistics.median(big / little for big, little in pairs)


def print_scaling(tools: dict[str, Tool], small: int, large: int) -> bool:
    ours = tools["lokalspil"]
    time_ratio = scaling(ours, small, large)
    time_goal = GOAL_SCALING * large / small
    memory_ratio = ours.peak_mib(large) / ours.peak_mib(small)
    print(f"Scaling of lokalspil's import, {large:,} rows against {small:,}")
    header = f"{'measure':<22} {'ratio':>7} {'goal':>8}  result"
    print(header)
    print("-" * len(header))
    time_ok = time_ratio <= time_goal
    memory_ok = memory_ratio <= GOAL_MEMORY
    print(
        f"{'time (same rounds)':<22} {time_ratio:>6.2f}x {'<=' + f'{time_goal:.1f}x':>8}  {verdict(time_ok)}"
    )
    print(
        f"{'peak memory':<22} {memory_ratio:>6.2f}x {'<=' + f'{GOAL_MEMORY:.1f}x':>8}  {verdict(memory_ok)}"
    )
    others = ", ".join(
        f"{name} {scaling(tools[name], small, large):.2f}x"
        for name in tools
        if name not in ("lokalspil", "start-up")
    )
    print(f"The other tools' time, in the same rounds: {others}")
    return time_ok and memory_ok


def tool_versions(setup: Setup) -> str:
    utils = subprocess.run(
        [*setup.sqlite_utils, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    shell = subprocess.run(
        [setup.sqlite3_shell, "--version"], capture_output=True, text=True, check=False
    ).stdout.split()
    return f"{utils or 'sqlite-utils ?'}; sqlite3 shell {shell[0] if shell else '?'}"


# ---------------------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="measured runs per tool, small size (default 3)")
    parser.add_argument(
        "--runs-large", type=int, default=1, help="measured runs per tool, large size (default 1)"
    )
    parser.add_argument("--skip-large", action="store_true", help="measure the small size only")
    parser.add_argument("--rows", type=int, default=SMALL, help=f"rows in the small file (default {SMALL:,})")
    parser.add_argument(
        "--rows-large", type=int, default=LARGE, help=f"rows in the large file (default {LARGE:,})"
    )
    parser.add_argument("--keep", metavar="DIR", type=Path, help="write the files to DIR and keep them")
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.runs_large < 1:
        parser.error("--runs and --runs-large must be at least 1")
    if not 1 <= args.rows < args.rows_large:
        parser.error("--rows must be at least 1 and smaller than --rows-large")
    shell = shutil.which("sqlite3")
    if shell is None:
        print("import benchmark: the sqlite3 shell is not on PATH", file=sys.stderr)
        return 2
    probe = subprocess.run([GNU_TIME, "-f", "%M", "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0 or not probe.stderr.strip().isdigit():
        print(f"import benchmark: {GNU_TIME} is not GNU time (needed for the peak memory)", file=sys.stderr)
        return 2

    spec = importlib.util.find_spec("lokalspil")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)
    sizes = (
        [(args.rows, args.runs)]
        if args.skip_large
        else [(args.rows, args.runs), (args.rows_large, args.runs_large)]
    )
    tools = {name: Tool(name) for name in RUNNERS}
    with tempfile.TemporaryDirectory(prefix="lokalspil-bench-") as tmp:
        work = Path(tmp)
        files_dir = args.keep or work
        files_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERMINAL_WIDTH": "100"}
        setup = Setup(
            console_script("lokalspil", "lokalspil"),
            console_script("sqlite-utils", "sqlite_utils"),
            shell,
            env,
            work,
        )
        print(f"Python {platform.python_version()} ({sys.executable}); {tool_versions(setup)}")
        files: dict[int, Path] = {}
        for rows, _ in sizes:
            path = files_dir / f"virksomheder-{rows}.csv"
            start = time.perf_counter()
            generate(path, rows, SEED + rows)
            elapsed = time.perf_counter() - start
            size = path.stat().st_size
            print(
                f"{rows:>9,} rows: {path.name}, {size / 1e6:.1f} MB ({size / (rows + 1):.0f} bytes a row), "
                f"Windows-1252, ';', CRLF; generated in {elapsed:.1f} s"
            )
            files[rows] = path
        print("A fresh database for every run; the tools interleaved in each round.")
        print(flush=True)
        try:
            # Rounds: in each, every tool on the small file, then (in the first rounds) on the large one, so that
            # a large run has small runs of the same minute beside it: the scaling is taken round by round.
            for round_number in range(max(runs for _, runs in sizes)):
                for rows, runs in sizes:
                    if round_number < runs:
                        for name, runner in RUNNERS.items():
                            tools[name].record(rows, runner(setup, files[rows], rows))
        except CommandFailed as failure:
            print(f"import benchmark: {failure}", file=sys.stderr)
            return 2

    all_met = True
    for index, (rows, runs) in enumerate(sizes):
        all_met &= print_size(tools, rows, runs, with_goals=index == 0)
    if args.skip_large:
        print("Scaling: not measured (--skip-large)")
    else:
        all_met &= print_scaling(tools, args.rows, args.rows_large)
    return 1 if args.check and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
