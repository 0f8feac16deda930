"""How long New contact and the Sales board's "Log conversation…" hold the GUI thread, on a real
seeded folder (10k or 100k contacts): `python scripts/bench_dialog_writes.py --data-dir D`.

For each round: opening the dialog (until it is shown with what it needs) and submitting it
(until the write is in and the dialog closed), each as the GUI thread's CPU time, plus the
call's own wall time (what the click holds the GUI thread for). Runs against any tree (an older
one that writes on the GUI thread is the "before"); the folder's database gains the contacts
and conversations it writes, so give it a copy."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bench_write_timing import WriteTimer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    import ctypes

    # The same work-around as desktop_crm.ui.pyside_fixes, for trees without it (a baseline).
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40

    from desktop_crm.services.contact_queries import ContactQuery, query_contact_ids
    from desktop_crm.ui.boards.sales_board import SalesBoard
    from desktop_crm.ui.detail.new_contact_dialog import NewContactDialog

    timer = WriteTimer(args.data_dir)
    context, runner = timer.context, timer.runner
    until, measure = timer.until, timer.measure

    def new_dialog() -> NewContactDialog:
        try:
            return NewContactDialog(clock=context.clock, region="NL", runner=runner)
        except TypeError:  # a tree whose dialog reads and writes on the GUI thread
            return NewContactDialog(clock=context.clock, region="NL")

    board = SalesBoard(context.clock, runner)
    board.resize(1200, 700)
    board.show()
    until(lambda: not any(c.is_building for c in board.columns.values()))
    leads = query_contact_ids(ContactQuery(stage="lead"), limit=args.repeat)

    for n in range(args.repeat):
        holder: dict[str, NewContactDialog] = {}

        def open_new(holder: dict[str, NewContactDialog] = holder) -> None:
            holder["d"] = new_dialog()
            holder["d"].open()

        measure("New contact: open", open_new, lambda h=holder: h["d"].isVisible())
        dialog = holder["d"]
        dialog.fields.given_edit.setText(f"Bench {n}")
        dialog.fields.company_edit.setText("Bakkerij")
        measure("New contact: Add contact", dialog.fields.save, lambda d=dialog: not d.isVisible())
        dialog.deleteLater()

        board.log_dialog = None
        measure(
            "Sales board Log: open",
            lambda n=n: board.log_conversation(leads[n]),
            lambda: board.log_dialog is not None and board.log_dialog.isVisible(),
        )
        log = board.log_dialog
        assert log is not None
        log.text_edit.setPlainText("Called about the offer")
        measure("Sales board Log: Log conversation", log.submit, lambda d=log: not d.isVisible())

    timer.finish()


if __name__ == "__main__":
    raise SystemExit(main())
