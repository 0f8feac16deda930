"""Point 5 (window): the status bar says once that the server is away, and that it is back."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from desktop_crm.store import server_database
from desktop_crm.ui.server_status import ServerStatus


def test_status_bar_says_once_while_the_server_is_away(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    status = ServerStatus(window.statusBar(), window)
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    try:
        server_database._tell(False)
        server_database._tell(False)
        assert "cannot be reached" in window.statusBar().currentMessage()
        server_database._tell(True)
        assert window.statusBar().currentMessage() == "The database server is back."
        assert [m for m in shown if "cannot be reached" in m] != []
        assert len([m for m in shown if "cannot be reached" in m]) == 1
    finally:
        status.close()
