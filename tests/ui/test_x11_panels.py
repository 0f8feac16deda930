"""The work area less the panels that reserve no room of their own."""

from __future__ import annotations

from PySide6.QtCore import QRect

from desktop_crm.ui.x11_panels import without_panels

SCREEN = QRect(0, 0, 1366, 768)


def test_a_bottom_tray_bar_takes_its_strip_off_the_bottom():
    assert without_panels(SCREEN, [QRect(0, 740, 1366, 28)]) == QRect(0, 0, 1366, 740)


def test_panels_on_the_other_edges_take_theirs():
    panels = [QRect(0, 0, 1366, 24), QRect(0, 0, 48, 768), QRect(1326, 0, 40, 768)]
    assert without_panels(SCREEN, panels) == QRect(48, 24, 1366 - 48 - 40, 768 - 24)


def test_a_small_dock_in_a_corner_or_off_screen_changes_nothing():
    assert without_panels(SCREEN, [QRect(1300, 700, 66, 68)]) == SCREEN
    assert without_panels(SCREEN, [QRect(2000, 740, 1366, 28)]) == SCREEN


def test_a_panel_inside_an_area_that_already_leaves_it_out_changes_nothing():
    area = QRect(0, 0, 1366, 740)  # the window manager reserved the strut already
    assert without_panels(area, [QRect(0, 740, 1366, 28)]) == area
