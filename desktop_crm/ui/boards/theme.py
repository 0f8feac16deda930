"""The boards' look: one style sheet for columns and cards, in a light and a dark variant."""

from __future__ import annotations

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


def board_style_sheet() -> str:
    c = colours()
    return f"""
QFrame#boardColumn {{
    background: {c["column"]}; border: 1px solid {c["column_border"]}; border-radius: 8px;
}}
QFrame#boardColumn[drop_target="true"] {{
    background: {c["drop"]}; border: 2px dashed {c["drop_border"]};
}}
QFrame#boardColumn[closing="won"] QFrame#boardColumn QScrollBar:vertical {{ width: 8px; background: transparent; margin: 0; }}
QFrame#boardColumn QScrollBar::handle:vertical {{
    background: {c["card_border"]}; border-radius: 4px; min-height: 24px;
}}
QFrame#boardColumn QScrollBar::add-line:vertical, QFrame#boardColumn QScrollBar::sub-line:vertical {{
    height: 0;
}}
QFrame#boardColumn QScrollBar::add-page:vertical, QFrame#boardColumn QScrollBar::sub-page:vertical {{
    background: none;
}}
QLabel#columnTitle {{ color: {c["won"]}; }}
QFrame#boardColumn[closing="lost"] QFrame#boardColumn QScrollBar:vertical {{ width: 8px; background: transparent; margin: 0; }}
QFrame#boardColumn QScrollBar::handle:vertical {{
    background: {c["card_border"]}; border-radius: 4px; min-height: 24px;
}}
QFrame#boardColumn QScrollBar::add-line:vertical, QFrame#boardColumn QScrollBar::sub-line:vertical {{
    height: 0;
}}
QFrame#boardColumn QScrollBar::add-page:vertical, QFrame#boardColumn QScrollBar::sub-page:vertical {{
    background: none;
}}
QLabel#columnTitle {{ color: {c["lost"]}; }}
QScrollArea#columnScroll, QWidget#columnCards {{ background: transparent; border: none; }}
QFrame#boardColumn QScrollBar:vertical {{ width: 8px; background: transparent; margin: 0; }}
QFrame#boardColumn QScrollBar::handle:vertical {{
    background: {c["card_border"]}; border-radius: 4px; min-height: 24px;
}}
QFrame#boardColumn QScrollBar::add-line:vertical, QFrame#boardColumn QScrollBar::sub-line:vertical {{
    height: 0;
}}
QFrame#boardColumn QScrollBar::add-page:vertical, QFrame#boardColumn QScrollBar::sub-page:vertical {{
    background: none;
}}
QLabel#columnTitle {{ font-weight: 700; color: {c["text"]}; }}
QLabel#columnCount {{
    background: {c["count"]}; color: {c["text"]}; border-radius: 9px; padding: 1px 8px;
    font-weight: 600;
}}
QLabel#columnSummary, QLabel#columnMore, QLabel#columnEmpty {{ color: {c["muted"]}; }}
QLabel#columnMore, QLabel#columnEmpty {{ font-style: italic; }}
QFrame#boardCard {{
    background: {c["card"]}; border: 1px solid {c["card_border"]}; border-radius: 6px;
}}
QFrame#boardCard:hover {{ border-color: {c["card_hover"]}; }}
QFrame#boardCard[stale="true"] {{ border-left: 4px solid {c["stale"]}; }}
QLabel#cardTitle {{ font-weight: 600; color: {c["text"]}; }}
QLabel#cardText {{ color: {c["muted"]}; }}
QLabel#cardStrong {{ font-weight: 600; color: {c["text"]}; }}
QLabel#cardLate {{ color: {c["late"]}; }}
QLabel#cardBadge {{
    background: {c["stale_bg"]}; color: {c["stale_text"]}; border-radius: 4px; padding: 1px 6px;
}}
"""
