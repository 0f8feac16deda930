"""The change marker moves when data changes, and only then."""

from desktop_crm.services import contacts as cs
from desktop_crm.services.change_feed import change_marker
from desktop_crm.services.questions import raise_question
from desktop_crm.services.records import ContactDraft


def test_marker_moves_on_every_kind_of_change(db, clock):
    start = change_marker()
    assert change_marker() == start  # reading changes nothing
    cid = cs.create_contact(ContactDraft(full_name="A"), clock=clock).id
    after_add = change_marker()
    assert after_add != start
    raise_question(cid, "Wanneer?", clock=clock)
    after_question = change_marker()
    assert after_question != after_add
    cs.set_stage([cid], "prospect", clock=clock)
    assert change_marker() != after_question
