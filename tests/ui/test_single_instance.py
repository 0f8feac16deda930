"""A second launch on the same data folder hands its request to the running instance."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtNetwork import QLocalSocket

from desktop_crm.ui.single_instance import (
    MAX_MESSAGE,
    SingleInstance,
    encode_message,
    parse_message,
    server_name,
)

ROOT = Path(__file__).resolve().parents[2]
SECOND = (
    "import sys\n"
    "from desktop_crm.ui.single_instance import SingleInstance\n"
    "path = sys.argv[2] if len(sys.argv) > 2 else None\n"
    "sys.exit(0 if SingleInstance(sys.argv[1]).hand_over(path) else 1)\n"
)
FIRST = (
    "import sys, time\n"
    "from PySide6.QtCore import QCoreApplication\n"
    "from desktop_crm.ui.single_instance import SingleInstance\n"
    "app = QCoreApplication([])\n"
    "instance = SingleInstance(sys.argv[1])\n"
    "print('listening' if instance.listen() else 'refused', flush=True)\n"
    "time.sleep(60)\n"
)


def _python(code: str, *args: str, cwd: Path | None = None, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, cwd=cwd, stdout=subprocess.PIPE, **kwargs
    )


@pytest.fixture
def first(qtbot, tmp_path):
    instance = SingleInstance(tmp_path / "data")
    assert instance.listen()
    yield instance
    instance.close()


def test_second_launch_hands_over_a_file_to_import(qtbot, first, tmp_path):
    elsewhere = tmp_path / "downloads"
    elsewhere.mkdir()
    seen: list[object] = []
    first.activate_requested.connect(lambda: seen.append("activate"))
    first.import_requested.connect(seen.append)
    with qtbot.waitSignal(first.import_requested, timeout=15_000):
        second = _python(SECOND, str(tmp_path / "data"), "leads 2026.csv", cwd=elsewhere)
    # The path is made absolute by the sender, whose working directory it is relative to.
    assert seen == ["activate", str(elsewhere / "leads 2026.csv")]
    assert second.wait(timeout=15) == 0  # it was told "ok", so it exits


def test_second_launch_without_a_file_asks_to_activate(qtbot, first, tmp_path):
    with qtbot.waitSignal(first.activate_requested, timeout=15_000):
        second = _python(SECOND, str(tmp_path / "data"))
    assert second.wait(timeout=15) == 0


def test_another_data_folder_is_another_instance(tmp_path):
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "x" / ".." / "a")
    alone = _python(SECOND, str(tmp_path / "nobody-runs-here"))
    assert alone.wait(timeout=15) == 1  # nobody took it: this launch becomes the first


def test_a_second_listener_on_the_same_folder_is_refused(qtbot, first, tmp_path):
    other = SingleInstance(tmp_path / "data")
    assert not other.listen()


def test_a_crashed_first_instance_does_not_block_the_next(qtbot, tmp_path):
    crashed = _python(FIRST, str(tmp_path / "data"))
    try:
        assert crashed.stdout.readline().strip() == b"listening"
    finally:
        crashed.send_signal(signal.SIGKILL)
        crashed.wait(timeout=15)
    # The process is gone (wait returned); its socket file is left behind, stale.
    instance = SingleInstance(tmp_path / "data")
    assert instance.listen()  # the stale socket file is cleared
    instance.close()


def test_a_launch_before_the_window_serves_is_answered_once_it_does(qtbot, tmp_path):
    # The first start claims the socket before its window and serves after the paint:
    # a second start in between waits in the socket's queue and is answered then.
    instance = SingleInstance(tmp_path / "data")
    assert instance.claim()
    assert instance.name is not None
    early = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    early.settimeout(15)
    early.connect(instance.name)
    early.sendall(encode_message(tmp_path / "early.csv"))
    seen: list[object] = []
    instance.import_requested.connect(seen.append)
    try:
        with qtbot.waitSignal(instance.import_requested, timeout=15_000):
            instance.serve()
        assert early.recv(16) == b"ok\0"
        assert seen == [str(tmp_path / "early.csv")]
    finally:
        early.close()
        instance.close()


def test_the_socket_is_the_users_alone_and_goes_with_the_window(qtbot, first):
    assert first.name is not None
    assert stat.S_IMODE(os.stat(first.name).st_mode) & 0o077 == 0
    first.close()
    assert not os.path.exists(first.name)  # the next start need not clear it


def test_closing_leaves_a_newer_instances_socket_alone(qtbot, tmp_path):
    old = SingleInstance(tmp_path / "data")
    assert old.listen()
    assert old.name is not None
    os.unlink(old.name)  # e.g. a clean-up of the runtime folder; then a new start claims
    new = SingleInstance(tmp_path / "data")
    assert new.listen()
    old.close()
    assert os.path.exists(new.name)
    alive = _python(SECOND, str(tmp_path / "data"))
    with qtbot.waitSignal(new.activate_requested, timeout=15_000):
        pass
    assert alive.wait(timeout=15) == 0
    new.close()


def test_a_live_instance_with_a_full_queue_keeps_its_socket(qtbot, tmp_path):
    # Its connections are all waiting (a hung window, or many starts at once): a connect
    # fails, but not as "refused", so the socket is not taken for a stale one.
    name = server_name(tmp_path / "data")
    assert name is not None
    busy = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    busy.bind(name)
    busy.listen(0)
    waiting = []
    try:
        for _ in range(64):  # until the kernel's queue for it is full
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.setblocking(False)
            waiting.append(client)
            try:
                client.connect(name)
            except BlockingIOError:
                break
        else:
            pytest.skip("the queue never filled")
        assert not SingleInstance(tmp_path / "data").claim()
        assert os.path.exists(name)
    finally:
        for client in waiting:
            client.close()
        busy.close()
        os.unlink(name)


@pytest.mark.parametrize(
    "payload",
    [
        b"delete everything\0",
        b"import relative/path.csv\0",
        b"import \0",
        b"\xff\xfe\0",
        b"x" * (MAX_MESSAGE + 10),
    ],
)
def test_hostile_messages_are_ignored_and_the_server_keeps_working(qtbot, first, tmp_path, payload):
    seen: list[object] = []
    first.activate_requested.connect(lambda: seen.append("activate"))
    first.import_requested.connect(seen.append)
    client = QLocalSocket()
    client.connectToServer(first.name)
    assert client.waitForConnected(2_000)
    client.write(payload)
    client.flush()
    # The server hangs up on a message it did not send, without an answer.
    qtbot.waitUntil(
        lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=5_000
    )
    assert bytes(client.readAll().data()) == b""
    assert seen == []
    with qtbot.waitSignal(first.import_requested, timeout=15_000):
        second = _python(SECOND, str(tmp_path / "data"), "/tmp/ok.csv")
    assert second.wait(timeout=15) == 0


@given(st.binary(max_size=MAX_MESSAGE + 100))
def test_parsing_anything_never_fails(data):
    parsed = parse_message(data)
    assert parsed is None or parsed[0] in ("activate", "import")


@given(st.text(min_size=1, max_size=200).filter(lambda s: not set(s) & {"\0", "\n", "\r"}))
def test_every_path_we_send_arrives_whole(name):
    message = encode_message(name)
    # 200 characters of at most 4 bytes each and a working directory fit in one message.
    assert len(message) <= MAX_MESSAGE
    assert parse_message(message) == ("import", os.path.abspath(name))
