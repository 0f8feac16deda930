"""The store's DateTimeField reads every value as peewee's own does (it only reads the layouts
peewee writes faster), and datetimes go through a real SQLite file unchanged."""

from __future__ import annotations

from datetime import datetime

import peewee as pw
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.store import models as m
from desktop_crm.store.datetime_field import DateTimeField

ours = DateTimeField()
peewees = pw.DateTimeField()


@given(st.datetimes())
def test_every_datetime_peewee_writes_reads_back_as_peewee_reads_it(moment):
    for text in (str(moment), moment.strftime("%Y-%m-%d %H:%M:%S")):
        assert ours.python_value(text) == peewees.python_value(text)


@given(
    st.one_of(
        st.text(alphabet="0123456789-: .T+Z\u0663", max_size=30),
        st.text(max_size=30),
        # Near misses of the two layouts: another separator, fraction or a zone.
        st.builds(
            lambda moment, separator, fraction, zone: (
                moment.strftime(f"%Y-%m-%d{separator}%H:%M:%S") + fraction + zone
            ),
            st.datetimes(),
            st.sampled_from([" ", "T"]),
            st.sampled_from(["", ".5", ".123", ".12345", ".123456", ".1234567"]),
            st.sampled_from(["", "Z", "+01:00", "-0530"]),
        ),
    )
)
def test_any_other_text_reads_as_peewee_reads_it(text):
    assert ours.python_value(text) == peewees.python_value(text)


def test_values_a_driver_made_already_pass_through_as_before():
    moment = datetime(2026, 12, 1, 10, 15, 22, 123456)
    for value in (moment, None, 1_700_000_000):
        assert ours.python_value(value) == peewees.python_value(value)


def test_a_follow_up_due_time_survives_a_real_file(db):
    contact = m.Contact.create(display_name="Sanne de Wit", sort_name="wit sanne")
    for due in (datetime(2026, 12, 1, 9, 30), datetime(2026, 12, 1, 9, 30, 0, 250)):
        saved = m.FollowUp.create(contact=contact, due_at=due, text="Bellen")
        assert m.FollowUp.get_by_id(saved.id).due_at == due
        (read,) = m.FollowUp.select(m.FollowUp.due_at).where(m.FollowUp.id == saved.id).tuples()
        assert read == (due,)
