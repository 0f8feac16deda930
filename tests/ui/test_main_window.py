"""The main window: screenshots of each view, dropping a file, archiving with undo."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QKeySequence
from PySide6.QtWidgets import QApplication

from desktop_crm.services.contacts import count_contacts, create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui import main_window as main_window_module
from desktop_crm.ui.app import prepare_for_screenshot
from desktop_crm.ui.main_window import VIEWS, MainWindow


@pytest.fixture
def window(qtbot, db, clock):
    for name in ("Sanne de Wit", "Joost Bakker", "Anna Jansen"):
        create_contact(ContactDraft(full_name=name, company="Bakkerij"), clock=clock)
    win = MainWindow(clock=clock)
    qtbot.addWidget(win)
    return win


def _colours(image: QImage, step: int = 4) -> int:
    """How many colours a sample of the picture holds: a blank capture has one or two."""
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_can_be_captured_at_1280_by_800(qtbot, window, tmp_path, view):
    other = "today" if view == "list" else "list"
    prepare_for_screenshot(window, other)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.runner.is_idle() and not window.views_building())
    before = window.grab().toImage()

    prepare_for_screenshot(window, view)
    # As --screenshot does: the reads are in and the views made their rows and cards.
    qtbot.waitUntil(lambda: window.runner.is_idle() and not window.views_building())
    path = tmp_path / f"{view}.png"
    assert window.grab().save(str(path), "PNG")
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 800)
    assert _colours(image) > 20  # text, icons and lines were painted
    assert image != before.convertToFormat(image.format())  # it shows this view, not another
    assert window.detail.contact_id is not None  # the first contact is selected
    if view != "list" and view in window.view_tabs:
        assert window.tabs.currentWidget() is window.view_tabs[view]


def test_the_command_line_saves_a_screenshot_offscreen(tmp_path):
    data = tmp_path / "data"
    shot = tmp_path / "list.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESKTOP_CRM_LANG": "en"}
    command = [sys.executable, "-m", "desktop_crm", "--data-dir", str(data)]
    subprocess.run(
        [*command, "contacts", "add", "Sanne de Wit"], env=env, capture_output=True, timeout=60
    )
    done = subprocess.run(
        [*command, "--screenshot", str(shot), "--view", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)


def _file_mime(path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def test_dropping_a_csv_file_starts_the_import(qtbot, window, tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(
        main_window_module, "start_import", lambda parent, path, **kw: started.append(path) or True
    )
    csv_file = tmp_path / "leads.csv"
    csv_file.write_text("name,email\nPiet,piet@example.nl\n", encoding="utf-8")
    window.show()
    qtbot.waitExposed(window)
    mime = _file_mime(csv_file)
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        QPoint(300, 300), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(300, 300), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: started == [csv_file], timeout=2000)


def test_a_dropped_file_of_another_kind_is_refused(qtbot, window, tmp_path):
    other = tmp_path / "photo.jpg"
    other.write_bytes(b"\xff\xd8")
    mime = _file_mime(other)  # kept alive: the event does not own it
    enter = QDragEnterEvent(
        QPoint(10, 10),  # PySide6 6.11 takes a QPoint here (6.12 a QPointF)
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_delete_archives_the_selection_and_undo_brings_it_back(qtbot, window, clock):
    window.show()
    qtbot.waitExposed(window)
    window.contact_list.select_first()
    archive = window.window_actions.archive
    assert (
        archive.shortcut().matches(QKeySequence(Qt.Key.Key_Delete))
        == QKeySequence.SequenceMatch.ExactMatch
    )
    # The shortcut lives on the list only, so Delete in a text field still deletes text.
    assert window.contact_list.view in archive.associatedObjects()
    assert archive.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    archive.trigger()
    qtbot.waitUntil(window.runner.is_idle)  # the archive and the list's ids: off the GUI thread
    assert count_contacts(clock=clock) == 2
    assert window.contact_list.model.rowCount() == 2
    assert "2 contacts" in window.count_label.text()
    window.undo_stack.undo()
    qtbot.waitUntil(window.runner.is_idle)
    assert count_contacts(clock=clock) == 3
    assert window.contact_list.model.rowCount() == 3
