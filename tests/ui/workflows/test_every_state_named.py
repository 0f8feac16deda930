"""Every focusable control of every window state and dialog has a name, in English and in
Dutch: what a screen reader says when the user Tabs to it (the AT-SPI walk of the same
states on a real X display is tests/e2e/test_accessibility_e2e.py)."""

from __future__ import annotations

import pytest

from desktop_crm.i18n import set_language
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.qt_translations import install_qt_translations
from tests.ui.workflows.accessibility import unlabelled_combo_boxes, unnamed_controls
from tests.ui.workflows.window_states import close, states


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_control_of_every_state_has_a_name(qtbot, qapp, people, clock, tmp_path, language):
    set_language(language)
    qt_catalogue = install_qt_translations(qapp, language)  # Qt's own buttons, as the app has
    try:
        window = MainWindow(clock=clock)
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)

        def wait(predicate) -> None:
            qtbot.waitUntil(predicate, timeout=20_000)

        ids = list(people.values())
        unnamed = {}
        for name, open_state in states(window):
            shown = open_state(window, ids, wait, tmp_path)
            assert shown.isVisible(), name  # the state is on screen, so its controls count
            missing = unnamed_controls(shown)
            # A combo box's name is its value: only a label says which choice it is.
            missing += [f"unlabelled combo box in {box}" for box in unlabelled_combo_boxes(shown)]
            if missing:
                unnamed[name] = missing
            close(window, shown)
        window.runner.shutdown(timeout=5.0)
    finally:
        set_language("en")
        if qt_catalogue is not None:
            qapp.removeTranslator(qt_catalogue)
    assert unnamed == {}, "\n".join(f"{state}: {missing}" for state, missing in unnamed.items())
