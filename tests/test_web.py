"""`lokalspil web`: every page through Starlette's test client, the guards (host, token, CSRF), and the forms
writing through the same library functions as the commands (same sentences, nothing stored when refused)."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from lokalspil.web.app import create_app
from tests.conftest import REPO, Cli, Query, ok

TOKEN = "test-token"
BASE = "http://127.0.0.1:8000"
GUIDE = "saet-virksomheder-i-spil"


def _client(db: Path, **options: object) -> TestClient:
    app = create_app(db, TOKEN, "da", 8000)
    return TestClient(app, base_url=BASE, follow_redirects=False, **options)  # type: ignore[arg-type]


@pytest.fixture
def client(workspace: Path) -> Iterator[TestClient]:
    """A browser that has opened the printed address (the token is now its cookie)."""
    with _client(workspace) as browser:
        first = browser.get(f"/?token={TOKEN}")
        assert first.status_code == 303 and first.headers["location"] == "/"
        yield browser


def csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no form"
    return found.group(1)


def text_of(page: str) -> str:
    """What a reader sees: the tags gone, the entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def add_company(client: TestClient, **fields: str) -> object:
    token = csrf(client.get("/companies/new").text)
    answer = client.post("/companies/new", data={"csrf": token, "stage": "candidate", **fields})
    if answer.status_code == 303:
        client.get(answer.headers["location"])  # as a browser does: the note is read there
    return answer


# --- the guards ---------------------------------------------------------------------------------------------


def test_the_token_sets_a_strict_http_only_cookie_and_leads_to_the_clean_address(workspace: Path) -> None:
    with _client(workspace) as browser:
        answer = browser.get(f"/companies?token={TOKEN}&stage=kandidat")
        assert answer.status_code == 303
        assert answer.headers["location"] == "/companies?stage=kandidat"
        cookie = answer.headers["set-cookie"]
        assert "lokalspil-8000=test-token" in cookie
        assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
        assert browser.get("/companies").status_code == 200


@pytest.mark.parametrize("path", ["/", "/companies", "/static/style.css", "/agenda.ics", "/nowhere"])
def test_without_the_token_every_request_is_refused(workspace: Path, path: str) -> None:
    with _client(workspace) as browser:
        answer = browser.get(path)
        assert answer.status_code == 403
        assert "Adgang nægtet" in answer.text
        assert browser.get(f"{path}?token=wrong").status_code == 403


@pytest.mark.parametrize(
    "host", ["evil.example:8000", "127.0.0.1:9999", "localhost.evil.example:8000", "[::1]:8000"]
)
def test_another_host_is_refused(client: TestClient, host: str) -> None:
    answer = client.get("/", headers={"Host": host})
    assert answer.status_code == 400
    assert "127.0.0.1 og localhost" in answer.text


def test_localhost_with_the_port_is_served(client: TestClient) -> None:
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200


@pytest.mark.parametrize("token", [None, "", "forged"])
def test_a_form_without_the_csrf_token_is_refused_and_nothing_is_stored(
    client: TestClient, query: Query, token: str | None
) -> None:
    data = {"name": "Bageriet", "stage": "candidate"} | ({"csrf": token} if token is not None else {})
    answer = client.post("/companies/new", data=data)
    assert answer.status_code == 403
    assert "Intet er gemt" in answer.text
    assert query("SELECT count(*) FROM companies") == [(0,)]


# --- every page ---------------------------------------------------------------------------------------------


PAGES = [
    "/", "/companies", "/companies?stage=kandidat&search=bager", "/companies/new", "/companies/1", "/guide",
    f"/guide/{GUIDE}/1", f"/guide/{GUIDE}/2", "/guide/socialoekonomi/1", "/agenda", "/agenda?days=30", "/report",
    "/report?year=2025&by=month", "/documents", "/openings", "/openings?company=1&status=open", "/placements",
    "/placements?company=1&year=2026", "/import", "/contacts", "/contacts?company=1", "/contacts/1/forget", "/companies/1/edit", "/companies/1/merge",
    "/companies/1/merge?other=nobody", "/agreements", "/agreements?company=1&status=draft",
]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_accessibly(client: TestClient, cli: Cli, path: str) -> None:
    add_company(client, name="Bageren i Søborg", postcode="2860")
    ok(cli("contact", "add", "1", "Mette Hansen"))
    page = client.get(path)
    assert page.status_code == (400 if "nobody" in path else 200), page.text
    assert '<html lang="da">' in page.text
    levels = [int(n) for n in re.findall(r"<h([1-6])", page.text)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels  # no level skipped
    ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page.text))
    labelled = set(re.findall(r'<label for="([^"]+)"', page.text))
    fields = re.findall(r"<(input|select|textarea)\b([^>]*)>", page.text)
    for _, attributes in fields:
        if 'type="hidden"' not in attributes:
            assert re.search(r'\bid="([^"]+)"', attributes), attributes
    assert ids <= labelled, ids - labelled


