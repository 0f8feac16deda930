"""File choosers that start in the folder used last (per purpose), remembered in the local settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

_FOLDER_KEY = "folders/{purpose}"
# Without local settings (tests, screenshots) the folder is remembered for this run only.
_this_run: dict[str, str] = {}


def last_folder(settings: QSettings | None, purpose: str) -> str:
    """The folder last used for `purpose` ("import", "export"), or the home folder."""
    value = settings.value(_FOLDER_KEY.format(purpose=purpose), "") if settings else ""
    value = str(value or _this_run.get(purpose, ""))
    return value if value and Path(value).is_dir() else str(Path.home())


def remember_folder(settings: QSettings | None, purpose: str, chosen: str | Path) -> None:
    folder = str(Path(chosen).parent)
    _this_run[purpose] = folder
    if settings is not None:
        settings.setValue(_FOLDER_KEY.format(purpose=purpose), folder)
        settings.sync()


def open_file(
    parent: QWidget | None, settings: QSettings | None, purpose: str, caption: str, filters: str
) -> str:
    """An existing file to read, or "" when the user cancelled."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, caption, last_folder(settings, purpose), filters
    )
    if path:
        remember_folder(settings, purpose, path)
    return path


def save_file(
    parent: QWidget | None,
    settings: QSettings | None,
    purpose: str,
    caption: str,
    file_name: str,
    filters: str,
) -> str:
    """A file name to write, suggested in the last folder, or "" when the user cancelled."""
    suggested = str(Path(last_folder(settings, purpose)) / file_name)
    path, _filter = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    if path:
        remember_folder(settings, purpose, path)
    return path
