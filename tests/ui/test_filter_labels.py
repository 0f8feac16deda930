"""The filter bar's combo boxes are labelled (on Linux a combo box's own name is its value,
so a screen reader hears which filter only from a buddy label), and every access key of the
contact list's window is taken once, in English and in Dutch."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from desktop_crm.i18n import set_language
from desktop_crm.ui.main_window import MainWindow
from tests.ui.workflows.accessibility import unlabelled_combo_boxes


def _access_key(text: str) -> str | None:
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


def _access_keys(window: MainWindow) -> list[tuple[str, str]]:
    """(key, text) of the menu bar's menus and of every shown label with a buddy and button:
    Alt+key reaches each, so two with one key would make Qt pick neither at once."""
    found = [(a.text(), _access_key(a.text())) for a in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            found.append((widget.text(), _access_key(widget.text())))
        elif isinstance(widget, QAbstractButton):
            found.append((widget.text(), _access_key(widget.text())))
    return [(key, text) for text, key in found if key is not None]


@pytest.mark.parametrize(
    "language, labels",
    [("en", ["&Stage:", "&Tag:", "&Lead source:"]), ("nl", ["&Fase:", "&Label:", "He&rkomst:"])],
)
def test_each_filter_box_has_a_label_with_an_access_key_no_other_control_has(
    qtbot, db, clock, language, labels
):
    set_language(language)
    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    bar = window.contact_list.filter_bar
    keys = _access_keys(window)
    clashes = {key for key, count in Counter(k for k, _t in keys).items() if count > 1}
    assert not clashes, [text for key, text in keys if key in clashes]
    assert [label.text() for label in bar.labels] == labels
    assert [label.buddy() for label in bar.labels] == [bar.stage_box, bar.tag_box, bar.source_box]
    assert unlabelled_combo_boxes(bar) == []
    # The bar fits the list's side of a 1366 px window, Merge duplicates… shown too: no
    # box is squeezed, and the detail pane is not pushed aside.
    bar.duplicates_check.setChecked(True)
    qtbot.waitUntil(bar.duplicates_button.isVisible)
    assert bar.sizeHint().width() <= window.contact_list.width() <= window.width() * 2 // 3
    window.runner.shutdown(timeout=5.0)
