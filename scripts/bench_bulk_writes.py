"""How long the contact list's bulk actions hold the GUI thread, on a real seeded folder:
`python scripts/bench_bulk_writes.py --data-dir D [--count N] [--sync]`.

Each figure is the call's own wall time (what the click holds the GUI thread for) and the GUI
thread's CPU time until the write is in and the list has taken it. `--sync` writes inline, as
the bulk actions did before (the list still reads through its runner), as the baseline. The
folder's database gains what it writes, so give it a copy."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from bench_write_timing import WriteTimer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--count", type=int, default=1000, help="selected contacts")
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--sync", action="store_true", help="no runner: write on the GUI thread")
    args = parser.parse_args()

    from PySide6.QtGui import QUndoStack

    import desktop_crm.ui.pyside_fixes  # noqa: F401  (PySide6 6.11's None/True counts)
    from desktop_crm.domain.stages import Stage
    from desktop_crm.services.contact_queries import ContactQuery, query_contact_ids
    from desktop_crm.ui.contact_list.panel import ContactListPanel

    timer = WriteTimer(args.data_dir)
    context, bus, runner = timer.context, timer.bus, timer.runner
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
        timer.until(lambda: not bulk.writing)

    def measure(name: str, act: Callable[[], object]) -> None:
        timer.measure(name, act, lambda: not bulk.writing)

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
    timer.finish()


if __name__ == "__main__":
    raise SystemExit(main())
