"""The list's plain cells, drawn from their prepared text, look pixel for pixel as Qt's
own delegate draws them: names cut short, colours, badges, a selected row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from desktop_crm.services.followups import add_follow_up
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction
from desktop_crm.ui.contact_list.cell_painter import CellPainter
from desktop_crm.ui.contact_list.panel import ContactListPanel
from tests.services.test_list_pages import seed_contacts


@pytest.fixture
def varied(db, clock):
    """Short and long names, stages, a possible duplicate, follow-ups due and overdue."""
    names = [f"Anna {'van der ' * (i % 3)}Jansen-Bakkersdochter {i}" for i in range(40)]
    ids = seed_contacts(names, company="Delta Design & Engineering Consultancy")
    stages = ["lead", "prospect", "customer", "repeat_buyer", "not_now", "disqualified"]
    with write_transaction():
        for n, cid in enumerate(ids):
            m.Contact.update(stage=stages[n % len(stages)]).where(m.Contact.id == cid).execute()
        m.Contact.update(possible_duplicate_of=ids[0]).where(m.Contact.id == ids[3]).execute()
        # A value of two lines (an import may bring one): Qt's style lays it out.
        several = m.Contact.id.in_(ids[::4])
        m.Contact.update(company="Delta\nDesign").where(several).execute()
    for n, cid in enumerate(ids[:12]):
        add_follow_up(cid, clock.now() + timedelta(days=n - 6), "call", clock=clock)
    return ids


def _grab(qtbot, panel: ContactListPanel):
    viewport = panel.view.viewport()
    viewport.repaint()
    return viewport.grab().toImage()


def _shown_panel(qtbot, bus, clock) -> tuple[ContactListPanel, CellPainter]:
    """The list, shown at a fixed size, with its cell painter."""
    panel = ContactListPanel(bus, clock=clock)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.reload()
    panel.show()
    qtbot.waitExposed(panel)
    painter = panel.view.itemDelegate()
    assert isinstance(painter, CellPainter)
    return panel, painter


def test_plain_cells_look_as_qt_draws_them(qtbot, varied, bus, clock, monkeypatch):
    panel, painter = _shown_panel(qtbot, bus, clock)
    if not painter._plain_cells:
        pytest.skip("plain cells are drawn by the painter on Fusion only")
    drawn: list[bool] = []
    real = CellPainter._paint_plain
    monkeypatch.setattr(
        CellPainter,
        "_paint_plain",
        lambda self, *args: drawn.append(real(self, *args)) or drawn[-1],
    )
    panel.view.selectRow(2)
    header = panel.view.horizontalHeader()
    for widths in ((220, 160), (90, 60)):  # the second cuts most names and companies short
        header.resizeSection(0, widths[0])
        header.resizeSection(1, widths[1])
        drawn.clear()
        ours = _grab(qtbot, panel)
        assert drawn.count(True) > 80  # most cells came from the prepared texts
        panel.view.setItemDelegate(QStyledItemDelegate(panel.view))
        qts = _grab(qtbot, panel)
        panel.view.setItemDelegate(painter)
        assert ours == qts, widths


def test_plain_cells_follow_a_change_of_theme(qtbot, varied, bus, clock):
    panel, painter = _shown_panel(qtbot, bus, clock)
    _grab(qtbot, panel)  # the light theme's strings and colours are kept
    app = QApplication.instance()
    light = app.palette()
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
    ):
        dark.setColor(role, QColor(colour))
    dark.setColor(QPalette.ColorRole.AlternateBase, QColor("#2a2a2a"))
    app.setPalette(dark)
    try:
        qtbot.waitUntil(lambda: panel.view.palette().color(QPalette.ColorRole.Text) == "#e8e8e8")
        ours = _grab(qtbot, panel)
        panel.view.setItemDelegate(QStyledItemDelegate(panel.view))
        assert ours == _grab(qtbot, panel)
        panel.view.setItemDelegate(painter)
    finally:
        app.setPalette(light)
