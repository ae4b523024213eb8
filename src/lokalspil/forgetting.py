"""Forgetting a person for good (`contact forget`, `gdpr forget`): finding them wherever free text names them, under
every name, e-mail and phone number they have had, and saying plainly which copies lokalspil cannot reach.

Text is compared as a reader sees it: in Unicode NFC (a decomposed `Åse` is `Åse`), case ignored, any run of
spaces (a no-break space too) as one, and a name in the `Surname, First` form as well as `First Surname`. Only
whole words match: `Bo` is found in "Bo kom forbi", never in "Bodil" or "boligen", and `Lars` never in "Larsen".
The first name alone is looked for only in the texts of the person's own company, and not when another contact
person there, or the coordinator, has the same first name. Every text that will change is listed before anything
is erased (`plan_forget`), so that a name that is also a common word is never replaced unseen.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil.contacts import Contact
from lokalspil.database import erase_traces, transaction
from lokalspil.messages import t
from lokalspil.record_types import personal_texts

EXCERPT = 30  # characters shown on each side of a match
MARK = ("«", "»")  # around the match in an excerpt
PART_BUSY_SECONDS = 60  # an interrupted backup file changed this recently may be a backup being written now


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Person:
    """Every value the person has had: the current ones first, then those an edit replaced."""

    contact: Contact
    names: list[str]
    emails: list[str]
    phones: list[str]


def person_of(conn: Connection, contact: Contact) -> Person:
    values: dict[str, list[str]] = {"name": [contact.name], "email": [], "phone": []}
    values["email"] += [contact.email] if contact.email else []
    values["phone"] += [contact.phone] if contact.phone else []
    for column, value in conn.execute(
        "SELECT field, value FROM contact_former_values WHERE contact_id = ? ORDER BY rowid", [contact.id]
    ):
        if value not in values[column]:
            values[column].append(value)
    return Person(contact, values["name"], values["email"], values["phone"])


def former_values(conn: Connection, contact: Contact) -> dict[str, list[str]]:
    """The names, e-mails and phone numbers an edit replaced (for an access request: they are held too)."""
    person = person_of(conn, contact)
    return {
        "names": person.names[1:],
        "emails": person.emails[1 if contact.email else 0 :],
        "phones": person.phones[1 if contact.phone else 0 :],
    }


def _words(words: list[str]) -> str:
    return r"\s+".join(re.escape(word) for word in words)


def _whole(sources: list[str]) -> re.Pattern[str]:
    """Any of `sources` as whole words: no letter, digit or hyphen right before or after (`Bo` not in `Bodil`,
    `Hans` not in `Hans-Erik`), in the Danish genitive too (`Mette Hansens`, `Lars'`)."""
    longest_first = sorted(set(sources), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(longest_first)})(?:s|['’]s?)?(?![\w-])", re.IGNORECASE)


def name_forms(name: str) -> list[str]:
    """A name as free text may write it (regular expressions, longest first): `Mette Marie Hansen`, `Hansen,
    Mette Marie`, and without the middle names `Mette Hansen`, `Hansen, Mette`."""
    words = nfc(name).split()
    if len(words) < 2:
        return [_words(words)] if words else []
    first, *middle, last = words
    forms = [_words(words), rf"{re.escape(last)}\s*,\s*{_words([first, *middle])}"]
    if middle:
        forms += [_words([first, last]), rf"{re.escape(last)}\s*,\s*{re.escape(first)}"]
    return forms


def _phone(phone: str) -> str | None:
    """A Danish number in any spacing (2233 4455, 22 33 44 55, +45 22334455); other numbers by their digits."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 8:
        return None
    spaced = r"[\s.\-]?".join(digits[-8:])
    return rf"(?<!\d)(?:(?:\+|00){digits[:-8] or '45'}[\s.\-]?)?{spaced}(?!\d)"


@dataclass(frozen=True)
class Patterns:
    everywhere: list[re.Pattern[str]]  # full names, e-mails and phones
    own_company: list[re.Pattern[str]]  # also the first name alone, in the texts of the person's own company

    def search(self, text: str, own: bool) -> re.Match[str] | None:
        found = [m for p in (self.own_company if own else self.everywhere) if (m := p.search(text))]
        return min(found, key=lambda m: m.start()) if found else None

    def redact(self, text: str, own: bool, marker: str) -> str:
        for pattern in self.own_company if own else self.everywhere:
            text = pattern.sub(marker, text)
        return text


