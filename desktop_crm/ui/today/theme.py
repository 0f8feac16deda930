"""The Today view's look: white sections with clickable rows, sharing the boards' colours."""

from __future__ import annotations

from desktop_crm.ui.boards.theme import colours


def today_style_sheet() -> str:
    c = colours()
    return f"""
QWidget#todayPage {{ background: {c["column"]}; }}
QLabel#todayHeading {{ font-size: 18pt; font-weight: 700; color: {c["text"]}; }}
QLabel#todayDate, QLabel#rowSecondary, QLabel#rowMeta, QLabel#sectionMore {{
    color: {c["muted"]};
}}
QFrame#todaySection {{
    background: {c["card"]}; border: 1px solid {c["card_border"]}; border-radius: 8px;
}}
QLabel#sectionTitle {{ font-weight: 700; font-size: 11pt; color: {c["text"]}; }}
QLabel#sectionCount {{
    background: {c["count"]}; color: {c["text"]}; border-radius: 9px; padding: 1px 8px;
    font-weight: 600;
}}
QFrame#todayRow {{ border: none; border-top: 1px solid {c["column_border"]}; }}
QFrame#todayRow:hover {{ background: {c["drop"]}; }}
QLabel#rowPrimary {{ font-weight: 600; color: {c["text"]}; }}
QLabel#rowLate {{ color: {c["late"]}; font-weight: 600; }}
QLabel#rowDone {{ color: {c["won"]}; font-weight: 600; }}
"""
