"""Trustworthy with people's data: backups, restore, doctor, file permissions, the history of changes, the GDPR
review, two writers at once, and a process killed in the middle of its work."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, Query, ok, printed_json, read, tamper


def doctor(db: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "lokalspil", "--db", str(db), "doctor", "--json"],
        capture_output=True,
        text=True,
    )
    report: dict[str, Any] = json.loads(done.stdout)
    assert (done.returncode == 0) == report["sound"], done.stderr
    return report


def test_database_and_backups_are_the_owners_only(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "Bageriet"))
    backup = Path(printed_json(cli("backup", "--json"))["backup"])
    for path in (workspace, backup):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700


def test_backup_keeps_the_newest_and_restores(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path
) -> None:
    ok(cli("company", "add", "Bageriet"))
    first = Path(printed_json(cli("backup", "--json"))["backup"])
    ok(cli("company", "add", "Maleren"))
    for _ in range(3):
        ok(cli("backup", "--keep", "2"))
    assert len(list((tmp_path / "backups" / "workspace").glob("lokalspil-*.db"))) == 2
    assert first.exists() is False  # the oldest went
    named = tmp_path / "kopi.db"
    ok(cli("backup", str(named)))
    ok(cli("company", "add", "Tømreren"))
    result = ok(cli("restore", str(named), "--yes"))
    assert "gendannet" in result.output
    assert sorted(n for (n,) in query("SELECT name FROM companies")) == ["Bageriet", "Maleren"]
    before = [p for p in (tmp_path / "backups" / "workspace").glob("*before-restore*")]
    assert len(before) == 1  # the workspace as it was, with Tømreren, is kept
    assert read(before[0], "SELECT count(*) FROM companies") == [(3,)]


def test_backup_never_overwrites_a_file_that_exists(cli: Cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for db in (a, b):
        ok(cli("--db", str(db), "init", "--area", db.stem))
    ok(cli("--db", str(a), "company", "add", "Bageriet"))
    earlier = tmp_path / "kopi.db"
    ok(cli("--db", str(a), "backup", str(earlier)))
    text = tmp_path / "noter.txt"
    text.write_text("mine noter", encoding="utf-8")
    before = {path: path.read_bytes() for path in (a, earlier, text)}
    for path in before:
        result = cli("--db", str(b), "backup", str(path))
        assert result.exit_code == 1
        assert f"{path.name} findes allerede" in result.stderr and "Vælg et andet filnavn" in result.stderr
        assert "uventet" not in result.output
    assert {path: path.read_bytes() for path in before} == before  # not one byte changed
    assert not list(tmp_path.glob(".*.part"))
    for _ in range(2):  # the timestamped backups in backups/ never collide
        ok(cli("--db", str(b), "backup"))
    assert len(list((tmp_path / "backups" / "b").glob("lokalspil-*.db"))) == 2


def test_backup_to_a_file_system_without_hard_links(
    cli: Cli, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: Any, target: Any) -> None:
        raise PermissionError("no hard links here")

    monkeypatch.setattr(os, "link", no_links)
    ok(cli("company", "add", "Bageriet"))
    copy = tmp_path / "usb" / "kopi.db"
    ok(cli("backup", str(copy)))
    assert read(copy, "SELECT name FROM companies") == [("Bageriet",)]
    assert cli("backup", str(copy)).exit_code == 1
    assert not list(copy.parent.glob(".*.part"))


def test_restore_refuses_what_is_not_a_sound_workspace(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path
) -> None:
    ok(cli("company", "add", "Bageriet"))
    (tmp_path / "tekst.db").write_text("ikke en database")
    other = tmp_path / "andet.db"
    tamper(other, "CREATE TABLE x (y)")
    for bad in ("tekst.db", "andet.db", "findes-ikke.db"):
        result = cli("restore", str(tmp_path / bad), "--yes")
        assert result.exit_code == 1
        assert "ikke ændret" in result.output
    assert query("SELECT name FROM companies") == [("Bageriet",)]


def test_restore_needs_a_yes_without_a_terminal(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    ok(cli("backup", str(tmp_path / "kopi.db")))
    assert cli("restore", str(tmp_path / "kopi.db")).exit_code == 1


def test_doctor_reports_a_sound_workspace_and_finds_a_broken_search_index(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "Bageriet Søborg"))
    report = doctor(workspace)
    assert report["sound"] and report["schema"]["applied"] == report["schema"]["known"]
    assert {f["check"] for f in report["findings"]} >= {
        "schema",
        "integrity",
        "foreign_keys",
        "search_index",
        "backup",
    }
    assert any(f["check"] == "backup" and f["level"] == "warning" for f in report["findings"])
    tamper(
        workspace, "DELETE FROM companies_fts_data WHERE id > 10"
    )  # damage the search index behind SQLite's back
    report = doctor(workspace)
    assert not report["sound"]
    broken = next(f for f in report["findings"] if f["check"] == "search_index")
    assert broken["level"] == "problem" and "--repair" in broken["advice"]
    ok(cli("doctor", "--repair"))
    assert doctor(workspace)["sound"]
    assert "Bageriet" in ok(cli("search", "Bageriet")).output


def test_doctor_on_a_file_that_is_not_a_workspace(tmp_path: Path) -> None:
    bad = tmp_path / "x.db"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    report = doctor(bad)
    assert not report["sound"]
    assert report["findings"][0]["level"] == "problem"


def test_a_backup_is_made_before_the_schema_changes(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    from sqlite_utils.migrations import Migrations

    from lokalspil.database import records
    from lokalspil.migrations import MIGRATION_SET, STEPS

    *earlier, (last, _) = STEPS
    previous = Migrations(MIGRATION_SET)  # a workspace as the previous version made it
    for name, step in earlier:
        previous(name=name)(step)
    conn = sqlite3.connect(db_path)
    previous.apply(records(conn))
    conn.close()
    ok(cli("init", "--area", "Værebroparken", "--org", "AB Gladsaxe", "--municipality", "Gladsaxe"))
    backups = list((tmp_path / "backups" / "workspace").glob("*before-update*"))
    assert len(backups) == 1
    assert (last,) not in read(backups[0], "SELECT name FROM _sqlite_migrations")
    assert (last,) in read(db_path, "SELECT name FROM _sqlite_migrations")


def test_history_records_what_changed_by_which_command(cli: Cli, workspace: Path) -> None:
    ok(cli("company", "add", "Bageriet", "--cvr", "13585628"))
    ok(cli("company", "edit", "Bageriet", "--phone", "12345678", "--city", "Søborg"))
    ok(cli("company", "stage", "Bageriet", "meeting"))
    ok(cli("contact", "add", "Bageriet", "Hans Jensen", "--email", "hans@bageriet.dk"))
    ok(cli("agreement", "add", "Bageriet", "--kind", "fritidsjob"))
    changes = printed_json(cli("history", "Bageriet", "--json"))
    seen = [(c["command"], c["entity"], c["action"], c["fields"]) for c in reversed(changes)]
    assert ("company add", "company", "added", []) in seen
    assert ("company edit", "company", "changed", ["city", "phone"]) in seen
    assert ("company stage", "company", "changed", ["stage"]) in seen
    assert ("contact add", "contact", "added", []) in seen
    assert ("agreement add", "agreement", "added", []) in seen
    shown = ok(cli("history")).output
    assert "company edit" in shown and "Telefon" in shown


def test_forgetting_a_person_removes_them_from_the_history(cli: Cli, workspace: Path, query: Query) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("contact", "add", "Bageriet", "Hans Jensen", "--email", "hans@bageriet.dk"))
    ok(cli("contact", "edit", "1", "--role", "Indehaver"))
    assert query("SELECT count(*) FROM history WHERE entity = 'contact'") == [(2,)]
    ok(cli("contact", "forget", "1", "--yes"))
    assert query("SELECT count(*) FROM history WHERE entity = 'contact'") == [(0,)]
    assert "Hans" not in json.dumps(query("SELECT * FROM history"))


def test_gdpr_review_lists_untouched_contacts_and_forgets_them(
    cli: Cli, workspace: Path, query: Query
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("contact", "add", "Bageriet", "Gammel Kontakt"))
    ok(cli("contact", "add", "Bageriet", "Ny Kontakt"))
    ok(cli("log", "Bageriet", "Ringede", "--contact", "2"))
    tamper(
        workspace,
        "UPDATE contacts SET updated_at = '2023-01-05T10:00:00+00:00'",
        "UPDATE activities SET date = '2023-02-01', created_at = '2023-02-01T10:00:00+00:00'",
        "UPDATE contacts SET updated_at = datetime('now') WHERE name = 'Ny Kontakt'",
    )
    listed = printed_json(cli("gdpr", "review", "--json"))
    assert [c["name"] for c in listed] == ["Gammel Kontakt"]
    assert listed[0]["months"] >= 24
    shown = ok(cli("gdpr", "review")).output
    assert "lokalspil gdpr forget --months 24" in shown
    assert printed_json(cli("gdpr", "review", "--months", "500", "--json")) == []
    ok(cli("gdpr", "forget", "--yes"))
    assert query("SELECT name FROM contacts") == [("Ny Kontakt",)]


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("gdpr", "review", "--months", "99999999"), "--months kan højst være 1200"),
        (("gdpr", "forget", "--months", "99999999", "--yes"), "--months kan højst være 1200"),
        (("gdpr", "review", "--months", "0"), "--months skal være mindst 1"),
        (("history", "--limit", "99999999999999999999"), "--limit skal være et helt tal fra 1 til 1000000"),
        (("history", "--limit", "0"), "--limit skal være et helt tal fra 1 til 1000000"),
        (("backup", "--keep", "0"), "--keep skal være mindst 1"),
    ],
)
def test_numbers_out_of_range_are_refused_plainly(
    cli: Cli, workspace: Path, query: Query, args: tuple[str, ...], sentence: str
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("contact", "add", "Bageriet", "Hans Jensen"))
    result = cli(*args)
    assert result.exit_code == 2  # a usage error
    assert sentence in result.stderr and "uventet" not in result.output
    assert query("SELECT name FROM contacts") == [("Hans Jensen",)]


def test_gdpr_forget_of_one_person_speaks_of_one(cli: Cli, workspace: Path, query: Query) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("contact", "add", "Bageriet", "Gammel Kontakt"))
    none = ok(cli("gdpr", "forget", "--months", "1", "--yes"))
    assert "urørt i 1 måned." in none.output
    tamper(workspace, "UPDATE contacts SET updated_at = '2023-01-05T10:00:00+00:00'")
    ok(cli("backup"))
    result = ok(cli("gdpr", "forget", "--yes"))
    assert "1 kontaktperson er glemt." in result.output
    assert "1 sikkerhedskopi fra før indeholder stadig personen" in result.output
    assert query("SELECT count(*) FROM contacts") == [(0,)]


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from lokalspil.activities import log_activity
    from lokalspil.companies import find_company
    from lokalspil.workspace import connect
    with connect(Path(sys.argv[1])) as conn:
        company = find_company(conn, sys.argv[2])
        for i in range(200):
            log_activity(conn, company, f"{sys.argv[2]} nr. {i}")
    print("done")
    """
)


