"""Every control shows where the keyboard focus is: the ring surrounds the focused one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from desktop_crm.ui.focus_ring import install_focus_ring
from tests.ui.workflows.conftest import show_in_pane


def _controls(window):
    fields = window.detail.fields
    return {
        "search box": window.contact_list.search_box,
        "contact list": window.contact_list.view,
        "line edit": fields.job_title_edit,
        "multi-line": fields.notes_edit,
        "combo box": fields.lead_source_box,
        "button": fields.phone_list.add_button,
        "log button": window.detail.log_button,
    }


@pytest.mark.parametrize(
    "name",
    ["search box", "contact list", "line edit", "multi-line", "combo box", "button", "log button"],
)
def test_the_ring_surrounds_the_focused_control(qtbot, window, people, name):
    show_in_pane(qtbot, window, people["Anna Jansen"])
    window.activateWindow()
    control = _controls(window)[name]
    control.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is control)
    ring = install_focus_ring(QApplication.instance())
    assert ring.isVisible()
    host = ring.parentWidget()
    assert host.isAncestorOf(control)
    area = QRect(control.mapTo(host, QPoint(0, 0)), control.size())
    assert ring.geometry().contains(area)
    assert ring.geometry() != area


def test_a_splitter_never_takes_the_ring_as_a_pane(qtbot, window, people):
    panes = window.splitter.count()
    window.activateWindow()
    window.contact_list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a direct splitter child
    window.contact_list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.contact_list)
    assert window.splitter.count() == panes


def test_the_ring_leaves_with_a_closed_dialog_and_comes_back(qtbot, window, people):
    from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog

    dialog = NewContactDialog(parent=window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.fields.given_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.fields.given_edit)
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    window.activateWindow()
    window.contact_list.search_box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.contact_list.search_box)
    ring = install_focus_ring(QApplication.instance())
    assert ring.isVisible()
    assert ring.parentWidget().isAncestorOf(window.contact_list.search_box)


def test_quitting_deletes_the_ring(qtbot, window):
    import shiboken6

    from desktop_crm.ui import focus_ring

    ring = install_focus_ring(QApplication.instance())
    focus_ring._keeper.drop()  # what aboutToQuit runs
    assert not shiboken6.isValid(ring)
    assert install_focus_ring(QApplication.instance()) is not ring  # made again on demand


def test_the_ring_goes_round_a_whole_spin_box_not_its_text(qtbot):
    from PySide6.QtWidgets import QDateEdit, QVBoxLayout, QWidget

    form = QWidget()
    qtbot.addWidget(form)
    date = QDateEdit(form)
    QVBoxLayout(form).addWidget(date)
    form.show()
    qtbot.waitExposed(form)
    ring = install_focus_ring(QApplication.instance())
    ring.follow(date.lineEdit())  # a spin box's text part, as a focus change may name it
    assert ring.target is date
    assert ring.parentWidget() is form
