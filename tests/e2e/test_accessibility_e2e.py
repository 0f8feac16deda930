"""Over AT-SPI, as a screen reader and acceptance see the real window on X (display :108,
openbox): the detail pane's fields are found by their names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SYSTEM_PYTHON = "/usr/bin/python3"


def _system_has_pyatspi() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    done = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, timeout=30)
    return done.returncode == 0


def test_the_job_title_field_is_found_by_its_name_over_atspi(display_108, tmp_path):
    if not _system_has_pyatspi():
        pytest.skip("pyatspi is missing (apt-get install python3-pyatspi at-spi2-core)")
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
