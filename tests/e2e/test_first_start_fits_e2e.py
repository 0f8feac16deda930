"""On a real X server at 1366×768 with a tray bar along the bottom that reserves no room
(`trayer --edge bottom --height 28`, which sets no strut): the window of a first start, frame
and status bar included, ends above the bar."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BAR_TOP = 768 - 28


def _xdotool(display: str, *args: str) -> str:
    env = {**os.environ, "DISPLAY": display}
    return subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, timeout=30
    ).stdout.strip()


def _clients(display: str) -> str:
    env = {**os.environ, "DISPLAY": display}
    found = subprocess.run(
        ["xprop", "-root", "_NET_CLIENT_LIST"], env=env, capture_output=True, text=True
    ).stdout
    return found.split("#", 1)[1].strip() if "#" in found else ""


def _frame_bottom(display: str, window: str) -> int:
    """The lowest row of the window's frame: its client area plus the frame's bottom edge."""
    env = {**os.environ, "DISPLAY": display}
    found = subprocess.run(
        ["xprop", "-id", window, "_NET_FRAME_EXTENTS"], env=env, capture_output=True, text=True
    ).stdout
    extents = [int(v) for v in found.split("=", 1)[1].split(",")] if "=" in found else [0] * 4
    # xwininfo, not `xdotool getwindowgeometry`: xdotool adds the title bar to Y twice.
    info = subprocess.run(
        ["xwininfo", "-id", window], env=env, capture_output=True, text=True
    ).stdout
    fields = dict(line.strip().split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Absolute upper-left Y"]) + int(fields["Height"]) + extents[3]


def test_the_first_window_ends_above_a_tray_bar_without_a_strut(display_108, tmp_path):
    for tool in ("trayer", "xdotool", "xprop", "xwininfo"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    env = {**os.environ, "DISPLAY": display_108, "DESKTOP_CRM_LANG": "en"}
    env.pop("QT_QPA_PLATFORM", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    bar = subprocess.Popen(
        ["trayer", "--edge", "bottom", "--height", "28"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    app = None
    try:
        deadline = time.monotonic() + 20
        # The bar is up once the window manager lists it among its clients.
        while not _clients(display_108) and time.monotonic() < deadline:
            time.sleep(0.1)
        app = subprocess.Popen(
            [sys.executable, "-m", "desktop_crm", "--data-dir", str(tmp_path / "data")],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        window = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            window = _xdotool(display_108, "search", "--onlyvisible", "--name", "^Desktop CRM$")
            if window:
                break
            time.sleep(0.2)
        assert window, "the window did not show"
        window = window.splitlines()[-1]
        # The window settles once the frame is known (the refit a turn after the show).
        bottoms = []
        while time.monotonic() < deadline and (len(bottoms) < 3 or len(set(bottoms[-3:])) > 1):
            bottoms.append(_frame_bottom(display_108, window))
            time.sleep(0.3)
        assert bottoms[-1] <= BAR_TOP, bottoms
    finally:
        for process in (app, bar):
            if process is not None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
