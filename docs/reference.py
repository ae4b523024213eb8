"""Write the reference docs from the code itself: the CLI reference (docs/cli.md in Danish, docs/cli.en.md in
English) from the commands' own help, and the database schema (docs/schema.md) from the migrations.

    python docs/reference.py          # rewrite all three files
    python docs/reference.py en       # print the English CLI reference
    python docs/reference.py schema   # print the schema

tests/test_docs.py fails when the files differ from what this prints, so the reference cannot go stale.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {"da": HERE / "cli.md", "en": HERE / "cli.en.md", "schema": HERE / "schema.md"}


def reference(language: str) -> str:
    """The reference in one language; run in a fresh interpreter, since help texts are fixed at import."""
    from lokalspil.messages import set_language

    set_language(language)
    import typer
    from typer.cli import get_docs_for_click

    from lokalspil.cli import _translate_typer_help

    _translate_typer_help()
    from lokalspil.cli.app import app

    command = typer.main.get_command(app)
    command.load_all()  # type: ignore[attr-defined]
    ctx = typer.Context(command)
    return get_docs_for_click(obj=command, ctx=ctx, name="lokalspil").strip() + "\n"


# ---------------------------------------------------------------------------------------------------------------
# The schema, from the migrations

# What each table is for. A table the migrations make that is not here is listed as "(not described yet)".
TABLES = {
    "areas": "The housing areas the workspace works for; `lokalspil init` makes the first.",
    "workspace": "One row: the coordinator, the area worked for, and the language lokalspil speaks.",
    "guides": "Guides the workspace has worked with, so `status` can find a guide file used by its path again.",
    "guide_answers": "One row per question answered (the value as JSON) or deliberately skipped (value NULL).",
    "guide_checklist": "One row per checklist item that is done.",
    "companies": "The companies and their place in the pipeline (`stage`). Tags are a JSON list.",
    "contacts": "Contact persons: personal data. `purpose` says why they are kept; `contact forget` erases them.",
    "activities": "The log: calls, letters, meetings, every change of stage, and follow-ups.",
    "agreements": "Collaboration agreements. They count young people (`places`, `participants`), never name them.",
    "openings": "What a company offers (a job board): kind, places, age bands, hours as a window and per week, "
    "status (open, filled, closed), and the day it was opened, which the report counts.",
    "placements": "One young person's forløb in an opening or agreement, never named: only an age band, a school "
    "status, start and end dates and an outcome from fixed lists, so no column can hold a name.",
    "targets": "The area's targets (måltal) and baselines, per indicator and year, which `lokalspil report` "
    "measures against.",
    "history": "Which command added, changed or removed which record, and when. Only the names of changed fields "
    "are kept, never their values; `company_id` has no foreign key, so a removed company's history stays.",
    "history_context": "One row: the command now writing (set by lokalspil at the start of a write), for the "
    "history triggers.",
    "contact_former_values": "The names, e-mails and phone numbers a contact person had before a change, kept only "
    "so that `contact forget` finds them too: shown nowhere else, left out of `export all`, erased with the person.",
    "_sqlite_migrations": "sqlite-utils' record of the migrations applied to this file.",
}
FTS_SHADOW = re.compile(r"_fts_(data|idx|docsize|config)$")


def _split_top_level(text: str) -> list[str]:
    """`a, b (c, d), e` -> ['a', 'b (c, d)', 'e']: commas outside brackets and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [" ".join(p.split()) for p in parts if p.strip()]


