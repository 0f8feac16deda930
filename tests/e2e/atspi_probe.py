"""What a screen reader sees: run with the system Python (which has pyatspi) inside
`dbus-run-session`; starts the window with the app's Python and prints, as JSON, the
accessible names and roles of the detail pane's text fields it finds over AT-SPI.

Usage: atspi_probe.py APP_PYTHON DATA_DIR"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from atspi_audit import app_named  # beside this file, on sys.path when run

HERE = Path(__file__).resolve().parent
WANTED = ("Job title", "Company", "First name", "Last name", "Search contacts")
DEADLINE_S = 30


def _walk(node, depth=0, found=None):
    found = {} if found is None else found
    if node is None or depth > 60:
        return found
    try:
        name, role = node.name, node.getRoleName()
        children = list(node)
    except Exception:  # a node that went away while walking
        return found
    if name in WANTED and role not in found.setdefault(name, []):
        found[name].append(role)  # a label and its field may share the name
    for child in children:
        _walk(child, depth + 1, found)
    return found


def main(app_python: str, data_dir: str) -> int:
    env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_QPA_PLATFORM": "xcb"}
    window = subprocess.Popen(
        [app_python, str(HERE / "atspi_window.py"), data_dir],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = window.stdout.readline().strip()  # blocks until the window is on screen
        if line != "ready":
            print(json.dumps({"error": f"window said {line!r}"}))
            return 1
        found: dict = {}
        started = time.monotonic()
        # The tree is filled over D-Bus after the window shows; ask again until it is there.
        while time.monotonic() - started < DEADLINE_S:
            app = app_named("desktop-crm-atspi-check")
            found = _walk(app) if app is not None else {}
            if all("text" in found.get(name, []) for name in WANTED):
                break
            time.sleep(0.5)
        print(json.dumps({"found": found}))
        return 0
    finally:
        window.terminate()
        window.wait(10)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
