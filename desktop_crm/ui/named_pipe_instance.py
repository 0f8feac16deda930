"""The single-instance socket on Windows: Qt's named pipe (QLocalServer, QLocalSocket).

Only Windows loads it (Python's `socket` has no Unix sockets there); the messages are
those of `ui/instance_socket.py`. The pipe lives in the user's session, so no other
user can answer or call on it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from desktop_crm.ui.instance_socket import ACK, END, MAX_MESSAGE, parse_message, take_message

log = logging.getLogger(__name__)


def hand_over_by_pipe(name: str, message: bytes, timeout_ms: int) -> bool:
    """Send `message` to the running instance; True when it answered "ok"."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write(message)
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        reply = b""
        while END not in reply and len(reply) < 16:
            if not socket.waitForReadyRead(timeout_ms):
                break
            reply += bytes(socket.readAll().data())
        # No answer: a process that hangs. Better a second window than a lost import.
        return reply == ACK
    finally:
        socket.abort()


class NamedPipeServer(QObject):
    """Answers later launches; each whole, known request goes to `act` after "ok"."""

    def __init__(
        self,
        name: str,
        act: Callable[[tuple[str, str | None]], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.name = name
        self._act = act
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def listen(self) -> bool:
        """False when another instance answers already."""
        # Ask first: with socket options set, Qt binds in a private folder and renames
        # the socket into place, which would silently take the name from a live instance.
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        alive = probe.waitForConnected(500)
        probe.abort()
        if alive:
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

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
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
        message = take_message(buffer)
        if message is None:
            return  # the rest is on its way
        self._buffers.pop(socket, None)
        request = parse_message(message)
        if request is None:
            log.warning("single-instance: unknown message ignored")
            socket.abort()
            return
        socket.write(ACK)
        socket.flush()
        socket.disconnectFromServer()
        self._act(request)
