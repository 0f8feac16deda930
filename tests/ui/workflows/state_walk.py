"""Walk every window state and dialog of a fresh window in one language: the checks that look
at each state (names for a screen reader, access keys) share the opening and closing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop_crm.i18n import set_language
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.qt_translations import install_qt_translations
from tests.ui.workflows.window_states import close, states


def visit_states(
    qtbot,
    qapp,
    ids: list[int],
    clock,
    folder: Path,
    language: str,
    visit: Callable[[str, QWidget], None],
) -> None:
    """`visit(name, shown)` for each state, with Qt's own buttons translated as the app has
    them; English again afterwards."""
    set_language(language)
    qt_catalogue = install_qt_translations(qapp, language)
    try:
        window = MainWindow(clock=clock)
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)

        def wait(predicate) -> None:
            qtbot.waitUntil(predicate, timeout=20_000)

        for name, open_state in states(window):
            shown = open_state(window, ids, wait, folder)
            visit(name, shown)
            close(window, shown)
        window.runner.shutdown(timeout=5.0)
    finally:
        set_language("en")
        if qt_catalogue is not None:
            qapp.removeTranslator(qt_catalogue)
