"""Follow-ups as to-dos and birthdays as yearly events over CalDAV, so the phone rings too.

A to-do completed on the phone marks the follow-up done here; one done here is written
back as completed. Each to-do names its contact's card, so that a second desktop syncing
the same server links it to the same contact."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from desktop_crm import __version__
from desktop_crm.domain.birthdays import Birthday
from desktop_crm.domain.clock import Clock
from desktop_crm.domain.local_time import ical_utc, parse_ical_utc
from desktop_crm.i18n import _
from desktop_crm.services.exporting.ical_lines import (
    display_alarm,
    event_name,
    opening,
    yearly_birthday,
)
from desktop_crm.services.exporting.vcard_export import fold
from desktop_crm.services.followups import add_follow_up, mark_done
from desktop_crm.services.sync.cards import unfold
from desktop_crm.services.sync.listing import fetch_many, list_changes
from desktop_crm.services.sync.webdav import DavClient, PreconditionFailed
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

log = logging.getLogger(__name__)
ICAL_TYPE = "text/calendar; charset=utf-8"
TASK, EVENT = "task", "event"
CARD_HOUR = 9  # birthday cards are due at 09:00, N days before (as the tray's alarm)


@dataclass
class TaskCounts:
    sent: int = 0
    received: int = 0
    done_here: int = 0
    done_there: int = 0


@dataclass
class EventCounts:
    sent: int = 0


def properties(text: str, component: str) -> dict[str, str]:
    """The first component's properties (name → raw value), alarms left out."""
    found: dict[str, str] = {}
    depth = 0
    inside = False
    for line in unfold(text):
        head, _sep, value = line.partition(":")
        name = head.split(";", 1)[0].upper()
        if name == "BEGIN" and value.upper() == component:
            inside = True
            continue
        if name == "END" and value.upper() == component:
            break
        if not inside:
            continue
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            depth -= 1
        elif depth == 0:
            found.setdefault(name, value)
    return found


def _calendar(lines: list[str]) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//Desktop CRM {__version__}//EN"]
    return "".join(fold(line) for line in [*head, *lines, "END:VCALENDAR"])


