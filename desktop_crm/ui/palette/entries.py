"""What the palette offers: the window's menu actions, read when it opens, and matching."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from desktop_crm.domain.search_text import fold, search_terms


@dataclass(frozen=True)
class PaletteEntry:
    title: str  # "Import contacts…"
    detail: str  # where it lives or what it is: "File · Ctrl+I", "Bakkerij Jansen"
    run: Callable[[], object]
    kind: str = "action"  # or "contact"


def _plain(text: str) -> str:
    """A menu title without its mnemonic: "&Import contacts…" → "Import contacts…"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _walk(menu: QMenu, path: str) -> Iterable[tuple[QAction, str]]:
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            yield from _walk(submenu, f"{path} › {_plain(action.text())}")
        elif action.text():
            yield action, path


def action_entries(bar: QMenuBar, *, skip: Iterable[QAction] = ()) -> list[PaletteEntry]:
    """Every enabled action in the menus, read now: an action another part of the window
    adds to a menu later is offered the next time the palette opens."""
    skipped = set(skip)
    entries: list[PaletteEntry] = []
    for top in bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for action, path in _walk(menu, _plain(top.text())):
            if action in skipped or not action.isEnabled():
                continue
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            detail = f"{path} · {shortcut}" if shortcut else path
            entries.append(PaletteEntry(_plain(action.text()), detail, action.trigger))
    return entries


def matching(entries: Iterable[PaletteEntry], text: str) -> list[PaletteEntry]:
    """Entries whose title or place holds every typed word, titles starting with it first."""
    terms = search_terms(text)
    if not terms:
        return list(entries)
    found = []
    for entry in entries:
        haystack = fold(f"{entry.title} {entry.detail}")
        if all(term in haystack for term in terms):
            starts = fold(entry.title).startswith(terms[0])
            found.append((not starts, entry))
    return [entry for _rank, entry in sorted(found, key=lambda pair: pair[0])]
