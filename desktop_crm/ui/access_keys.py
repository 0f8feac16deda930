"""Access keys (Alt+letter) for texts that are only known at run time, such as translations."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QFormLayout, QLabel, QLayoutItem, QWidget


def with_access_key(title: str, taken: set[str]) -> str:
    """`title` with an access key on its first letter no other item of the menu has (the
    tab titles are translated, so the letters cannot be fixed in the catalog)."""
    for at, letter in enumerate(title):
        if letter.isalnum() and letter.lower() not in taken:
            taken.add(letter.lower())
            return title[:at] + "&" + title[at:]
    return title


def access_key_of(text: str) -> str | None:
    """The letter Alt presses for `text`, if any ("&&" is a plain ampersand)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


def key_form_rows(window: QWidget, form: QFormLayout) -> None:
    """Each label of `form` gets an access key no control of `window` has yet, and a label
    whose field is a row of several (first, middle and last name) gets the row's first
    field as its buddy, which the key moves to; then each button in the rows ("Add email",
    "Open") gets one too. Only for a form in a window of its own: in the main window the
    same letters are the menus' (Alt+C is Contact)."""
    texts = [b.text() for b in window.findChildren(QAbstractButton)]
    texts += [label.text() for label in window.findChildren(QLabel)]
    taken = {key for text in texts if (key := access_key_of(text)) is not None}
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = label_item.widget() if label_item is not None else None
        if not isinstance(label, QLabel) or not label.text():
            continue
        if label.buddy() is None:
            field = _first_focusable(form.itemAt(row, QFormLayout.ItemRole.FieldRole))
            if field is None:
                continue
            label.setBuddy(field)
        if access_key_of(label.text()) is None:
            label.setText(with_access_key(label.text(), taken))
    for row in range(form.rowCount()):
        for button in _buttons(form.itemAt(row, QFormLayout.ItemRole.FieldRole)):
            if button.text() and access_key_of(button.text()) is None:
                button.setText(with_access_key(button.text(), taken))


def _buttons(item: QLayoutItem | None) -> list[QAbstractButton]:
    """The buttons in a form row: its widgets and the buttons inside them."""
    found: list[QAbstractButton] = []
    for widget in _widgets(item):
        if isinstance(widget, QAbstractButton):
            found.append(widget)
        found += widget.findChildren(QAbstractButton)
    return found


def _first_focusable(item: QLayoutItem | None) -> QWidget | None:
    return next((w for w in _widgets(item) if w.focusPolicy() & Qt.FocusPolicy.TabFocus), None)


def _widgets(item: QLayoutItem | None) -> Iterator[QWidget]:
    """The widgets of a layout item, through its nested layouts, in order."""
    if item is None:
        return
    widget = item.widget()
    if widget is not None:
        yield widget
        return
    layout = item.layout()
    if layout is not None:
        for index in range(layout.count()):
            yield from _widgets(layout.itemAt(index))
