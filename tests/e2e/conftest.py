"""A real X server on display :108 (1366×768) with the openbox window manager."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

DISPLAY = ":108"


@pytest.fixture
def display_108():
    for tool in ("Xvfb", "openbox", "dbus-run-session"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    if Path("/tmp/.X11-unix/X108").exists():
        pytest.skip("display :108 is in use")
    server = subprocess.Popen(
        ["Xvfb", DISPLAY, "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-noreset"],
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