def person_patterns(conn: Connection, person: Person) -> Patterns:
    names = _whole([form for name in person.names for form in name_forms(name)])
    emails = [re.compile(rf"(?<!\w){re.escape(nfc(e))}(?!\w)", re.IGNORECASE) for e in person.emails]
    phones = [re.compile(source) for p in person.phones if (source := _phone(p))]
    everywhere = [names, *emails, *phones]
    firsts = {nfc(name).split()[0].casefold() for name in person.names if len(name.split()) > 1}
    others = [
        name
        for (name,) in conn.execute(
            """SELECT name FROM contacts WHERE company_id = ? AND id != ?
               UNION ALL SELECT coordinator_name FROM workspace""",
            [person.contact.company_id, person.contact.id],
        )
        if name
    ]
    firsts -= {nfc(name).split()[0].casefold() for name in others if name.split()}
    own = [_whole([re.escape(first) for first in sorted(firsts)])] if firsts else []
    return Patterns(everywhere, [names, *own, *emails, *phones])


@dataclass(frozen=True)
class Mention:
    table: str
    row_id: int
    column: str
    label: str
    company: str | None
    text: str  # as stored
    excerpt: str  # a short piece around the first match, the match marked «so»
    new_text: str  # after the person is taken out

    def as_dict(self) -> dict[str, Any]:
        return {"where": self.label, "table": self.table, "id": self.row_id, "company": self.company,
                "excerpt": self.excerpt}  # fmt: skip


def _excerpt(text: str, match: re.Match[str]) -> str:
    start, end = max(match.start() - EXCERPT, 0), min(match.end() + EXCERPT, len(text))
    before = ("…" if start else "") + text[start : match.start()]
    after = text[match.end() : end] + ("…" if end < len(text) else "")
    return " ".join(f"{before}{MARK[0]}{match.group()}{MARK[1]}{after}".split())


def mentions(conn: Connection, contact: Contact) -> list[Mention]:
    """Every place outside the person's own record where free text names them, and what it becomes (every row is
    read: SQL's LIKE folds the case of ASCII letters only, and knows nothing of NFC)."""
    person = person_of(conn, contact)
    patterns = person_patterns(conn, person)
    marker = t("contact.forgotten_marker")
    found: list[Mention] = []

    def look(
        table: str, row_id: int, column: str, label: str, company: str | None, text: str, own: bool
    ) -> None:
        normal = nfc(text)
        match = patterns.search(normal, own)
        if match:
            new = patterns.redact(normal, own, marker)
            found.append(Mention(table, row_id, column, label, company, text, _excerpt(normal, match), new))

    for rt, column, label in personal_texts():  # the free text of every record type that may name a person
        table = rt.table
        if table == "companies":
            company, join = "t.name", ""
        elif rt.company_owned:
            company, join = "c.name", " LEFT JOIN companies c ON c.id = t.company_id"
        else:
            company, join = "NULL", ""
        owner = f"t.{rt.company_column}" if rt.company_owned or table == "companies" else "NULL"
        for row_id, text, company_name, owner_id in conn.execute(
            f"SELECT t.id, t.{column}, {company}, {owner} FROM {table} t{join}"
            + (" WHERE t.id != ?" if table == "contacts" else ""),
            [contact.id] if table == "contacts" else [],
        ):
            if text:
                look(table, row_id, column, t(label), company_name, text, owner_id == contact.company_id)
    for guide_id, step_id, question_id, value in conn.execute(
        "SELECT guide_id, step_id, question_id, value FROM guide_answers WHERE value IS NOT NULL"
    ):
        text = json.loads(value)
        if isinstance(text, str):
            look("guide_answers", 0, f"{guide_id}/{step_id}.{question_id}", step_id, None, text, False)
    return found


@dataclass(frozen=True)
class ForgetPlan:
    """What `contact forget` will change: shown before anything is erased."""

    person: Person
    mentions: list[Mention]

    def as_dict(self) -> dict[str, Any]:
        return {"contact": self.person.contact.as_dict(), "changes": [m.as_dict() for m in self.mentions]}


def plan_forget(conn: Connection, contact: Contact) -> ForgetPlan:
    return ForgetPlan(person_of(conn, contact), mentions(conn, contact))


