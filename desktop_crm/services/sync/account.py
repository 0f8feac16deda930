"""The sync account: server, user and chosen collections in the database (so a second
desktop on a shared database sees them); the password in the system keyring, or in a
0600 file in the data folder where the machine has no keyring."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop_crm.errors import UserError
from desktop_crm.i18n import _
from desktop_crm.services.secrets import forget_secret, load_secret, store_secret
from desktop_crm.services.setting_rows import write_setting
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

ACCOUNT_KEY = "sync.account"
STATE_KEY = "sync.state"
KEYRING_SERVICE = "desktop-crm-sync"
PASSWORD_FILE = "sync-password"


@dataclass
class SyncAccount:
    url: str
    user: str
    addressbook: str
    calendar: str


@dataclass
class SyncState:
    """What the last sync left behind: tokens for the next incremental sync."""

    last_sync: str | None = None  # ISO 8601, UTC
    contacts_token: str = ""
    calendar_token: str = ""
    last_error: str = ""


def load_account() -> SyncAccount | None:
    row = m.Setting.get_or_none(m.Setting.key == ACCOUNT_KEY)
    return SyncAccount(**json.loads(row.value)) if row else None


def require_account() -> SyncAccount:
    account = load_account()
    if account is None:
        raise UserError(
            _("No sync account is set up. Add one with: desktop-crm sync add URL --user USER")
        )
    return account


def save_account(account: SyncAccount) -> None:
    with write_transaction():
        write_setting(ACCOUNT_KEY, json.dumps(asdict(account)))
        write_setting(STATE_KEY, json.dumps(asdict(SyncState())))
        m.SyncItem.delete().execute()  # a new account starts from a first sync


def remove_account() -> None:
    with write_transaction():
        m.Setting.delete().where(m.Setting.key.in_([ACCOUNT_KEY, STATE_KEY])).execute()
        m.SyncItem.delete().execute()


def load_state() -> SyncState:
    row = m.Setting.get_or_none(m.Setting.key == STATE_KEY)
    return SyncState(**json.loads(row.value)) if row else SyncState()


def save_state(state: SyncState) -> None:
    with write_transaction():
        write_setting(STATE_KEY, json.dumps(asdict(state)))


# --- the password ------------------------------------------------------------------------


def _keyring_name(account: SyncAccount) -> str:
    return f"{account.user}@{account.url}"


def store_password(secret_dir: Path, account: SyncAccount, password: str) -> bool:
    """Keep the password; True when it went to the system keyring, False for the file."""
    return store_secret(
        KEYRING_SERVICE, _keyring_name(account), secret_dir / PASSWORD_FILE, password
    )


def load_password(secret_dir: Path, account: SyncAccount) -> str:
    found = load_secret(KEYRING_SERVICE, _keyring_name(account), secret_dir / PASSWORD_FILE)
    if found is None:
        raise UserError(
            _("The sync password is missing; add the account again with: desktop-crm sync add")
        )
    return found


def forget_password(secret_dir: Path, account: SyncAccount) -> None:
    forget_secret(KEYRING_SERVICE, _keyring_name(account), secret_dir / PASSWORD_FILE)
