"""Shared by the write benchmarks: the window's operation runner on a data folder, and the
GUI thread's CPU and call time of each action until its write is in."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn


class WriteTimer:
    """One runner as the window has it; `measure` times an action, `finish` prints the table."""

    def __init__(self, data_dir: Path) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop_crm.cli.context import CliContext
        from desktop_crm.paths import resolve
        from desktop_crm.ui.changes_bus import ChangesBus
        from desktop_crm.ui.operations import OperationRunner

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.context = CliContext(paths=resolve(str(data_dir), None), region="NL")
        self.context.open()
        self.bus = ChangesBus()
        self.runner = OperationRunner(self.bus, reporter=lambda message, _parent: print(message))
        self.figures: dict[str, list[tuple[float, float]]] = {}

    def until(self, done: Callable[[], bool] = lambda: True) -> None:
        while not (done() and self.runner.is_idle()):
            self.app.processEvents()
            time.sleep(0.001)  # a bench, not a test: let the workers have the GIL
        self.app.processEvents()

    def measure(
        self, name: str, act: Callable[[], object], done: Callable[[], bool] = lambda: True
    ) -> None:
        self.until()
        cpu, wall = time.thread_time(), time.perf_counter()
        act()
        call = time.perf_counter() - wall
        self.until(done)
        self.figures.setdefault(name, []).append(((time.thread_time() - cpu) * 1000, call * 1000))

    def finish(self) -> NoReturn:
        for name, rows in self.figures.items():
            cpu = sorted(r[0] for r in rows)
            call = sorted(r[1] for r in rows)
            print(
                f"| {name} | CPU median {statistics.median(cpu):.1f} (max {cpu[-1]:.1f}) ms "
                f"| call median {statistics.median(call):.1f} (max {call[-1]:.1f}) ms |"
            )
        self.runner.shutdown()
        os._exit(0)  # PySide6 has crashed in the interpreter's teardown after the figures were out
