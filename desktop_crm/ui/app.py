"""Starting the GUI: the QApplication, Qt's own translations, the database and the main window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QEvent,
    QObject,
    QSettings,
    QTimer,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop_crm.errors import UserError
from desktop_crm.i18n import _, current_language
from desktop_crm.resource_paths import resource
from desktop_crm.ui.feature_scan import use_cheap_scan
from desktop_crm.ui.load_ahead import (
    AFTER_START_QT_FREE,
    DETAIL_PANE_QT,
    LATER_PARTS_QT,
    LATER_PARTS_QT_FREE,
    LIST_MENU_QT,
    TABS_QT,
    import_in_turns,
    import_without_qt,
)
from desktop_crm.ui.qt_translations import install_qt_translations
from desktop_crm.ui.single_instance import SingleInstance
from desktop_crm.ui.start_steps import Responsiveness, StagedStart, Step, freeze_start_objects

if TYPE_CHECKING:
    from desktop_crm.ui.main_window import MainWindow
    from desktop_crm.ui.notifier import Notifier

# The window's modules (main_window pulls in the services, Peewee, Babel, phonenumbers) are
# imported inside the functions that need them: at start they load while the integrity
# check runs on its own thread.

log = logging.getLogger(__name__)
SCREENSHOT_SIZE = (1280, 800)


def _application() -> QApplication:
    # The desktop app only ever runs a QApplication (a widget one), never a bare core one.
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName("desktop-crm")
    app.setApplicationDisplayName(_("Desktop CRM"))
    app.setOrganizationName("desktop-crm")
    app.setDesktopFileName("desktop-crm")
    icon_path = resource("icons", "desktop-crm.svg")
    if icon_path.exists():
        app.setWindowIcon(QIcon(str(icon_path)))
    return app


def _install_error_hook(window: MainWindow) -> None:
    """An error escaping a slot reaches the user the way every failure does: the runner's
    one path (a UserError as its message; anything else logged with its traceback and
    one translated line)."""

    def hook(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
        if not isinstance(value, Exception):
            sys.__excepthook__(kind, value, trace)  # KeyboardInterrupt, SystemExit
            return
        window.runner.report(value.with_traceback(trace), window)

    sys.excepthook = hook


def _settings(context) -> QSettings:
    return QSettings(str(context.paths.local_settings), QSettings.Format.IniFormat)


def run_gui(args, context, import_file: str | None = None) -> int:
    from desktop_crm.ui.native_memory import limit_arenas

    limit_arenas()  # before Qt and the runner start their threads
    use_cheap_scan()  # before the window's modules load: 20–40 ms less (ui/feature_scan.py)
    from desktop_crm.store.server_driver import import_peewee_without_server_driver

    import_peewee_without_server_driver()  # 30–50 ms less on SQLite; a server loads it
    app = _application()
    from desktop_crm.ui.gui_thread_gc import GuiThreadCollector

    collector = GuiThreadCollector(app)  # noqa: F841  # lives as long as the app runs
    install_qt_translations(app, getattr(args, "lang", None) or current_language())
    screenshot = getattr(args, "screenshot", None)
    self_test = getattr(args, "self_test", False)
    guard = None
    if not (screenshot or self_test):
        claimed, guard = _claim_single_instance(app, context, import_file)
        if not claimed:
            return 0  # the running window shows itself (and the import)
    check = None if (screenshot or self_test) else _start_integrity_check(context)
    from desktop_crm.ui.main_window import MainWindow  # loads while the check runs
    from desktop_crm.ui.shutdown import quit_application, tear_down
    from desktop_crm.ui.start_check import CheckAfterPaint, settle_integrity

    # Still checking: the window is built and painted from a read-only connection, and
    # every write waits for the check (CheckAfterPaint). Otherwise, as before: the check's
    # answer (and on damage the recovery) before the file is opened.
    pending = CheckAfterPaint.begin(check, context) if check is not None else None
    try:
        if pending is None:
            if check is not None:
                settle_integrity(check.result(), context)
            context.open()
    except UserError as exc:
        from PySide6.QtWidgets import QMessageBox  # its enums only when needed (~2 ms)

        QMessageBox.critical(None, _("Desktop CRM"), exc.message)
        return exc.exit_code
    settings = None if screenshot or self_test else _settings(context)
    region = _apply_preferences(args, settings, context.region)
    # Only what the first paint shows is built now; the rest follows the paint in steps.
    window = MainWindow(
        clock=context.clock, region=region, settings=settings, paint_first=not self_test
    )
    if pending is not None:
        pending.hold_writes(window, app)  # before anything can ask for a write
    _install_error_hook(window)
    window.shell.data_paths = context.paths
    if self_test:
        print(
            _("Desktop CRM starts: the window, the database and {count} tabs are fine.").format(
                count=window.tabs.count()
            )
        )
        return 0
    if screenshot:
        code = take_screenshot(app, window, Path(screenshot), getattr(args, "view", "list"))
        tear_down(app, window, {})
        return code
    parts: dict = {"single_instance": guard, "check": pending}
    _wire_single_instance(window, guard)  # a second start's request is never lost
    restart = {"wanted": False}
    quit_now = partial(quit_application, app, window, parts)
    window.shell.quit_requested.connect(quit_now)
    window.shell.restart_requested.connect(lambda: (restart.update(wanted=True), quit_now()))
    window.shell.restart_elsewhere_requested.connect(
        lambda: (restart.update(wanted=True, elsewhere=True), quit_now())
    )
    # Until the tray step decides, a closed window must not end the app: the tray (and the
    # reminders in it) may be a step away. tray_settled ends it if there is no tray.
    app.setQuitOnLastWindowClosed(False)
    staged = StagedStart(parent=app)
    staged.extend(start_steps(app, window, context, parts, settings, region, staged))
    app.aboutToQuit.connect(staged.stop)  # a quit during the steps ends them
    parts["start"] = staged
    if os.environ.get("DESKTOP_CRM_REPORT_FIRST_PAINT"):
        _report_interactive(window, staged, parts)

    if getattr(args, "minimized", False):
        # A window in the tray never paints: the steps start at once (the tray among them;
        # with no tray to live in, the window shows minimised, never invisible).
        staged.finished.connect(
            lambda: window.showMinimized() if parts.get("tray") is None else None
        )
        staged.start()
    else:
        painted = _FirstPaint(staged.start, delay_ms=0)
        window.installEventFilter(painted)
        parts["first_paint"] = painted
        window.show()
    if import_file:
        QTimer.singleShot(0, lambda: window.start_import(Path(import_file)))
    code = app.exec()
    log.info("Event loop ended (%s); waiting for writes in flight", code)
    window.runner.shutdown()  # writes in flight finish; the workers close their connections
    tear_down(app, window, parts)
    if restart["wanted"]:
        _start_again(elsewhere=restart.get("elsewhere", False))
    return code


def start_steps(
    app: QApplication,
    window: MainWindow,
    context,
    parts: dict,
    settings,
    region: str,
    staged: StagedStart,
) -> list[Step]:
    """What follows the first paint, in order: the first view (Today when something is
    due; the next step waits for that answer), the later parts' modules (those without Qt
    on the runner's background thread, then those with Qt on the GUI thread, one a turn:
    `ui/load_ahead.py`), the rest of the window (the detail pane waits for the Contacts tab
    when Today opened first), the tray and the notifier, and the background work (the
    notifier's first check reads on a reader, the daily backup runs on the writer). Sync,
    the sample-data look, the detail pane's and the tabs' modules come after the start
    (`after_the_start`)."""

    # The first view's read may wait for the integrity check (writes first): the modules
    # load meanwhile, and only the detail pane's step waits for the answer.
    first: dict[str, Callable[[], None] | bool] = {"answered": False}

    def first_view_answered() -> None:
        first["answered"] = True
        release = first.get("release")
        if callable(release):
            release()

    def wait_for_first_view() -> None:
        if not first["answered"]:
            first["release"] = staged.hold()

    def load_modules() -> None:
        release = staged.hold()

        def qt_half(_result: object = None) -> None:
            import_in_turns(LATER_PARTS_QT, release, parent=window)

        # The worker's half first, then the GUI thread's, a module a turn: every Qt module here
        # imports the worker's services, and begun at the same time the GUI thread sat blocked
        # on their import locks (the notifier's import: one 40-70 ms turn at 100k) instead of
        # answering events. Needs no data: it does not wait for the check's hold on the writer.
        window.runner.query(
            _import_later_parts,
            qt_half,
            background=True,
            after_writes=False,
            on_failure=qt_half,  # reported; the window is built anyway
        )

    def optional_parts() -> None:
        try:
            parts.update(_wire_optional_parts(app, window, settings))
            # Its first read is on the writer: asked once the check lets go of the writer.
            _when_writable(parts, parts["watcher"].start)
        finally:
            if not window.shell.tray_decided:  # the step failed: no tray, so a close quits
                app.setQuitOnLastWindowClosed(True)
                window.shell.tray_settled(False)

    def sync() -> None:
        from desktop_crm.ui.sync.controller import install_sync

        parts["sync"] = install_sync(
            window, window.bus, context.paths.root, region=region, clock=context.clock
        )

    def after_the_start() -> None:
        """Nothing the first view needs: their modules load on the background thread
        once the start is done, and sync and the sample-data look follow them."""

        def install() -> None:
            if not staged.is_stopped:  # quitting
                sync()
                window.shell.check_sample_data()
                # What the first switch to a tab or to Contacts would import (Qt Charts:
                # 80 ms), a module a turn while the window waits for the user; after the
                # pane, whose parts would otherwise share their turns with these.
                window.when_built(
                    lambda: import_in_turns(TABS_QT + DETAIL_PANE_QT + LIST_MENU_QT, parent=window)
                )

        window.runner.query(
            _import_after_the_start,
            lambda _none: import_in_turns(
                ("desktop_crm.ui.sync.controller",), install, parent=window
            ),
            background=True,
            after_writes=False,
            parent=window,
        )

    def answer_later_starts() -> None:
        guard = parts.get("single_instance")
        if guard is not None:
            guard.serve()

    return [
        ("first view", lambda: window.open_first_view(then=first_view_answered)),
        ("answer later starts", answer_later_starts),
        ("load the later parts' modules", load_modules),
        ("wait for the first view", wait_for_first_view),
        *window.later_steps(load_ahead=True),
        ("tray, notifier and change watcher", optional_parts),
        ("background work", lambda: _after_first_paint(window, context, parts)),
        ("freeze the start's objects", freeze_start_objects),
        ("after the start", after_the_start),
    ]


def _import_later_parts() -> None:
    """On a worker: the Qt-free modules the start's later steps build from (Babel's locale
    data, the reminders and Today's services); their Qt modules load on the GUI thread."""
    from desktop_crm.i18n.formatting import load_ahead

    load_ahead()  # Babel's modules and locale data: the first page did without them
    import_without_qt(LATER_PARTS_QT_FREE)


def _import_after_the_start() -> None:
    """On a worker, after the start: the Qt-free modules of what no first view needs (the
    sample data, the detail pane's services, the tabs' services)."""
    import_without_qt(AFTER_START_QT_FREE)


def _apply_preferences(args, settings: QSettings | None, region: str) -> str:
    """The user's Settings: language (unless --lang), currency, and phone region (unless --region)."""
    from desktop_crm.i18n import set_language
    from desktop_crm.ui.settings.preferences import (
        apply_formatting,
        load_preferences,
        stored_language,
    )

    if settings is None:
        return region
    preferences = load_preferences(settings)
    chosen_language = stored_language(settings)
    if chosen_language and not getattr(args, "lang", None):
        set_language(chosen_language)
        install_qt_translations(cast(QApplication, QApplication.instance()), chosen_language)
    apply_formatting(preferences)
    return region if getattr(args, "region", None) else preferences.phone_region


def _start_again(elsewhere: bool = False) -> None:
    """A new process with the same command line (Settings › language); ours has let go of
    the single-instance socket already, so the new one does not hand over to us.
    `elsewhere` (File › Database…): without the path override, so the new choice applies."""
    from PySide6.QtCore import QProcess

    command = list(getattr(sys, "orig_argv", [])) or [sys.executable, *sys.argv]
    if elsewhere:
        from desktop_crm.services.data_location import PATH_VARIABLES, restart_arguments

        command = restart_arguments(command)
        for name in PATH_VARIABLES:
            os.environ.pop(name, None)  # the new process inherits our environment
    QProcess.startDetached(command[0], command[1:])


class _FirstPaint(QObject):
    """Calls back once the window has painted for the first time."""

    def __init__(self, callback, *, delay_ms: int = 50):
        super().__init__()
        self._callback = callback
        self._delay_ms = delay_ms
        self._done = False

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            if os.environ.get("DESKTOP_CRM_REPORT_FIRST_PAINT"):
                # for bench/: the moment, not the PNG (one write: other threads print too)
                print("first paint\n", end="", flush=True)
            # Let the children finish their own first paint before the window is grabbed.
            QTimer.singleShot(self._delay_ms, self._callback)
        return False


# `--screenshot PATH --view NAME` also takes these: the PNG is the dialog over the list.
DIALOG_VIEWS = ("settings", "export", "backups", "import-history", "shortcuts", "about")


def open_view_dialog(window: MainWindow, view: str):
    """Open the dialog a screenshot view names; None for a view that is a tab."""
    shell = window.shell
    opener = {
        "settings": shell.open_settings,
        "export": shell.open_export,
        "backups": shell.open_backups,
        "import-history": shell.open_import_history,
        "shortcuts": shell.open_shortcuts,
        "about": shell.open_about,
    }.get(view)
    return opener() if opener is not None else None


def prepare_for_screenshot(window: MainWindow, view: str) -> None:
    from desktop_crm.ui.main_window import VIEWS

    window.resize(*SCREENSHOT_SIZE)
    window.contact_list.select_first()
    if view in DIALOG_VIEWS:
        window.show_view("list")
        return
    if view not in VIEWS or not window.show_view(view):
        log.warning("view %s is not available; showing the list", view)
        window.show_view("list")


def take_screenshot(app: QApplication, window: MainWindow, path: Path, view: str) -> int:
    """Open at 1280×800 with the first contact selected, save a PNG once all is shown.

    The window paints first as at a real start; then the rest of it is built, the first
    contact selected and the view shown."""
    window.resize(*SCREENSHOT_SIZE)
    outcome = {"code": 1}

    def grab() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        target = open_view_dialog(window, view) if view in DIALOG_VIEWS else None
        if target is not None:
            app.processEvents()  # lay the dialog out before it is drawn
        picture = (target or window).grab()
        if target is not None:
            target.done(0)
        if picture.save(str(path), "PNG"):
            outcome["code"] = 0
        else:
            print(_("Could not write the screenshot to {path}.").format(path=path), file=sys.stderr)
        app.quit()

    asked = {"grab": False}

    def grab_when_loaded() -> None:
        # The views read off the GUI thread and make their rows and cards a batch per turn:
        # grab once everything asked for has arrived and been made (looked at whenever the
        # runner falls idle or a view has made its rows).
        if asked["grab"] or not window.runner.is_idle() or window.views_building():
            return
        asked["grab"] = True
        QTimer.singleShot(0, window, grab)  # after the turn that made the last rows

    def after_first_paint() -> None:
        for _name, step in window.later_steps():
            step()
        prepare_for_screenshot(window, view)
        window.runner.idle.connect(grab_when_loaded)
        window.views_built.connect(grab_when_loaded)
        grab_when_loaded()

    watcher = _FirstPaint(after_first_paint)
    window.installEventFilter(watcher)
    window.show()
    QTimer.singleShot(15_000, app.quit)  # never hang a test run if nothing paints
    app.exec()
    window.removeEventFilter(watcher)
    window.close()
    return outcome["code"]


def _start_integrity_check(context):
    """The quick_check of the SQLite file, started on its own thread (see run_gui)."""
    from desktop_crm.services.startup_check import CheckInBackground

    return CheckInBackground(context.paths)


def _after_first_paint(window: MainWindow, context, parts: dict) -> None:
    """What start-up does once the window shows: the notifier's first check (what fell due
    while the app was closed) and the daily backup, both on the runner's workers, asked once
    the integrity check has let go of the writer (until then they would hold every read) and
    the first view has made its rows: the check's Python shares the GIL with the GUI thread
    and stretched each of Today's build turns 2-4x at 100,000 contacts."""

    def start() -> None:
        notifier = parts.get("notifier")
        if notifier is not None:
            notifier.start()
        _daily_backup(window, context)
        parts["background asked"] = True  # "settled" waits for this work, too

    _when_writable(parts, lambda: _when_views_built(window, start))


# How long the start's background work waits for the first view's rows at most: a view
# that never ends its build must not hold back the alarms.
VIEWS_BUILT_WAIT_S = 3.0


def _when_views_built(window: MainWindow, callback: Callable[[], object]) -> None:
    """`callback` now, or once no tab is making the rows or cards of a read (the window's
    `views_built`), or after VIEWS_BUILT_WAIT_S, whichever comes first."""
    if not window.views_building():
        callback()
        return
    give_up = QTimer(window)
    give_up.setSingleShot(True)
    waiting = [True]

    def go() -> None:
        if not waiting:
            return  # the other of the two came first
        waiting.clear()
        give_up.stop()
        give_up.deleteLater()
        window.views_built.disconnect(go)
        callback()

    window.views_built.connect(go)
    give_up.timeout.connect(go)
    give_up.start(int(VIEWS_BUILT_WAIT_S * 1000))


def _when_writable(parts: dict, callback: Callable[[], object]) -> None:
    """`callback` now, or once the integrity check that runs after the paint has settled."""
    check = parts.get("check")
    if check is None:
        callback()
    else:
        check.when_writable(callback)


def _report_interactive(window: MainWindow, staged: StagedStart, parts: dict) -> None:
    """For bench/: print "interactive" once the start's steps are done and a read sent
    through the runner comes back within 50 ms (the GUI thread answers and a reader is
    free; the first view may still be making its rows a few per turn, each turn short),
    and "settled" once the runner is idle after them and the views have made what they
    read (the notifier's first check, the backup and the rest done). With
    DESKTOP_CRM_REPORT_FIRST_PAINT=quit, quit after both."""
    from desktop_crm.services.change_feed import change_marker

    seen: set[str] = set()

    def say(what: str) -> None:
        if what in seen:
            return
        seen.add(what)
        print(what + "\n", end="", flush=True)  # one write: a line is never split
        if seen == {"interactive", "settled"} and (
            os.environ.get("DESKTOP_CRM_REPORT_FIRST_PAINT") == "quit"
        ):
            QTimer.singleShot(0, window.shell.quit_requested.emit)

    def settled() -> None:
        if "interactive" not in seen or not window.runner.is_idle():
            return
        # Today's rows still coming a few per turn (views_built calls again), or the
        # notifier's first check and the backup not asked yet (they wait for those rows;
        # once asked, the runner falls idle after them and calls again).
        if window.views_building() or not parts.get("background asked"):
            return
        say("settled")

    probe = Responsiveness(
        lambda back: window.runner.query(change_marker, back, key="start-probe"),
        ready=lambda: window.is_built,
        parent=window,
    )

    def answered(_took: float) -> None:
        say("interactive")
        settled()

    probe.answered.connect(answered)
    staged.finished.connect(probe.start)
    window.runner.idle.connect(settled)
    window.views_built.connect(settled)


def _daily_backup(window: MainWindow, context) -> None:
    """The automatic backup when the last one is over a day old. A failure does not stop
    work; it reaches the user the one way failures do, so a broken backup is not silent."""
    from desktop_crm.services.backup import backup_if_due

    clock = context.clock
    window.runner.mutate(lambda: backup_if_due(clock), parent=window)


def _claim_single_instance(app: QApplication, context, import_file: str | None):
    """(claimed, guard): False when a running instance took our request and we should exit."""
    guard = SingleInstance(context.paths.root, parent=app)
    if guard.claim():  # answering waits for the paint (a start step): later starts wait
        return True, guard
    if guard.hand_over(import_file):
        return False, guard
    return True, guard  # a hung instance: better a second window than a lost request


def _wire_single_instance(window: MainWindow, guard) -> None:
    """A second start brings this window up (and opens its file's import)."""
    if guard is None:
        return
    guard.activate_requested.connect(lambda: _bring_up(window))

    def bring_up_and_import(path: str) -> None:
        _bring_up(window)
        window.start_import(Path(path))

    guard.import_requested.connect(bring_up_and_import)


def _wire_optional_parts(app: QApplication, window: MainWindow, settings) -> dict:
    """Tray and notifier are built separately; each is used when it is present."""
    from desktop_crm.ui.change_watcher import ChangeWatcher
    from desktop_crm.ui.notifier import Notifier
    from desktop_crm.ui.tray import TrayIcon

    parts: dict = {}

    # Writes by the command line or another desktop on a shared database show up here.
    parts["watcher"] = ChangeWatcher(window.bus, runner=window.runner, parent=window)
    notifier = Notifier(window.clock, runner=window.runner, parent=app)
    tray = TrayIcon(notifier, settings=settings, parent=app)

    def bring_up_and_open(cid: int) -> None:
        _bring_up(window)
        window.open_contact(cid)

    tray.open_contact_requested.connect(bring_up_and_open)
    tray.open_requested.connect(lambda: _bring_up(window))
    notifier.changed.connect(window.bus.publish)  # a tray snooze refreshes the open contact
    connect_snooze_all(window, notifier)
    window.shell.attach_tray(tray)  # the tray's Quit quits like File › Quit
    # A follow-up added, done or snoozed, or a birthday edited in the window changes what
    # is due now (outside writes reach the notifier through its own change marker).
    window.bus.changed.connect(
        lambda changes: (
            notifier.check_now()
            if (changes.follow_ups or changes.everything or changes.contact_ids)
            else None
        )
    )
    shown = tray.show()
    # With a tray, closing the window keeps reminders running; without one, it quits.
    app.setQuitOnLastWindowClosed(not (shown and tray.available))
    parts.update(notifier=notifier, tray=tray if shown and tray.available else None)
    window.shell.tray_settled(shown and tray.available)
    return parts


def connect_snooze_all(window: MainWindow, notifier: Notifier) -> None:
    """The window's Snooze all (View menu, Today) is the tray's: the notifier snoozes what is
    due, through the runner, and the tray's count drops."""
    from desktop_crm.ui.error_dialog import run_safely

    window.snooze_all_requested.connect(
        lambda choice: run_safely(window, lambda: notifier.snooze_all(choice))
    )


def _bring_up(window: MainWindow) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()