class CalendarSync:
    def __init__(
        self, client: DavClient, calendar: str, *, clock: Clock, installation: str
    ) -> None:
        self.client = client
        self.calendar = client.path(calendar)
        self.clock = clock
        self.installation = installation
        self.task_counts = TaskCounts()
        self.event_counts = EventCounts()

    def _href(self, kind: str, local_id: int) -> str:
        return f"{self.calendar.rstrip('/')}/desktop-crm-{self.installation}-{kind}-{local_id}.ics"

    def _items(self) -> dict[str, m.SyncItem]:
        query = m.SyncItem.select().where(m.SyncItem.kind.in_([TASK, EVENT]))
        return {i.href: i for i in query}

    # --- pull ----------------------------------------------------------------------------

    def pull(self, token: str) -> str:
        listing = list_changes(self.client, self.calendar, token)
        items = self._items()
        wanted = [h for h, e in listing.etags.items() if h not in items or items[h].etag != e]
        bodies = fetch_many(self.client, self.calendar, wanted, "calendar") if wanted else {}
        for href, (body, etag) in bodies.items():
            item = items.get(href)
            if item is None:
                self._maybe_receive(href, body, etag)
            elif item.kind == TASK:
                self._task_changed_there(item, body, etag)
            else:
                with write_transaction():
                    item.etag, item.body = etag, body
                    item.save()
        for href in listing.removed:
            item = items.get(href)
            if item is not None:
                with write_transaction():
                    item.delete_instance()  # sent again at the next push if still wanted
        return listing.token

    def _task_changed_there(self, item: m.SyncItem, body: str, etag: str) -> None:
        props = properties(body, "VTODO")
        done_there = props.get("STATUS", "").upper() == "COMPLETED" or "COMPLETED" in props
        with write_transaction():
            follow_up = m.FollowUp.get_or_none(m.FollowUp.id == item.local_id)
            if done_there and follow_up is not None and follow_up.done_at is None:
                mark_done(follow_up.id, clock=self.clock)
                self.task_counts.done_here += 1
            item.etag, item.body = etag, body
            snapshot = json.loads(item.snapshot or "{}")
            snapshot["done"] = done_there or bool(snapshot.get("done"))
            item.snapshot = json.dumps(snapshot)
            item.save()

    def _maybe_receive(self, href: str, body: str, etag: str) -> None:
        """A to-do another desktop sent for a contact we also sync becomes a follow-up here."""
        props = properties(body, "VTODO")
        card = props.get("X-CRM-CONTACT-CARD", "")
        contact_item = (
            m.SyncItem.get_or_none((m.SyncItem.kind == "contact") & (m.SyncItem.href == card))
            if card
            else None
        )
        due = parse_ical_utc(props.get("DUE", ""))
        if contact_item is None or due is None:
            return  # not one of ours, or for a contact this desktop does not have
        done = props.get("STATUS", "").upper() == "COMPLETED"
        with write_transaction():
            view = add_follow_up(
                contact_item.local_id,
                due,
                _unescape(props.get("DESCRIPTION", "")) or _unescape(props.get("SUMMARY", "")),
                clock=self.clock,
            )
            if done:
                mark_done(view.id, clock=self.clock)
            m.SyncItem.create(
                kind=TASK,
                local_id=view.id,
                href=href,
                etag=etag,
                body=body,
                snapshot=json.dumps(self._task_state(m.FollowUp.get_by_id(view.id))),
            )
        self.task_counts.received += 1

    # --- push ----------------------------------------------------------------------------

    def push(self) -> None:
        items = {(i.kind, i.local_id): i for i in self._items().values()}
        self._push_tasks(items)
        self._push_events(items)

    def _task_state(self, follow_up: m.FollowUp) -> dict:
        due = follow_up.snoozed_until or follow_up.due_at
        return {"due": ical_utc(due), "text": follow_up.text, "done": follow_up.done_at is not None}

    def _push_tasks(self, items: dict[tuple[str, int], m.SyncItem]) -> None:
        query = (
            m.FollowUp.select(m.FollowUp, m.Contact)
            .join(m.Contact)
            .where(m.Contact.archived == False)  # noqa: E712
        )
        for follow_up in query:
            item = items.get((TASK, follow_up.id))
            state = self._task_state(follow_up)
            if item is None:
                if state["done"]:
                    continue  # done before it was ever synced: nothing to ring for
                self._write(TASK, follow_up.id, self._todo(follow_up, state), state, None)
                self.task_counts.sent += 1
            elif json.loads(item.snapshot or "{}") != state:
                self._write(TASK, follow_up.id, self._todo(follow_up, state), state, item)
                if state["done"]:
                    self.task_counts.done_there += 1
                else:
                    self.task_counts.sent += 1

    def _todo(self, follow_up: m.FollowUp, state: dict) -> str:
        contact = follow_up.contact
        card = m.SyncItem.get_or_none(
            (m.SyncItem.kind == "contact") & (m.SyncItem.local_id == contact.id)
        )
        card_href = card.href if card else ""
        name = event_name(contact.display_name, contact.company, contact.id)
        summary = _("Follow up: {name}").format(name=name)
        uid = f"desktop-crm-{self.installation}-task-{follow_up.id}"
        stamp = ical_utc(self.clock.now())
        lines = opening("VTODO", uid, stamp, [f"DUE:{state['due']}"], summary, follow_up.text)
        if card_href:
            lines.append(f"X-CRM-CONTACT-CARD:{card_href}")
        if state["done"]:
            lines += [
                "STATUS:COMPLETED",
                f"COMPLETED:{ical_utc(follow_up.done_at)}",
                "PERCENT-COMPLETE:100",
            ]
        else:
            lines.append("STATUS:NEEDS-ACTION")
            lines += display_alarm("TRIGGER;RELATED=END:PT0S", summary)
        lines.append("END:VTODO")
        return _calendar(lines)

    def _push_events(self, items: dict[tuple[str, int], m.SyncItem]) -> None:
        query = m.Contact.select().where(
            m.Contact.archived == False,  # noqa: E712
            m.Contact.birthday_month.is_null(False),
        )
        wanted: set[int] = set()
        for contact in query:
            wanted.add(contact.id)
            state = {
                "date": f"{contact.birthday_year or ''}-{contact.birthday_month}-{contact.birthday_day}",
                "name": contact.display_name,
                "lead": contact.birthday_card_days,
            }
            item = items.get((EVENT, contact.id))
            if item is not None and json.loads(item.snapshot or "{}") == state:
                continue
            self._write(EVENT, contact.id, self._birthday(contact), state, item)
            self.event_counts.sent += 1
        for (kind, local_id), item in items.items():
            if kind == EVENT and local_id not in wanted:
                if item.etag is not None:
                    self.client.delete(item.href)
                with write_transaction():
                    item.delete_instance()

    def _birthday(self, contact: m.Contact) -> str:
        birthday = Birthday(contact.birthday_month, contact.birthday_day, contact.birthday_year)
        name = event_name(contact.display_name, contact.company, contact.id)
        lead_days = contact.birthday_card_days if contact.birthday_card_days is not None else 7
        # The card alarm rings N days before, at 09:00 (the start of an all-day event is 00:00).
        hours = lead_days * 24 - CARD_HOUR
        trigger = f"-PT{hours}H" if hours > 0 else f"PT{-hours}H"
        lines = yearly_birthday(
            f"desktop-crm-{self.installation}-event-{contact.id}",
            ical_utc(self.clock.now()),
            birthday,
            _("Birthday: {name}").format(name=name),
        )
        description = _("Send a birthday card to {name}").format(name=name)
        lines += display_alarm(f"TRIGGER:{trigger}", description)
        lines.append("END:VEVENT")
        return _calendar(lines)

    def _write(
        self, kind: str, local_id: int, body: str, state: dict, item: m.SyncItem | None
    ) -> None:
        if item is None:
            with write_transaction():  # recorded before it is sent: a cut-off sync adopts it
                item = m.SyncItem.create(
                    kind=kind, local_id=local_id, href=self._href(kind, local_id)
                )
        try:
            etag = self.client.put(item.href, body, ICAL_TYPE, etag=item.etag)
        except PreconditionFailed:
            # Already there (a cut-off sync) or changed on the phone: theirs is read at the
            # next pull; ours replaces it now, as the app's side wins for these fields.
            etag = self.client.put(item.href, body, ICAL_TYPE, etag=self.client.get(item.href)[1])
        if not etag:
            etag = self.client.get(item.href)[1]
        with write_transaction():
            item.etag, item.body, item.snapshot = etag, body, json.dumps(state)
            item.save()


def _unescape(value: str) -> str:
    return (
        value.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";")
        .replace("\\\\", "\\")
    )  # fmt: skip
