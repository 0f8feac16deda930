"""How long the contact list's bulk actions hold the GUI thread, on a real seeded folder:
`python scripts/bench_bulk_writes.py --data-dir D [--count N] [--sync]`.

Each figure is the call's own wall time (what the click holds the GUI thread for) and the GUI
thread's CPU time until the write is in and the list has taken it. `--sync` writes inline, as
the bulk actions did before (the list still reads through its runner), as the baseline. The
folder's database gains what it writes, so give it a copy."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--count", type=int, default=1000, help="selected contacts")
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--sync", action="store_true", help="no runner: write on the GUI thread")
    args = parser.parse_args()

    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    import desktop_crm.ui.pyside_fixes  # noqa: F401  (PySide6 6.11's None/True counts)
    from desktop_crm.cli.context import CliContext
    from desktop_crm.domain.stages import Stage
    from desktop_crm.paths import resolve
    from desktop_crm.services.contacts import ContactQuery, query_contact_ids
    from desktop_crm.ui.changes_bus import ChangesBus
    from desktop_crm.ui.contact_list.panel import ContactListPanel
    from desktop_crm.ui.operations import OperationRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    context = CliContext(paths=resolve(str(args.data_dir), None), region="NL")
    context.open()
    bus = ChangesBus()
    runner = OperationRunner(bus, reporter=lambda message, _parent: print(message))
    panel = ContactListPanel(bus, clock=context.clock, runner=runner)
    panel.resize(900, 600)
    panel.show_first_page()
    panel.show()
    stack = QUndoStack()
    panel.undo_step.connect(stack.push)
    bulk = panel.bulk
    if args.sync:
        bulk._runner = None  # the old path: the service call on the GUI thread

    def until() -> None:
        while not (runner.is_idle() and not bulk.writing):
            app.processEvents()
            time.sleep(0.001)  # a bench, not a test: let the workers have the GIL
        app.processEvents()

    figures: dict[str, list[tuple[float, float]]] = {}

    def measure(name: str, act: Callable[[], object]) -> None:
        until()
        cpu, wall = time.thread_time(), time.perf_counter()
        act()
        call = time.perf_counter() - wall
        until()
        figures.setdefault(name, []).append(((time.thread_time() - cpu) * 1000, call * 1000))

    ids = query_contact_ids(ContactQuery(stage="lead"), limit=args.count)
    for n in range(args.repeat):
        measure("Set stage", lambda: bulk.set_stage(ids, Stage.PROSPECT))
        measure("Add a tag", lambda n=n: bulk.tag(ids, f"Bench {n}"))
        if not args.sync:
            measure("Undo (tag)", stack.undo)
            measure("Undo (stage)", stack.undo)
        else:
            bulk.set_stage(ids, Stage.LEAD)
        stack.clear()

    print(f"{len(ids)} selected, {'--sync' if args.sync else 'runner'}")
    for name, rows in figures.items():
        cpu = sorted(r[0] for r in rows)
        call = sorted(r[1] for r in rows)
        print(
            f"| {name} | CPU median {statistics.median(cpu):.1f} (max {cpu[-1]:.1f}) ms "
            f"| call median {statistics.median(call):.1f} (max {call[-1]:.1f}) ms |"
        )
    runner.shutdown()
    os._exit(0)  # PySide6 has crashed in the interpreter's teardown after the figures were out


if __name__ == "__main__":
    raise SystemExit(main())
