"""Follow-ups as to-dos and birthdays as events, against real servers."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from desktop_crm.domain.birthdays import Birthday
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.followups import add_follow_up, get_follow_up, mark_done
from desktop_crm.services.records import ContactDraft
from desktop_crm.services.sync.calendar_sync import properties
from desktop_crm.services.sync.engine import run_sync
from tests.conftest import AMSTERDAM


def _trigger(body: str) -> timedelta:
    """The alarm's offset, however the server wrote the duration (-PT63H, -P2DT15H)."""
    line = next(row for row in body.splitlines() if row.startswith("TRIGGER"))
    value = line.split(":", 1)[1].strip()
    match = re.fullmatch(r"([+-]?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", value)
    assert match, value
    sign, days, hours, minutes, seconds = match.groups()
    delta = timedelta(
        days=int(days or 0),
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=int(seconds or 0),
    )
    return -delta if sign == "-" else delta


def _rule(body: str) -> set[str]:
    return set(properties(body, "VEVENT")["RRULE"].split(";"))


def _sync(data_paths, clock) -> dict:
    return run_sync(data_paths.root, region="NL", clock=clock)[0]


def _contact(clock, birthday: Birthday | None = None, card_days: int | None = None) -> int:
    draft = ContactDraft(given_name="Jan", family_name="de Vries", birthday=birthday)
    draft.birthday_card_days = card_days
    return create_contact(draft, clock=clock, region="NL").id


def _todo(phone, account) -> tuple[str, str]:
    hrefs = [h for h in phone.list(account.calendar) if "-task-" in h]
    assert len(hrefs) == 1, hrefs
    body, _etag = phone.get(hrefs[0])
    return hrefs[0], body


def test_an_open_follow_up_becomes_a_to_do_with_an_alarm(account, data_paths, clock, phone):
    contact_id = _contact(clock)
    add_follow_up(
        contact_id,
        datetime(2026, 12, 5, 10, 0, tzinfo=AMSTERDAM),
        "Call about the offer",
        clock=clock,
    )
    report = _sync(data_paths, clock)
    assert report["tasks"]["sent"] == 1
    _href, body = _todo(phone, account)
    todo = properties(body, "VTODO")
    assert todo["DUE"] == "20261205T090000Z"  # 10:00 in Amsterdam
    assert todo["STATUS"] == "NEEDS-ACTION"
    assert "Jan de Vries" in todo["SUMMARY"]
    assert "BEGIN:VALARM" in body


def test_a_to_do_completed_on_the_phone_marks_the_follow_up_done(account, data_paths, clock, phone):
    contact_id = _contact(clock)
    view = add_follow_up(
        contact_id, datetime(2026, 12, 5, 10, 0, tzinfo=AMSTERDAM), "Call", clock=clock
    )
    _sync(data_paths, clock)
    href, body = _todo(phone, account)
    phone.put(
        href,
        body.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED\r\nCOMPLETED:20261201T080000Z"),
        "text/calendar",
    )
    report = _sync(data_paths, clock)
    assert report["tasks"]["done_here"] == 1
    assert get_follow_up(view.id).is_done


def test_a_follow_up_done_here_completes_the_to_do_on_the_phone(account, data_paths, clock, phone):
    contact_id = _contact(clock)
    view = add_follow_up(
        contact_id, datetime(2026, 12, 5, 10, 0, tzinfo=AMSTERDAM), "Call", clock=clock
    )
    _sync(data_paths, clock)
    mark_done(view.id, clock=clock)
    report = _sync(data_paths, clock)
    assert report["tasks"]["done_there"] == 1
    _href, body = _todo(phone, account)
    assert properties(body, "VTODO")["STATUS"] == "COMPLETED"
    assert "BEGIN:VALARM" not in body  # done on one side: the other stops ringing


def test_a_birthday_is_a_yearly_event_whose_alarm_rings_at_the_card_lead_time(
    account, data_paths, clock, phone
):
    _contact(clock, birthday=Birthday(3, 14, 1980), card_days=3)
    report = _sync(data_paths, clock)
    assert report["events"]["sent"] == 1
    hrefs = [h for h in phone.list(account.calendar) if "-event-" in h]
    body, _etag = phone.get(hrefs[0])
    assert "Jan de Vries" in properties(body, "VEVENT")["SUMMARY"]
    assert _rule(body) == {"FREQ=YEARLY"}
    assert body.count("DTSTART;VALUE=DATE:19800314") == 1
    assert _trigger(body) == -timedelta(hours=63)  # three days before, at 09:00


def test_a_29_february_birthday_rings_on_the_last_day_of_february(
    account, data_paths, clock, phone
):
    _contact(clock, birthday=Birthday(2, 29), card_days=0)
    _sync(data_paths, clock)
    hrefs = [h for h in phone.list(account.calendar) if "-event-" in h]
    body, _etag = phone.get(hrefs[0])
    assert _rule(body) == {"FREQ=YEARLY", "BYMONTH=2", "BYMONTHDAY=-1"}
    assert _trigger(body) == timedelta(hours=9)
