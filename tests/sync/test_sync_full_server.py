"""A server out of space (507): a clear message, nothing lost, and the next sync resumes.

Radicale keeps its collections on a small tmpfs that the test fills (CI runs as root;
where mounting is not allowed the test is skipped with the reason)."""

from __future__ import annotations

import os
import subprocess

import pytest

from desktop_crm.services.contacts import count_contacts
from desktop_crm.services.sync.account import load_state
from desktop_crm.services.sync.setup import add_account
from desktop_crm.services.sync.webdav import SyncError
from tests.sync.servers import PASSWORD, USER, Phone, start_radicale
from tests.sync.test_contacts_sync import _new_contact, _sync


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def full_radicale(tmp_path, small_disk):
    pytest.importorskip("radicale")
    folder = tmp_path / "radicale"
    folder.mkdir()
    server = start_radicale(folder, storage=small_disk / "collections")
    yield server
    server.stop()


def _fill(disk) -> None:
    with open(disk / "filler", "wb") as handle:
        try:
            while True:
                handle.write(b"x" * 65536)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError:
            pass  # full: what the test wants


def test_a_server_out_of_space_is_said_plainly_and_the_next_sync_resumes(
    db, data_paths, clock, full_radicale, small_disk
):
    account, _in_keyring = add_account(data_paths.root, full_radicale.url, USER, PASSWORD)
    _new_contact(clock)
    _fill(small_disk)
    with pytest.raises(SyncError) as refused:
        _sync(data_paths, clock)
    assert refused.value.status == 507
    assert refused.value.message == "The server is out of storage space."
    assert load_state().last_error == refused.value.message
    assert count_contacts(clock=clock) == 1  # nothing changed here
    (small_disk / "filler").unlink()
    report = _sync(data_paths, clock)
    assert report["contacts"]["sent"] == 1
    assert len(Phone(full_radicale.url).list(account.addressbook)) == 1
    assert load_state().last_error == ""
