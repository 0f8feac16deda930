"""Drives the real window on X with mouse and keys: an unsaved job title survives a click
on another contact; Down from the search box, Enter into the contact; Ctrl+K finds one.

Run by tests/e2e/test_workflows_e2e.py as `python drive_workflows.py DATA_DIR` with
QT_QPA_PLATFORM=xcb; prints one line per check and exits 0 when all held."""

from __future__ import annotations

import sys

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_crm.cli.context import CliContext
from desktop_crm.i18n import set_language
from desktop_crm.paths import resolve
from desktop_crm.services.contacts import get_contact
from desktop_crm.ui.app import _application
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.palette.dialog import CommandPalette


def fail(message: str) -> int:
    print(f"E2E FAILED: {message}", file=sys.stderr)
    return 1


def click_row(window: MainWindow, row: int) -> None:
    view = window.contact_list.view
    rect = view.visualRect(window.contact_list.model.index(row, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def wait_for(condition, timeout_ms: int = 5000) -> bool:
    """Let the event loop run until `condition` holds (focus moves through the X server)."""
    clock = QElapsedTimer()
    clock.start()
    while not condition():
        if clock.elapsed() > timeout_ms:
            return False
        QTest.qWait(10)
    return True


def main(data_dir: str) -> int:
    set_language("en")
    context = CliContext(paths=resolve(data_dir))
    _application()
    context.open()
    window = MainWindow(clock=context.clock, region=context.region)
    window.resize(1280, 720)
    window.show()
    if not QTest.qWaitForWindowExposed(window, 10_000):
        return fail("the window never appeared")
    window.activateWindow()
    print("platform:", QApplication.platformName())

    click_row(window, 0)
    wait_for(window.runner.is_idle)  # the pane reads the contact off the GUI thread
    first = window.detail.contact_id
    if first is None:
        return fail("a click on the first row showed no contact")
    job = window.detail.fields.job_title_edit
    QTest.mouseClick(job, Qt.MouseButton.LeftButton)
    QTest.keyClicks(job, "Owner")
    click_row(window, 1)
    wait_for(window.runner.is_idle)  # the save and the next contact's read
    if window.detail.contact_id == first:
        return fail("the second contact did not open")
    if get_contact(first).job_title != "Owner":
        return fail("the unsaved job title was lost when switching contact")
    click_row(window, 0)
    wait_for(window.runner.is_idle)
    if job.text() != "Owner":
        return fail(f"coming back shows {job.text()!r}")
    print("ok: unsaved edit kept")

    window.undo_stack.undo()
    wait_for(window.runner.is_idle)  # the undo is written on the writer thread
    if get_contact(first).job_title != "":
        return fail("Undo did not take the saved edit back")
    print("ok: undo")

    box = window.contact_list.search_box
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    QTest.keyClicks(box, "jansen")
    QTest.keyClick(box, Qt.Key.Key_Down)
    # Enter goes where the keyboard focus is, as a user's does: still the search box when
    # the search's results are on their way, the list once they have arrived.
    QTest.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_Return)
    if not wait_for(lambda: window.detail.fields.given_edit.hasFocus()):
        return fail("Enter on a result did not move into the contact")
    if window.detail.details is None or "Jansen" not in window.detail.details.full_name:
        return fail("Down and Enter opened the wrong contact")
    print("ok: search keys")

    seen: list[str] = []

    def in_palette() -> None:
        palette = QApplication.activeModalWidget()
        if not isinstance(palette, CommandPalette):
            seen.append(f"no palette: {palette!r}")
            return
        QTest.keyClicks(palette.query_edit, "bakker")
        if not wait_for(lambda: any(e.kind == "contact" for e in palette.entries())):
            seen.append("no contact found")
            palette.reject()
            return
        first_contact = next(i for i, e in enumerate(palette.entries()) if e.kind == "contact")
        palette.results.setCurrentRow(first_contact)
        QTest.keyClick(palette.query_edit, Qt.Key.Key_Return)
        seen.append("chosen")

    QTimer.singleShot(0, in_palette)
    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    if seen != ["chosen"]:
        return fail(f"the palette: {seen}")
    # The list shows the contact once its ids are read again (off the GUI thread).
    if not wait_for(
        lambda: window.detail.details is not None and "Bakker" in window.detail.details.full_name
    ):
        return fail(
            "the palette did not open the contact (showing "
            f"{window.detail.details.full_name if window.detail.details else None!r}, "
            f"search {window.contact_list.search_box.text()!r}, "
            f"{window.contact_list.model.rowCount()} rows, selected "
            f"{window.contact_list.selected_ids()}, reading {window.contact_list.reading_ids}, "
            f"waiting {len(window.contact_list._after_reload)}, idle {window.runner.is_idle()})"
        )
    print("ok: palette")

    # The Menu key and Shift+F10 on the real X server: exactly one menu each.
    view = window.contact_list.view
    view.setFocus()
    requests: list[object] = []
    view.customContextMenuRequested.connect(requests.append)
    for key, modifier in (
        (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier),
    ):
        QTimer.singleShot(0, lambda: QApplication.activePopupWidget().close())
        QTest.keyClick(view, key, modifier)
        QTest.keyRelease(view, Qt.Key.Key_Shift)
    if len(requests) != 2:
        return fail(f"context menu keys opened {len(requests)} menus, not 2")
    print("ok: context menu keys")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
