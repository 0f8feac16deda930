"""A board column's next page: one stage's first deals in board order, the archived left out."""

from __future__ import annotations

from datetime import date

from desktop_crm.services import deals
from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.store import models as m


def test_first_deals_of_a_stage_come_in_board_order_with_the_undated_last(db, clock):
    stage_ids = [s.id for s in deals.pipeline_stages(deals.pipelines()[0][0])]
    buyer = create_contact(ContactDraft(full_name="Buyer", stage="prospect"), clock=clock).id
    gone = create_contact(ContactDraft(full_name="Gone", stage="prospect"), clock=clock).id

    def deal(title: str, closes: date | None, contact: int = buyer, stage: int = stage_ids[1]):
        return deals.add_deal(
            contact, title, 1_000, stage_id=stage, expected_close=closes, clock=clock
        ).id

    undated = deal("Undated", None)
    late = deal("Late", date(2026, 6, 1))
    early = deal("Early", date(2026, 4, 1))
    deal("Elsewhere", date(2026, 1, 1), stage=stage_ids[0])
    deal("Archived", date(2026, 1, 1), contact=gone)
    m.Contact.update(archived=True).where(m.Contact.id == gone).execute()

    shown = deals.first_deals_of_stage(stage_ids[1], 10)
    assert [d.id for d in shown] == [early, late, undated]
    assert [d.id for d in deals.first_deals_of_stage(stage_ids[1], 2)] == [early, late]
    # The same order as the board's first read of every stage.
    first = deals.first_deals_per_stage(deals.pipelines()[0][0], 10)[stage_ids[1]]
    assert [d.id for d in first] == [d.id for d in shown]
