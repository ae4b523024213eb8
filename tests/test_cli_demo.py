"""`lokalspil demo` and `lokalspil` alone: the first five minutes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import Cli


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_demo_makes_a_fictional_workspace_with_danish_pdfs(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    result = cli("demo", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.output
    assert not db_path.exists()  # the user's own workspace is not touched
    folder = tmp_path / "demo"
    db = folder / "lokalspil.db"
    for command in ("status", "company list", "agenda", "guide", "plan"):
        assert f'lokalspil --db "{db}" {command}' in result.output
    csv = (folder / "virksomheder.csv").read_bytes()
    assert b";" in csv and b"\r\n" in csv and "Lærkeparken".encode("cp1252") not in csv  # Danish Excel's CSV
    csv.decode("cp1252")
    plan = pdf_text(folder / "handlingsplan.pdf")
    assert "Handlingsplan for virksomhedssamarbejdet i Lærkeparken" in plan
    assert "Baggrund og formål" in plan and "fritidsjob" in plan and "Kandidat" in plan
    # board-ready: every section filled, in order; no commands, no contact names, no log text
    from tests.test_cli_plan import HEADINGS

    positions = [plan.find(heading) for heading in HEADINGS["da"]]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "Til vedtagelse i bestyrelsen" in plan and "Måltal" in plan
    for private in (
        "lokalspil ",
        "Anna Eksempel",
        "Jonas Prøvesen",
        "Sara Eksempel",
        "Ringede",
        "Send et udkast",
    ):
        assert private not in plan, private
    companies = json.loads(cli("--db", str(db), "company", "list", "--json").output)
    assert 35 <= len(companies) <= 45
    letters = PdfReader(folder / "invitationer.pdf")
    text = pdf_text(folder / "invitationer.pdf")
    candidates = [c for c in companies if c["stage"] == "candidate" and not c["protected"]]
    assert len(letters.pages) >= len(candidates) > 10
    assert all(c["name"] in text for c in candidates)
    assert "Vil I være med til at give unge i Lærkeparken" in text
    status = json.loads(cli("--db", str(db), "status", "--json").output)
    assert status["agreements_active"] >= 1 and status["overdue_follow_ups"] >= 1
    guide = status["guides"][0]
    assert [s["answered"] > 0 for s in guide["steps"][:3]] == [True, True, True]
    again = cli("demo", str(folder))
    assert again.exit_code == 1 and "allerede" in again.output


def test_lokalspil_alone_says_where_things_stand(cli: Cli, db_path: Path, workspace: Path) -> None:
    out = cli().output
    assert "Værebroparken" in out and str(workspace) in out
    assert "Næste skridt: lokalspil guide" in out
    assert cli("company", "add", "Bageriet").exit_code == 0
    assert cli("log", "Bageriet", "Ring igen", "--follow-up", "2020-01-02").exit_code == 0
    out = cli().output
    assert "Ring igen" in out and "lokalspil agenda" in out


def test_lokalspil_alone_without_a_workspace_shows_how_to_start(db_path: Path) -> None:
    env = {**os.environ, "LOKALSPIL_DB": str(db_path)}
    done = subprocess.run([sys.executable, "-m", "lokalspil"], env=env, capture_output=True, text=True)
    assert done.returncode == 0
    assert "lokalspil guide" in done.stdout and "lokalspil demo" in done.stdout
    assert not db_path.exists()
