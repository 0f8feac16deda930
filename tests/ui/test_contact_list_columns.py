"""The list's columns at their default widths, in English and Dutch: every title and stage
name fits its column, and all columns fit the list's width at 1366 px (about 700 px of
list) without a horizontal scroll bar; widths saved in another language are widened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QFrame, QTableView

from desktop_crm.domain.stages import Stage
from desktop_crm.i18n import set_language
from desktop_crm.ui.contact_list.header_state import configure_header, default_width, save_header
from desktop_crm.ui.contact_list.state import COLUMNS, column_title

LIST_WIDTH = 700  # the list's viewport in a 1280 px window on a 1366x768 screen


def _list(qtbot, settings: QSettings | None) -> QTableView:
    model = QStandardItemModel(1, len(COLUMNS))
    model.setHorizontalHeaderLabels([column_title(key) for key in COLUMNS])
    view = QTableView()
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.verticalHeader().hide()
    view.setModel(model)
    view.setSortingEnabled(True)
    qtbot.addWidget(view)
    configure_header(view, settings)
    view.resize(LIST_WIDTH, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def _assert_readable(view: QTableView) -> None:
    header = view.horizontalHeader()
    titles = header.fontMetrics()
    for column, key in enumerate(COLUMNS):
        # Margins on both sides and the sort arrow (Fusion: 8 + 16).
        assert header.sectionSize(column) >= titles.horizontalAdvance(column_title(key)) + 24, key
    stage = header.sectionSize(COLUMNS.index("stage"))
    assert all(stage >= view.fontMetrics().horizontalAdvance(s.label) + 8 for s in Stage)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_default_columns_fit_their_titles_and_the_list(qtbot, language):
    set_language(language)
    view = _list(qtbot, None)

    _assert_readable(view)
    assert view.viewport().width() == LIST_WIDTH
    assert view.horizontalHeader().length() <= LIST_WIDTH
    assert view.horizontalScrollBar().maximum() == 0


def test_widths_saved_in_english_are_widened_for_dutch(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    english = _list(qtbot, settings)
    header = english.horizontalHeader()
    for column in range(len(COLUMNS)):  # as narrow as the English titles allow
        header.resizeSection(
            column, header.fontMetrics().horizontalAdvance(column_title(COLUMNS[column])) + 24
        )
    save_header(english, settings)

    set_language("nl")
    dutch = _list(qtbot, settings)

    _assert_readable(dutch)
    assert dutch.horizontalScrollBar().maximum() == 0


def test_a_wider_list_gives_the_name_back_its_room(qtbot):
    set_language("nl")
    view = _list(qtbot, None)  # 700 px: in Dutch, name and company gave up room
    header = view.horizontalHeader()
    name, company = COLUMNS.index("name"), COLUMNS.index("company")
    wanted = default_width(view, "name"), default_width(view, "company")
    assert (header.sectionSize(name), header.sectionSize(company)) < wanted

    view.resize(1000, 300)  # a wider list: they get it back, not the last column alone

    qtbot.waitUntil(lambda: (header.sectionSize(name), header.sectionSize(company)) == wanted)
    assert view.horizontalScrollBar().maximum() == 0


def test_a_width_the_user_chose_is_not_given_back(qtbot):
    set_language("nl")
    view = _list(qtbot, None)
    header = view.horizontalHeader()
    name = COLUMNS.index("name")
    header.resizeSection(name, 110)  # as a drag of the header's edge does

    view.resize(1000, 300)
    qtbot.waitUntil(lambda: view.viewport().width() > 900)

    assert header.sectionSize(name) == 110
