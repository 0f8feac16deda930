"""Adding, showing and removing the sync account (the command line and Settings use these)."""

from __future__ import annotations

from pathlib import Path

from desktop_crm.services.sync.account import (
    SyncAccount,
    forget_password,
    load_account,
    load_state,
    remove_account,
    require_account,
    save_account,
    store_password,
)
from desktop_crm.services.sync.discovery import check_collection, ensure_collection, find_homes
from desktop_crm.services.sync.webdav import DavClient


def add_account(
    secret_dir: Path,
    url: str,
    user: str,
    password: str,
    *,
    addressbook: str | None = None,
    calendar: str | None = None,
) -> tuple[SyncAccount, bool]:
    """Check the server and the collections, then keep the account; nothing is kept when
    the server refuses. Returns the account and whether the keyring holds the password."""
    client = DavClient(url, user, password)
    try:
        if addressbook and calendar:
            book = check_collection(client, addressbook, "addressbook")
            cal = check_collection(client, calendar, "calendar")
        else:
            homes = find_homes(client)
            book = (
                check_collection(client, addressbook, "addressbook")
                if addressbook
                else ensure_collection(client, homes.addressbook_home, "addressbook")
            )
            cal = (
                check_collection(client, calendar, "calendar")
                if calendar
                else ensure_collection(client, homes.calendar_home, "calendar")
            )
    finally:
        client.close()
    account = SyncAccount(url=url, user=user, addressbook=book, calendar=cal)
    save_account(account)
    in_keyring = store_password(secret_dir, account, password)
    return account, in_keyring


def account_status() -> dict:
    account = require_account()
    state = load_state()
    return {
        "url": account.url,
        "addressbook": account.addressbook,
        "calendar": account.calendar,
        "last_sync": state.last_sync,
        "last_error": state.last_error or None,
    }


def remove(secret_dir: Path) -> None:
    account = require_account()
    forget_password(secret_dir, account)
    remove_account()


__all__ = ["account_status", "add_account", "load_account", "remove"]
