"""A dialog with a typed form never loses what was typed: closing it saves, only Discard throws away.

The behaviour of the detail pane, applied to every dialog: Escape, the window's ✕ and
`reject()` press the dialog's default button (Save, Log, OK …: what Enter does) when
something in the form differs from how it opened; while a submit is on its way to the
writer thread they wait for its answer. When the dialog's own validation
refuses a value, it stays open with its message beside the field. Only the explicit
Discard button (`add_discard_button`) closes without saving; an untouched form just closes.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from desktop_crm.i18n import _

FormState = dict[QWidget, object]


def form_state(root: QWidget) -> FormState:
    """What the user can type or tick in `root`, per control (read-only ones left out)."""
    state: FormState = {}
    for widget in root.findChildren(QWidget):
        value = _value_of(widget)
        if value is not None:
            state[widget] = value
    return state


def _value_of(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        inner = isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)
        return None if inner or widget.isReadOnly() else widget.text()
    if isinstance(widget, QPlainTextEdit):
        return None if widget.isReadOnly() else widget.toPlainText()
    if isinstance(widget, QTextEdit):
        return None if widget.isReadOnly() else widget.toPlainText()
    if isinstance(widget, QAbstractSpinBox):
        return None if widget.isReadOnly() else widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    return None


def _blank(value: object) -> bool:
    return value in ("", False)


def differs(before: FormState, now: FormState) -> bool:
    """True when a control changed, or a control added since (an email row) holds something."""
    return any(
        (before[widget] != value) if widget in before else not _blank(value)
        for widget, value in now.items()
    )


class FormDialog(QDialog):
    """The base of every dialog with a typed form (see the module's docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._opened_with: FormState | None = None  # taken when first shown
        self._discarding = False
        self.discard_button: QPushButton | None = None
        self.sending = False  # a submit on its way to the writer thread (dialog_submit.py)

    # --- what the form holds ------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        if self._opened_with is None:
            self._opened_with = form_state(self)  # the form as the user first sees it
            self._tab_through_buttons_as_shown()
        super().showEvent(event)

    def _tab_through_buttons_as_shown(self) -> None:
        """Tab goes through the button box's buttons in the order they are laid out: by
        default it follows the order they were added in, and Discard (added first) came
        first wherever the platform lays it out last; Tab and Space from Notes in Log
        conversation then threw the note away."""
        for box in self.findChildren(QDialogButtonBox):
            layout = box.layout()
            items = [layout.itemAt(i) for i in range(layout.count())] if layout else []
            widgets = [item.widget() for item in items if item is not None]
            shown = [widget for widget in widgets if isinstance(widget, QAbstractButton)]
            for before, after in zip(shown, shown[1:], strict=False):
                QWidget.setTabOrder(before, after)

    def has_typed(self) -> bool:
        """Something differs from the form as it opened (never shown: nothing was typed)."""
        return self._opened_with is not None and differs(self._opened_with, form_state(self))

    def save_button(self) -> QPushButton | None:
        """The button Enter presses; closing with typed text presses it too."""
        return next(
            (b for b in self.findChildren(QPushButton) if b.isDefault() and b.isEnabled()), None
        )

    # --- closing ------------------------------------------------------------------------

    def add_discard_button(self, buttons: QDialogButtonBox) -> QPushButton:
        """The one way to close without saving (it replaces Cancel)."""
        button = QPushButton(_("&Discard"))
        button.setAccessibleName(_("Discard"))
        button.setAutoDefault(False)
        button.clicked.connect(self.discard)
        # The destructive role: the box emits neither accepted nor rejected for it.
        buttons.addButton(button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.discard_button = button
        return button

    def discard(self) -> None:
        """Close and throw away what was typed."""
        self._discarding = True
        try:
            self.reject()
        finally:
            self._discarding = False

    def is_sending(self) -> bool:
        """A submit is on its way to the writer thread: the dialog waits for its answer."""
        return self.sending

    def reject(self) -> None:  # Qt override: Escape, the window's ✕, a Cancel
        if self.is_sending():
            return  # it closes when the write is in, or stays with the reason it was refused
        if self._discarding or not self.has_typed():
            super().reject()
            return
        save = self.save_button()
        if save is None:  # nothing can be saved (a reason left empty): there is nothing to keep
            super().reject()
            return
        # As Save would: it closes the dialog, or its validation keeps it open with the error.
        save.click()
