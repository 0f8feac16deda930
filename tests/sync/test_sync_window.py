"""The window side: the account dialog and the background sync, with a real server."""

from __future__ import annotations

from desktop_crm.services.sync.account import load_account
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.sync.account_dialog import SyncAccountDialog
from desktop_crm.ui.sync.controller import SyncController
from tests.sync.servers import PASSWORD, USER
from tests.sync.test_contacts_sync import PHONE_CARD


def test_the_dialog_connects_finds_the_collections_and_keeps_the_account(
    qtbot, db, data_paths, server
):
    dialog = SyncAccountDialog(data_paths.root)
    qtbot.addWidget(dialog)
    dialog.url.setText(server.url)
    dialog.user.setText(USER)
    dialog.password.setText(PASSWORD)
    dialog.connect_account()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
    account = load_account()
    assert account is not None and account.url == server.url
    assert dialog.addressbook.text() == account.addressbook


def test_the_dialog_shows_a_refusal_and_keeps_nothing(qtbot, db, data_paths, tmp_path):
    from tests.sync.servers import free_port

    dialog = SyncAccountDialog(data_paths.root)
    qtbot.addWidget(dialog)
    dialog.url.setText(f"http://127.0.0.1:{free_port()}/")
    dialog.user.setText(USER)
    dialog.password.setText(PASSWORD)
    dialog.connect_account()
    qtbot.waitUntil(lambda: "cannot be reached" in dialog.message.text(), timeout=20_000)
    assert load_account() is None
    assert dialog.result() != dialog.DialogCode.Accepted


def test_every_field_of_the_dialog_has_an_accessible_name(qtbot, db, data_paths):
    from PySide6.QtWidgets import QLineEdit

    dialog = SyncAccountDialog(data_paths.root)
    qtbot.addWidget(dialog)
    fields = dialog.findChildren(QLineEdit)
    assert len(fields) == 5
    assert all(field.accessibleName() for field in fields)


def test_the_background_sync_brings_a_phone_card_into_the_window(
    qtbot, db, data_paths, account, phone, clock
):
    bus = ChangesBus()
    published = []
    bus.changed.connect(published.append)
    controller = SyncController(bus, data_paths.root, region="NL", clock=clock)
    phone.put(account.addressbook + "petra.vcf", PHONE_CARD)
    controller.sync_now()
    qtbot.waitUntil(lambda: not controller.running and bool(published), timeout=30_000)
    assert controller.status.startswith("Synced at")
    assert published[0].everything


def test_a_failing_background_sync_says_so_once(qtbot, db, data_paths, account, server, clock):
    bus = ChangesBus()
    controller = SyncController(bus, data_paths.root, region="NL", clock=clock)
    problems = []
    controller.problem_appeared.connect(problems.append)
    server.stop()
    for _round in range(2):
        controller.sync_now()
        qtbot.waitUntil(lambda: not controller.running, timeout=30_000)
    assert controller.status.startswith("Sync: ")
    assert len(problems) == 1 and "cannot be reached" in problems[0]


def test_settings_has_a_sync_tab_that_opens_the_account_and_shows_where_it_stands(
    qtbot, db, data_paths, server
):
    from desktop_crm.services.sync.setup import add_account
    from desktop_crm.ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(settings=None, sync_folder=data_paths.root, ask_restart=False)
    qtbot.addWidget(dialog)
    tab = dialog.sync
    assert tab is not None and dialog.tabs.indexOf(tab) >= 0
    assert tab.status.text() == "No sync account is set up."
    assert tab.account_button.accessibleName() == "Set up a sync account"
    tab.account_button.click()
    assert tab.account_dialog is not None and tab.account_dialog.isVisible()
    add_account(data_paths.root, server.url, USER, PASSWORD)
    tab.account_dialog.reject()  # closing the account dialog shows the account now kept
    assert server.url in tab.status.text()
    assert tab.account_button.text() == "Change the sync account…"