def _column_rules(sql: str) -> dict[str, str]:
    """{column: what its definition says beyond name and type (NOT NULL, CHECK, REFERENCES ...)}."""
    body = sql[sql.index("(") + 1 : sql.rindex(")")]
    rules = {}
    for part in _split_top_level(body):
        match = re.match(r'"?(\w+)"?\s+([A-Z]+)\s*(.*)', part)
        if match and match.group(1).upper() not in ("PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "CONSTRAINT"):
            rules[match.group(1)] = match.group(3)
    return rules


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|") if text not in (None, "") else ""


def _apply_steps() -> tuple[sqlite3.Connection, dict[str, str]]:
    """An empty database with every migration applied through sqlite-utils, and which step made each table,
    column, index and trigger (found by applying the steps one by one to a second database)."""
    from lokalspil.database import records
    from lokalspil.migrations import STEPS, migrations

    conn = sqlite3.connect(":memory:")
    migrations().apply(records(conn))
    made_by: dict[str, str] = {}
    stepwise = sqlite3.connect(":memory:")
    db = records(stepwise)
    for name, step in STEPS:
        step(db)
        for kind, item in stepwise.execute("SELECT type, name FROM sqlite_master"):
            made_by.setdefault(f"{kind}:{item}", name)
            if kind == "table":
                for column in stepwise.execute(f'PRAGMA table_info("{item}")'):
                    made_by.setdefault(f"column:{item}.{column[1]}", name)
    return conn, made_by


def _trigger_row(name: str, sql: str) -> str:
    head = re.match(r"CREATE TRIGGER \W?\w+\W? (AFTER|BEFORE|INSTEAD OF) (\w+)", sql)
    fires = f"{head.group(1)} {head.group(2)}" if head else ""
    writes = sorted(
        set(re.findall(r'(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', sql.split("BEGIN", 1)[1]))
    )
    watched = list(dict.fromkeys(re.findall(r'old\."(\w+)" IS NOT', sql)))
    when = f"when one of these changes: {', '.join(f'`{c}`' for c in watched)}" if watched else ""
    return f"| `{name}` | {fires} | {', '.join(f'`{w}`' for w in writes)} | {when} |"


def record_types() -> list[str]:
    """The record types declared in src/lokalspil/record_types.py: what merge, export, import, forget, search and
    the history go by."""
    from lokalspil.record_types import RECORD_TYPES

    def listed(names: Iterable[str]) -> str:
        return ", ".join(f"`{name}`" for name in names)

    return [
        "## Record types",
        "",
        "Declared once in `src/lokalspil/record_types.py`. `company merge` moves, and `company remove` deletes, the",
        "records of every company-owned type; `export all` writes, and `import all` reads, every type; `contact",
        "forget` and an access request (`contact export`) scan every personal-text column; search reads the search",
        'columns. See docs/architecture.md, "Adding a record type".',
        "",
        "| Table | History name | Company-owned | Personal text | Search | Export key | Since |",
        "|---|---|---|---|---|---|---|",
        *[
            f"| `{rt.table}` | {f'`{rt.entity}`' if rt.history else ''} | {'yes' if rt.company_owned else 'no'} | "
            f"{listed(c for c, _ in rt.personal_text)}{' (JSON)' if rt.json_text else ''} | {listed(rt.search)} | "
            f"`{rt.export_key}` | `{rt.since[:4]}` |"
            for rt in RECORD_TYPES
        ],
        "",
    ]


def schema() -> str:
    """docs/schema.md: the tables, columns, indexes and triggers an empty database has after the migrations."""
    from lokalspil.migrations import STEPS

    conn, made_by = _apply_steps()
    objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()
    tables = [
        (name, sql) for kind, name, _, sql in objects if kind == "table" and not FTS_SHADOW.search(name)
    ]
    tables.sort(key=lambda table: table[0].startswith("_"))  # sqlite-utils' own table last
    out = [
        "# The database schema",
        "",
        "<!-- Generated by `python docs/reference.py` from the migrations in src/lokalspil/migrations.py: an empty",
        "     database is migrated and described. Do not edit by hand; tests/test_docs.py checks it. -->",
        "",
        "A workspace is one SQLite file. lokalspil opens it with foreign keys on, in WAL mode, with a busy timeout,",
        "and applies the migrations below in order (sqlite-utils `Migrations`, recorded in `_sqlite_migrations`).",
        "A released migration is never changed; changes come as new steps at the end.",
        "",
        "Dates are ISO 8601 text (`2026-12-03`); time stamps are UTC (`2026-12-03T09:15:00+00:00`). Texts are",
        "stored as typed; choices are stored by their id (`candidate`, `fritidsjob`), and shown translated.",
        "",
        "## Migrations",
        "",
        "| # | Migration |",
        "|---:|---|",
        *[f"| {i} | `{name}` |" for i, (name, _) in enumerate(STEPS, 1)],
        "",
        *record_types(),
        "## Tables",
        "",
    ]
    for name, sql in tables:
        virtual = sql.startswith("CREATE VIRTUAL TABLE")
        out += [f"### `{name}`", ""]
        if virtual:
            source = re.search(r'content="(\w+)"', sql)
            out += [
                f"Full-text search index (FTS5) over `{source.group(1) if source else '?'}`, kept in step by "
                "triggers on that table. SQLite keeps it in the internal tables "
                + ", ".join(f"`{name}_{s}`" for s in ("data", "idx", "docsize", "config"))
                + ".",
                "",
                "Columns: "
                + ", ".join(f"`{c[1]}`" for c in conn.execute(f'PRAGMA table_info("{name}")'))
                + ".",
                "",
            ]
        else:
            step = made_by.get(f"table:{name}")
            out += [TABLES.get(name, "(not described yet)"), ""]
            if step:
                out += [f"Made by `{step}`.", ""]
            rules = _column_rules(sql)
            foreign = {
                fk[3]: f"→ `{fk[2]}.{fk[4]}`" + (f" ON DELETE {fk[6]}" if fk[6] != "NO ACTION" else "")
                for fk in conn.execute(f'PRAGMA foreign_key_list("{name}")')
            }
            out += ["| Column | Type | Rules | Added by |", "|---|---|---|---|"]
            for _, column, kind, _, _, _, _ in conn.execute(f'PRAGMA table_xinfo("{name}")'):
                rule = re.sub(
                    r"REFERENCES \w+\s*\(\w+\)( ON DELETE [A-Z ]+)?", "", rules.get(column, "")
                ).strip()
                rule = " ".join(x for x in (rule, foreign.get(column, "")) if x)
                added = made_by.get(f"column:{name}.{column}", "")
                added = f"`{added}`" if added and added != step else ""
                out.append(f"| `{column}` | {kind} | {_cell(rule)} | {added} |")
            out.append("")
            indexes = [
                (index, unique, origin, partial)
                for _, index, unique, origin, partial in conn.execute(f'PRAGMA index_list("{name}")')
            ]
            if indexes:
                out += ["| Index | Columns | Unique | Note |", "|---|---|---|---|"]
                for index, unique, origin, partial in sorted(indexes):
                    columns = [r[2] for r in conn.execute(f'PRAGMA index_info("{index}")')]
                    index_sql = next((s for k, n, _, s in objects if k == "index" and n == index), None) or ""
                    where = index_sql.split(" WHERE ", 1)[1] if partial and " WHERE " in index_sql else ""
                    note = {"pk": "primary key", "u": "from a UNIQUE constraint"}.get(origin, "")
                    note = "; ".join(x for x in (note, f"only rows where `{where}`" if where else "") if x)
                    out.append(
                        f"| `{index}` | {', '.join(f'`{c}`' for c in columns)} | {'yes' if unique else 'no'} | {note} |"
                    )
                out.append("")
        triggers = [(n, s) for kind, n, table, s in objects if kind == "trigger" and table == name]
        if triggers:
            out += ["| Trigger | Fires | Writes to | |", "|---|---|---|---|"]
            out += [_trigger_row(n, s) for n, s in triggers]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.stdout.write(schema() if sys.argv[1] == "schema" else reference(sys.argv[1]))
    else:
        import subprocess

        for lang, path in FILES.items():
            text = subprocess.run(
                [sys.executable, __file__, lang], capture_output=True, text=True, check=True
            ).stdout
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
