"""End to end on a real X server with a real tray: a follow-up due now shows a tray message.

Xvfb gives the display, `trayer` the XEmbed system tray; the notifier and tray run in a
child process on Qt's xcb platform. Run as a script, this file is that child process."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

NEEDED = ("Xvfb", "trayer", "xdpyinfo", "import")
ROOT = Path(__file__).resolve().parents[2]


_USED_DISPLAYS: set[int] = set()


def _free_display() -> int:
    """A display number no X server holds, and none this test run used before: a server
    just stopped may still be letting go of its number."""
    for number in range(90, 190):
        if number in _USED_DISPLAYS:
            continue
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex(("127.0.0.1", 6000 + number)) == 0:
                continue
        _USED_DISPLAYS.add(number)
        return number
    raise RuntimeError("no free X display number")


def _wait(predicate, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def _panel_mapped(env: dict[str, str]) -> bool:
    """Whether trayer's panel window is on screen."""
    found = subprocess.run(
        ["xwininfo", "-name", "panel"], capture_output=True, text=True, env=env, check=False
    )
    return "IsViewable" in found.stdout


def _stop(proc: subprocess.Popen | None) -> None:
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture
def x_display(tmp_path):
    """An Xvfb display with trayer as its system tray; yields the environment for clients."""
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        pytest.skip(
            "needs " + ", ".join(missing) + " (apt-get install xvfb trayer x11-utils imagemagick)"
        )
    logs = tmp_path / "x-logs"
    logs.mkdir()
    failures: list[str] = []
    # Now and then a fresh Xvfb answers xdpyinfo but turns trayer away ("cannot open
    # display"): start again on another display number rather than fail the test.
    for _attempt in range(5):
        started = _start_x_with_tray(tmp_path, logs)
        if isinstance(started, str):
            failures.append(started)
            continue
        env, xvfb, tray = started
        try:
            yield env
        finally:
            _stop(tray)
            _stop(xvfb)
        return
    pytest.fail("; ".join(failures))


