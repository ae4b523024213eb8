"""The agenda: open follow-ups (what to do next, by when, and whom to call) and agreements' review and end dates,
overdue first; and the same as a calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil.activities import open_follow_ups
from lokalspil.errors import BadUsage
from lokalspil.messages import t

KINDS = ("follow_up", "review", "end")
DAYS = 14  # --days: how far the agenda looks ahead when not told
MAX_DAYS = 36_500  # --days: a hundred years ahead is as far as any agenda needs to look


@dataclass(frozen=True)
class Item:
    date: str
    kind: str  # follow_up | review | end
    when: str  # overdue | today | coming
    company_id: int
    company: str
    text: str  # what to do: a follow-up's next action, else (an entry from before next actions) its log text
    activity_id: int | None = None
    agreement_id: int | None = None
    next_action: str | None = None
    contact_name: str | None = None  # the entry's (the agreement's) contact person, else the company's first
    contact_phone: str | None = None

    @property
    def from_log(self) -> bool:
        """A follow-up without a next action: its text is what the log entry says happened."""
        return self.kind == "follow_up" and self.next_action is None

    @property
    def contact(self) -> str:
        """The contact person as the agenda shows them: 'Mette Hansen, 12 34 56 78'; '' when there is nobody."""
        return ", ".join(x for x in (self.contact_name, self.contact_phone) if x)

    def uid(self, workspace: str) -> str:
        """Stable for this item, and different from every other workspace's items in the same calendar."""
        ref = (
            f"activity-{self.activity_id}"
            if self.activity_id
            else f"agreement-{self.agreement_id}-{self.kind}"
        )
        return f"{ref}.{workspace}@lokalspil"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _when(day: str, today: dt.date) -> str:
    iso = today.isoformat()
    return "overdue" if day < iso else "today" if day == iso else "coming"


def _horizon(days: int | None, today: dt.date) -> str:
    """The last day `days` days ahead reach (None: whenever), as ISO text."""
    if days is not None and days < 0:
        raise BadUsage("agenda.bad_days", days=days)
    if days is not None and days > MAX_DAYS:
        raise BadUsage("agenda.too_many_days", days=days)
    return (today + dt.timedelta(days=days)).isoformat() if days is not None else "9999-12-31"


def agenda(conn: Connection, days: int | None = DAYS, today: dt.date | None = None) -> list[Item]:
    """Everything due up to `days` days ahead (None: whenever), and everything overdue, in date order."""
    today = today or dt.date.today()
    horizon = _horizon(days, today)
    person = _contact_persons(conn)
    items = []
    for a in open_follow_ups(conn):
        if a.follow_up and a.follow_up <= horizon:
            name, phone = person(a.contact_id, a.company_id)
            items.append(
                Item(
                    a.follow_up,
                    "follow_up",
                    _when(a.follow_up, today),
                    a.company_id,
                    a.company,
                    a.next_action or a.summary,
                    activity_id=a.id,
                    next_action=a.next_action,
                    contact_name=name,
                    contact_phone=phone,
                )
            )
    rows = conn.execute(
        """SELECT g.id, g.company_id, c.name, g.kind, g.review, g."end", g.contact_id FROM agreements g
           JOIN companies c ON c.id = g.company_id WHERE g.status != 'ended'"""
    )
    for agreement_id, company_id, company, kind, review, end, contact_id in rows:
        label = t(f"agreement.kind.{kind}")
        for item_kind, day in (("review", review), ("end", end)):
            if day and day <= horizon:
                text = t(f"agenda.{item_kind}", kind=label)
                name, phone = person(contact_id, company_id)
                items.append(
                    Item(
                        day,
                        item_kind,
                        _when(day, today),
                        company_id,
                        company,
                        text,
                        agreement_id=agreement_id,
                        contact_name=name,
                        contact_phone=phone,
                    )
                )
    items.sort(key=lambda i: (i.date, KINDS.index(i.kind), i.company.casefold()))
    return items


Person = tuple[str | None, str | None]  # a contact person's name and phone


def _contact_persons(conn: Connection) -> Callable[[int | None, int], Person]:
    """Whom to call about an item: its own contact person, else the company's first (the one added first)."""
    by_id: dict[int, Person] = {}
    first: dict[int, Person] = {}
    for contact_id, company_id, name, phone in conn.execute(
        "SELECT id, company_id, name, phone FROM contacts ORDER BY id"
    ):
        by_id[contact_id] = (name, phone)
        first.setdefault(company_id, by_id[contact_id])

    def person(contact_id: int | None, company_id: int) -> Person:
        return by_id.get(contact_id or 0) or first.get(company_id) or (None, None)

    return person


