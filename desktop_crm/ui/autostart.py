"""Start at login: an XDG autostart entry on Linux, written or removed to follow a local setting.

Other systems are not handled here. On Windows the usual way is a value under
HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run (or a shortcut in the
shell:startup folder) running `desktop-crm-gui.exe --minimized`; on macOS a login item
(SMAppService.mainApp in macOS 13+, or a LaunchAgent plist in ~/Library/LaunchAgents
with RunAtLoad). Both belong to the installers in packaging/, which know the final path."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop_crm.i18n import _

START_AT_LOGIN_KEY = "general/start_at_login"
START_MINIMIZED_KEY = "general/start_minimized"
ENTRY_NAME = "desktop-crm.desktop"


def is_supported() -> bool:
    """XDG autostart is what Linux and BSD desktops (GNOME, KDE, Xfce…) read at login."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def autostart_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart"


def entry_path() -> Path:
    return autostart_dir() / ENTRY_NAME


def launch_command(minimized: bool = True) -> list[str]:
    """How this installation is started: the bundle, the installed script, or the module."""
    if getattr(sys, "frozen", False):  # PyInstaller: the executable is the app
        command = [sys.executable]
    elif script := shutil.which("desktop-crm-gui") or shutil.which("desktop-crm"):
        command = [script]
    else:
        command = [sys.executable, "-m", "desktop_crm"]
    return [*command, "--minimized"] if minimized else command


def _quote_exec_arg(arg: str) -> str:
    """Quote one argument as the Desktop Entry spec wants it for the Exec key."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if arg and not any(ch in reserved for ch in arg):
        return arg.replace("%", "%%")
    escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
    return '"' + escaped.replace("%", "%%") + '"'


def desktop_entry(command: list[str]) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=Desktop CRM",
            # The comment is shown in the desktop's list of login programs.
            "Comment=" + _("Reminders for follow-ups and birthdays"),
            # The spec escapes twice: quoting for Exec, then backslashes for the string value.
            "Exec=" + " ".join(_quote_exec_arg(arg) for arg in command).replace("\\", "\\\\"),
            "Icon=desktop-crm",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


def is_enabled() -> bool:
    return is_supported() and entry_path().exists()


def set_enabled(enabled: bool, *, command: list[str] | None = None) -> bool:
    """Write or remove the autostart entry; returns whether it is now enabled."""
    if not is_supported():
        return False
    path = entry_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written next to the target and renamed: a login never reads half a file.
    temporary = path.with_suffix(".tmp")
    temporary.write_text(desktop_entry(command or launch_command()), encoding="utf-8")
    os.replace(temporary, path)
    return True


def sync_with_settings(settings: QSettings) -> bool:
    """Make the entry match the "start at login" setting (call at start and when it changes)."""
    wanted = settings.value(START_AT_LOGIN_KEY, False, type=bool)
    minimized = settings.value(START_MINIMIZED_KEY, True, type=bool)
    return set_enabled(bool(wanted), command=launch_command(minimized=bool(minimized)))
