"""Report benchmark: `lokalspil report --year` on a large workspace, against a bare count of the same tables.

Builds a workspace of 100,000 companies with 1,000,000 log entries over 2025–2027 (stage changes, meetings,
calls, events ...), 20,000 agreements, 20,000 openings and 50,000 placements, with a fixed random seed, then
measures in the same run, with the median of several runs taken by turns:

* ours: `report.build_report` for one year by quarter (every indicator, every table, the targets), as
  `lokalspil report --year 2026 --json` calls it;
* anchor: a bare `SELECT count(*)` over each table the report reads (activities, agreements, openings,
  placements, targets), the least any count of these tables can take;
* and the whole command, `lokalspil report --year 2026 --json`, as a process (start-up included).

It prints the times and the ratio ours / anchor. The issue sets no goal: the figure is reported.

Usage: python bench/report.py [--runs N] [--companies N] [--entries N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TABLES = ("activities", "agreements", "openings", "placements", "targets")
KINDS = ("call", "email", "letter", "meeting", "visit", "event", "note")
STAGES = ("contacted", "meeting", "agreement", "active", "declined", "paused")
BANDS = ("13-14", "15-17", "18-24", "25-29")
FIRST_DAY = dt.date(2025, 1, 1)
DAYS = 3 * 365


def _day(rng: random.Random) -> str:
    return (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))).isoformat()


def make_workspace(db: Path, companies: int, entries: int) -> None:
    from lokalspil.database import open_database, transaction
    from lokalspil.workspace import save_workspace

    save_workspace(db, {"area": "Værebroparken", "organisation": "AB Gladsaxe", "language": "da"})
    rng = random.Random(15)
    stamp = "2025-01-01T00:00:00"
    conn = open_database(db)

    def activities() -> Iterator[tuple[Any, ...]]:
        for n in range(entries):
            company = rng.randrange(1, companies + 1)
            if n % 10 == 0:  # one in ten a stage change, most of them from candidate
                old = "candidate" if rng.random() < 0.7 else rng.choice(STAGES)
                yield company, "stage", _day(rng), "", old, rng.choice(STAGES), stamp
            else:
                yield company, rng.choice(KINDS), _day(rng), "Talt med indehaveren", None, None, stamp

    with transaction(conn):
        conn.executemany(
            "INSERT INTO companies (area_id, name, stage, created_at, updated_at) VALUES (1, ?, 'candidate', ?, ?)",
            ((f"Virksomhed {i} ApS", stamp, stamp) for i in range(companies)),
        )
        conn.executemany(
            """INSERT INTO activities (company_id, kind, date, summary, old_stage, new_stage, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            activities(),
        )
        conn.executemany(
            """INSERT INTO agreements (company_id, kind, status, signed, created_at, updated_at)
               VALUES (?, 'praktik', 'signed', ?, ?, ?)""",
            ((rng.randrange(1, companies + 1), _day(rng), stamp, stamp) for _ in range(companies // 5)),
        )
        conn.executemany(
            """INSERT INTO openings (company_id, kind, title, places, opened, created_at, updated_at)
               VALUES (?, 'fritidsjob', 'Hjælper', ?, ?, ?, ?)""",
            (
                (rng.randrange(1, companies + 1), rng.randrange(1, 5), _day(rng), stamp, stamp)
                for _ in range(companies // 5)
            ),
        )

        def placement() -> tuple[Any, ...]:
            start = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            ended = rng.random() < 0.6
            end = (start + dt.timedelta(days=rng.randrange(1, 300))).isoformat() if ended else None
            outcome = rng.choice(("completed", "stopped", "job", "education")) if ended else None
            company = rng.randrange(1, companies + 1)
            return company, rng.choice(BANDS), start.isoformat(), end, outcome, stamp, stamp

        conn.executemany(
            """INSERT INTO placements (company_id, kind, age_band, school, start, "end", outcome, created_at,
                                       updated_at)
               VALUES (?, 'fritidsjob', ?, 'in_school', ?, ?, ?, ?, ?)""",
            (placement() for _ in range(companies // 2)),
        )
        conn.executemany(
            "INSERT INTO targets (indicator, year, target, baseline, updated_at) VALUES (?, 2026, 100, 10, ?)",
            (("young_started", stamp), ("places_offered", stamp), ("meetings", stamp)),
        )
    conn.execute("ANALYZE")
    conn.close()


def median_times(ours: Callable[[], Any], anchor: Callable[[], Any], runs: int) -> tuple[float, float]:
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for run, seconds in zip((ours, anchor), times, strict=True):
            start = time.perf_counter()
            run()
            seconds.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args(argv)

    from lokalspil.database import open_database
    from lokalspil.report import build_report

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "workspace.db"
        began = time.perf_counter()
        make_workspace(db, args.companies, args.entries)
        print(
            f"workspace: {args.companies:,} companies, {args.entries:,} log entries "
            f"(built in {time.perf_counter() - began:.1f} s)"
        )
        conn = open_database(db)

        def ours() -> None:
            build_report(
                conn, dt.date(2026, 1, 1), dt.date(2026, 12, 31), "quarter", today=dt.date(2026, 12, 31)
            )

        def anchor() -> None:
            for table in TABLES:
                conn.execute(f"SELECT count(*) FROM {table}").fetchone()

        ours()  # the pages in the cache for both
        report_time, anchor_time = median_times(ours, anchor, args.runs)
        conn.close()
        env = {**os.environ, "LOKALSPIL_DB": str(db)}
        command = [sys.executable, "-m", "lokalspil", "report", "--year", "2026", "--json"]
        process_times = []
        for _ in range(max(1, args.runs // 2)):
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            process_times.append(time.perf_counter() - start)
        print(f"build_report, one year by quarter: {report_time * 1000:8.1f} ms")
        print(f"anchor, SELECT count(*) x {len(TABLES)}:    {anchor_time * 1000:8.1f} ms")
        print(f"ratio ours / anchor:              {report_time / anchor_time:8.1f} x")
        print(
            f"lokalspil report --year 2026 --json (process): {statistics.median(process_times) * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
