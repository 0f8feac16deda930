"""Windows and dialogs open inside the screen's available area, whatever size they ask for."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What a window manager adds around a window (title bar and borders): the frame is not
# known before the first show, so leave room for a typical one.
FRAME_WIDTH = 16
FRAME_HEIGHT = 40


def available_area(widget: QWidget | None = None) -> QRect:
    """The screen area not taken by panels, for `widget`'s screen (or the primary one)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return QRect(0, 0, 1366, 768)
    area = screen.availableGeometry()
    if QGuiApplication.platformName() == "xcb":
        # A tray bar that reserves no room (trayer sets no strut) is left out by hand.
        from desktop_crm.ui.x11_panels import strutless_docks, without_panels

        area = without_panels(area, strutless_docks())
    return area


def fitted_size(width: int, height: int, area: QRect) -> tuple[int, int]:
    """`width`×`height`, shrunk so that the window with its frame fits in `area`."""
    return (
        max(200, min(width, area.width() - FRAME_WIDTH)),
        max(150, min(height, area.height() - FRAME_HEIGHT)),
    )


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to the wanted size or the screen's, whichever is smaller; minimums give way."""
    area = available_area(widget)
    fitted_w, fitted_h = fitted_size(width, height, area)
    minimum = widget.minimumSize()
    if minimum.width() > fitted_w or minimum.height() > fitted_h:
        widget.setMinimumSize(min(minimum.width(), fitted_w), min(minimum.height(), fitted_h))
    widget.resize(fitted_w, fitted_h)


def fits_on_screen(widget: QWidget) -> bool:
    """Whether the widget's frame lies wholly inside the available area of its screen."""
    frame = widget.frameGeometry()
    if frame.width() <= 0 or frame.height() <= 0:
        return True
    area = available_area(widget)
    return area.contains(frame) or (
        frame.width() <= area.width() and frame.height() <= area.height()
    )


def keep_on_screen(widget: QWidget) -> None:
    """After restoring a remembered size: shrink and move it back when it no longer fits."""
    area = available_area(widget)
    size = widget.size()
    fitted_w, fitted_h = fitted_size(size.width(), size.height(), area)
    if (fitted_w, fitted_h) != (size.width(), size.height()):
        widget.resize(fitted_w, fitted_h)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), area.left()), max(area.left(), area.right() - frame.width()))
    y = min(max(frame.y(), area.top()), max(area.top(), area.bottom() - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)
