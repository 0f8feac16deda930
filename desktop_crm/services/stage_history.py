"""The stage history: every change of stage is a row with its time and cause."""

from __future__ import annotations

from datetime import datetime

from desktop_crm.domain.stages import Cause, Stage
from desktop_crm.store import models as m


def record_stage_change(
    contact_id: int,
    from_stage: Stage | None,
    to_stage: Stage,
    cause: Cause,
    at_utc: datetime,
    note: str = "",
) -> None:
    m.StageChange.create(
        contact=contact_id,
        from_stage=from_stage.value if from_stage else None,
        to_stage=to_stage.value,
        changed_at=at_utc,
        cause=cause.value,
        note=note,
    )


def history(contact_id: int) -> list[m.StageChange]:
    return list(
        m.StageChange.select()
        .where(m.StageChange.contact == contact_id)
        .order_by(m.StageChange.changed_at.desc(), m.StageChange.id.desc())
    )
