"""An import holds back Python's full garbage collections while it runs (each one walks
every object the import keeps) and gives the process its own setting back afterwards."""

from __future__ import annotations

import gc
import threading

import pytest

from desktop_crm.services.importing import ImportCancelled, open_import, preview_import, run_import
from desktop_crm.services.importing.gc_pause import HELD_THRESHOLD, fewer_full_collections
from tests.services.importing.helpers import contact_count, write

CSV = "Full Name,Email\n" + "".join(f"Person {i},p{i}@example.com\n" for i in range(1, 1_201))


@pytest.fixture
def own_threshold():
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], 7)
    yield 7
    gc.set_threshold(*before)


def test_run_and_preview_hold_full_collections_and_restore_them(db, tmp_path, own_threshold):
    path = write(tmp_path, "c.csv", CSV)
    seen: list[int] = []

    def progress(_p: object) -> None:
        seen.append(gc.get_threshold()[2])

    report = run_import(open_import(path), progress=progress, backup=False)
    assert report.contacts_created == 1_200
    preview_import(open_import(path), progress=progress)
    assert seen and set(seen) == {HELD_THRESHOLD}
    assert gc.get_threshold()[2] == own_threshold


def test_a_cancelled_import_restores_the_setting_too(db, tmp_path, own_threshold):
    path = write(tmp_path, "c.csv", CSV)
    with pytest.raises(ImportCancelled):
        run_import(open_import(path), cancel=lambda: True, backup=False)
    assert contact_count() == 0
    assert gc.get_threshold()[2] == own_threshold


def test_overlapping_blocks_restore_the_setting_when_the_last_ends(own_threshold):
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with fewer_full_collections():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=other)
    with fewer_full_collections():
        thread.start()
        assert inside.wait(10)
    assert gc.get_threshold()[2] == HELD_THRESHOLD  # the other block still runs
    leave.set()
    thread.join(10)
    assert gc.get_threshold()[2] == own_threshold