def test_the_pages_speak_english_when_the_workspace_does(workspace: Path) -> None:
    with TestClient(create_app(workspace, TOKEN, "en", 8000), base_url=BASE) as browser:
        page = browser.get(f"/?token={TOKEN}")
        assert '<html lang="en">' in page.text
        assert "The next follow-ups" in page.text


def test_the_stylesheet_is_served_from_the_package(client: TestClient) -> None:
    answer = client.get("/static/style.css")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/css")
    assert ":focus-visible" in answer.text and "text-decoration: underline" in answer.text


def test_every_message_a_page_uses_is_in_the_catalogue() -> None:
    from lokalspil.messages import da, en

    used: set[str] = set()
    for path in (REPO / "src" / "lokalspil" / "web" / "templates").glob("*.html"):
        used |= set(
            re.findall(r"""\bt(?:_count)?\(\s*["']([a-z_.]+)["']""", path.read_text(encoding="utf-8"))
        )
    used = {key for key in used if not key.endswith(".")}  # a prefix: the rest is a value the code knows
    used |= {f"web.report.by.{split}" for split in ("quarter", "month", "year")}
    assert len(used) > 40
    assert sorted(used - set(da.MESSAGES)) == [] and sorted(used - set(en.MESSAGES)) == []


# --- companies ----------------------------------------------------------------------------------------------


def test_a_company_added_in_the_browser_is_stored_with_the_history_naming_the_web(
    client: TestClient, query: Query
) -> None:
    token = csrf(client.get("/companies/new").text)
    fields = {"name": "Bageren i Søborg", "cvr": "", "postcode": "2860", "tags": "bageri, praktik"}
    answer = client.post("/companies/new", data={"csrf": token, "stage": "candidate", **fields})
    assert answer.status_code == 303
    assert query("SELECT name, postcode, tags, stage FROM companies") == [
        ("Bageren i Søborg", "2860", '["bageri", "praktik"]', "candidate")
    ]
    assert query("SELECT command FROM history WHERE entity = 'company'") == [("web company add",)]
    card = client.get(answer.headers["location"])
    assert "Bageren i Søborg er gemt som virksomhed nr. 1" in text_of(card.text)


def test_a_bad_cvr_is_refused_with_the_commands_sentence_and_nothing_is_stored(
    client: TestClient, cli: Cli, query: Query
) -> None:
    said = cli("company", "add", "Bageriet", "--cvr", "12345678", "--postcode", "99")
    assert said.exit_code == 1
    sentence = " ".join(said.stderr.split())
    page = add_company(client, name="Bageriet", cvr="12345678", postcode="99", city="Søborg")
    assert page.status_code == 400
    assert sentence in " ".join(text_of(page.text).split())
    assert query("SELECT count(*) FROM companies") == [(0,)]
    assert 'value="Søborg"' in page.text and 'value="12345678"' in page.text  # the form again, as typed


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "{{7*7}}", '"><img src=x onerror=alert(1)>'])
def test_a_hostile_name_is_shown_escaped(client: TestClient, name: str) -> None:
    ok_ = add_company(client, name=name)
    assert ok_.status_code == 303
    for path in ("/companies", ok_.headers["location"]):
        page = client.get(path).text
        assert str(escape(name)) in page
        assert "<script>alert" not in page and "<img src=x" not in page
        if name == "{{7*7}}":
            assert "49" not in text_of(page)


def test_the_list_filters_as_company_list_does(client: TestClient) -> None:
    add_company(client, name="Bageren", postcode="2860", tags="bageri")
    add_company(client, name="Cykelsmeden", postcode="2800")
    assert "Cykelsmeden" not in client.get("/companies?postcode=2860").text
    assert "Bageren" in client.get("/companies?tag=bageri").text
    assert "Bageren" not in client.get("/companies?search=cykel").text
    bad = client.get("/companies?postcode=99")
    assert "'99' er ikke et postnummer" in html.unescape(bad.text)


