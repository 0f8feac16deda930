"""Start at login: the XDG autostart entry follows the local setting."""

from __future__ import annotations

import configparser
import sys

import pytest
from PySide6.QtCore import QSettings

from desktop_crm.ui import autostart

pytestmark = pytest.mark.skipif(not autostart.is_supported(), reason="XDG autostart is Linux/BSD")


def test_entry_is_written_and_removed_with_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert autostart.sync_with_settings(settings) is False
    assert not autostart.is_enabled()

    settings.setValue(autostart.START_AT_LOGIN_KEY, True)
    assert autostart.sync_with_settings(settings) is True
    path = tmp_path / "config" / "autostart" / "desktop-crm.desktop"
    assert autostart.is_enabled() and path.exists()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(path, encoding="utf-8")
    assert entry["Desktop Entry"]["Type"] == "Application"
    assert entry["Desktop Entry"]["Exec"].endswith("--minimized")

    settings.setValue(autostart.START_AT_LOGIN_KEY, False)
    assert autostart.sync_with_settings(settings) is False
    assert not path.exists()


def test_exec_quotes_paths_with_spaces_and_specials():
    line = autostart.desktop_entry(["/opt/My Apps/crm", "--data-dir", 'a"b$c', "50%"])
    exec_line = next(x for x in line.splitlines() if x.startswith("Exec="))
    assert exec_line == 'Exec="/opt/My Apps/crm" --data-dir "a\\\\"b\\\\$c" 50%%'


def test_launch_command_runs_this_python_when_no_script_is_installed(monkeypatch):
    monkeypatch.setattr(autostart.shutil, "which", lambda name: None)
    assert autostart.launch_command() == [sys.executable, "-m", "desktop_crm", "--minimized"]
