"""One running window per data folder: a second launch hands its request to the first and exits.

Start-up (before the QApplication, so a second launch never flashes a window):

    instance = SingleInstance(paths.root)
    if instance.hand_over(import_file):          # another window has it now
        return 0
    app = QApplication(...)
    instance.listen()
    instance.activate_requested.connect(window.bring_to_front)
    instance.import_requested.connect(window.start_import)   # after activate_requested

Messages are "activate" or "import <absolute path>", each ended by a NUL byte
(the one character no path can hold); the first instance answers "ok"."""

from __future__ import annotations

import hashlib
import logging
import os
import socket as socket_module
import stat
import struct
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

TIMEOUT_MS = 2_000
MAX_MESSAGE = 8 * 1024  # a path and a word; anything longer is not from us
END = b"\0"
ACK = b"ok" + END
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


def peer_is_me(sock: QLocalSocket) -> bool:
    """True when the process at the other end of `sock` runs as this user.

    Where the system cannot tell (no SO_PEERCRED), the private folder is the guard."""
    if not hasattr(socket_module, "SO_PEERCRED") or not hasattr(os, "getuid"):
        return True
    descriptor = int(sock.socketDescriptor())
    if descriptor < 0:
        return False
    probe = socket_module.socket(fileno=os.dup(descriptor))  # ours to close, not Qt's
    try:
        raw = probe.getsockopt(
            socket_module.SOL_SOCKET, socket_module.SO_PEERCRED, struct.calcsize("3i")
        )
    except OSError:
        return False
    finally:
        probe.close()
    _pid, uid, _gid = struct.unpack("3i", raw)
    return uid == os.getuid()


def encode_message(import_path: str | os.PathLike | None) -> bytes:
    if import_path is None:
        return b"activate" + END
    # The receiver has another working directory: send the path it can open.
    absolute = os.path.abspath(os.fspath(import_path))
    return b"import " + os.fsencode(absolute) + END


def parse_message(data: bytes) -> tuple[str, str | None] | None:
    """("activate", None), ("import", path) or None for anything we did not send."""
    if not data.endswith(END) or len(data) > MAX_MESSAGE:
        return None
    body = data[: -len(END)]
    if END in body:
        return None
    if body == b"activate":
        return ("activate", None)
    if body.startswith(b"import "):
        path = os.fsdecode(body[len(b"import ") :])
        if path and os.path.isabs(path) and not any(ch in path for ch in "\r\n"):
            return ("import", path)
    return None


class SingleInstance(QObject):
    """The local server of the first instance, or the messenger of a later one."""

    activate_requested = Signal()
    import_requested = Signal(str)

    def __init__(self, data_dir: Path | str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    # -- the second instance -------------------------------------------------

    def hand_over(self, import_path: str | os.PathLike | None = None) -> bool:
        """Give the running instance our request; True when it took it (then exit)."""
        if self.name is None:
            return False
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(TIMEOUT_MS):
            return False
        if not peer_is_me(socket):
            # Someone else answers: never tell them our file, never exit without a window.
            log.warning("single-instance: the answering process is another user's; ignored")
            socket.abort()
            return False
        try:
            socket.write(encode_message(import_path))
            if not socket.waitForBytesWritten(TIMEOUT_MS):
                return False
            reply = b""
            while END not in reply and len(reply) < 16:
                if not socket.waitForReadyRead(TIMEOUT_MS):
                    break
                reply += bytes(socket.readAll().data())
            # No answer: a process that hangs. Better a second window than a lost import.
            return reply == ACK
        finally:
            socket.abort()

    # -- the first instance --------------------------------------------------

    def listen(self) -> bool:
        """Start answering later launches; False when another instance answers already."""
        # Ask first: with socket options set, Qt binds in a private folder and renames
        # the socket into place, which would silently take the name from a live instance.
        if self.name is None:
            return True  # no private place for a socket: this window simply runs alone
        if self._someone_answers():
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            if server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
                log.warning("single-instance server not started: %s", server.errorString())
                return False
            QLocalServer.removeServer(self.name)  # left behind by a crashed instance
            if not server.listen(self.name):
                log.warning("single-instance server not started: %s", server.errorString())
                return False
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def is_listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _someone_answers(self) -> bool:
        assert self.name is not None
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        alive = probe.waitForConnected(TIMEOUT_MS // 4)
        probe.abort()
        return alive

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if not peer_is_me(socket):
                log.warning("single-instance: a connection from another user refused")
                socket.abort()
                continue
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))
            if socket.bytesAvailable():
                self._read(socket)

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer += bytes(socket.readAll().data())
        if len(buffer) > MAX_MESSAGE:
            log.warning("single-instance: oversized message dropped")
            self._buffers.pop(socket, None)
            socket.abort()
            return
        if END not in buffer:
            return  # the rest is on its way
        message = bytes(buffer[: buffer.index(END) + len(END)])
        self._buffers.pop(socket, None)
        parsed = parse_message(message)
        if parsed is None:
            log.warning("single-instance: unknown message ignored")
            socket.abort()
            return
        socket.write(ACK)
        socket.flush()
        socket.disconnectFromServer()
        command, path = parsed
        self.activate_requested.emit()  # every second launch means "show me the window"
        if command == "import" and path is not None:
            log.info("second launch handed over a file to import")
            self.import_requested.emit(path)
