"""Panels on X11 that reserve no room: dock windows (a tray bar such as `trayer`) that set
no strut, so the window manager's work area, and Qt's available geometry, still include
the strip they cover. Read from the window manager's client list with Xlib (ctypes)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import os

from PySide6.QtCore import QRect

log = logging.getLogger(__name__)

_ANY_PROPERTY_TYPE = 0
_SUCCESS = 0


class _WindowAttributes(ctypes.Structure):
    # The leading fields of Xlib's XWindowAttributes; the buffer is sized for the whole.
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("rest", ctypes.c_byte * 256),
    ]


@functools.cache
def _xlib() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("X11")
    if name is None:
        return None
    lib = ctypes.CDLL(name)
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XDefaultRootWindow.restype = ctypes.c_ulong
    lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.XGetWindowProperty.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_long,
        ctypes.c_long,
        ctypes.c_int,
        ctypes.c_ulong,
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_void_p),
    ]
    lib.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
    lib.XTranslateCoordinates.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(ctypes.c_ulong),
    ]
    lib.XFree.argtypes = [ctypes.c_void_p]
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return lib


def _longs(lib: ctypes.CDLL, display: int, window: int, atom: int) -> list[int]:
    """A property of 32-bit items (Xlib hands them out as C longs)."""
    kind, fmt = ctypes.c_ulong(), ctypes.c_int()
    count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
    status = lib.XGetWindowProperty(
        display,
        window,
        atom,
        0,
        1024,
        0,
        _ANY_PROPERTY_TYPE,
        ctypes.byref(kind),
        ctypes.byref(fmt),
        ctypes.byref(count),
        ctypes.byref(after),
        ctypes.byref(data),
    )
    if status != _SUCCESS or not data.value:
        return []
    try:
        if fmt.value != 32:
            return []
        items = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
        return [items[i] for i in range(count.value)]
    finally:
        lib.XFree(data)


def strutless_docks() -> list[QRect]:
    """Where dock windows without a strut lie, in root coordinates; [] off X11 or on any
    trouble (the window then fits Qt's available geometry alone)."""
    if not os.environ.get("DISPLAY"):
        return []
    try:
        lib = _xlib()
        if lib is None:
            return []
        shared = _qt_display()
        if shared:
            return _docks(lib, shared)  # Qt's own connection: no second one to open
        display = lib.XOpenDisplay(None)
        if not display:
            return []
        try:
            return _docks(lib, display)
        finally:
            lib.XCloseDisplay(display)
    except (OSError, AttributeError, ValueError):
        log.info("could not read the X11 panels", exc_info=True)
        return []


def _qt_display() -> int:
    """The Xlib display Qt has open (0 without one)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    native = app.nativeInterface() if isinstance(app, QGuiApplication) else None
    display = getattr(native, "display", None)
    return int(display()) if callable(display) else 0


def _docks(lib: ctypes.CDLL, display: int) -> list[QRect]:
    def atom(name: str) -> int:
        return int(lib.XInternAtom(display, name.encode(), 0))

    root = lib.XDefaultRootWindow(display)
    dock = atom("_NET_WM_WINDOW_TYPE_DOCK")
    kind, struts = (
        atom("_NET_WM_WINDOW_TYPE"),
        (atom("_NET_WM_STRUT"), atom("_NET_WM_STRUT_PARTIAL")),
    )
    found = []
    for window in _longs(lib, display, root, atom("_NET_CLIENT_LIST")):
        if dock not in _longs(lib, display, window, kind):
            continue
        if any(_longs(lib, display, window, strut) for strut in struts):
            continue  # the window manager's work area leaves its room already
        attributes = _WindowAttributes()
        if not lib.XGetWindowAttributes(display, window, ctypes.byref(attributes)):
            continue
        x, y, child = ctypes.c_int(), ctypes.c_int(), ctypes.c_ulong()
        lib.XTranslateCoordinates(
            display, window, root, 0, 0, ctypes.byref(x), ctypes.byref(y), ctypes.byref(child)
        )
        found.append(QRect(x.value, y.value, attributes.width, attributes.height))
    return found


def without_panels(area: QRect, panels: list[QRect]) -> QRect:
    """`area` less the strips that panels along its edges cover (a panel that spans most
    of an edge; anything else, a small dock in a corner or a floating one, is ignored)."""
    result = QRect(area)
    for panel in panels:
        common = panel.intersected(result)
        if common.isEmpty():
            continue
        wide = common.width() >= result.width() // 2
        tall = common.height() >= result.height() // 2
        if wide and common.bottom() >= result.bottom() and common.top() > result.center().y():
            result.setBottom(common.top() - 1)
        elif wide and common.top() <= result.top() and common.bottom() < result.center().y():
            result.setTop(common.bottom() + 1)
        elif tall and common.right() >= result.right() and common.left() > result.center().x():
            result.setRight(common.left() - 1)
        elif tall and common.left() <= result.left() and common.right() < result.center().x():
            result.setLeft(common.right() + 1)
    return result
