"""How a deal looks on the deals board: title, contact, value, expected close, and staleness."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel import dates as babel_dates

from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import LocaleFormats
from desktop_crm.services.deals import DealView
from desktop_crm.ui.boards.card import BoardCard
from desktop_crm.ui.boards.mime import DEAL_IDS

STALE_AFTER_DAYS = 14


def is_stale(deal: DealView, now: datetime, stale_days: int = STALE_AFTER_DAYS) -> bool:
    """An open deal nobody touched for `stale_days` days is going cold."""
    return deal.status == "open" and deal.updated_at < now - timedelta(days=stale_days)


def _close_date(day: date, today: date, formats: LocaleFormats) -> str:
    """'21 Feb' this year, '21 Feb 2027' otherwise: narrow columns need short dates."""
    skeleton = "MMMd" if day.year == today.year else "yMMMd"
    return babel_dates.format_skeleton(skeleton, day, locale=formats.locale)


def deal_card(
    deal: DealView,
    now: datetime,
    formats: LocaleFormats,
    stale_days: int,
    *,
    closing_stage: bool = False,
) -> BoardCard:
    """A card; `closing_stage` when it sits in Won or Lost, which nothing needs to chase."""
    card = BoardCard(deal.id, DEAL_IDS)
    card.add_title(deal.title)
    card.add_text(deal.contact_name or _("(no name)"))
    value = formats.money(deal.value_minor, deal.currency)
    if deal.expected_close is None:
        closes, role = "", "cardText"
    else:
        closes = _close_date(deal.expected_close, now.date(), formats)
        late = deal.status == "open" and deal.expected_close < now.date()
        role = "cardLate" if late else "cardText"
    tip = ""
    if deal.expected_close is not None:
        tip = _("Expected to close on {date}").format(
            date=formats.calendar_date(deal.expected_close, "long")
        )
    card.add_pair(value, closes, right_role=role, right_tip=tip)
    if deal.status != "open" and deal.close_reason:
        card.add_text(deal.close_reason)
    stale = not closing_stage and is_stale(deal, now, stale_days)
    card.set_flag("stale", stale)
    if stale:
        idle = (now - deal.updated_at).days
        card.add_badge(
            ngettext("Idle for {count} day", "Idle for {count} days", idle).format(count=idle),
            tip=ngettext(
                "No activity for {count} day: time to get in touch",
                "No activity for {count} days: time to get in touch",
                idle,
            ).format(count=idle),
        )
    card.tip = _("Click to open the contact, drag to move the deal")
    return card
