"""One sync, both ways: contacts over CardDAV, follow-ups and birthdays over CalDAV."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import UTC
from pathlib import Path

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.services.changes import Changes
from desktop_crm.services.sync.account import (
    load_password,
    load_state,
    require_account,
    save_state,
)
from desktop_crm.services.sync.calendar_sync import CalendarSync
from desktop_crm.services.sync.contacts_sync import ContactSync
from desktop_crm.services.sync.webdav import DavClient, SyncError
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

INSTALLATION_KEY = "sync.installation"


def installation_id() -> str:
    """A random id of this database: our cards' UIDs, unique across desktops and servers."""
    row = m.Setting.get_or_none(m.Setting.key == INSTALLATION_KEY)
    if row is not None:
        return row.value
    value = uuid.uuid4().hex[:12]
    with write_transaction():
        m.Setting.insert(key=INSTALLATION_KEY, value=value).on_conflict_ignore().execute()
    return m.Setting.get(m.Setting.key == INSTALLATION_KEY).value


def run_sync(
    secret_dir: Path, *, region: str = DEFAULT_REGION, clock: Clock | None = None
) -> tuple[dict, Changes]:
    """Pull then push; the counts of `sync run --json`, and what changed here."""
    clock = clock or SystemClock()
    account = require_account()
    state = load_state()
    client = DavClient(account.url, account.user, load_password(secret_dir, account))
    contacts = ContactSync(
        client, account.addressbook, region=region, clock=clock, installation=installation_id()
    )
    calendar = CalendarSync(client, account.calendar, clock=clock, installation=installation_id())
    try:
        state.contacts_token = contacts.pull(state.contacts_token)
        state.calendar_token = calendar.pull(state.calendar_token)
        before = client.requests_made
        contacts.push()
        if client.requests_made != before:
            # Read our own writes back: a token from before them would later hide a card
            # the phone deleted after we created it (created and gone, "nothing changed").
            state.contacts_token = contacts.pull(state.contacts_token)
        before = client.requests_made
        calendar.push()
        if client.requests_made != before:
            state.calendar_token = calendar.pull(state.calendar_token)
    except SyncError as exc:
        state.last_error = exc.message
        save_state(state)
        raise
    finally:
        client.close()
    state.last_error = ""
    state.last_sync = clock.now().astimezone(UTC).isoformat(timespec="seconds")
    save_state(state)
    here = contacts.counts
    report = {
        "contacts": asdict(contacts.counts),
        "tasks": asdict(calendar.task_counts),
        "events": asdict(calendar.event_counts),
    }
    changed_here = (
        here.received + here.updated_here + here.archived_here + calendar.task_counts.done_here
    )
    changes = Changes(everything=True) if changed_here else Changes()
    return report, changes
