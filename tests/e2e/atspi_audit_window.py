"""The real main window, walked state by state for the AT-SPI audit: opens DATA_DIR (with
the sample data when it is empty) in LANGUAGE, then for each state of
tests/ui/workflows/window_states.py opens it, prints "state NAME" and keeps the event loop
turning (so AT-SPI can read the tree) until a line "next" arrives on stdin; "done" last.

Run by tests/e2e/atspi_audit.py on X with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 inside a
D-Bus session: `python atspi_audit_window.py DATA_DIR LANGUAGE SCRATCH_DIR [STATE…]`."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop

from desktop_crm.store import models as m
from tests.e2e.atspi_window import show_window
from tests.ui.workflows.window_states import close, states


def main(data_dir: str, language: str, scratch: str, wanted: list[str]) -> int:
    shown = show_window(data_dir, language)
    if shown is None:
        return 1
    app, window = shown

    def wait(predicate) -> None:
        while not predicate():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    wait(window.runner.is_idle)
    if not m.Contact.select().exists():
        window.shell.add_sample_data()
        window.shell.wait_for_sample()
        wait(window.runner.is_idle)
    ids = [row.id for row in m.Contact.select(m.Contact.id).order_by(m.Contact.id).limit(3)]

    told = threading.Event()

    def listen() -> None:
        for line in sys.stdin:
            if line.strip() == "next":
                told.set()

    threading.Thread(target=listen, daemon=True).start()
    for name, open_state in states(window):
        if wanted and name not in wanted:
            continue
        shown = open_state(window, ids, wait, Path(scratch))
        told.clear()
        print(f"state {name}", flush=True)
        wait(told.is_set)
        close(window, shown)
        wait(window.runner.is_idle)
    print("done", flush=True)
    window.runner.shutdown(timeout=5.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
