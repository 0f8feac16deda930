"""A write from outside the window (here: the command line's services) reaches the views."""

from desktop_crm.services.contacts import create_contact
from desktop_crm.services.records import ContactDraft
from desktop_crm.ui.change_watcher import ChangeWatcher
from desktop_crm.ui.changes_bus import ChangesBus


def _write_elsewhere(data_paths, name: str) -> None:
    import sqlite3

    other = sqlite3.connect(str(data_paths.database))
    with other:
        other.execute("UPDATE contact SET company = ? ", (name,))
    other.close()


def test_an_outside_write_is_published_once_and_own_changes_are_not_repeated(qtbot, db, data_paths):
    bus = ChangesBus()
    seen = []
    bus.changed.connect(seen.append)
    watcher = ChangeWatcher(bus, interval_ms=60_000)
    watcher.start()
    assert watcher.poll() is False  # nothing happened yet
    create_contact(ContactDraft(full_name="Written Here First"))
    _write_elsewhere(data_paths, "Elders BV")  # the command line, on its own connection
    assert watcher.poll() is True
    assert len(seen) == 1 and seen[0].everything
    assert watcher.poll() is False  # the same change is not announced twice
    create_contact(ContactDraft(full_name="Written Here"))
    bus.publish(seen[0].__class__(contacts_added_or_removed=True))  # the window's own change
    assert watcher.poll() is False


def test_with_a_runner_the_poll_reads_off_the_gui_thread(
    qtbot, db, data_paths, runner, bus, settle
):
    seen = []
    bus.changed.connect(seen.append)
    watcher = ChangeWatcher(bus, runner=runner, interval_ms=60_000)
    watcher.start()
    settle()
    create_contact(ContactDraft(full_name="Written Here First"))
    _write_elsewhere(data_paths, "Elders BV")

    assert watcher.poll() is None  # the answer comes through the runner
    settle()
    assert len(seen) == 1 and seen[0].everything
    watcher.poll()
    settle()
    assert len(seen) == 1


def test_a_write_of_this_window_during_a_poll_is_not_taken_for_an_outside_one(
    qtbot, db, runner, bus, settle
):
    import threading

    seen = []
    bus.changed.connect(seen.append)
    watcher = ChangeWatcher(bus, runner=runner, interval_ms=60_000)
    watcher.start()
    settle()
    gate = threading.Event()
    runner.mutate(lambda: gate.wait(10))  # the writer is busy: the poll waits behind it

    watcher.poll()
    bus.publish(create_contact(ContactDraft(full_name="Written Here")))  # saved and shown here
    gate.set()
    settle()

    assert [c.everything for c in seen] == [False]
