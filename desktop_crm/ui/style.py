"""Colours that follow the system light/dark palette, and one badge colour per stage."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from desktop_crm.domain.stages import Stage

# Date editors: day, month name and year read the same in every language (no 11/12 doubt).
DATE_FORMAT = "d MMM yyyy"
DATE_TIME_FORMAT = "d MMM yyyy  HH:mm"

# (light background, dark background): the text on a badge is white on both.
_STAGE_COLOURS = {
    Stage.LEAD: ("#5b6b7f", "#6f8299"),
    Stage.PROSPECT: ("#1f6fb2", "#3d8fd6"),
    Stage.CUSTOMER: ("#2e7d32", "#43a047"),
    Stage.REPEAT_BUYER: ("#6a3fb0", "#8c62d4"),
    Stage.NOT_NOW: ("#a66a00", "#c98a1c"),
    Stage.DISQUALIFIED: ("#8d3b3b", "#b05454"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window background is darker than its text (a dark theme)."""
    palette = palette or QGuiApplication.palette()
    return (
        palette.color(QPalette.ColorRole.Window).lightness()
        < palette.color(QPalette.ColorRole.WindowText).lightness()
    )


def stage_colour(stage: str, dark: bool | None = None) -> QColor:
    try:
        pair = _STAGE_COLOURS[Stage(stage)]
    except ValueError:
        pair = _STAGE_COLOURS[Stage.LEAD]
    return QColor(pair[1] if (is_dark() if dark is None else dark) else pair[0])


def badge_style(stage: str) -> str:
    colour = stage_colour(stage).name()
    return (
        f"background-color: {colour}; color: white; border-radius: 9px;"
        " padding: 2px 10px; font-weight: 600;"
    )


def muted_text_style() -> str:
    """Secondary text: the palette's placeholder colour keeps contrast in both themes."""
    colour = QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText).name()
    return f"color: {colour};"


def error_text_style() -> str:
    return f"color: {overdue_colour()};"


def success_text_style() -> str:
    return "color: #81c784;" if is_dark() else "color: #1b5e20;"


def overdue_colour() -> str:
    return "#ef9a9a" if is_dark() else "#b3261e"


def archived_colour() -> QColor:
    """Archived contacts' text: greyed on light and dark themes, yet still readable. The
    palette's disabled text was too faint (about 1.8:1 on white); this is 60 % of the way
    from the background to the text (about 5:1)."""
    palette = QGuiApplication.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    return QColor.fromRgbF(
        0.4 * base.redF() + 0.6 * text.redF(),
        0.4 * base.greenF() + 0.6 * text.greenF(),
        0.4 * base.blueF() + 0.6 * text.blueF(),
    )


FOCUS_RING_WIDTH = 2


def focus_ring_colour(palette: QPalette | None = None) -> QColor:
    """The palette's highlight: the system's own accent, visible on light and dark themes."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Highlight)
