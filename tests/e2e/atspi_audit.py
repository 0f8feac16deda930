"""The AT-SPI audit, as a screen reader sees the real window: run with the system Python
(which has pyatspi) inside `dbus-run-session`; starts tests/e2e/atspi_audit_window.py with
the app's Python and, in each state it opens, walks the application's accessible tree and
prints one JSON line per state: every interactive object (role, name, path of roles), and
the object that had the focus last ("focused"): a control in a table's cell is no child in
the tree, so a screen reader meets it only when it takes the focus.

Usage: atspi_audit.py APP_PYTHON DATA_DIR LANGUAGE SCRATCH_DIR [STATE…]"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyatspi
from gi.repository import GLib

HERE = Path(__file__).resolve().parent
INTERACTIVE = {
    "push button", "toggle button", "check box", "radio button", "combo box", "text",
    "entry", "password text", "spin button", "slider", "list", "table", "tree",
    "tree table", "page tab", "page tab list", "menu item", "menu", "link",
    "check menu item", "radio menu item",
}  # fmt: skip
# Their cells are data, not controls. A list's items are walked (a board's column is a list
# of cards, each a Tab stop: ui/boards/accessible_roles.py), but not a combo box's choices.
CELLS = {"table", "tree", "tree table"}
SETTLE_S = 1.0  # the bridge fills the tree over D-Bus after a window shows
DEADLINE_S = 15


def _walk(node, path: str, found: list, depth: int = 0, within: str = "") -> None:
    """`within`: the name of the list `node` is an item of (a card's column)."""
    if node is None or depth > 60:
        return
    try:
        name, role = (node.name or "").strip(), node.getRoleName()
        states = node.getState()
        choices = role == "list" and path.endswith("/combo box")
        children = [] if role in CELLS or choices else list(node)
    except Exception:  # a node that went away while walking
        return
    here = f"{path}/{role}"
    showing = states.contains(pyatspi.STATE_SHOWING)
    # A focusable object of another role is a control too: a board's painted card.
    if showing and (role in INTERACTIVE or states.contains(pyatspi.STATE_FOCUSABLE)):
        found.append(
            {
                "role": role,
                "name": name,
                "label": _labels(node),
                "description": (node.description or "").strip(),
                "path": here,
                "within": within,
            }
        )
    for child in children:
        _walk(child, here, found, depth + 1, name if role == "list" else "")


def _labels(node) -> str:
    """The labels that name it (a buddy label): on Linux a combo box's own name is its
    value, and a screen reader says the label it is labelled by."""
    try:
        relations = node.getRelationSet()
        return " ".join(
            (relation.getTarget(index).name or "").strip()
            for relation in relations
            if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY
            for index in range(relation.getNTargets())
        )
    except Exception:  # a node that went away while walking
        return ""


_focused: list = []  # objects that took the focus, in order, since the state was opened


def _on_focus(event) -> None:
    if event.detail1:
        _focused.append(event.source)


def _described(node) -> dict:
    try:
        return {"role": node.getRoleName(), "name": (node.name or "").strip(),
                "label": _labels(node)}  # fmt: skip
    except Exception:  # it went away
        return {}


def _wait(seconds: float) -> None:
    """Sleep while the focus events that arrive over D-Bus are handed to `_on_focus`."""
    context, until = GLib.MainContext.default(), time.monotonic() + seconds
    while time.monotonic() < until:
        if not context.iteration(False):
            time.sleep(0.02)


def app_named(name: str):
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is not None and app.name == name:
            return app
    return None


def _settled_walk() -> list:
    """The tree once two walks a moment apart agree (a window's tree arrives in parts)."""
    started = time.monotonic()
    last: list | None = None
    while True:
        _wait(SETTLE_S)
        found: list = []
        _walk(app_named("desktop-crm-atspi-check"), "", found)
        if found == last or time.monotonic() - started > DEADLINE_S:
            return found
        last = found


def main(app_python: str, data_dir: str, language: str, scratch: str, wanted: list[str]) -> int:
    env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_QPA_PLATFORM": "xcb"}
    pyatspi.Registry.registerEventListener(_on_focus, "object:state-changed:focused")
    window = subprocess.Popen(
        [app_python, str(HERE / "atspi_audit_window.py"), data_dir, language, scratch, *wanted],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        for line in window.stdout:
            line = line.strip()
            if line == "done":
                return 0
            if not line.startswith("state "):
                continue
            found = _settled_walk()
            focused = _described(_focused[-1]) if _focused else {}
            state = line[len("state ") :]
            print(json.dumps({"state": state, "objects": found, "focused": focused}), flush=True)
            _focused.clear()
            window.stdin.write("next\n")
            window.stdin.flush()
        print(json.dumps({"error": "the window ended early"}), flush=True)
        return 1
    finally:
        window.terminate()
        window.wait(10)


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:5], sys.argv[5:]))
