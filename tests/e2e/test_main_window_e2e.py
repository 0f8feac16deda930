"""End to end on a real X server (Xvfb): the real app, demo data, a presentation "Not ready"."""

from __future__ import annotations

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


def _free_display() -> int:
    for number in range(91, 200):
        if (
            not Path(f"/tmp/.X{number}-lock").exists()
            and not Path(f"/tmp/.X11-unix/X{number}").exists()
        ):
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def x_display():
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    number = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.skip("Xvfb did not start")
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    try:
        server.wait(5)
    except subprocess.TimeoutExpired:
        server.kill()


def _env(display: str | None, platform: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "DESKTOP_CRM_LANG": "en"}
    if display:
        env["DISPLAY"] = display
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _fill_demo_data(data_dir: Path) -> None:
    base = [sys.executable, "-m", "desktop_crm", "--data-dir", str(data_dir)]
    env = _env(None, "offscreen")
    if (ROOT / "desktop_crm" / "cli" / "cmd_demo.py").exists():
        subprocess.run(
            [*base, "demo", "--count", "60"], env=env, check=True, timeout=120, capture_output=True
        )
        return
    for name in ("Sanne de Wit", "Joost Bakker", "Anna Jansen"):
        subprocess.run(
            [*base, "contacts", "add", name, "--stage", "prospect"],
            env=env,
            check=True,
            timeout=60,
            capture_output=True,
        )


def test_presentation_not_ready_puts_the_follow_up_in_today(x_display, tmp_path):
    data_dir = tmp_path / "data"
    shots = tmp_path / "shots"
    _fill_demo_data(data_dir)
    done = subprocess.run(
        [sys.executable, str(HERE / "drive_main_window.py"), str(data_dir), str(shots)],
        env=_env(x_display, "xcb"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "platform: xcb" in done.stdout
    for name in ("e2e-1-detail", "e2e-2-log-presentation", "e2e-3-logged", "e2e-4-today"):
        assert (shots / f"{name}.png").stat().st_size > 10_000
    keep = os.environ.get("DESKTOP_CRM_E2E_SHOTS")
    if keep:  # let a person look at them: DESKTOP_CRM_E2E_SHOTS=/some/folder
        shutil.copytree(shots, keep, dirs_exist_ok=True)


def test_the_command_line_screenshot_works_on_a_real_x_server(x_display, tmp_path):
    data_dir = tmp_path / "data"
    _fill_demo_data(data_dir)
    shot = tmp_path / "pipeline.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_crm",
            "--data-dir",
            str(data_dir),
            "--screenshot",
            str(shot),
            "--view",
            "pipeline",
        ],
        env=_env(x_display, "xcb"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 10_000
