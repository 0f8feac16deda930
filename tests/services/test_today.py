"""The Today queries: due follow-ups, coming birthdays, open questions, idle prospects."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_crm.domain.alarms import SnoozeChoice
from desktop_crm.domain.birthdays import Birthday
from desktop_crm.services import reminders, today
from desktop_crm.services.contacts import archive_contacts, create_contact
from desktop_crm.services.conversations import log_conversation
from desktop_crm.services.questions import answer_question, raise_question
from desktop_crm.services.records import ContactDraft
from desktop_crm.services.times import to_storage
from desktop_crm.store import models as m


def _contact(clock, name, **fields):
    return create_contact(ContactDraft(full_name=name, **fields), clock=clock).id


def _follow_up(contact_id, due, text="Call back", **fields):
    return m.FollowUp.create(contact=contact_id, due_at=to_storage(due), text=text, **fields).id


def test_follow_ups_due_lists_overdue_and_today_but_not_tomorrow(db, clock):
    cid = _contact(clock, "Sanne de Wit")
    now = clock.now()
    overdue = _follow_up(cid, now - timedelta(days=2), "Send the offer")
    later_today = _follow_up(cid, now + timedelta(hours=3), "Ring about the demo")
    _follow_up(cid, now + timedelta(days=1), "Tomorrow")
    _follow_up(cid, now - timedelta(days=1), "Done already", done_at=to_storage(now))

    section = today.follow_ups_due(clock)

    assert [f.id for f in section.items] == [overdue, later_today]
    assert [f.overdue for f in section.items] == [True, False]
    assert section.items[0].contact_name == "Sanne de Wit"
    assert section.items[0].contact_id == cid
    assert section.total == 2


def test_follow_up_snoozed_past_today_is_not_due(db, clock):
    cid = _contact(clock, "Jan Bakker")
    now = clock.now()
    _follow_up(cid, now - timedelta(days=1), snoozed_until=to_storage(now + timedelta(days=2)))
    snoozed_briefly = _follow_up(
        cid, now - timedelta(days=1), snoozed_until=to_storage(now + timedelta(hours=1))
    )

    section = today.follow_ups_due(clock)

    assert [f.id for f in section.items] == [snoozed_briefly]
    assert section.items[0].overdue is False  # it counts from the end of the snooze


def test_follow_ups_of_archived_contacts_are_left_out(db, clock):
    cid = _contact(clock, "Gone Away")
    _follow_up(cid, clock.now() - timedelta(days=1))
    archive_contacts([cid], clock=clock)

    assert today.follow_ups_due(clock).items == []


def test_birthdays_in_the_next_seven_days_with_age_when_the_year_is_known(db, clock):
    # The clock says 10 March 2026.
    with_year = _contact(clock, "Eva Jansen", birthday=Birthday(3, 12, 1980))
    without_year = _contact(clock, "Piet Smit", birthday=Birthday(3, 10))
    _contact(clock, "Too Late", birthday=Birthday(3, 18, 1990))
    _contact(clock, "Last Week", birthday=Birthday(3, 9, 1990))

    items = today.birthdays_coming(clock).items

    assert [(b.contact_id, b.occurs_on, b.age) for b in items] == [
        (without_year, date(2026, 3, 10), None),
        (with_year, date(2026, 3, 12), 46),
    ]
    assert not any(b.card_sent for b in items)


def test_birthday_window_crosses_new_year(db, clock):
    clock.set(clock.now().replace(year=2025, month=12, day=29))
    cid = _contact(clock, "New Year Baby", birthday=Birthday(1, 2, 2000))

    items = today.birthdays_coming(clock).items

    assert [(b.contact_id, b.occurs_on, b.age) for b in items] == [(cid, date(2026, 1, 2), 26)]


def test_leap_day_birthday_shows_on_28_february_in_a_common_year(db, clock):
    clock.set(clock.now().replace(month=2, day=25))
    cid = _contact(clock, "Leap Day", birthday=Birthday(2, 29, 1992))

    items = today.birthdays_coming(clock).items

    assert [(b.contact_id, b.occurs_on) for b in items] == [(cid, date(2026, 2, 28))]


def test_a_short_section_cuts_through_a_day_in_name_order_and_counts_every_card(db, clock):
    # The clock says 10 March 2026; the database cuts by day, Python orders by name.
    karel = _contact(clock, "Karel", birthday=Birthday(3, 10))
    zoe = _contact(clock, "Zoë", birthday=Birthday(3, 11))
    emile = _contact(clock, "émile", birthday=Birthday(3, 11))
    bram = _contact(clock, "bram", birthday=Birthday(3, 11, 2030))  # no age from a slip
    anna = _contact(clock, "Anna", birthday=Birthday(3, 11, 1990))
    lotte = _contact(clock, "Lotte", birthday=Birthday(3, 13))
    archive_contacts([_contact(clock, "Weg", birthday=Birthday(3, 12))], clock=clock)
    today.mark_card_sent(anna, 2026, clock=clock)

    short = today.birthdays_coming(clock, limit=3)
    whole = today.today_snapshot(clock)

    assert [(b.contact_id, b.age, b.card_sent) for b in short.items] == [
        (karel, None, False),
        (anna, 36, True),
        (bram, None, False),
    ]
    assert short.total == 6
    assert [b.contact_id for b in whole.birthdays.items] == [karel, anna, bram, zoe, emile, lotte]
    assert today.cards_to_send(clock) == whole.unsent_cards == 5


def test_a_birthday_that_never_was_is_left_out(db, clock):
    clock.set(clock.now().replace(month=2, day=25))
    m.Contact.create(
        display_name="Never Was", birthday_year=1990, birthday_month=2, birthday_day=29
    )

    assert today.birthdays_coming(clock).items == [] and today.cards_to_send(clock) == 0


def test_card_sent_is_remembered_for_that_year_under_the_alarm_key(db, clock):
    cid = _contact(clock, "Eva Jansen", birthday=Birthday(3, 12, 1980))

    changes = today.mark_card_sent(cid, 2026, clock=clock)
    today.mark_card_sent(cid, 2026, clock=clock)  # twice is harmless

    assert changes.contact_ids == {cid}
    assert today.birthdays_coming(clock).items[0].card_sent is True
    row = m.AlarmDelivery.get(m.AlarmDelivery.alarm_key == f"birthday_card:{cid}:2026")
    assert row.acknowledged_at is not None


def test_card_sent_acknowledges_an_alarm_already_delivered(db, clock):
    cid = _contact(clock, "Eva Jansen", birthday=Birthday(3, 12, 1980))
    m.AlarmDelivery.create(alarm_key=f"birthday_card:{cid}:2026")

    assert today.birthdays_coming(clock).items[0].card_sent is False
    today.mark_card_sent(cid, 2026, clock=clock)
    assert today.birthdays_coming(clock).items[0].card_sent is True


def test_open_questions_waiting_oldest_first_without_answered_ones(db, clock):
    cid = _contact(clock, "Sanne de Wit")
    first = raise_question(cid, "Does it work offline?", clock=clock)
    clock.advance(timedelta(hours=1))
    second = raise_question(cid, "Is there a discount for two years?", clock=clock)
    answered = raise_question(cid, "Which colours?", clock=clock)
    answer_question(answered.id, "Blue and grey", clock=clock)

    section = today.open_questions_waiting()

    assert [q.id for q in section.items] == [first.id, second.id]
    assert section.items[0].contact_name == "Sanne de Wit"
    assert section.items[0].contact_id == cid
    assert section.total == 2


def test_prospect_without_a_conversation_for_30_days_is_idle(db, clock):
    start = clock.now()
    clock.set(start - timedelta(days=60))
    silent = _contact(clock, "Silent Prospect", stage="prospect")
    talked_long_ago = _contact(clock, "Old Talk", stage="prospect", company="Acme")
    talked_recently = _contact(clock, "Recent Talk", stage="prospect")
    _contact(clock, "Just A Lead")
    log_conversation(talked_long_ago, "call", "Intro call", clock=clock)
    clock.set(start - timedelta(days=3))
    log_conversation(talked_recently, "call", "Checked in", clock=clock)
    clock.set(start)
    _contact(clock, "Brand New", stage="prospect")  # not idle: added today

    section = today.idle_prospects(clock)

    assert [p.contact_id for p in section.items] == [silent, talked_long_ago]
    assert section.items[0].last_contact is None
    assert section.items[1].company == "Acme"
    assert section.items[1].last_contact is not None
    assert section.total == 2


def test_section_limit_counts_the_rest(db, clock):
    cid = _contact(clock, "Busy Person")
    for days in range(5):
        _follow_up(cid, clock.now() - timedelta(days=days + 1))

    section = today.follow_ups_due(clock, limit=3)

    assert len(section.items) == 3
    assert section.total == 5


def test_done_on_the_birthday_settles_its_alarm_and_the_cards_as_the_tray_would(db, clock):
    piet = _contact(clock, "Piet Smit", birthday=Birthday(3, 10))  # today
    keys = {f"birthday:{piet}:2026", f"birthday_card:{piet}:2026"}
    assert {r.key for r in reminders.due_reminders(clock.now())} == keys

    today.settle_birthday(piet, date(2026, 3, 10), clock=clock)

    assert reminders.due_reminders(clock.now()) == []
    rows = m.AlarmDelivery.select().where(m.AlarmDelivery.alarm_key.in_(keys))
    assert sorted(r.alarm_key for r in rows if r.acknowledged_at is not None) == sorted(keys)


def test_snoozing_a_birthday_before_the_day_snoozes_its_card_alarm_only(db, clock):
    eva = _contact(clock, "Eva Jansen", birthday=Birthday(3, 12, 1980))
    today.snooze_birthday(eva, date(2026, 3, 12), SnoozeChoice.HOUR_1, clock=clock)

    assert reminders.due_reminders(clock.now()) == []
    assert reminders.due_reminders(clock.now() + timedelta(hours=1))[0].key == (
        f"birthday_card:{eva}:2026"
    )
    assert m.AlarmDelivery.get_or_none(m.AlarmDelivery.alarm_key == f"birthday:{eva}:2026") is None
