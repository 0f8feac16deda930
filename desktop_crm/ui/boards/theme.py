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
    column = "QFrame#boardColumn"
    scroll = "QScrollArea#boardScroll"
    return f"""
{column} {{
    background: {c["column"]}; border: 1px solid {c["column_border"]}; border-radius: 8px;
}}
{column}[drop_target="true"] {{ background: {c["drop"]}; border: 2px dashed {c["drop_border"]}; }}
{column}[closing="won"] QLabel#columnTitle {{ color: {c["won"]}; }}
{column}[closing="lost"] QLabel#columnTitle {{ color: {c["lost"]}; }}
QScrollArea#columnScroll, QWidget#columnCards {{ background: transparent; border: none; }}
{column} QScrollBar:vertical {{ width: 8px; background: transparent; margin: 0; }}
{column} QScrollBar::handle:vertical {{
    background: {c["card_border"]}; border-radius: 4px; min-height: 24px;
}}
{column} QScrollBar::add-line:vertical, {column} QScrollBar::sub-line:vertical {{ height: 0; }}
{column} QScrollBar::add-page:vertical, {column} QScrollBar::sub-page:vertical {{
    background: none;
}}
{scroll} {{ background: transparent; }}
{scroll} > QWidget > QWidget {{ background: transparent; }}
{scroll} QScrollBar:horizontal {{ height: 10px; background: transparent; }}
{scroll} QScrollBar::handle:horizontal {{
    background: {c["card_border"]}; border-radius: 5px; min-width: 40px;
}}
{scroll} QScrollBar::add-line:horizontal, {scroll} QScrollBar::sub-line:horizontal {{ width: 0; }}
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