@dataclass(frozen=True)
class Forgotten:
    name: str
    activities_unlinked: int
    texts_redacted: int
    changed: list[Mention]
    still_named_in: list[str]  # company names that contain the person's name (kept: they name the company)
    complete: bool  # False when another program held the file open and old bytes may remain until it closes
    in_backups: int = 0  # backups made before that still hold the person (forget does not rewrite backups)
    backups_folder: str = ""
    parts_removed: int = 0  # interrupted backup files that held the person, removed
    company_fields: list[str] = field(
        default_factory=list
    )  # the company's own e-mail/phone, the person's: emptied

    def as_dict(self) -> dict[str, Any]:
        return {
            "forgotten": self.name,
            "activities_unlinked": self.activities_unlinked,
            "texts_redacted": self.texts_redacted,
            "changed": [m.as_dict() for m in self.changed],
            "company_fields_emptied": self.company_fields,
            "still_named_in": self.still_named_in,
            "complete": self.complete,
            "backups_holding": self.in_backups,
            "backups_folder": self.backups_folder,
            "interrupted_backups_removed": self.parts_removed,
            "not_reached": t("contact.not_reached"),
        }


def forget_contact(conn: Connection, contact: Contact) -> Forgotten:
    """Erase a person for good: their row and the values an edit replaced; every name, e-mail and phone they have
    had wherever it was copied into notes, the log, agreements, other contacts' texts, guide answers or the
    company's own e-mail and phone (replaced by a neutral marker or emptied); their rows in the history; the search
    index entries and the freed pages (secure_delete, VACUUM); the write-ahead log; and interrupted backup files
    that hold them. Activities stay, but no longer point to the person."""
    conn.execute("PRAGMA secure_delete = ON")
    person = person_of(conn, contact)
    with transaction(conn):
        found = mentions(conn, contact)
        unlinked = conn.execute(
            "UPDATE activities SET contact_id = NULL WHERE contact_id = ?", [contact.id]
        ).rowcount
        conn.execute("UPDATE agreements SET contact_id = NULL WHERE contact_id = ?", [contact.id])
        for m in found:
            if m.table == "guide_answers":
                guide_id, _, key = m.column.partition("/")
                step_id, _, question_id = key.partition(".")
                conn.execute(
                    "UPDATE guide_answers SET value = ? WHERE guide_id = ? AND step_id = ? AND question_id = ?",
                    [json.dumps(m.new_text, ensure_ascii=False), guide_id, step_id, question_id],
                )
            else:
                conn.execute(f"UPDATE {m.table} SET {m.column} = ? WHERE id = ?", [m.new_text, m.row_id])
        emptied = []
        for column, values, compare in (
            ("email", person.emails, "COLLATE NOCASE"),
            ("phone", person.phones, ""),
        ):
            marks = ", ".join("?" for _ in values)
            if (
                values
                and conn.execute(
                    f"UPDATE companies SET {column} = NULL WHERE {column} {compare} IN ({marks})", values
                ).rowcount
            ):
                emptied.append(t(f"company.field.{column}"))
        conn.execute("DELETE FROM contact_former_values WHERE contact_id = ?", [contact.id])
        conn.execute("DELETE FROM contacts WHERE id = ?", [contact.id])
        from lokalspil.history import forget_contact as forget_history

        forget_history(conn, contact.id)
    names = _whole([form for name in person.names for form in name_forms(name)])
    still = [name for (name,) in conn.execute("SELECT name FROM companies") if names.search(nfc(name))]
    complete = erase_traces(conn)
    holding, folder, removed = _backups_holding(conn, person)
    return Forgotten(
        contact.name, unlinked, len(found), found, still, complete, holding, folder, removed, emptied
    )


def _backups_holding(conn: Connection, person: Person) -> tuple[int, str, int]:
    """How many of the workspace's backups still hold one of the person's names, e-mails or phone numbers, and
    where they are; interrupted backup files (`*.part`, left by a backup that was stopped) that hold the person are
    removed, unless one may be a backup being written right now (it is counted then)."""
    from lokalspil.backups import list_backups
    from lokalspil.paths import backups_dir

    row = conn.execute("SELECT file FROM pragma_database_list WHERE name = 'main'").fetchone()
    if not row or not row[0]:
        return 0, "", 0
    db_path = Path(row[0])
    folder = backups_dir(db_path)
    needles = {
        form.encode("utf-8")
        for value in (*person.names, *person.emails, *person.phones)
        for form in (value, nfc(value), unicodedata.normalize("NFD", value), value.casefold())
    }

    def holds(path: Path) -> bool:
        try:
            data = path.read_bytes()
        except OSError:
            return False
        lower = data.lower()
        return any(needle in data or needle.lower() in lower for needle in needles)

    holding = sum(holds(backup.path) for backup in list_backups(db_path))
    removed = 0
    for part in sorted(folder.glob("*.part")) if folder.is_dir() else []:
        if not holds(part):
            continue
        try:
            busy = time.time() - part.stat().st_mtime < PART_BUSY_SECONDS
            if not busy:
                part.unlink()
                removed += 1
                continue
        except OSError:
            pass
        holding += 1
    return holding, str(folder), removed