def test_a_call_logged_with_a_next_action_shows_in_the_agenda_and_on_the_home_page(
    client: TestClient, query: Query
) -> None:
    card = add_company(client, name="Bageren").headers["location"]  # type: ignore[attr-defined]
    token = csrf(client.get(card).text)
    answer = client.post(
        f"{card}/log",
        data={"csrf": token, "kind": "call", "summary": "Talte med ejeren", "next_action": "Send brevet",
              "follow_up": "2030-01-15"},
    )  # fmt: skip
    assert answer.status_code == 303
    assert query("SELECT kind, summary, next_action, follow_up FROM activities") == [
        ("call", "Talte med ejeren", "Send brevet", "2030-01-15")
    ]
    assert query("SELECT command FROM history WHERE entity = 'activity'") == [("web log",)]
    agenda = client.get("/agenda?days=36500").text
    assert "Send brevet" in agenda and "15-01-2030" in agenda
    assert "Send brevet" in client.get("/").text
    card_text = " ".join(text_of(client.get(card).text).split())
    assert "Næste skridt: Send brevet – senest 15-01-2030." in card_text


def test_a_log_entry_without_a_summary_is_refused_as_the_command_refuses_it(
    client: TestClient, cli: Cli, query: Query
) -> None:
    card = add_company(client, name="Bageren").headers["location"]  # type: ignore[attr-defined]
    page = client.post(
        f"{card}/log", data={"csrf": csrf(client.get(card).text), "summary": "  ", "kind": "call"}
    )
    assert page.status_code == 400
    said = " ".join(cli("log", "Bageren", "  ").stderr.split())
    assert said and said in " ".join(text_of(page.text).split())
    assert query("SELECT count(*) FROM activities") == [(0,)]


def test_a_cpr_number_in_a_log_entry_is_refused(client: TestClient, query: Query) -> None:
    card = add_company(client, name="Bageren").headers["location"]  # type: ignore[attr-defined]
    page = client.post(
        f"{card}/log",
        data={"csrf": csrf(client.get(card).text), "summary": "Ali 010190-1234", "kind": "note"},
    )
    assert page.status_code == 400
    assert query("SELECT count(*) FROM activities") == [(0,)]


def test_the_stage_is_changed_and_logged(client: TestClient, query: Query) -> None:
    card = add_company(client, name="Bageren").headers["location"]  # type: ignore[attr-defined]
    answer = client.post(f"{card}/stage", data={"csrf": csrf(client.get(card).text), "stage": "meeting"})
    assert answer.status_code == 303
    assert query("SELECT stage FROM companies") == [("meeting",)]
    assert "Møde" in text_of(client.get(card).text)


def test_a_company_that_is_not_there_is_told(client: TestClient) -> None:
    page = client.get("/companies/99")
    assert page.status_code == 400
    assert "Der er ingen virksomhed nr. 99" in html.unescape(page.text) or "99" in page.text


# --- openings and placements -------------------------------------------------------------------------------


def post_form(client: TestClient, path: str, data: dict[str, object]) -> object:
    """A form posted as the browser posts it: the CSRF token from the page; the page after it read."""
    answer = client.post(path, data={"csrf": csrf(client.get(path).text), **data})  # type: ignore[arg-type]
    if answer.status_code == 303:
        return client.get(answer.headers["location"])
    return answer


def same_sentence(cli_said: str, page: str) -> bool:
    return " ".join(cli_said.split()) in " ".join(text_of(page).split())


def test_an_opening_is_added_and_listed_with_the_filters(client: TestClient, query: Query) -> None:
    add_company(client, name="Bageren")
    add_company(client, name="Cykelsmeden")
    page = post_form(
        client,
        "/openings",
        {"company": "1", "title": "Fritidsjob i butikken", "kind": "fritidsjob", "places": "2",
         "age_bands": ["15-17"], "from_time": "15:00", "to_time": "18:00"},
    )  # fmt: skip
    shown = text_of(page.text)  # type: ignore[attr-defined]
    assert "Opslag nr. 1 (fritidsjob) hos Bageren er gemt." in shown
    assert query("SELECT title, kind, places, age_bands, from_time FROM openings") == [
        ("Fritidsjob i butikken", "fritidsjob", 2, '["15-17"]', "15:00")
    ]
    assert query("SELECT command FROM history WHERE entity = 'opening'") == [("web opening add",)]
    assert "Fritidsjob i butikken" not in client.get("/openings?company=2").text
    assert "Fritidsjob i butikken" not in client.get("/openings?status=closed").text
    assert "Fritidsjob i butikken" in client.get("/openings?company=1&status=open").text


