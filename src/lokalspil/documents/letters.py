"""`lokalspil letter`: letters to one company or many (mail merge), their file names, and the letter logged on each
company.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any

from lokalspil.companies import Company, find_company, list_companies
from lokalspil.documents.rendering import Pages, Rendered, title_of, write_rendered
from lokalspil.documents.values import Common, agreement_values, common_values, company_values, date_text
from lokalspil.errors import LokalspilError
from lokalspil.messages import t
from lokalspil.templates import PLAN, REPORT, Values, list_templates, load_template, render_template

if TYPE_CHECKING:
    from jinja2 import Template

    from lokalspil.agreements import Agreement


@dataclass
class LetterFacts:
    """What the records say about each company a batch writes to, read in a few queries for the whole batch:
    {company id: row} for the agreement a letter is about, the contact persons, the day of the last meeting and
    the next follow-up that has a next action. What the log says happened is internal: no letter reads it."""

    agreements: dict[int, list[Agreement]]
    contacts: dict[int, list[tuple[Any, ...]]]
    meetings: dict[int, tuple[Any, ...]]
    follow_ups: dict[int, tuple[Any, ...]]


def letter_facts(conn: Connection, company_ids: Sequence[int]) -> LetterFacts:
    import json

    ids = json.dumps(list(company_ids))
    chosen = "company_id IN (SELECT value FROM json_each(?))"

    def last_per_company(sql: str) -> dict[int, tuple[Any, ...]]:
        # The rows come in order, and the last of each company is the one kept.
        return {row[0]: row[1:] for row in conn.execute(sql, [ids])}

    from lokalspil.agreements import open_agreements

    agreements = open_agreements(conn, company_ids)
    meetings = last_per_company(
        f"""SELECT company_id, date FROM activities WHERE kind IN ('meeting', 'visit') AND {chosen}
            ORDER BY date, id"""
    )
    follow_ups = last_per_company(
        f"""SELECT company_id, follow_up, next_action FROM activities
            WHERE follow_up IS NOT NULL AND follow_up_done_at IS NULL AND next_action IS NOT NULL AND {chosen}
            ORDER BY follow_up DESC, id DESC"""
    )
    contacts: dict[int, list[tuple[Any, ...]]] = {}
    for row in conn.execute(
        f"SELECT company_id, id, name, role, email, phone FROM contacts WHERE {chosen} ORDER BY id", [ids]
    ):
        contacts.setdefault(row[0], []).append(row[1:])
    return LetterFacts(agreements, contacts, meetings, follow_ups)


def letter_values(common: dict[str, Any], facts: LetterFacts, company: Company) -> dict[str, Any]:
    """What a letter to `company` reads: the common values, the company, its contact person (the agreement's, else
    the first one added), the agreement a letter is about (running or signed, else the latest draft), the day of
    the last meeting and the next follow-up's next action and date (never the log's text)."""
    values = {**common, "company": company_values(company)}
    agreements = facts.agreements.get(company.id, [])
    people = facts.contacts.get(company.id, [])
    if people:
        wanted = agreements[0].contact_id if agreements else None
        person = next((p for p in people if p[0] == wanted), people[0])
        values["contact"] = Values(
            "contact", dict(zip(("name", "role", "email", "phone"), person[1:], strict=True))
        )
    values["agreements"] = [agreement_values(a) for a in agreements]
    if agreements:
        values["agreement"] = values["agreements"][0]
    meeting = facts.meetings.get(company.id)
    if meeting is not None:
        values["last_meeting"] = Values("last_meeting", {"date": date_text(meeting[0])})
    follow_up = facts.follow_ups.get(company.id)
    if follow_up is not None:
        values["next_follow_up"] = Values(
            "next_follow_up", {"date": date_text(follow_up[0]), "action": follow_up[1]}
        )
    return values


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_COMPANY_FORM = re.compile(r"\b([AIKP])/S\b")  # A/S, I/S, K/S, P/S
_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}  # fmt: skip
_NAME_BYTES = 160  # with ' - template (id).html' well inside the 255 bytes a file name may have


def safe_filename(text: str, limit: int = 80) -> str:
    """A readable file name from a company's name: no folder separators, no `..`, no leading dot, nothing Windows
    refuses, and no invisible character: controls (C0, C1) and format characters, among them the bidirectional
    overrides that could make 'Firma<U+202E>fdp.exe' look like 'Firmaexe.pdf'. At most `limit` characters and
    160 bytes."""
    name = unicodedata.normalize("NFC", text)
    name = _COMPANY_FORM.sub(r"\1S", name)  # 'Svanen A/S' -> 'Svanen AS', as Danish file names write it
    name = _UNSAFE.sub(" ", name)
    if not name.isprintable():  # (a space is printable; C1 controls and format characters are not)
        name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    name = " ".join(name.split()).strip(" .")
    name = re.sub(r"\.{2,}", ".", name)
    if not name or name.casefold().split(".")[0].rstrip() in _RESERVED:
        name = f"_{name}" if name else "_"
    name = name[:limit]
    while len(name.encode()) > _NAME_BYTES:
        name = name[:-1]
    return name.rstrip(" .") or "_"


@dataclass
class LetterBatch:
    template: str
    format: str
    files: list[Path] = field(default_factory=list)
    combined: Path | None = None
    companies: list[Company] = field(default_factory=list)
    protected_skipped: list[Company] = field(default_factory=list)
    protected_named: list[Company] = field(default_factory=list)
    logged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "format": self.format,
            "letters": len(self.companies),
            "files": [str(p) for p in self.files],
            "combined": str(self.combined) if self.combined else None,
            "companies": [{"id": c.id, "name": c.name} for c in self.companies],
            "skipped_protected": [{"id": c.id, "name": c.name} for c in self.protected_skipped],
            "logged": self.logged,
        }


def select_companies(
    conn: Connection,
    refs: Sequence[str],
    stage: str | None,
    tag: str | None,
    include_protected: bool,
    batch: LetterBatch,
) -> list[Company]:
    """The companies named (each once, in the order given) and those the filters choose. A company chosen by a
    filter that is advertising-protected is left out unless `include_protected`; one named outright is written to,
    with a warning."""
    chosen: dict[int, Company] = {}
    for ref in refs:
        company = find_company(conn, ref)
        chosen.setdefault(company.id, company)
        if company.protected:
            batch.protected_named.append(company)
    if stage or tag:
        for company in list_companies(conn, stage=stage, tag=tag):
            if company.id in chosen:
                continue
            if company.protected and not include_protected:
                batch.protected_skipped.append(company)
                continue
            chosen[company.id] = company
    elif not refs:
        raise LokalspilError("letter.no_selection")
    return list(chosen.values())


def output_names(companies: Sequence[Company], template: str, fmt: str) -> list[str]:
    """A file name for each letter: the company's name made safe, with the template; the id is added when two
    names come out the same."""
    names = [f"{safe_filename(c.name)} - {template}" for c in companies]
    seen: dict[str, int] = {}
    for name in names:
        seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
    return [
        f"{name} ({c.id}).{fmt}" if seen[name.casefold()] > 1 else f"{name}.{fmt}"
        for name, c in zip(names, companies, strict=True)
    ]


def letter_template(template_name: str, user_dir: Path | None) -> Template:
    """The letter `template_name`: the built-in letters and the workspace's own, but not the plan, the report, the layout
    or the shared letter frame."""
    if template_name == PLAN:
        raise LokalspilError("letter.is_plan")
    if template_name == REPORT:
        raise LokalspilError("letter.is_report")
    letters = [info.name for info in list_templates(user_dir) if info.kind == "letter"]
    if template_name not in letters:
        raise LokalspilError("letter.unknown", name=template_name, known=", ".join(letters))
    return load_template(template_name, user_dir)


def render_letters(
    conn: Connection,
    common: Common,
    template: Template,
    companies: Sequence[Company],
    fmt: str,
    user_dir: Path | None,
) -> Iterator[Rendered]:
    """Each company's letter, as Markdown and (for HTML and PDF) as an HTML page or a part of a PDF."""
    facts = letter_facts(conn, [c.id for c in companies])
    shared = common.values()
    pages = Pages(common, user_dir, "letter", fmt)
    for company in companies:
        try:
            markdown = render_template(template, letter_values(shared, facts, company))
        except LokalspilError as problem:  # in a batch, say which company's letter it is
            if len(companies) == 1:
                raise
            raise LokalspilError(
                "letter.problem_for", company=company.name, id=company.id, problem=str(problem)
            ) from None
        yield pages.render(markdown, title_of(markdown, company.name), company)


