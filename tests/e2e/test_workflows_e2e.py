"""End to end on Xvfb :108 with openbox at 1366×768: the real window, real clicks and keys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def test_unsaved_edit_search_keys_and_palette_on_a_real_x_server(display_108, tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESKTOP_CRM_LANG": "en"}
    env["PYTHONPATH"] = str(ROOT)
    base = [sys.executable, "-m", "desktop_crm", "--data-dir", str(data)]
    for name in ("Anna Jansen", "Joost Bakker", "Sanne de Wit"):
        subprocess.run(
            [*base, "contacts", "add", name], env=env, check=True, capture_output=True, timeout=60
        )
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=display_108)
    done = subprocess.run(
        [sys.executable, str(HERE / "drive_workflows.py"), str(data)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "platform: xcb" in done.stdout
    for check in ("unsaved edit kept", "undo", "search keys", "palette", "context menu keys"):
        assert f"ok: {check}" in done.stdout, done.stdout