def workspace_key(conn: Connection) -> str:
    """A short key that tells this workspace's calendar entries from another's."""
    import hashlib

    row = conn.execute(
        "SELECT w.created_at, coalesce(a.name, '') FROM workspace w LEFT JOIN areas a ON a.id = w.area_id"
    ).fetchone()
    return hashlib.sha256("|".join(map(str, row or ("", ""))).encode()).hexdigest()[:12]


def event_description(item: Item) -> list[str]:
    """The lines of a calendar event's description: what kind of item it is, the contact person."""
    lines = [t(f"agenda.kind.{item.kind}")]
    if item.from_log:
        lines.append(t("agenda.text_from_log"))
    if contact := item.contact:
        lines.append(t("agenda.contact", contact=contact))
    return lines


DONE_KEPT_DAYS = 365  # a follow-up done this long ago is no longer written to the calendar as cancelled


@dataclass(frozen=True)
class CalendarEntries:
    """What a calendar file holds: the agenda's items, the follow-ups done since (cancelled, so that a calendar
    that imported them drops them), and each record's number of changes (the events' SEQUENCE)."""

    items: list[Item]
    cancelled: list[Item]
    changes: dict[tuple[str, int], int]

    def sequence(self, item: Item) -> int:
        """Higher with every change to the item's record (a new date, done, open again): a calendar takes the
        event with the highest SEQUENCE for a UID."""
        if item.activity_id:
            return self.changes.get(("activity", item.activity_id), 0)
        return self.changes.get(("agreement", item.agreement_id or 0), 0)


def calendar_entries(
    conn: Connection, days: int | None = None, today: dt.date | None = None
) -> CalendarEntries:
    """The agenda up to `days` days ahead (None: everything open), and the follow-ups up to then that were marked
    done in the last DONE_KEPT_DAYS days."""
    today = today or dt.date.today()
    items = agenda(conn, days, today)
    horizon = _horizon(days, today)
    since = (today - dt.timedelta(days=DONE_KEPT_DAYS)).isoformat()
    rows = conn.execute(
        """SELECT a.id, a.follow_up, a.company_id, c.name, coalesce(a.next_action, a.summary), a.next_action
           FROM activities a JOIN companies c ON c.id = a.company_id
           WHERE a.follow_up IS NOT NULL AND a.follow_up <= ? AND a.follow_up_done_at >= ?
           ORDER BY a.follow_up, a.id""",
        [horizon, since],
    )
    cancelled = [
        Item(
            day,
            "follow_up",
            _when(day, today),
            company_id,
            company,
            text,
            activity_id=id_,
            next_action=action,
        )
        for id_, day, company_id, company, text, action in rows
    ]
    changes = {
        (entity, entity_id): count
        for entity, entity_id, count in conn.execute(
            """SELECT entity, entity_id, count(*) FROM history WHERE entity IN ('activity', 'agreement')
               GROUP BY entity, entity_id"""
        )
    }
    return CalendarEntries(items, cancelled, changes)


def write_ics(entries: CalendarEntries, path: Path, workspace_name: str, workspace: str) -> int:
    """Write open follow-ups and agreement dates as an iCalendar file (all-day events) that calendar programs import,
    and the follow-ups done as cancelled events (the same UID, a higher SEQUENCE); returns the number of open
    events."""
    from icalendar import Calendar, Event

    from lokalspil.files import check_output

    check_output(path, "ics")
    calendar = Calendar()
    calendar.add("prodid", "-//lokalspil//lokalspil//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", t("agenda.calendar_name", area=workspace_name))
    stamp = dt.datetime.now(dt.UTC)
    for item, cancelled in [*((i, False) for i in entries.items), *((i, True) for i in entries.cancelled)]:
        event = Event()
        day = dt.date.fromisoformat(item.date)
        event.add("uid", item.uid(workspace))
        event.add("dtstamp", stamp)
        event.add("sequence", entries.sequence(item))
        if cancelled:
            event.add("status", "CANCELLED")
        event.add("dtstart", day)
        if day < dt.date.max:  # (an all-day event on the last day there is has no day after it to end on)
            event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", t("agenda.event", action=item.text, company=item.company))
        event.add("description", "\n".join(event_description(item)))
        event.add("categories", ["lokalspil"])
        calendar.add_component(event)
    from lokalspil.files import write_atomically

    data = calendar.to_ical()
    write_atomically(path, lambda temporary: temporary.write_bytes(data))
    return len(entries.items)
