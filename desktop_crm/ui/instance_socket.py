"""The single-instance socket: its messages, and on POSIX the socket itself with Python's
`socket`, so that no start loads QtNetwork before its first paint.

Messages are "activate" or "import <absolute path>", each ended by a NUL byte
(the one character no path can hold); the first instance answers "ok".

A Unix socket in the data folder's private socket path (`single_instance.server_name`).
The first start binds it (`claim`), a later start connects and hands over its message
(`hand_over`); the running window accepts and reads with Qt's socket notifiers after
its first paint (`single_instance.SingleInstance.serve`): until then the kernel queues
the connection, and the later start waits for its answer."""

from __future__ import annotations

import errno
import logging
import os
import socket
import struct
from dataclasses import dataclass

log = logging.getLogger(__name__)

BACKLOG = 8
MAX_MESSAGE = 8 * 1024  # a path and a word; anything longer is not from us
END = b"\0"
ACK = b"ok" + END


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


def take_message(buffer: bytearray) -> bytes | None:
    """The first whole message in what has arrived so far, None while the rest is on its way."""
    if END not in buffer:
        return None
    return bytes(buffer[: buffer.index(END) + len(END)])


def available() -> bool:
    """Unix sockets here (Linux, macOS); Windows uses Qt's named pipes instead."""
    return hasattr(socket, "AF_UNIX") and hasattr(os, "getuid")


def connect(name: str, timeout_s: float) -> socket.socket | None:
    """A connection to whoever listens at `name`; None when nobody does."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout_s)
    try:
        sock.connect(name)
    except OSError:  # no file, a stale file (refused), or a full queue of a hung process
        sock.close()
        return None
    return sock


def someone_answers(name: str, timeout_s: float) -> bool:
    probe = connect(name, timeout_s)
    if probe is None:
        return False
    probe.close()
    return True


def peer_is_me(sock: socket.socket) -> bool:
    """True when the process at the other end of `sock` runs as this user.

    Where the system cannot tell (no SO_PEERCRED, e.g. macOS), the private folder is the guard."""
    if not hasattr(socket, "SO_PEERCRED"):
        return True
    try:
        raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return False
    _pid, uid, _gid = struct.unpack("3i", raw)
    return uid == os.getuid()


def hand_over(name: str, message: bytes, timeout_s: float) -> bool:
    """Send `message` to the running instance; True when it answered "ok"."""
    sock = connect(name, timeout_s)
    if sock is None:
        return False
    with sock:
        if not peer_is_me(sock):
            # Someone else answers: never tell them our file, never exit without a window.
            log.warning("single-instance: the answering process is another user's; ignored")
            return False
        try:
            sock.sendall(message)
            reply = b""
            while END not in reply and len(reply) < 16:
                chunk = sock.recv(16)
                if not chunk:
                    break
                reply += chunk
        except OSError:  # a timeout too: a process that hangs
            return False
    # No answer: better a second window than a lost import.
    return reply == ACK


@dataclass
class Listener:
    """The first instance's listening socket and the file it made (its device and inode)."""

    sock: socket.socket
    name: str
    identity: tuple[int, int]

    def fileno(self) -> int:
        return self.sock.fileno()

    def close(self) -> None:
        """Close, and remove the file unless another instance has made its own since."""
        try:
            info = os.stat(self.name)
        except OSError:
            info = None
        if info is not None and (info.st_dev, info.st_ino) == self.identity:
            _remove(self.name)
        self.sock.close()


def bind(name: str, timeout_s: float) -> Listener | None:
    """The listening socket at `name`, for this user only; None when another instance
    answers there (or the socket cannot be made: then this window runs alone).

    A socket file nobody answers on is left by a crashed instance and is taken over."""
    for _attempt in range(2):
        if someone_answers(name, timeout_s):
            return None
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.bind(name)
        except OSError as exc:
            sock.close()
            if exc.errno != errno.EADDRINUSE:
                log.warning("single-instance socket not made: %s", exc)
                return None
            # Stale, or a start at the same moment bound it just now: only a refused
            # connection means nobody listens (a full queue is a live, busy instance).
            if not _refused(name, timeout_s):
                return None
            _remove(name)
            continue
        os.chmod(name, 0o600)  # in a folder only we can enter; closed to others as well
        sock.listen(BACKLOG)
        sock.setblocking(False)  # accepted from a socket notifier: never wait
        info = os.stat(name)
        return Listener(sock, name, (info.st_dev, info.st_ino))
    log.warning("single-instance socket not made: %s stays in use", name)
    return None


def _refused(name: str, timeout_s: float) -> bool:
    """True when the socket file at `name` is there and nobody listens on it."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(timeout_s)
    try:
        probe.connect(name)
    except ConnectionRefusedError:
        return True
    except OSError:
        return False
    finally:
        probe.close()
    return False


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass
