"""One running window per data folder: a second launch hands its request to the first and exits.

Start-up (before the QApplication, so a second launch never flashes a window):

    instance = SingleInstance(paths.root)
    if not instance.claim() and instance.hand_over(import_file):  # another window has it
        return 0
    app = QApplication(...)
    ...the window paints...
    instance.serve()                             # answers the later launches from now on
    instance.activate_requested.connect(window.bring_to_front)
    instance.import_requested.connect(window.start_import)   # after activate_requested

On POSIX the socket is Python's (`ui/instance_socket.py`) and is read with Qt's socket
notifiers: QtNetwork and its 25 enum classes cost 4-8 ms before the paint. On Windows
it is Qt's named pipe (QLocalServer), loaded only there. Messages: `instance_socket`."""

from __future__ import annotations

import hashlib
import logging
import os
import socket as socket_module
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop_crm.ui import instance_socket
from desktop_crm.ui.instance_socket import (
    ACK,
    MAX_MESSAGE,
    encode_message,
    parse_message,
    take_message,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QSocketNotifier

    from desktop_crm.ui.named_pipe_instance import NamedPipeServer

__all__ = ["MAX_MESSAGE", "SingleInstance", "encode_message", "parse_message", "server_name"]

log = logging.getLogger(__name__)

TIMEOUT_MS = 2_000
MAX_SOCKET_FOLDER = 80  # bytes; the socket's name (24) and a slash follow, within 107


def server_name(data_dir: Path | str) -> str | None:
    """The socket for a data folder: the same folder, the same name, for this user only.

    On POSIX a full path inside a folder only this user can enter (issue 15.12: a
    predictable name in /tmp let another user answer in our place); None when no
    such folder can be had, and then every launch opens its own window."""
    folder = os.path.normcase(str(Path(data_dir).expanduser().resolve()))
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:24]
    if not hasattr(os, "getuid"):
        return f"desktop-crm-{digest}"  # Windows: a named pipe in the user's session
    private = private_socket_folder()
    return None if private is None else str(private / digest)


