"""The agenda: open follow-ups and agreements' review and end dates, overdue first; and the same as a calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from lokalspil.activities import open_follow_ups
from lokalspil.errors import LokalspilError
from lokalspil.messages import t

KINDS = ("follow_up", "review", "end")
MAX_DAYS = 36_500  # --days: a hundred years ahead is as far as any agenda needs to look


@dataclass(frozen=True)
class Item:
    date: str
    kind: str  # follow_up | review | end
    when: str  # overdue | today | coming
    company_id: int
    company: str
    text: str
    activity_id: int | None = None
    agreement_id: int | None = None

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


def agenda(conn: Connection, days: int | None = 14, today: dt.date | None = None) -> list[Item]:
    """Everything due up to `days` days ahead (None: whenever), and everything overdue, in date order."""
    if days is not None and days < 0:
        raise LokalspilError("agenda.bad_days", days=days)
    if days is not None and days > MAX_DAYS:
        raise LokalspilError("agenda.too_many_days", days=days)
    today = today or dt.date.today()
    horizon = (today + dt.timedelta(days=days)).isoformat() if days is not None else "9999-12-31"
    items = [
        Item(
            a.follow_up,
            "follow_up",
            _when(a.follow_up, today),
            a.company_id,
            a.company,
            a.summary,
            activity_id=a.id,
        )
        for a in open_follow_ups(conn)
        if a.follow_up and a.follow_up <= horizon
    ]
    rows = conn.execute(
        """SELECT g.id, g.company_id, c.name, g.kind, g.review, g."end" FROM agreements g
           JOIN companies c ON c.id = g.company_id WHERE g.status != 'ended'"""
    )
    for agreement_id, company_id, company, kind, review, end in rows:
        label = t(f"agreement.kind.{kind}")
        for item_kind, day in (("review", review), ("end", end)):
            if day and day <= horizon:
                text = t(f"agenda.{item_kind}", kind=label)
                items.append(
                    Item(
                        day,
                        item_kind,
                        _when(day, today),
                        company_id,
                        company,
                        text,
                        agreement_id=agreement_id,
                    )
                )
    items.sort(key=lambda i: (i.date, KINDS.index(i.kind), i.company.casefold()))
    return items


def workspace_key(conn: Connection) -> str:
    """A short key that tells this workspace's calendar entries from another's."""
    import hashlib

    row = conn.execute(
        "SELECT w.created_at, coalesce(a.name, '') FROM workspace w LEFT JOIN areas a ON a.id = w.area_id"
    ).fetchone()
    return hashlib.sha256("|".join(map(str, row or ("", ""))).encode()).hexdigest()[:12]


def write_ics(items: list[Item], path: Path, workspace_name: str, workspace: str) -> int:
    """Write open follow-ups and agreement dates as an iCalendar file (all-day events) that calendar programs import;
    returns the number of events."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//lokalspil//lokalspil//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", t("agenda.calendar_name", area=workspace_name))
    stamp = dt.datetime.now(dt.UTC)
    for item in items:
        event = Event()
        day = dt.date.fromisoformat(item.date)
        event.add("uid", item.uid(workspace))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        if day < dt.date.max:  # (an all-day event on the last day there is has no day after it to end on)
            event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", f"{item.company}: {item.text}")
        event.add("description", t(f"agenda.kind.{item.kind}"))
        event.add("categories", ["lokalspil"])
        calendar.add_component(event)
    from lokalspil.files import write_atomically

    data = calendar.to_ical()
    write_atomically(path, lambda temporary: temporary.write_bytes(data))
    return len(items)
