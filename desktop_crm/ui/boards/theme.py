"""The boards' and Today's colours, in a light and a dark variant, and thin scroll bars."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_crm.ui.style import is_dark

_LIGHT = {
    "column": "#eef1f5",
    "column_border": "#e1e6ec",
    "drop": "#e3ecfb",
    "drop_border": "#2f6fde",
    "card": "#ffffff",
    "card_border": "#d3dae3",
    "card_hover": "#93a9c4",
    "text": "#1f2933",
    "muted": "#5c6877",
    "count": "#dbe2ea",
    "stale": "#c77700",
    "stale_bg": "#fff1d6",
    "stale_text": "#7a4a00",
    "late": "#b3261e",
    "won": "#2e7d32",
    "lost": "#8d3b3b",
}
_DARK = {
    "column": "#262b31",
    "column_border": "#333a42",
    "drop": "#22324a",
    "drop_border": "#5b93f0",
    "card": "#30363e",
    "card_border": "#434b55",
    "card_hover": "#6f87a6",
    "text": "#e6e9ed",
    "muted": "#a3adb8",
    "count": "#3b434d",
    "stale": "#e0a030",
    "stale_bg": "#4a3a18",
    "stale_text": "#f3d29a",
    "late": "#e57373",
    "won": "#66bb6a",
    "lost": "#e08080",
}


def colours() -> dict[str, str]:
    return _DARK if is_dark() else _LIGHT


def scroll_bar_style(orientation: Qt.Orientation) -> str:
    """A thin scroll bar; set on the bar itself, so no other widget carries a style sheet
    (a style sheet on a board costs every card and label below it memory: painted.py)."""
    c = colours()
    if orientation == Qt.Orientation.Vertical:
        bar, size, length, line = "QScrollBar:vertical", "width: 8px", "min-height: 24px", "height"
        radius = 4
    else:
        bar, size, length, line = (
            "QScrollBar:horizontal",
            "height: 10px",
            "min-width: 40px",
            "width",
        )
        radius = 5
    return f"""
{bar} {{ {size}; background: transparent; margin: 0; }}
QScrollBar::handle {{ background: {c["card_border"]}; border-radius: {radius}px; {length}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ {line}: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
"""