def _start_x_with_tray(
    tmp_path: Path, logs: Path
) -> tuple[dict[str, str], subprocess.Popen, subprocess.Popen] | str:
    """(environment, Xvfb, trayer) with trayer's panel on screen, or what went wrong."""
    number = _free_display()
    display = f":{number}"
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", DESKTOP_CRM_LANG="en")
    # No session bus: Qt then uses the XEmbed tray (trayer) and draws its own message balloon.
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("WAYLAND_DISPLAY", None)
    runtime = tmp_path / f"runtime-{number}"
    runtime.mkdir(mode=0o700)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    # The child runs this file as a script: it must find the package from a checkout too.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1024x600x24", "-nolisten", "tcp", "-noreset"],
        stdout=open(logs / f"xvfb-{number}.log", "w"),
        stderr=subprocess.STDOUT,
    )
    ready = _wait(
        lambda: (
            subprocess.run(
                ["xdpyinfo", "-display", display], capture_output=True, env=env
            ).returncode
            == 0
        ),
        timeout=15,
    )
    if not ready or xvfb.poll() is not None:
        # Exited: another process (another test run on this machine) took the number
        # between our look and the start, and its server answered xdpyinfo.
        _stop(xvfb)
        return "Xvfb did not start: " + (logs / f"xvfb-{number}.log").read_text()
    tray = subprocess.Popen(
        [
            "trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
            "--height", "32", "--transparent", "false", "--tint", "0x404040",
            "--SetDockType", "true",
        ],
        env=env,
        stdout=open(logs / f"trayer-{number}.log", "w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    # trayer takes the _NET_SYSTEM_TRAY selection once its "panel" window maps; the
    # timeout is a limit for a busy 2-core machine, not a pause.
    _wait(lambda: tray.poll() is not None or _panel_mapped(env), timeout=45)
    if tray.poll() is not None or not _panel_mapped(env):
        _stop(tray)
        _stop(xvfb)
        return "trayer did not start: " + (logs / f"trayer-{number}.log").read_text()
    return env, xvfb, tray


def _database_with_follow_up_due_now(data_dir: Path) -> int:
    from desktop_crm.domain.clock import SystemClock
    from desktop_crm.services import followups
    from desktop_crm.store import models as m
    from desktop_crm.store.database import close_database, open_database

    open_database(path=data_dir / "desktop-crm.sqlite")
    try:
        contact = m.Contact.create(display_name="Anna de Vries").id
        due = SystemClock().now() - timedelta(seconds=5)
        followups.add_follow_up(contact, due, "Call Anna about the offer")
        return contact
    finally:
        close_database()


@pytest.mark.e2e
def test_tray_message_for_a_follow_up_due_now(x_display, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    contact = _database_with_follow_up_due_now(data_dir)
    marker = tmp_path / "tray.json"
    log_file = tmp_path / "tray.log"
    child = subprocess.Popen(
        [
            sys.executable, __file__, "--data-dir", str(data_dir), "--marker", str(marker),
            "--log", str(log_file), "--seconds", "20",
        ],
        env=x_display,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        _wait(lambda: marker.exists() or child.poll() is not None, timeout=30)
        if not marker.exists():
            _stop(child)
            pytest.fail(
                "no tray message; child said:\n" + (child.stdout.read() if child.stdout else "")
            )
        shown = json.loads(marker.read_text())
        assert shown["tray_available"] is True, shown
        assert shown["tray_visible"] is True, shown
        assert shown["title"] == "Follow-up: Anna de Vries"
        assert shown["text"] == "Call Anna about the offer"
        assert shown["contact_id"] == contact
        logged = log_file.read_text()
        assert f"Tray message shown (contact {contact}, tray visible: True)" in logged
        assert "Anna" not in logged  # the log holds ids, never names
        time.sleep(1.5)  # the picture only, no assertion: let the balloon fade in first
        screenshot = tmp_path / "tray-e2e.png"
        subprocess.run(
            ["import", "-display", x_display["DISPLAY"], "-window", "root", str(screenshot)],
            check=True,
            env=x_display,
            timeout=30,
        )
        assert screenshot.stat().st_size > 1000
        keep = os.environ.get("DESKTOP_CRM_E2E_ARTIFACTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(screenshot, Path(keep) / screenshot.name)
    finally:
        _stop(child)


@pytest.mark.e2e
def test_the_real_app_raises_a_due_follow_up_in_the_tray(x_display, tmp_path):
    """`desktop-crm` itself, started minimised to the tray, says a due follow-up once."""
    data_dir = tmp_path / "app-data"
    data_dir.mkdir(mode=0o700)
    contact = _database_with_follow_up_due_now(data_dir)
    log_file = data_dir / "logs" / "desktop-crm.log"
    app = subprocess.Popen(
        [sys.executable, "-m", "desktop_crm", "--data-dir", str(data_dir), "--minimized"],
        cwd=ROOT, env=x_display, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    expected = f"Tray message shown (contact {contact}, tray visible: True)"
    try:
        shown = _wait(lambda: log_file.exists() and expected in log_file.read_text(), timeout=40)
        if not shown:
            _stop(app)
            pytest.fail(
                "the app showed no tray message; log:\n"
                + (log_file.read_text() if log_file.exists() else "(none)")
                + "\noutput:\n"
                + (app.stdout.read() if app.stdout else "")
            )
        time.sleep(1.5)  # the picture only, no assertion: let the balloon fade in first
        screenshot = tmp_path / "app-tray-e2e.png"
        subprocess.run(
            ["import", "-display", x_display["DISPLAY"], "-window", "root", str(screenshot)],
            check=True, env=x_display, timeout=30,
        )  # fmt: skip
        assert screenshot.stat().st_size > 1000
        keep = os.environ.get("DESKTOP_CRM_E2E_ARTIFACTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(screenshot, Path(keep) / screenshot.name)
        assert app.poll() is None, "the app must keep running in the tray"
        # Delivered once: the delivery is recorded, so the next start does not repeat it.
        assert log_file.read_text().count(expected) == 1
    finally:
        _stop(app)


# --- the child process ----------------------------------------------------------------------


def _child(argv: list[str]) -> int:
    """Notifier and tray on the real display; writes what the tray showed to --marker."""
    import argparse
    import logging

    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--marker", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args(argv)
    logging.basicConfig(filename=args.log, level=logging.INFO, format="%(name)s %(message)s")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from desktop_crm.domain.clock import SystemClock
    from desktop_crm.store.database import open_database
    from desktop_crm.ui.notifier import Notifier
    from desktop_crm.ui.tray import TrayIcon

    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    open_database(path=Path(args.data_dir) / "desktop-crm.sqlite")
    # trayer may still be mapping its window: give the tray a few seconds to appear.
    deadline = time.monotonic() + 10
    while not QSystemTrayIcon.isSystemTrayAvailable() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.1)

    notifier = Notifier(SystemClock())
    # Connected before the tray's own slots, so the contact is known when the message shows.
    shown_contact: dict[str, int | None] = {"id": None}
    notifier.alarm_raised.connect(lambda r: shown_contact.update(id=r.contact_id))
    notifier.missed_alarms.connect(lambda rs: shown_contact.update(id=rs[0].contact_id))
    tray = TrayIcon(notifier)
    tray.show()

    def record(title: str, text: str) -> None:
        Path(args.marker).write_text(
            json.dumps(
                {
                    "title": title,
                    "text": text,
                    "contact_id": shown_contact["id"],
                    "tray_available": tray.available,
                    "tray_visible": tray.tray.isVisible(),
                    "at": datetime.now().astimezone().isoformat(),
                }
            )
        )

    tray.message_shown.connect(record)
    # Start once the icon is embedded, as the app does after its window is up.
    QTimer.singleShot(500, notifier.start)
    QTimer.singleShot(int(args.seconds * 1000), app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
