"""`lokalspil web` in a real browser: the command serving a workspace, and Playwright driving the system's Chromium
through the guide, the companies, the log, the agenda, an import and the plan download.

Skips when there is no Chromium at /usr/bin/chromium or no Playwright (`.ci/run` installs Chromium; Playwright's
own browser download is never used).
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import Query

CHROMIUM = Path("/usr/bin/chromium")
GUIDE = "saet-virksomheder-i-spil"
CSV = "Firmanavn;Postnr;By i DK\nCykelsmeden;2800;Lyngby\nSkomageren;2860;Søborg\n"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")


@pytest.fixture
def served(workspace: Path) -> Iterator[str]:
    """`lokalspil web --no-browser` serving the test's workspace; the address it prints, with the token."""
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "lokalspil", "web", "--no-browser"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert server.stdout is not None
    printed = ""
    try:
        for line in server.stdout:
            printed += line
            found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
            if found:
                break
        else:
            pytest.fail(f"lokalspil web printed no address: {printed}")
        yield found.group(0)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C
        rest, _ = server.communicate(timeout=15)
    assert server.returncode == 0, printed + rest
    assert "lokalspil web er stoppet" in rest


def test_a_coordinator_walks_the_guide_keeps_companies_imports_and_downloads_the_plan(
    served: str, query: Query
) -> None:
    base = served.split("/?")[0]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(accept_downloads=True)
            page.set_default_timeout(10_000)
            page.goto(served)
            assert page.url == f"{base}/"  # the token became a cookie; the address is clean

            # The guide: an invalid number is refused with the walk's sentence, then the corrected one is stored.
            page.goto(f"{base}/guide/{GUIDE}/1")
            field = page.locator('[name="formaal.antal-unge"]')
            field.fill("9999")
            page.get_by_role("button", name="Gem svarene").click()
            sync_api.expect(page.get_by_role("alert")).to_contain_text(
                "9.999 er for meget; det største er 500. Prøv igen."
            )
            assert field.get_attribute("aria-invalid") == "true"
            assert query("SELECT count(*) FROM guide_answers WHERE question_id = 'antal-unge'") == [(0,)]
            field.fill("25")
            page.get_by_role("button", name="Gem svarene").click()
            sync_api.expect(page.locator("body")).to_contain_text("1 svar er gemt.")
            assert query("SELECT value FROM guide_answers WHERE question_id = 'antal-unge'") == [("25",)]

            # A company added, then a call logged with a next action, which the agenda shows.
            page.goto(f"{base}/companies/new")
            page.locator("#f-name").fill("Bageren i Søborg")
            page.locator("#f-postcode").fill("2860")
            page.get_by_role("button", name="Gem virksomheden").click()
            page.wait_for_url(re.compile(r"/companies/1$"))
            sync_api.expect(page.locator("body")).to_contain_text(
                "Bageren i Søborg er gemt som virksomhed nr. 1"
            )
            assert query("SELECT name, postcode FROM companies") == [("Bageren i Søborg", "2860")]
            by = date.today() + timedelta(days=3)
            page.locator("#l-kind").select_option("call")
            page.locator("#l-summary").fill("Talte med ejeren om praktik")
            page.locator("#l-next").fill("Send invitationen")
            page.locator("#l-by").fill(by.strftime("%d-%m-%Y"))
            page.get_by_role("button", name="Gem i loggen").click()
            page.wait_for_load_state()
            assert query("SELECT kind, next_action, follow_up FROM activities") == [
                ("call", "Send invitationen", by.isoformat())
            ]
            page.get_by_role("navigation", name="Hovedmenu").get_by_role(
                "link", name="Agenda", exact=True
            ).click()
            sync_api.expect(page.locator("main")).to_contain_text("Send invitationen")
            sync_api.expect(page.locator("main")).to_contain_text("Bageren i Søborg")

            # An import: the file uploaded, the dry run read, the third column mapped to the city, confirmed.
            page.goto(f"{base}/import")
            page.locator("#f-file").set_input_files(
                files=[{"name": "liste.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
            )
            page.locator('form[action="/import"] button[type="submit"]').click()
            sync_api.expect(page.locator("main")).to_contain_text("Prøvekørsel: intet er gemt.")
            assert query("SELECT count(*) FROM companies") == [(1,)]
            page.locator("#m-3").select_option("city")
            page.get_by_role("button", name="Importér", exact=True).click()
            sync_api.expect(page.locator("main")).to_contain_text("rækker er læst")
            assert query("SELECT name, city FROM companies WHERE id > 1 ORDER BY name") == [
                ("Cykelsmeden", "Lyngby"),
                ("Skomageren", "Søborg"),
            ]

            # The plan as a PDF, and what it says.
            page.goto(f"{base}/documents")
            with page.expect_download() as download:
                page.locator('a[href="/documents/plan.pdf"]').click()
            assert download.value.suggested_filename.endswith(".pdf")
            pdf = Path(download.value.path()).read_bytes()
        finally:
            browser.close()
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Værebroparken" in text