def test_an_opening_the_rules_for_young_workers_refuse_is_refused_with_the_rule(
    client: TestClient, cli: Cli, query: Query
) -> None:
    add_company(client, name="Bageren")
    said = cli("opening", "add", "Bageren", "Aftenjob", "--kind", "fritidsjob", "--ages", "13-14",
               "--from", "13:00", "--to", "21:00")  # fmt: skip
    assert said.exit_code == 1 and "kl. 20:00-06:00" in said.stderr
    page = post_form(
        client,
        "/openings",
        {"company": "1", "title": "Aftenjob", "kind": "fritidsjob", "age_bands": ["13-14"],
         "from_time": "13:00", "to_time": "21:00"},
    )  # fmt: skip
    assert page.status_code == 400  # type: ignore[attr-defined]
    assert same_sentence(said.stderr, page.text)  # type: ignore[attr-defined]
    assert 'value="Aftenjob"' in page.text  # type: ignore[attr-defined]
    assert query("SELECT count(*) FROM openings") == [(0,)]


def test_an_opening_without_a_title_is_refused_and_nothing_is_stored(
    client: TestClient, query: Query
) -> None:
    add_company(client, name="Bageren")
    page = post_form(client, "/openings", {"company": "1", "title": "", "kind": "fritidsjob"})
    assert page.status_code == 400  # type: ignore[attr-defined]
    assert "Giv opslaget en titel" in text_of(page.text)  # type: ignore[attr-defined]
    assert query("SELECT count(*) FROM openings") == [(0,)]


def test_a_placement_is_added_and_listed_by_year(client: TestClient, query: Query) -> None:
    add_company(client, name="Bageren")
    page = post_form(
        client,
        "/placements",
        {
            "company": "1",
            "kind": "fritidsjob",
            "age_band": "15-17",
            "school": "in_school",
            "start": "01-09-2026",
        },
    )
    assert "Forløb nr. 1 (fritidsjob, 15-17 år) hos Bageren er gemt." in text_of(page.text)  # type: ignore[attr-defined]
    assert query("SELECT kind, age_band, school, start FROM placements") == [
        ("fritidsjob", "15-17", "in_school", "2026-09-01")
    ]
    assert "Bageren" in client.get("/placements?year=2026").text.split('id="add"')[0]
    assert "/companies/1" not in client.get("/placements?year=2025").text
    assert "er ikke et årstal" in html.unescape(client.get("/placements?year=tyve").text)


def test_a_placement_with_an_outcome_but_no_end_is_refused_as_the_command_refuses_it(
    client: TestClient, cli: Cli, query: Query
) -> None:
    add_company(client, name="Bageren")
    said = cli("placement", "add", "Bageren", "--kind", "fritidsjob", "--age", "15-17", "--school", "i skole",
               "--start", "01-09-2026", "--outcome", "job")  # fmt: skip
    assert said.exit_code == 1
    page = post_form(
        client,
        "/placements",
        {"company": "1", "kind": "fritidsjob", "age_band": "15-17", "school": "in_school", "start": "01-09-2026",
         "outcome": "job"},
    )  # fmt: skip
    assert page.status_code == 400  # type: ignore[attr-defined]
    assert same_sentence(said.stderr, page.text)  # type: ignore[attr-defined]
    assert query("SELECT count(*) FROM placements") == [(0,)]


# --- the guide ----------------------------------------------------------------------------------------------


def test_the_guide_stores_an_answer_the_moment_it_is_posted(client: TestClient, cli: Cli) -> None:
    page = client.get(f"/guide/{GUIDE}/1").text
    answer = client.post(f"/guide/{GUIDE}/1", data={"csrf": csrf(page), "formaal.antal-unge": "25"})
    assert answer.status_code == 303
    stored = ok(cli("guide", "answers", "--format", "json")).stdout
    assert '"formaal.antal-unge": 25' in stored
    assert 'value="25"' in client.get(f"/guide/{GUIDE}/1").text


def test_an_invalid_number_is_refused_with_the_walks_sentence_and_asked_again(
    client: TestClient, cli: Cli, query: Query
) -> None:
    said = " ".join(cli("guide", "answer", "formaal.antal-unge", "9999").stderr.split())
    page = client.post(
        f"/guide/{GUIDE}/1",
        data={"csrf": csrf(client.get(f"/guide/{GUIDE}/1").text), "formaal.antal-unge": "9999"},
    )
    assert page.status_code == 400
    shown = " ".join(text_of(page.text).split())
    reason = said.removeprefix("formaal.antal-unge: ").removesuffix(" Intet er gemt.")
    assert reason == "9.999 er for meget; det største er 500."  # the command's sentence ...
    assert f"{reason} Prøv igen." in shown  # ... and the walk's, as the terminal walk says it
    assert 'value="9999"' in page.text and 'aria-invalid="true"' in page.text
    assert query("SELECT count(*) FROM guide_answers WHERE question_id = 'antal-unge'") == [(0,)]


