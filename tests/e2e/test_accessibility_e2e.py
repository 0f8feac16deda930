"""Over AT-SPI, as a screen reader and acceptance see the real window on X (display :108,
openbox): the detail pane's fields are found by their names."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SYSTEM_PYTHON = "/usr/bin/python3"
DISPLAY = ":108"


def _system_has_pyatspi() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    done = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, timeout=30)
    return done.returncode == 0


@pytest.fixture
def display_108():
    for tool in ("Xvfb", "openbox", "dbus-run-session"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    if not _system_has_pyatspi():
        pytest.skip("pyatspi is missing (apt-get install python3-pyatspi at-spi2-core)")
    if Path("/tmp/.X11-unix/X108").exists():
        pytest.skip("display :108 is in use")
    server = subprocess.Popen(
        ["Xvfb", DISPLAY, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path("/tmp/.X11-unix/X108")
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.skip("Xvfb did not start")
        time.sleep(0.05)
    manager = subprocess.Popen(
        ["openbox"],
        env={**os.environ, "DISPLAY": DISPLAY},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield DISPLAY
    for process in (manager, server):
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()


def test_the_job_title_field_is_found_by_its_name_over_atspi(display_108, tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESKTOP_CRM_LANG": "en"}
    env["PYTHONPATH"] = str(ROOT)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_crm",
            "--data-dir",
            str(data),
            "contacts",
            "add",
            "Anna Jansen",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    env.update(DISPLAY=display_108)
    env.pop("QT_QPA_PLATFORM")
    done = subprocess.run(
        [
            "dbus-run-session",
            "--",
            SYSTEM_PYTHON,
            str(HERE / "atspi_probe.py"),
            sys.executable,
            str(data),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])["found"]
    # A field (role "text") of that name, not only the label beside it.
    for name in ("Job title", "Company", "First name", "Last name", "Search contacts"):
        assert "text" in found.get(name, []), found
