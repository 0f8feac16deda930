"""Runs the real start (`desktop_crm.cli.main DATA_DIR`) and, at its "first paint" line,
prints each Qt class the first frame has no use for that PySide6 has made by then
("made before the paint: QMessageBox"), and each module it has no use for that is loaded
("loaded before the paint: subprocess"), and each of our modules shiboken's import scan
read through `inspect` ("read through inspect before the paint: desktop_crm.ui.app";
ui/feature_scan.py's cheaper scan reads no lines). Used by tests/ui/test_start_order.py."""

from __future__ import annotations

import inspect
import os
import sys
from typing import TextIO

WATCHED = {
    "PySide6.QtNetwork": ("QLocalServer", "QLocalSocket"),
    "PySide6.QtWidgets": ("QMessageBox", "QAbstractSpinBox", "QTextEdit", "QPlainTextEdit"),
    "PySide6.QtCore": ("QUrl",),
    "PySide6.QtGui": ("QWindow",),
}
# ctypes.util's find_library runs `ldconfig -p` in a subprocess.
MODULES = ("PySide6.QtNetwork", "ctypes.util", "subprocess")


read_by_inspect: list[str] = []
real_getsource = inspect.getsource


def getsource(thing):
    name = getattr(thing, "__name__", "")
    if isinstance(name, str) and name.startswith("desktop_crm"):
        read_by_inspect.append(name)
    return real_getsource(thing)


inspect.getsource = getsource


def made() -> list[str]:
    # A PySide6 module's dict holds a class only once something has named it.
    return [
        name
        for module, names in WATCHED.items()
        if module in sys.modules
        for name in names
        if name in vars(sys.modules[module])
    ]


class AtFirstPaint:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        if text.startswith("first paint"):
            for name in made():
                self.out.write(f"made before the paint: {name}\n")
            for name in MODULES:
                if name in sys.modules:
                    self.out.write(f"loaded before the paint: {name}\n")
            for name in read_by_inspect:
                self.out.write(f"read through inspect before the paint: {name}\n")
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()

    def __getattr__(self, name: str):
        return getattr(self.out, name)


sys.stdout = AtFirstPaint(sys.stdout)  # type: ignore[assignment]
from desktop_crm.cli.main import main  # noqa: E402

code = main(["--data-dir", sys.argv[1], "--lang", "en"])
sys.stdout.flush()
os._exit(code)
