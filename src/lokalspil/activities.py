"""The activity log: what happened with each company, and the follow-ups nobody must forget."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from sqlite3 import Connection
from typing import Any

from lokalspil import danish
from lokalspil.companies import Company
from lokalspil.database import erase_traces, is_row_id, now, transaction
from lokalspil.errors import InvalidValue, LokalspilError
from lokalspil.fields import free_text
from lokalspil.messages import CATALOGUES, t
from lokalspil.migrations import ACTIVITY_KINDS

# Kinds a user logs; 'stage' is written by the pipeline itself.
LOGGED_KINDS = tuple(k for k in ACTIVITY_KINDS if k != "stage")
# `log --next` without `--by` (and no one at a terminal to ask): the next action is due a week from today.
NEXT_ACTION_DAYS = 7


@dataclass
class Activity:
    id: int
    company_id: int
    company: str
    contact_id: int | None
    contact: str | None
    kind: str
    date: str
    summary: str
    old_stage: str | None
    new_stage: str | None
    follow_up: str | None
    follow_up_done_at: str | None
    created_at: str
    next_action: str | None = None  # what to do by the follow-up date (entries older than 0007 have none)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "kind_label": t(f"activity.kind.{self.kind}")}


# Everyday words for a kind, besides its labels: 'mail' for an e-mail, 'tlf' for a call.
KIND_WORDS = {
    "mail": "email",
    "mails": "email",
    "tlf": "call",
    "telefon": "call",
    "phone": "call",
    "besog": "visit",
}


def parse_kind(text: str) -> str:
    """An activity kind by id or label in either language ('call', 'opkald', 'e-mail'), or an everyday word for
    it ('mail', 'tlf')."""
    s = text.strip().casefold().replace("-", "")
    if s in KIND_WORDS:
        return KIND_WORDS[s]
    for kind in LOGGED_KINDS:
        labels = {cat[f"activity.kind.{kind}"].casefold().replace("-", "") for cat in CATALOGUES.values()}
        if s == kind or s in labels:
            return kind
    raise InvalidValue(
        "value.not_activity_kind",
        value=text.strip(),
        kinds=", ".join(t(f"activity.kind.{k}") for k in LOGGED_KINDS),
    )


_SELECT = """SELECT a.id, a.company_id, c.name, a.contact_id, p.name, a.kind, a.date, a.summary, a.old_stage,
                    a.new_stage, a.follow_up, a.follow_up_done_at, a.created_at, a.next_action
             FROM activities a JOIN companies c ON c.id = a.company_id LEFT JOIN contacts p ON p.id = a.contact_id"""


def company_activities(conn: Connection, company_id: int) -> list[Activity]:
    rows = conn.execute(f"{_SELECT} WHERE a.company_id = ? ORDER BY a.date DESC, a.id DESC", [company_id])
    return [Activity(*row) for row in rows]


def get_activity(conn: Connection, activity_id: int) -> Activity:
    row = (
        conn.execute(f"{_SELECT} WHERE a.id = ?", [activity_id]).fetchone()
        if is_row_id(activity_id)
        else None
    )
    if row is None:
        raise LokalspilError("activity.no_such_id", id=activity_id)
    return Activity(*row)


def log_activity(
    conn: Connection,
    company: Company,
    summary: str,
    *,
    kind: str = "note",
    date: str | None = None,
    contact_id: int | None = None,
    follow_up: str | None = None,
    next_action: str | None = None,
    today: dt.date | None = None,
) -> Activity:
    """`lokalspil log`: one entry in a company's log, checked before anything is stored. The entry says what
    happened (`summary`); its follow-up what to do next (`next_action`) and by when (`follow_up`): a next action
    without a date is due NEXT_ACTION_DAYS from today."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    try:
        values["kind"] = parse_kind(kind)
    except InvalidValue as e:
        problems.append(f"--kind: {e}")
    values.update(_dates(date, follow_up, today, problems))
    if contact_id is not None:
        row = (
            conn.execute("SELECT company_id FROM contacts WHERE id = ?", [contact_id]).fetchone()
            if is_row_id(contact_id)
            else None
        )
        if row is None:
            problems.append(f"--contact: {t('contact.no_such_id', id=contact_id)}")
        elif row[0] != company.id:
            problems.append(
                f"--contact: {t('activity.contact_elsewhere', id=contact_id, company=company.name)}"
            )
    values["summary"] = _summary(summary, problems)
    values["next_action"] = _next_action(next_action, problems)
    if values["next_action"] and not follow_up:
        values["follow_up"] = default_follow_up(today).isoformat()
    if problems:
        raise LokalspilError("activity.refused", problems=" ".join(problems))
    stamp = now()
    with transaction(conn):
        cursor = conn.execute(
            """INSERT INTO activities (company_id, contact_id, kind, date, summary, follow_up, next_action,
                                       created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                company.id,
                contact_id,
                values["kind"],
                values.get("date") or (today or dt.date.today()).isoformat(),
                values["summary"],
                values.get("follow_up"),
                values["next_action"],
                stamp,
            ],
        )
    assert cursor.lastrowid is not None
    return get_activity(conn, cursor.lastrowid)


def _dates(
    date: str | None, follow_up: str | None, today: dt.date | None, problems: list[str]
) -> dict[str, str]:
    """`--date` (something that happened: a day without a year is the last such day) and `--by` (a follow-up: the
    next such day) as stored; a refusal is added to `problems`."""
    found = {}
    for option, name, raw, prefer in (
        ("--date", "date", date, "past"),
        ("--by", "follow_up", follow_up, "future"),
    ):
        if raw:
            try:
                found[name] = danish.parse_date(raw, today, prefer=prefer).isoformat()
            except InvalidValue as e:
                problems.append(f"{option}: {e}")
    return found


def _summary(raw: str, problems: list[str]) -> str:
    """What a log entry says, as it is stored (fields.free_text); a refusal is added to `problems`."""
    try:
        text = free_text(raw)
    except InvalidValue as e:
        problems.append(str(e))
        return ""
    if not text:
        problems.append(t("activity.summary_needed"))
    return text


def _next_action(raw: str | None, problems: list[str]) -> str | None:
    """What to do next, as it is stored (fields.free_text): None when not given or blank; a refusal is added
    to `problems`."""
    if raw is None:
        return None
    try:
        return free_text(raw) or None
    except InvalidValue as e:
        problems.append(f"--next: {e}")
        return None


def default_follow_up(today: dt.date | None = None) -> dt.date:
    """When a next action given without a date is due: NEXT_ACTION_DAYS from today."""
    return (today or dt.date.today()) + dt.timedelta(days=NEXT_ACTION_DAYS)


def mark_done(conn: Connection, activity_id: int, *, undo: bool = False) -> tuple[Activity, bool]:
    """`lokalspil done [--undo]`: mark a follow-up done (or open again). Returns the activity and whether it
    changed: one already done (or already open) is left as it is, so the time it was done stays."""
    activity = get_activity(conn, activity_id)
    if activity.follow_up is None:
        raise LokalspilError("activity.no_follow_up", id=activity_id)
    if (activity.follow_up_done_at is None) == undo:
        return activity, False
    with transaction(conn):
        conn.execute(
            "UPDATE activities SET follow_up_done_at = ? WHERE id = ?", [None if undo else now(), activity_id]
        )
    return get_activity(conn, activity_id), True


def open_follow_ups(conn: Connection) -> list[Activity]:
    rows = conn.execute(
        f"{_SELECT} WHERE a.follow_up IS NOT NULL AND a.follow_up_done_at IS NULL ORDER BY a.follow_up, a.id"
    )
    return [Activity(*row) for row in rows]


def edit_activity(
    conn: Connection,
    activity_id: int,
    summary: str | None,
    date: str | None,
    *,
    next_action: str | None = None,
    follow_up: str | None = None,
    today: dt.date | None = None,
) -> Activity:
    """`lokalspil entry edit`: correct what a log entry says, or its date, or change its next action (blank: none)
    or its follow-up date. Old text is erased for good (it may be what should never have been written: the search
    index and the freed pages no longer hold it). A next action given to an entry without a follow-up is due
    NEXT_ACTION_DAYS from today, as with `log`."""
    activity = get_activity(conn, activity_id)
    changes: dict[str, Any] = {}
    problems: list[str] = []
    if summary is not None:  # the same checks as `log`
        changes["summary"] = _summary(summary, problems)
    if next_action is not None:
        changes["next_action"] = _next_action(next_action, problems)
    changes.update(_dates(date, follow_up, today, problems))
    if problems:
        raise LokalspilError("activity.refused", problems=" ".join(problems))
    if not changes:
        raise LokalspilError("activity.nothing_to_change", id=activity.id)
    if changes.get("next_action") and follow_up is None and activity.follow_up is None:
        changes["follow_up"] = default_follow_up(today).isoformat()
    conn.execute("PRAGMA secure_delete = ON")
    with transaction(conn):
        conn.execute(
            f"UPDATE activities SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?",
            [*changes.values(), activity.id],
        )
    if "summary" in changes or "next_action" in changes:
        erase_traces(conn)
    return get_activity(conn, activity.id)


def remove_activity(conn: Connection, activity: Activity) -> None:
    """`lokalspil entry remove`: delete a log entry for good (a stage change included: the company keeps its stage),
    with its text erased from the search index and the file."""
    conn.execute("PRAGMA secure_delete = ON")
    with transaction(conn):
        conn.execute("DELETE FROM activities WHERE id = ?", [activity.id])
    erase_traces(conn)