def log_letters(
    conn: Connection,
    companies: Iterable[Company],
    template_name: str,
    today: dt.date,
    *,
    follow_up: dt.date | None = None,
    then_stage: str | None = None,
) -> int:
    """One letter activity for each company, all in one transaction; with `follow_up` the entry carries a follow-up
    ('Følg op på brevet' by that day), with `then_stage` each company moves on to that stage (never back)."""
    from lokalspil.companies import advance_to
    from lokalspil.database import now, transaction

    stamp = now()
    summary = t("letter.logged", template=template_name)
    next_action = t("letter.next_action") if follow_up else None
    due = follow_up.isoformat() if follow_up else None
    rows = [(c.id, "letter", today.isoformat(), summary, due, next_action, stamp) for c in companies]
    with transaction(conn):
        conn.executemany(
            """INSERT INTO activities (company_id, kind, date, summary, follow_up, next_action, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            rows,
        )
        for company in companies if then_stage else ():
            advance_to(conn, company.id, then_stage)  # type: ignore[arg-type]
    return len(rows)


def _moving_on(
    then_stage: str | None, follow_up: str | None, log: bool, today: dt.date | None
) -> tuple[str | None, dt.date | None]:
    """--then-stage and --follow-up, checked before any letter is written."""
    from lokalspil import danish
    from lokalspil.companies import parse_stage
    from lokalspil.errors import LokalspilError

    if (then_stage or follow_up) and not log:
        raise LokalspilError("letter.moving_on_needs_log")
    stage = parse_stage(then_stage) if then_stage else None
    due = danish.parse_date(follow_up, today, prefer="future") if follow_up else None
    return stage, due


def make_letters(
    path: Path,
    template_name: str,
    refs: Sequence[str],
    *,
    stage: str | None = None,
    tag: str | None = None,
    fmt: str = "pdf",
    out_dir: Path | None = None,
    combine: Path | None = None,
    log: bool = True,
    include_protected: bool = False,
    user_dir: Path | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    then_stage: str | None = None,
    follow_up: str | None = None,
) -> LetterBatch:
    """`lokalspil letter`: the letters are rendered and written first (each file whole or not at all); then every
    letter is logged on its company in one transaction, with a follow-up (`follow_up`, a date as people write it)
    and the companies moved on to `then_stage` when asked."""
    from lokalspil.files import check_output
    from lokalspil.workspace import open_workspace

    check_output(out_dir, fmt)  # (a folder named like a file of another format: `-f pdf -o brev.docx`)
    moved_to, due = _moving_on(then_stage, follow_up, log, today)
    batch = LetterBatch(template_name, fmt)
    template = letter_template(template_name, user_dir)
    conn, workspace = open_workspace(path)
    try:
        companies = select_companies(conn, refs, stage, tag, include_protected, batch)
        if not companies:
            return batch
        common = common_values(conn, workspace, today)
        rendered: list[Rendered] = []
        steps = len(companies) * (2 if fmt == "pdf" else 1)  # PDF: rendering, then laying out
        for i, document in enumerate(render_letters(conn, common, template, companies, fmt, user_dir)):
            rendered.append(document)
            if progress:
                progress(i + 1, steps)

        def laid_out(done: int) -> None:
            if progress:
                progress(len(companies) + done, steps)

        if combine is not None:
            if fmt == "pdf":
                from lokalspil.pdf import write_pdf

                write_pdf([d.pdf for d in rendered if d.pdf is not None], combine, laid_out)
            else:
                write_rendered(rendered, fmt, combine)
            batch.combined = combine
        else:
            folder = out_dir or Path.cwd() / template_name
            names = output_names(companies, template_name, fmt)
            if fmt == "pdf":
                from lokalspil.pdf import write_pdfs

                targets = [folder / n for n in names]
                write_pdfs([d.pdf for d in rendered if d.pdf is not None], targets, laid_out)
                batch.files = targets
            else:
                for document, name in zip(rendered, names, strict=True):
                    write_rendered([document], fmt, folder / name)
                    batch.files.append(folder / name)
        if progress:
            progress(steps, steps)
        batch.companies = list(companies)
        if log:
            batch.logged = log_letters(
                conn, companies, template_name, common.today, follow_up=due, then_stage=moved_to
            )
    finally:
        conn.close()
    return batch