def test_checklist_ticks_are_stored_and_cleared(client: TestClient, query: Query) -> None:
    page = client.get(f"/guide/{GUIDE}/1").text
    items = re.findall(r'type="checkbox" id="c-\d+" name="([^"]+)"', page)
    assert items
    client.post(f"/guide/{GUIDE}/1/checklist", data={"csrf": csrf(page), items[0]: "on"})
    assert query("SELECT step_id || '.' || item_id FROM guide_checklist") == [(items[0],)]
    client.post(f"/guide/{GUIDE}/1/checklist", data={"csrf": csrf(page)})
    assert query("SELECT count(*) FROM guide_checklist") == [(0,)]


# --- downloads ----------------------------------------------------------------------------------------------


def test_the_agenda_downloads_as_a_calendar(client: TestClient) -> None:
    card = add_company(client, name="Bageren").headers["location"]  # type: ignore[attr-defined]
    client.post(
        f"{card}/log",
        data={
            "csrf": csrf(client.get(card).text),
            "summary": "Ringede",
            "next_action": "Ring igen",
            "kind": "call",
        },
    )
    answer = client.get("/agenda.ics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert "attachment" in answer.headers["content-disposition"]
    assert b"BEGIN:VCALENDAR" in answer.content and b"Ring igen" in answer.content


def test_the_plan_downloads_as_a_pdf(client: TestClient) -> None:
    answer = client.get("/documents/plan.pdf")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK")])
def test_a_letter_downloads_and_is_logged_on_the_company(
    client: TestClient, query: Query, fmt: str, magic: bytes
) -> None:
    add_company(client, name="Bageren i Søborg")
    token = csrf(client.get("/documents").text)
    answer = client.post(
        "/documents/letter",
        data={"csrf": token, "template": "invitation", "company": "1", "format": fmt, "log": "on"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.content.startswith(magic)
    assert (
        "attachment" in answer.headers["content-disposition"]
        and f".{fmt}" in answer.headers["content-disposition"]
    )
    if fmt == "pdf":
        import io

        from pypdf import PdfReader

        assert "Bageren i Søborg" in "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages
        )
    assert query("SELECT kind, summary FROM activities") == [("letter", "Brev: invitation")]
    assert query("SELECT command FROM history WHERE entity = 'activity'") == [("web letter",)]
    assert "Brevet til Bageren i Søborg er skrevet" in text_of(client.get("/documents").text)


def test_a_letter_with_an_unknown_template_is_refused_as_the_command_refuses_it(
    client: TestClient, cli: Cli, query: Query
) -> None:
    add_company(client, name="Bageren")
    said = cli("letter", "ukendt", "Bageren")
    assert said.exit_code == 1
    page = client.post(
        "/documents/letter",
        data={"csrf": csrf(client.get("/documents").text), "template": "ukendt", "company": "1", "log": "on"},
    )
    assert page.status_code == 400
    assert same_sentence(said.stderr, page.text)
    assert query("SELECT count(*) FROM activities") == [(0,)]


def test_a_letter_without_a_company_says_whom_to_choose(client: TestClient) -> None:
    page = client.post(
        "/documents/letter", data={"csrf": csrf(client.get("/documents").text), "template": "invitation"}
    )
    assert page.status_code == 400
    assert "Hvem skal have brevet?" in text_of(page.text)


# --- contacts -----------------------------------------------------------------------------------------------


def test_a_contacts_data_downloads_as_the_command_exports_it(client: TestClient, cli: Cli) -> None:
    import json

    add_company(client, name="Bageren")
    ok(cli("contact", "add", "Bageren", "Mette Hansen", "--email", "mette@bageren.dk"))
    assert "Mette Hansen" in client.get("/contacts").text
    answer = client.get("/contacts/1/export.json")
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    exported, printed = answer.json(), json.loads(ok(cli("contact", "export", "1")).stdout)
    assert exported["contact"] == printed["contact"] and exported["contact"]["email"] == "mette@bageren.dk"


def test_forgetting_lists_the_texts_first_and_erases_only_on_confirmation(
    client: TestClient, cli: Cli, query: Query
) -> None:
    card = add_company(client, name="Bageren").headers["location"]  # type: ignore[attr-defined]
    ok(cli("contact", "add", "Bageren", "Mette Hansen"))
    ok(cli("log", "Bageren", "Talte med Mette Hansen om praktik"))
    page = client.get("/contacts/1/forget")
    shown = " ".join(text_of(page.text).split())
    assert "Personen nævnes i 1 tekst" in shown and "«Mette Hansen»" in shown
    assert query("SELECT count(*) FROM contacts") == [(1,)]  # the page erases nothing
    assert client.post("/contacts/1/forget", data={}).status_code == 403
    assert query("SELECT count(*) FROM contacts") == [(1,)]
    done = client.post("/contacts/1/forget", data={"csrf": csrf(page.text)})
    assert done.status_code == 303
    assert query("SELECT count(*) FROM contacts") == [(0,)]
    assert query("SELECT summary FROM activities") == [("Talte med [slettet person] om praktik",)]
    assert "Mette Hansen er slettet for altid" in text_of(client.get("/contacts").text)
    assert "Mette Hansen" not in client.get(card).text


def test_a_contact_that_is_not_there_is_told(client: TestClient, cli: Cli) -> None:
    said = cli("contact", "export", "7")
    page = client.get("/contacts/7/forget")
    assert page.status_code == 400 and same_sentence(said.stderr, page.text)


# --- editing and merging companies --------------------------------------------------------------------------


def test_the_edit_form_is_prefilled_and_stores_the_change(client: TestClient, query: Query) -> None:
    add_company(client, name="Bageren", postcode="2860", tags="bageri, praktik", rsv="on")
    form = client.get("/companies/1/edit").text
    assert (
        'value="2860"' in form
        and 'value="bageri, praktik"' in form
        and 'id="f-rsv" name="rsv" checked' in form
    )
    page = post_form(
        client,
        "/companies/1/edit",
        {"name": "Bageren i Søborg", "postcode": "2860", "city": "Søborg", "tags": "bageri"},
    )
    assert "Bageren i Søborg (nr. 1) er opdateret." in text_of(page.text)  # type: ignore[attr-defined]
    assert query("SELECT name, city, tags, rsv FROM companies") == [
        ("Bageren i Søborg", "Søborg", '["bageri"]', 0)
    ]
    assert query("SELECT command FROM history WHERE entity = 'company' AND action = 'changed'") == [
        ("web company edit",)
    ]


def test_an_edit_with_a_bad_cvr_is_refused_with_the_commands_sentence_and_nothing_is_stored(
    client: TestClient, cli: Cli, query: Query
) -> None:
    add_company(client, name="Bageren", city="Søborg")
    said = cli("company", "edit", "1", "--cvr", "12345678")
    assert said.exit_code == 1
    page = post_form(client, "/companies/1/edit", {"name": "Bageren", "cvr": "12345678", "city": "Lyngby"})
    assert page.status_code == 400  # type: ignore[attr-defined]
    assert same_sentence(said.stderr, page.text)  # type: ignore[attr-defined]
    assert 'value="12345678"' in page.text and 'value="Lyngby"' in page.text  # type: ignore[attr-defined]
    assert query("SELECT cvr, city FROM companies") == [(None, "Søborg")]


def test_a_merge_says_what_moves_and_merges_only_on_the_posted_confirmation(
    client: TestClient, cli: Cli, query: Query
) -> None:
    add_company(client, name="Bageren")
    add_company(client, name="Bageriet", phone="12345678")
    ok(cli("contact", "add", "2", "Mette Hansen"))
    ok(cli("log", "2", "Ringede om praktik"))
    page = client.get("/companies/1/merge?other=2")
    shown = " ".join(text_of(page.text).split())
    assert "Fra Bageriet flyttes 1 kontaktperson" in shown and "1 aktivitet" in shown
    assert query("SELECT count(*) FROM companies") == [(2,)]  # the page merges nothing
    assert client.post("/companies/1/merge", data={"other": "2"}).status_code == 403
    assert query("SELECT count(*) FROM companies") == [(2,)]
    done = client.post("/companies/1/merge", data={"csrf": csrf(page.text), "other": "2"})
    assert done.status_code == 303 and done.headers["location"] == "/companies/1"
    assert query("SELECT id, name, phone FROM companies") == [(1, "Bageren", "+45 12 34 56 78")]
    assert query("SELECT company_id FROM contacts") == [(1,)]
    assert "Bageriet er flettet ind i Bageren" in text_of(client.get("/companies/1").text)


def test_merging_a_company_into_itself_is_refused_as_the_command_refuses_it(
    client: TestClient, cli: Cli
) -> None:
    add_company(client, name="Bageren")
    said = cli("company", "merge", "1", "1", "--yes")
    page = client.get("/companies/1/merge?other=1")
    assert page.status_code == 400 and same_sentence(said.stderr, page.text)
    token = csrf(client.get("/companies/1").text)
    answer = client.post("/companies/1/merge", data={"csrf": token, "other": "1"})
    assert answer.status_code == 400 and same_sentence(said.stderr, answer.text)


# --- agreements ---------------------------------------------------------------------------------------------


def test_an_agreement_is_added_listed_by_company_and_ended(client: TestClient, query: Query) -> None:
    add_company(client, name="Bageren")
    add_company(client, name="Cykelsmeden")
    page = post_form(
        client,
        "/agreements",
        {"company": "1", "kind": "praktik", "places": "2", "start": "01-09-2026", "end": "31-12-2026",
         "status": "signed", "signed": "15-08-2026"},
    )  # fmt: skip
    shown = text_of(page.text)  # type: ignore[attr-defined]
    assert "Aftale nr. 1 (praktik) med Bageren er gemt." in shown
    assert query('SELECT kind, places, start, "end", status, signed FROM agreements') == [
        ("praktik", 2, "2026-09-01", "2026-12-31", "signed", "2026-08-15")
    ]
    assert query("SELECT stage FROM companies WHERE id = 1") == [("agreement",)]
    assert query("SELECT command FROM history WHERE entity = 'agreement'") == [("web agreement add",)]
    assert (
        "praktik"
        not in text_of(client.get("/agreements?company=2").text).split("Tilføj en aftale")[0].lower()
    )
    listed = client.get("/agreements?company=1")
    assert "Bageren" in listed.text and "1 aftale" in text_of(listed.text)
    assert client.post("/agreements/1/end", data={"on": "01-10-2026"}).status_code == 403
    done = client.post("/agreements/1/end", data={"csrf": csrf(listed.text), "on": "01-10-2026"})
    assert done.status_code == 303
    assert query('SELECT status, "end" FROM agreements') == [("ended", "2026-10-01")]
    assert "Aftale nr. 1 med Bageren er afsluttet" in text_of(client.get("/agreements").text)


@pytest.mark.parametrize(
    ("fields", "options"),
    [
        ({"kind": "nonsense"}, ["--kind", "nonsense"]),
        ({"kind": "praktik", "places": "mange"}, ["--kind", "praktik", "--places", "mange"]),
        ({"kind": "praktik", "start": "01-09-2026", "end": "01-08-2026"},
         ["--kind", "praktik", "--start", "01-09-2026", "--end", "01-08-2026"]),
    ],
)  # fmt: skip
def test_a_bad_agreement_is_refused_with_the_commands_sentence_and_nothing_is_stored(
    client: TestClient, cli: Cli, query: Query, fields: dict[str, str], options: list[str]
) -> None:
    add_company(client, name="Bageren")
    said = cli("agreement", "add", "1", *options)
    assert said.exit_code == 1
    page = post_form(client, "/agreements", {"company": "1", **fields})
    assert page.status_code == 400  # type: ignore[attr-defined]
    assert same_sentence(said.stderr, page.text)  # type: ignore[attr-defined]
    assert query("SELECT count(*) FROM agreements") == [(0,)]


def test_ending_before_the_start_is_refused_as_the_command_refuses_it(
    client: TestClient, cli: Cli, query: Query
) -> None:
    add_company(client, name="Bageren")
    ok(cli("agreement", "add", "1", "--kind", "praktik", "--start", "01-09-2026"))
    said = cli("agreement", "end", "1", "--on", "01-08-2026")
    assert said.exit_code == 1
    page = client.get("/agreements")
    answer = client.post("/agreements/1/end", data={"csrf": csrf(page.text), "on": "01-08-2026"})
    assert answer.status_code == 400 and same_sentence(said.stderr, answer.text)
    assert query("SELECT status FROM agreements") == [("draft",)]


# --- import -------------------------------------------------------------------------------------------------

CSV = "Firmanavn;Postnr;By i DK\nBageren;2860;Søborg\nCykelsmeden;2800;Lyngby\n;2800;Lyngby\n"


def upload(client: TestClient, content: str, name: str = "liste.csv", **data: str) -> object:
    token = csrf(client.get("/import").text)
    files = {"file": (name, content.encode("utf-8"), "text/csv")}
    return client.post("/import", data={"csrf": token, **data}, files=files)


def uploaded(client: TestClient) -> Path | None:
    upload_path: Path | None = client.app.state.web.upload  # type: ignore[attr-defined]
    return upload_path


def test_an_import_shows_the_dry_run_and_the_mapping_then_imports_on_confirmation(
    client: TestClient, query: Query
) -> None:
    page = upload(client, CSV, tag="cvr-udtræk")
    assert page.status_code == 200, page.text  # type: ignore[attr-defined]
    shown = " ".join(text_of(page.text).split())  # type: ignore[attr-defined]
    assert "Prøvekørsel: intet er gemt." in shown and "Nye 2" in shown and "Afviste 1" in shown
    assert query("SELECT count(*) FROM companies") == [(0,)]
    file = uploaded(client)
    assert file is not None and file.is_file()
    columns = re.findall(r'name="column" value="([^"]+)"', page.text)  # type: ignore[attr-defined]
    chosen = re.findall(r'<option value="(\w+)" selected>', page.text)  # type: ignore[attr-defined]
    assert columns == ["Firmanavn", "Postnr", "By i DK"] and chosen == ["name", "postcode"]
    token = csrf(page.text)  # type: ignore[attr-defined]
    mapping = {"column": columns, "field": ["name", "postcode", "city"], "tag": "cvr-udtræk"}
    again = client.post("/import/again", data={"csrf": token, **mapping})
    assert re.findall(r'<option value="(\w+)" selected>', again.text) == ["name", "postcode", "city"]
    assert query("SELECT count(*) FROM companies") == [(0,)]
    done = client.post("/import/confirm", data={"csrf": token, **mapping})
    assert done.status_code == 303
    assert query("SELECT name, postcode, city, tags FROM companies ORDER BY name") == [
        ("Bageren", "2860", "Søborg", '["cvr-udtræk"]'),
        ("Cykelsmeden", "2800", "Lyngby", '["cvr-udtræk"]'),
    ]
    assert not file.exists() and not file.parent.exists() and uploaded(client) is None
    assert "3 rækker er læst" in text_of(client.get(done.headers["location"]).text)
    assert client.post("/import/confirm", data={"csrf": token, **mapping}).status_code == 400  # gone


def test_a_file_without_a_name_column_is_refused_as_the_command_refuses_it(
    client: TestClient, cli: Cli, query: Query, tmp_path: Path
) -> None:
    content = "Postnr;By\n2860;Søborg\n"
    (tmp_path / "liste.csv").write_text(content, encoding="utf-8")
    said = cli("import", "companies", str(tmp_path / "liste.csv"), "--dry-run")
    assert said.exit_code == 1
    page = upload(client, content)
    assert page.status_code == 400  # type: ignore[attr-defined]
    assert same_sentence(said.stderr, page.text)  # type: ignore[attr-defined]
    assert query("SELECT count(*) FROM companies") == [(0,)]
    assert uploaded(client) is None


def test_a_bad_mapping_is_refused_and_cancelling_removes_the_file(client: TestClient, query: Query) -> None:
    page = upload(client, CSV)
    file = uploaded(client)
    token = csrf(page.text)  # type: ignore[attr-defined]
    both = {"column": ["Firmanavn", "Postnr", "By i DK"], "field": ["name", "name", "city"]}
    refused = client.post("/import/confirm", data={"csrf": token, **both})
    assert refused.status_code == 400 and "Firmanavn" in text_of(refused.text)
    assert 'name="column" value="Postnr"' in refused.text  # the mapping again, to correct
    assert query("SELECT count(*) FROM companies") == [(0,)]
    assert file is not None and file.is_file()  # kept: the mapping can be corrected
    assert client.post("/import/cancel", data={"csrf": token}).status_code == 303
    assert not file.exists() and query("SELECT count(*) FROM companies") == [(0,)]


def test_an_upload_without_the_csrf_token_is_refused(client: TestClient) -> None:
    answer = client.post("/import", files={"file": ("liste.csv", CSV.encode(), "text/csv")})
    assert answer.status_code == 403 and uploaded(client) is None


# --- the command --------------------------------------------------------------------------------------------


def test_the_command_serves_until_stopped(cli: Cli, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`lokalspil web` prints the address with the token, opens the browser there, and ends with a sentence."""
    import webbrowser

    import uvicorn

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url))
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)
    result = ok(cli("web"))
    url = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", result.stdout)
    assert url and opened == [url.group(0)]
    assert "lokalspil web er stoppet" in result.stdout


def test_the_command_without_a_workspace_says_how_to_make_one(cli: Cli) -> None:
    result = cli("web", "--no-browser")
    assert result.exit_code == 1
    assert "lokalspil init" in result.stderr or "lokalspil guide" in result.stderr
