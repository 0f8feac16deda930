"""Benchmark: Restore from backup of an N-contact database, offscreen, two ways: through the
Backups dialog (the restore on the runner's writer thread) and, for comparison, the service
called on the GUI thread as the dialog did before. A 5 ms heartbeat timer measures the
longest gap in the GUI event loop; prints both gaps and the restore's wall time.

Run: .venv/bin/python scripts/bench_restore_gui.py [--rows N]"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DESKTOP_CRM_LANG", "en")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import generate
from bench_import_gui import Heartbeat, wait_until
from PySide6.QtWidgets import QApplication

from desktop_crm.domain.clock import SystemClock
from desktop_crm.services.backup import create_backup, restore_backup
from desktop_crm.services.importing.runner import import_file
from desktop_crm.store.database import close_database, open_database
from desktop_crm.ui.backups_dialog import BackupsDialog
from desktop_crm.ui.changes_bus import ChangesBus
from desktop_crm.ui.operations import OperationRunner


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-restore-gui-"))
    csv_path, db_path = folder / "bench.csv", folder / "bench.sqlite"
    generate(csv_path, args.rows)
    app = QApplication.instance() or QApplication([])
    open_database(path=db_path)
    clock = SystemClock()
    import_file(csv_path, clock=clock)
    backup = create_backup("manual", clock=clock)
    runner = OperationRunner(ChangesBus(), reporter=lambda message, _parent: print(message))
    heartbeat = Heartbeat()
    try:
        dialog = BackupsDialog(runner=runner, clock=clock, confirm=lambda _text: True)
        dialog.show()
        assert dialog.select_backup(backup.path)
        heartbeat.start()
        started = time.perf_counter()
        dialog.restore_selected()
        wait_until(app, lambda: not dialog.busy and runner.is_idle())
        through_runner_s = time.perf_counter() - started
        heartbeat.stop()
        runner_gap = heartbeat.longest_ms

        heartbeat.start()
        started = time.perf_counter()
        app.processEvents()
        restore_backup(backup.path, db_path, clock=clock)  # the old way: on the GUI thread
        on_gui_s = time.perf_counter() - started
        app.processEvents()
        heartbeat.stop()
        print(
            f"restore of {args.rows:,} contacts ({backup.size / 1e6:.1f} MB)\n"
            f"  through the runner: {through_runner_s:.2f} s, "
            f"longest GUI gap {runner_gap:.1f} ms\n"
            f"  on the GUI thread:  {on_gui_s:.2f} s, longest GUI gap {heartbeat.longest_ms:.1f} ms"
        )
    finally:
        runner.shutdown()
        close_database()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
