"""Drives the real main window on a real X server: list → detail → presentation "Not ready" → Today.

Run by tests/e2e/test_main_window_e2e.py as `python drive_main_window.py DATA_DIR SHOTS_DIR`
with QT_QPA_PLATFORM=xcb; exits 0 when the follow-up shows up in Today."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from desktop_crm.cli.context import CliContext
from desktop_crm.domain.clock import FixedClock, SystemClock
from desktop_crm.domain.outcomes import Outcome
from desktop_crm.i18n import set_language
from desktop_crm.paths import resolve
from desktop_crm.services.changes import Changes
from desktop_crm.services.conversations import Kind
from desktop_crm.ui.app import _application
from desktop_crm.ui.main_window import MainWindow


def fail(message: str) -> int:
    print(f"E2E FAILED: {message}", file=sys.stderr)
    return 1


def wait_idle(window: MainWindow, timeout_ms: int = 10_000) -> None:
    """Until the window's runner has delivered what was asked (reads run off the GUI thread)
    and its views have made what arrived (Today's rows come a few per turn)."""
    waited = 0
    while (not window.runner.is_idle() or window.views_building()) and waited < timeout_ms:
        QTest.qWait(20)
        waited += 20


def click_tab(window: MainWindow, widget) -> None:
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(widget)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def main(data_dir: str, shots: Path) -> int:
    set_language("en")
    shots.mkdir(parents=True, exist_ok=True)
    clock = FixedClock(SystemClock().now())  # moved two weeks on at the end
    context = CliContext(paths=resolve(data_dir), clock=clock)
    app = _application()
    context.open()
    window = MainWindow(clock=clock, region=context.region)
    window.resize(1280, 800)
    window.show()
    if not QTest.qWaitForWindowExposed(window, 10_000):
        return fail("the window never appeared")
    print("platform:", QApplication.platformName())

    # The list: only prospects, then click the first row like a user.
    panel = window.contact_list
    stage_box = panel.filter_bar.stage_box
    stage_box.setCurrentIndex(stage_box.findData("prospect"))
    QTest.qWait(100)
    wait_idle(window)  # the filtered ids come off the GUI thread
    if panel.model.rowCount() == 0:
        return fail("no prospects in the demo data")
    rect = panel.view.visualRect(panel.model.index(0, 0))
    QTest.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.qWait(100)
    wait_idle(window)  # the pane reads the contact off the GUI thread
    details = window.detail.details
    if details is None:
        return fail("clicking a row did not open the contact")
    name = details.full_name
    window.grab().save(str(shots / "e2e-1-detail.png"))

    # Log a presentation with outcome "Not ready", through the real modal dialog.
    driven: dict = {}

    def drive_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not hasattr(dialog, "outcome_buttons"):
            QTimer.singleShot(100, drive_dialog)
            return
        dialog.kind_box.setCurrentIndex(dialog.kind_box.findData(Kind.PRESENTATION.value))
        QTest.keyClicks(dialog.text_edit, "Showed the offer; wants to think it over.")
        QTest.mouseClick(dialog.outcome_buttons[Outcome.NOT_READY], Qt.MouseButton.LeftButton)
        QTest.qWait(100)
        driven["proposed"] = dialog.follow_up_edit.dateTime().toPython()
        dialog.grab().save(str(shots / "e2e-2-log-presentation.png"))
        QTest.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
        driven["logged"] = True

    QTimer.singleShot(200, drive_dialog)
    QTest.mouseClick(window.detail.log_button, Qt.MouseButton.LeftButton)
    # Until the dialog was driven (it may open late on a busy machine: the runner was idle
    # before Log was clicked, and the message was looked for too early), then its write.
    waited = 0
    while "logged" not in driven and waited < 10_000:
        QTest.qWait(20)
        waited += 20
    wait_idle(window)
    if "Follow-up scheduled" not in window.detail.message_label.text():
        return fail(f"no follow-up message after logging: {window.detail.message_label.text()!r}")
    window.detail.tabs.setCurrentWidget(window.detail.follow_ups)
    QTest.qWait(50)
    window.grab().save(str(shots / "e2e-3-logged.png"))

    # Two weeks later the follow-up is due: it is in Today.
    today = window.view_tabs.get("today")
    if today is None:
        return fail("the window has no Today tab")
    clock.advance(timedelta(days=14, hours=1))
    window.bus.publish(Changes(follow_ups=True, everything=True))
    click_tab(window, today)
    QTest.qWait(200)
    # Today reads off the GUI thread: wait for the answer like a user would, not a fixed time.
    wait_idle(window)
    QTest.qWait(50)
    if window.tabs.currentWidget() is not today:
        return fail("clicking the Today tab did not show it")
    texts = [label.text() for label in today.findChildren(QLabel)]
    window.grab().save(str(shots / "e2e-4-today.png"))
    if not any(name in text for text in texts):
        return fail(f"{name} is not in Today")
    print(f"E2E OK: {name}'s follow-up is in Today")
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