def test_two_writers_at_once_both_succeed(cli: Cli, workspace: Path, query: Query) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("company", "add", "Maleren"))
    env = {**os.environ, "LOKALSPIL_DB": str(workspace)}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(workspace), name], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for name in ("Bageriet", "Maleren")
    ]  # fmt: skip
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0 and out.strip() == "done", err
    assert query("SELECT count(*) FROM activities WHERE kind = 'note'") == [(400,)]


def test_a_write_waits_for_an_import_instead_of_failing(cli: Cli, workspace: Path, query: Query) -> None:
    ok(cli("company", "add", "Bageriet"))
    holder = sqlite3.connect(workspace)
    holder.execute("BEGIN IMMEDIATE")  # another lokalspil holds the write lock for a while
    env = {**os.environ, "LOKALSPIL_DB": str(workspace)}
    logger = subprocess.Popen([sys.executable, "-m", "lokalspil", "log", "Bageriet", "Ringede"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    time.sleep(2)
    holder.rollback()
    holder.close()
    _, err = logger.communicate(timeout=60)
    assert logger.returncode == 0, err
    assert query("SELECT count(*) FROM activities") == [(1,)]


def _company_list(path: Path, rows: int) -> None:
    from random import Random

    rng = Random(7)
    weights = (2, 7, 6, 5, 4, 3, 2)
    seen: set[str] = set()
    lines = ["CVR-nr.;Navn;Postnr.;By"]
    while len(lines) <= rows:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        check = (11 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 11) % 11
        if check == 10:
            continue
        cvr = "".join(map(str, digits)) + str(check)
        if cvr in seen:
            continue
        seen.add(cvr)
        lines.append(f"{cvr};Virksomhed {len(lines)} ApS;2860;Søborg")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


@pytest.mark.parametrize("moment", [0.6, 1.2, 2.0])
def test_import_killed_at_any_moment_leaves_a_sound_workspace(
    cli: Cli, workspace: Path, query: Query, tmp_path: Path, moment: float
) -> None:
    ok(cli("company", "add", "Før importen ApS"))
    big = tmp_path / "liste.csv"
    _company_list(big, 100_000)
    env = {**os.environ, "LOKALSPIL_DB": str(workspace)}
    child = subprocess.Popen([sys.executable, "-m", "lokalspil", "import", "companies", str(big), "--yes"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(moment)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    report = doctor(workspace)
    assert report["sound"], report["findings"]
    (count,) = query("SELECT count(*) FROM companies")[0]
    assert count in (1, 100_001)


def test_a_letter_batch_killed_midway_logs_all_or_nothing(cli: Cli, workspace: Path, query: Query) -> None:
    for i in range(30):
        ok(cli("company", "add", f"Virksomhed {i}"))
    env = {**os.environ, "LOKALSPIL_DB": str(workspace), "LOKALSPIL_JOBS": "1"}
    child = subprocess.Popen([sys.executable, "-m", "lokalspil", "letter", "invitation", "--stage", "candidate",
                              "--combine", "alle.pdf"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(2.5)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert doctor(workspace)["sound"]
    (logged,) = query("SELECT count(*) FROM activities WHERE kind = 'letter'")[0]
    assert logged in (0, 30)
    leftovers = [p.name for p in Path.cwd().iterdir() if p.name.startswith(".alle.pdf")]
    assert not Path("alle.pdf").exists() or logged in (0, 30)
    assert all(name.endswith(".part") for name in leftovers)


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (sqlite3.OperationalError("database or disk is full"), "ikke plads på disken"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "skrivebeskyttet"),
        (sqlite3.OperationalError("database is locked"), "optaget af et andet program"),
        (OSError(28, "No space left on device", "/tmp/x"), "ikke plads på disken"),
    ],
)
def test_file_problems_are_told_plainly(
    cli: Cli, workspace: Path, query: Query, monkeypatch: pytest.MonkeyPatch, failure: Exception, said: str
) -> None:
    ok(cli("company", "add", "Bageriet"))
    import lokalspil.activities

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise failure

    monkeypatch.setattr(lokalspil.activities, "log_activity", fail)
    result = cli("log", "Bageriet", "Ringede")
    assert result.exit_code == 1
    assert said in result.output and "Traceback" not in result.output
    assert query("SELECT count(*) FROM activities") == [(0,)]


def test_a_missing_folder_is_made_or_named(cli: Cli, tmp_path: Path) -> None:
    deep = tmp_path / "ny" / "mappe" / "lokalspil.db"
    result = cli("--db", str(deep), "status")
    assert result.exit_code == 1 and "lokalspil init" in result.output
    ok(cli("--db", str(deep), "init", "--area", "Værebroparken"))
    assert deep.is_file() and stat.S_IMODE(deep.stat().st_mode) == 0o600
    ok(cli("--db", str(deep), "plan", "-o", str(tmp_path / "ud" / "i" / "plan.md")))
    assert (tmp_path / "ud" / "i" / "plan.md").is_file()


def _as_before_the_history(db: Path) -> None:
    """Turn the workspace back into one made before migration 0005 (the history), with its data kept."""
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_history'")
    for (trigger,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%history%'"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE history")
    conn.execute("DROP TABLE history_context")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("moment", [0.15, 0.3, 0.45, 0.6])
def test_a_migration_killed_midway_leaves_a_sound_workspace(
    cli: Cli, workspace: Path, query: Query, moment: float
) -> None:
    for i in range(50):
        ok(cli("company", "add", f"Virksomhed {i}"))
    _as_before_the_history(workspace)
    env = {**os.environ, "LOKALSPIL_DB": str(workspace)}
    child = subprocess.Popen([sys.executable, "-m", "lokalspil", "status"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(moment)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    applied = {name for (name,) in query("SELECT name FROM _sqlite_migrations")}
    tables = {name for (name,) in query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert ("0005_history" in applied) == ("history" in tables)  # the step is there whole, or not at all
    report = doctor(workspace)  # doctor itself only reads: a step still to come is a warning, not a problem
    assert report["sound"], report["findings"]
    ok(cli("status"))  # the next command completes the update
    assert query("SELECT count(*) FROM companies") == [(50,)]
    assert "0005_history" in {name for (name,) in query("SELECT name FROM _sqlite_migrations")}


def test_exports_and_other_files_with_people_in_them_are_the_owners_only(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    ok(cli("company", "add", "Bageriet"))
    ok(cli("contact", "add", "Bageriet", "Hans Jensen"))
    ok(cli("log", "Bageriet", "Ring", "--follow-up", "2030-01-02"))
    (tmp_path / "liste.csv").write_text("Navn;CVR\nMaleren;123\n", encoding="utf-8")
    ok(cli("import", "companies", "liste.csv", "--yes"))
    ok(cli("export", "companies", "-o", "firmaer.csv"))
    ok(cli("export", "companies", "-f", "xlsx", "-o", "firmaer.xlsx"))
    ok(cli("export", "all", "-o", "alt.json"))
    ok(cli("agenda", "--ics", "kalender.ics"))
    for name in ("liste.rejects.csv", "firmaer.csv", "firmaer.xlsx", "alt.json", "kalender.ics"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    shown = ok(cli("export", "companies", "-o", "-")).output
    assert "Bageriet" in shown and not (tmp_path / "-").exists()


def test_two_workspaces_in_one_folder_keep_their_own_backups(cli: Cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for db in (a, b):
        ok(cli("--db", str(db), "init", "--area", db.stem))
    ok(cli("--db", str(a), "backup"))
    for _ in range(3):
        ok(cli("--db", str(b), "backup", "--keep", "2"))
    assert len(list((tmp_path / "backups" / "a").glob("*.db"))) == 1
    assert len(list((tmp_path / "backups" / "b").glob("*.db"))) == 2
    assert "backups/a/" in doctor(a)["last_backup"]


def test_doctor_waits_or_says_busy_instead_of_calling_the_index_broken(
    cli: Cli, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli("company", "add", "Bageriet"))
    import lokalspil.doctor

    holder = sqlite3.connect(workspace)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE companies SET name = name")
    try:
        checkup = lokalspil.doctor.check_workspace(workspace)
    finally:
        holder.rollback()
        holder.close()
    index = next(f for f in checkup.findings if f.check == "search_index")
    assert index.level == "warning" and checkup.sound


def test_two_commands_opening_an_older_workspace_at_once_both_succeed(cli: Cli, workspace: Path) -> None:
    for i in range(20):
        ok(cli("company", "add", f"Virksomhed {i}"))
    env = {**os.environ, "LOKALSPIL_DB": str(workspace)}
    for _ in range(4):
        _as_before_the_history(workspace)
        both = [
            subprocess.Popen([sys.executable, "-m", "lokalspil", command], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
            for command in ("status", "agenda")
        ]  # fmt: skip
        for process in both:
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
