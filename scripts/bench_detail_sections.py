"""How long the detail pane's section buttons hold the GUI thread (the call itself, before the
runner's answer), on a real SQLite file: `python scripts/bench_detail_sections.py --data-root D`."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-root", type=Path, required=True)
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import ctypes

    # The same work-around as desktop_crm.ui.pyside_fixes, for trees without it (a baseline).
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    from PySide6.QtWidgets import QApplication

    from desktop_crm.paths import DataPaths
    from desktop_crm.services.contacts import create_contact
    from desktop_crm.services.records import ContactDraft
    from desktop_crm.store.database import open_database
    from desktop_crm.ui.changes_bus import ChangesBus
    from desktop_crm.ui.detail.pane import DetailPane
    from desktop_crm.ui.operations import OperationRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    paths = DataPaths(root=args.data_root / f"sections-{os.getpid()}").ensure()
    open_database(path=paths.database)
    ids = [create_contact(ContactDraft(full_name=f"Contact {i}")).id for i in range(args.contacts)]
    bus = ChangesBus()
    runner = OperationRunner(bus, reporter=lambda message, _parent: print(message))
    pane = DetailPane(bus, runner=runner, ask_reason=lambda _p, _n: None)
    pane.resize(700, 700)
    pane.show()

    def settle() -> None:
        while not runner.is_idle():
            app.processEvents()
        app.processEvents()

    def add_question() -> None:
        pane.questions.new_edit.setText("Do you deliver on Sundays?")
        pane.questions.add()

    def answer_question() -> None:
        pane.questions.list.setCurrentRow(0)
        pane.questions.answer_current("Yes")

    def add_follow_up() -> None:
        pane.follow_ups.text_edit.setText("Call about the offer")
        pane.follow_ups.add()

    def done_follow_up() -> None:
        pane.follow_ups.list.setCurrentRow(0)
        pane.follow_ups.done_current()

    def tick_criterion() -> None:
        next(iter(pane.qualification.checks.values())).setChecked(True)

    actions = [add_question, answer_question, add_follow_up, done_follow_up, tick_criterion]
    times: dict[str, list[float]] = {a.__name__: [] for a in actions}
    for n in range(args.repeat):
        pane.show_contact(ids[(n * 37) % len(ids)])
        settle()
        for action in actions:
            start = time.perf_counter()
            action()
            times[action.__name__].append((time.perf_counter() - start) * 1000)
            settle()
    for name, values in times.items():
        values.sort()
        print(
            f"{name:16s} GUI thread: median {statistics.median(values):6.2f} ms, "
            f"max {values[-1]:6.2f} ms"
        )
    runner.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
