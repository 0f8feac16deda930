"""The system tray icon: the count of due reminders, a menu of them, and a message per new alarm.

Where the desktop has no tray (`QSystemTrayIcon.isSystemTrayAvailable()` is false) the
icon is never shown; the window shows the alarms and closing it quits (`available`)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon

from desktop_crm.domain.alarms import SnoozeChoice
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_number
from desktop_crm.services.reminders import Reminder
from desktop_crm.ui.error_dialog import run_safely
from desktop_crm.ui.notifier import Notifier

log = logging.getLogger(__name__)

CLOSE_HINT_KEY = "tray/close_hint_shown"
MENU_LIMIT = 15  # a tray menu taller than the screen is useless; the rest is in Today
MESSAGE_MS = 10_000
ICON_SIZE = 64


def _resource_icon(name: str) -> Path | None:
    try:
        from desktop_crm.resource_paths import resource
    except ImportError:  # pragma: no cover - ships with the package
        return None
    path = resource("icons", name)
    return path if path.exists() else None


def default_icon() -> QIcon:
    """Our tray icon, or the style's information icon where the resources are missing."""
    path = _resource_icon("tray.svg")
    if path is not None:
        icon = QIcon(str(path))
        if not icon.isNull():
            return icon
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)


def badge_icon(base: QIcon, count: int) -> QIcon:
    """`base` with the number of due reminders in a red disc, so it reads at tray size."""
    if count <= 0:
        return base
    pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    base.paint(painter, QRect(0, 0, ICON_SIZE, ICON_SIZE))
    disc = QRect(ICON_SIZE // 3, ICON_SIZE // 3, ICON_SIZE * 2 // 3, ICON_SIZE * 2 // 3)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#d32f2f"))
    painter.drawEllipse(disc)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(ICON_SIZE // 3 if count < 10 else ICON_SIZE // 4)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+")
    painter.end()
    return QIcon(pixmap)


class TrayIcon(QObject):
    """The tray: construct with the notifier (and optionally an icon and the local settings).

    Signals:
      open_contact_requested(int)  a reminder (menu entry or message) was clicked
      open_requested()             "Open", a click on the icon, or a grouped message
      quit_requested()             "Quit": the app should really end
      message_shown(str, str)      title and text of every tray message (logged too)
    """

    open_contact_requested = Signal(int)
    open_requested = Signal()
    quit_requested = Signal()
    message_shown = Signal(str, str)

    def __init__(
        self,
        notifier: Notifier,
        *,
        icon: QIcon | None = None,
        settings: QSettings | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._notifier = notifier
        self._settings = settings
        self._base_icon = icon if icon is not None and not icon.isNull() else default_icon()
        self._available = QSystemTrayIcon.isSystemTrayAvailable()
        self._message_contact: int | None = None  # what a click on the last message opens
        self._pending: list[Reminder] = []

        self._tray = QSystemTrayIcon(self._base_icon, self)
        self._menu = QMenu()  # no parent widget: the tray menu lives as long as we do
        self._menu.aboutToShow.connect(self._rebuild_menu)
        self._tray.setContextMenu(self._menu)
        self._tray.activated.connect(self._on_activated)
        self._tray.messageClicked.connect(self._on_message_clicked)
        self._rebuild_menu()  # some trays (SNI) read the menu before it is ever shown

        # Several alarms at 09:00 arrive one by one; one turn of the event loop groups them.
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._show_pending)

        notifier.alarm_raised.connect(self._on_alarm_raised)
        notifier.missed_alarms.connect(self._on_missed_alarms)
        notifier.due_changed.connect(self._on_due_changed)
        self._on_due_changed(notifier.due)

    # --- public ----------------------------------------------------------------------------

    @staticmethod
    def is_available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    @property
    def available(self) -> bool:
        """False on a desktop without a tray: the window must show alarms and closing quits."""
        return self._available

    @property
    def tray(self) -> QSystemTrayIcon:
        return self._tray

    @property
    def menu(self) -> QMenu:
        return self._menu

    def show(self) -> bool:
        """Show the icon where there is a tray; returns whether it is shown."""
        if not self._available:
            log.info("No system tray on this desktop; alarms show in the window")
            return False
        self._tray.show()
        return True

    def hide(self) -> None:
        self._tray.hide()

    def show_close_to_tray_hint(self) -> bool:
        """Once ever: say that closing the window keeps the reminders running here."""
        if not self._available:
            return False
        if self._settings is not None and self._settings.value(CLOSE_HINT_KEY, False, type=bool):
            return False
        self._message_contact = None
        self._show_message(
            _("Desktop CRM is still running"),
            _("Reminders keep coming here. Choose Quit in this icon's menu to stop them."),
        )
        if self._settings is not None:
            self._settings.setValue(CLOSE_HINT_KEY, True)
            self._settings.sync()
        return True

    # --- notifier --------------------------------------------------------------------------

    def _on_due_changed(self, _due: list[Reminder]) -> None:
        count = self._notifier.due_count  # the list may be only the first ones
        base = self._base_icon
        if count:
            due_path = _resource_icon("tray-due.svg")
            if due_path is not None:
                base = QIcon(str(due_path))
        self._tray.setIcon(badge_icon(base, count))
        if count:
            tip = ngettext("{count} reminder due", "{count} reminders due", count).format(
                count=count
            )
        else:
            tip = _("Nothing due")
        self._tray.setToolTip(_("Desktop CRM: {state}").format(state=tip))

    def _on_alarm_raised(self, reminder: Reminder) -> None:
        self._pending.append(reminder)
        self._flush.start()

    def _show_pending(self) -> None:
        pending, self._pending = self._pending, []
        if len(pending) == 1:
            self._show_alarm(pending[0])
        elif pending:
            self._message_contact = None
            count = len(pending)
            self._show_message(
                ngettext("{count} new reminder", "{count} new reminders", count).format(
                    count=count
                ),
                _summary(pending),
            )

    def _on_missed_alarms(self, missed: list[Reminder]) -> None:
        if len(missed) == 1:
            self._show_alarm(missed[0])
            return
        self._message_contact = None
        count = len(missed)
        self._show_message(
            ngettext(
                "{count} reminder while you were away",
                "{count} reminders while you were away",
                count,
            ).format(count=count),
            _summary(missed),
        )

    def _show_alarm(self, reminder: Reminder) -> None:
        self._message_contact = reminder.contact_id
        self._show_message(reminder.title, reminder.text)

    def _show_message(self, title: str, text: str) -> None:
        # Logged (ids only: the log holds no contact data) so a user, and the end-to-end
        # test, can see that the tray spoke.
        log.info(
            "Tray message shown (contact %s, tray visible: %s)",
            self._message_contact if self._message_contact is not None else "-",
            self._available and self._tray.isVisible(),
        )
        if self._available and self._tray.isVisible():
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
        self.message_shown.emit(title, text)

    # --- clicks ----------------------------------------------------------------------------

    def _on_message_clicked(self) -> None:
        if self._message_contact is not None:
            self.open_contact_requested.emit(self._message_contact)
        else:
            self.open_requested.emit()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    def _rebuild_menu(self) -> None:
        """Rebuilt each time it opens, so it never shows a stale list."""
        menu = self._menu
        menu.clear()
        due, count = self._notifier.due, self._notifier.due_count
        if not count:
            nothing = menu.addAction(_("Nothing due"))
            nothing.setEnabled(False)
        for reminder in due[:MENU_LIMIT]:
            self._add_reminder_menu(menu, reminder)
        if count > MENU_LIMIT:
            more = count - MENU_LIMIT
            menu.addAction(
                ngettext("{count} more…", "{count} more…", more).format(count=more),
                self.open_requested.emit,
            )
        menu.addSeparator()
        snooze_all = menu.addAction(_("Snooze all 1 hour"), self._snooze_all)
        snooze_all.setEnabled(bool(count))
        menu.addSeparator()
        menu.addAction(_("Open"), self.open_requested.emit)
        menu.addAction(_("Quit"), self.quit_requested.emit)

    def _add_reminder_menu(self, menu: QMenu, reminder: Reminder) -> None:
        label = _elide(reminder_label(reminder))
        sub = menu.addMenu(label)
        sub.setToolTip(reminder.text)
        contact_id, key = reminder.contact_id, reminder.key
        opener = QAction(_("Open {name}").format(name=_elide(reminder.full_name, 40)), sub)
        opener.triggered.connect(lambda: self.open_contact_requested.emit(contact_id))
        sub.addAction(opener)
        sub.addSeparator()
        for text, choice in (
            (_("Snooze 15 minutes"), SnoozeChoice.MINUTES_15),
            (_("Snooze 1 hour"), SnoozeChoice.HOUR_1),
            (_("Snooze until tomorrow"), SnoozeChoice.TOMORROW),
        ):

            def snooze(c: SnoozeChoice = choice) -> None:
                self._snooze(key, c)

            sub.addAction(text, snooze)
        sub.addAction(_("Done"), lambda: self._acknowledge(key))

    # A failure reaches the user the one way every failure does (through the runner when
    # the notifier has one, else here), never only the log.
    def _snooze(self, key: str, choice: SnoozeChoice) -> None:
        run_safely(None, lambda: self._notifier.snooze(key, choice))

    def _acknowledge(self, key: str) -> None:
        run_safely(None, lambda: self._notifier.acknowledge(key))

    def _snooze_all(self) -> None:
        run_safely(None, lambda: self._notifier.snooze_all(SnoozeChoice.HOUR_1))


def reminder_label(reminder: Reminder) -> str:
    """What the tray menu says: a follow-up's own note does not name the contact, so the
    name goes in front of it; other alarms' texts already name them."""
    if reminder.full_name and reminder.full_name not in reminder.text:
        return _("{name}: {text}").format(name=reminder.full_name, text=reminder.text)
    return reminder.text


def _elide(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Windows shows at most 255 characters of a balloon's text; other systems cut less.
BALLOON_LIMIT = 255
SUMMARY_LINE = 75  # a Dutch re-contact line with its date is ~80 with a short name


def _summary_line(reminder: Reminder, limit: int = SUMMARY_LINE) -> str:
    """One reminder in at most `limit` characters. A sentence that names the contact
    ("…contact op met {name}, zoals afgesproken voor {date}") loses part of the name, not
    its end, so the date stays; a follow-up's own note is cut at its end."""
    label = reminder_label(reminder)
    name = reminder.full_name
    over = len(label) - limit
    if over > 0 and name and name in reminder.text and len(name) - over - 1 >= 3:
        label = reminder_label(replace(reminder, full_name=name[: len(name) - over - 1] + "…"))
    return _elide(label, limit)


def _summary(reminders: list[Reminder], lines: int = 4) -> str:
    """The first few reminders and how many more, within a balloon's limit."""
    shown: list[str] = []
    for reminder in reminders[:lines]:
        line = f"• {_summary_line(reminder)}"
        rest = len(reminders) - len(shown) - 1
        more = [_more(rest)] if rest > 0 else []
        if shown and len("\n".join([*shown, line, *more])) > BALLOON_LIMIT:
            break
        shown.append(line)
    rest = len(reminders) - len(shown)
    return "\n".join([*shown, _more(rest)] if rest > 0 else shown)


def _more(count: int) -> str:
    return ngettext("and {count} more", "and {count} more", count).format(
        count=format_number(count)
    )