def private_socket_folder() -> Path | None:
    """`$XDG_RUNTIME_DIR/desktop-crm`, else `<tmp>/desktop-crm-<uid>`: created 0700 and
    checked to be ours, a real folder and closed to others; None otherwise."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) / "desktop-crm" if runtime else None
    if base is None or len(os.fsencode(base)) > MAX_SOCKET_FOLDER:
        # A socket path holds at most ~107 bytes: a deep runtime folder cannot take it.
        base = Path(tempfile.gettempdir()) / f"desktop-crm-{os.getuid()}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(base)
    except OSError:
        return None
    if (
        not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.getuid()
        or stat.S_IMODE(info.st_mode) & 0o077
    ):
        log.warning("single-instance: %s is not private; every launch gets a window", base)
        return None
    return base


class SingleInstance(QObject):
    """The socket of the first instance, or the messenger of a later one."""

    activate_requested = Signal()
    import_requested = Signal(str)

    def __init__(self, data_dir: Path | str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._unix = instance_socket.available()
        self._listener: instance_socket.Listener | None = None
        self._accepting: QSocketNotifier | None = None
        self._connections: dict[socket_module.socket, tuple[bytearray, QSocketNotifier]] = {}
        self._retired: list[QSocketNotifier] = []
        self._pipe: NamedPipeServer | None = None

    # -- the second instance -------------------------------------------------

    def hand_over(self, import_path: str | os.PathLike | None = None) -> bool:
        """Give the running instance our request; True when it took it (then exit)."""
        if self.name is None:
            return False
        message = encode_message(import_path)
        if self._unix:
            return instance_socket.hand_over(self.name, message, TIMEOUT_MS / 1000)
        from desktop_crm.ui.named_pipe_instance import hand_over_by_pipe

        return hand_over_by_pipe(self.name, message, TIMEOUT_MS)

    # -- the first instance --------------------------------------------------

    def claim(self) -> bool:
        """Take the socket (a crashed instance's stale one too); False when another
        instance answers already. Later launches wait for their answer until `serve`."""
        if self.name is None:
            return True  # no private place for a socket: this window simply runs alone
        if not self._unix:
            from desktop_crm.ui.named_pipe_instance import NamedPipeServer

            self._pipe = NamedPipeServer(self.name, self.act, parent=self)
            return self._pipe.listen()  # Qt's pipe answers at once: nothing to defer
        self._listener = instance_socket.bind(self.name, TIMEOUT_MS / 4000)
        return self._listener is not None

    def serve(self) -> None:
        """Answer later launches from now on (the ones waiting since `claim` first)."""
        if self._listener is None or self._accepting is not None:
            return
        from PySide6.QtCore import QSocketNotifier  # its enum is made after the paint

        self._accepting = QSocketNotifier(self._listener.fileno(), QSocketNotifier.Type.Read, self)
        self._accepting.activated.connect(self._accept)

    def listen(self) -> bool:
        """`claim` and `serve` at once; False when another instance answers already."""
        if not self.claim():
            return False
        self.serve()
        return True

    def is_listening(self) -> bool:
        if self._pipe is not None:
            return self._pipe.is_listening()
        return self._accepting is not None

    def close(self) -> None:
        for sock in list(self._connections):
            self._drop(sock)
        self._retired.clear()
        if self._accepting is not None:
            self._accepting.setEnabled(False)
            self._accepting.deleteLater()
            self._accepting = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None

    def act(self, request: tuple[str, str | None]) -> None:
        """Carry out a later launch's request, answered already (it may have exited)."""
        command, path = request
        self.activate_requested.emit()  # every second launch means "show me the window"
        if command == "import" and path is not None:
            log.info("second launch handed over a file to import")
            self.import_requested.emit(path)

    def _accept(self) -> None:
        from PySide6.QtCore import QSocketNotifier

        assert self._listener is not None
        self._retired.clear()  # the notifiers of connections that ended before this one
        while True:
            try:
                sock, _address = self._listener.sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("single-instance: accept failed: %s", exc)
                return
            if not instance_socket.peer_is_me(sock):
                log.warning("single-instance: a connection from another user refused")
                sock.close()
                continue
            sock.setblocking(False)
            notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read)
            notifier.activated.connect(lambda *_args, s=sock: self._read(s))
            self._connections[sock] = (bytearray(), notifier)

    def _drop(self, sock: socket_module.socket) -> None:
        entry = self._connections.pop(sock, None)
        if entry is not None:
            entry[1].setEnabled(False)  # before the descriptor is closed and reused
            # Let go of it later, not within its own signal; a parent's deleteLater here
            # crashed PySide6 ("shared QObject was deleted directly").
            self._retired.append(entry[1])
        sock.close()

    def _read(self, sock: socket_module.socket) -> None:
        entry = self._connections.get(sock)
        if entry is None:
            return
        buffer = entry[0]
        try:
            while len(buffer) <= MAX_MESSAGE:
                chunk = sock.recv(4096)
                if not chunk:  # hung up (a probe that only asked whether we answer)
                    self._drop(sock)
                    return
                buffer += chunk
        except (BlockingIOError, InterruptedError):
            pass  # all there is for now
        except OSError:
            self._drop(sock)
            return
        if len(buffer) > MAX_MESSAGE:
            log.warning("single-instance: oversized message dropped")
            self._drop(sock)
            return
        message = take_message(buffer)
        if message is None:
            return  # the rest is on its way
        request = parse_message(message)
        if request is None:
            log.warning("single-instance: unknown message ignored")
            self._drop(sock)  # no answer
            return
        try:
            sock.send(ACK)  # three bytes into an empty socket buffer: never blocks
        except OSError:
            pass  # it gave up waiting; the request still counts
        self._drop(sock)
        self.act(request)
