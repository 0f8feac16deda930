"""Menu and list texts read as one phrase: the File menu's items each have their own access
key in English and Dutch (View's too), and the duplicate reasons capitalise only the first word."""

from __future__ import annotations

import pytest

from desktop_crm.i18n import set_language
from desktop_crm.ui.duplicates.labels import reasons_text
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.sync.controller import install_sync


def _access_key(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_file_edit_and_view_menu_item_has_its_own_access_key(
    qtbot, db, clock, tmp_path, language
):
    set_language(language)
    window = MainWindow(clock=clock)
    qtbot.addWidget(window)
    # The app adds File › Sync account… and Sync now after the start.
    controller = install_sync(window, window.bus, tmp_path, region="NL", clock=clock)
    file_menu, edit_menu = (a.menu() for a in window.menuBar().actions()[:2])
    view_menu = window.menuBar().actions()[3].menu()
    for menu, least in ((file_menu, 12), (edit_menu, 6), (view_menu, 5)):
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        keys = [_access_key(text) for text in texts]
        assert None not in keys, texts
        assert len(set(keys)) == len(keys), texts
        assert len(texts) >= least
    controller.stop()


@pytest.mark.parametrize(
    "language, expected",
    [("en", "Similar name, same company"), ("nl", "Gelijkende naam, zelfde bedrijf")],
)
def test_only_the_first_reason_starts_with_a_capital(language, expected):
    set_language(language)

    assert reasons_text(["similar_name", "same_company"]) == expected
    assert reasons_text(["same_email"])[0].isupper()
