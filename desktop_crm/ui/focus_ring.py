"""A focus ring drawn around whichever control has the keyboard focus, whatever the style:
some styles show focus on buttons and check boxes only faintly, or not at all."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QMenu,
    QSplitter,
    QWidget,
)

from desktop_crm.ui.style import FOCUS_RING_WIDTH, focus_ring_colour


def _host_for(widget: QWidget) -> QWidget | None:
    """The widget the ring lives in: the control's parent, except a splitter, which would
    take any child as a new pane."""
    host = widget.parentWidget()
    while isinstance(host, QSplitter):
        host = host.parentWidget()
    return host


class FocusRing(QWidget):
    """One overlay, moved to the focused control; it sits in the control's parent, so it
    scrolls along with it, and lets every mouse click through."""

    def __init__(self) -> None:
        super().__init__(None)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None

    def follow(self, widget: QWidget | None) -> None:
        if self.target is not None and shiboken6.isValid(self.target):
            self.target.removeEventFilter(self)
        self.target = None
        parent = widget.parentWidget() if widget is not None else None
        # By class name: QAbstractSpinBox's Python class costs 4 enum classes before the paint.
        if parent is not None and (
            isinstance(parent, QComboBox) or parent.inherits("QAbstractSpinBox")
        ):
            widget = parent  # the ring goes round the whole combo or spin box, not its text
        host = _host_for(widget) if widget is not None else None
        if widget is None or host is None or isinstance(widget, QMenu) or widget.isWindow():
            self.hide()
            return
        self.target = widget
        widget.installEventFilter(self)
        if self.parentWidget() is not host:
            self.setParent(host)
        self._place()

    def _place(self) -> None:
        widget = self.target
        if widget is None or not widget.isVisible():
            self.hide()
            return
        host = self.parentWidget()
        if host is None:
            return
        margin = FOCUS_RING_WIDTH
        area = QRect(widget.mapTo(host, QPoint(0, 0)), widget.size())
        self.setGeometry(area.adjusted(-margin, -margin, margin, margin))
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            self._place()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(focus_ring_colour(self.palette()), FOCUS_RING_WIDTH)
        painter.setPen(pen)
        half = FOCUS_RING_WIDTH / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 3, 3)


class _RingKeeper(QObject):
    """Moves the ring with the focus; the ring lives in some control's parent, and goes
    when that parent goes (a dialog closes), so a new one is made when needed."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._ring: FocusRing | None = None
        app.focusChanged.connect(self._on_focus)
        # A ring left without a parent is a top-level widget: gone before the application
        # is, never at interpreter shutdown (where late Qt deletes abort the process).
        app.aboutToQuit.connect(self.drop)

    @property
    def ring(self) -> FocusRing:
        if self._ring is None or not shiboken6.isValid(self._ring):
            self._ring = FocusRing()
        return self._ring

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        self.ring.follow(new)

    def drop(self) -> None:
        """Delete the ring now (the application is quitting)."""
        ring, self._ring = self._ring, None
        if ring is not None and shiboken6.isValid(ring):
            ring.hide()
            shiboken6.delete(ring)


_keeper: _RingKeeper | None = None


def install_focus_ring(app: QApplication) -> FocusRing:
    """Idempotent: one ring for the application, following the focus from now on."""
    global _keeper
    if _keeper is None or not shiboken6.isValid(_keeper):
        _keeper = _RingKeeper(app)
        _keeper.ring.follow(app.focusWidget())
    return _keeper.ring
