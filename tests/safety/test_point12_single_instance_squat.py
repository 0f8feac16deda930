"""Point 12: another local user answering on the single-instance socket gets nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.safety.cli import ROOT, cli_env

NOBODY = 65534
SQUATTER = r"""
import os, socket, sys
heard = open(sys.argv[1], "ab", buffering=0)
servers = []
for path in sys.argv[2:]:
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):  # the squatter takes the app's folder name first
        os.makedirs(folder, mode=0o777)
        os.chmod(folder, 0o777)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    os.chmod(path, 0o777)
    s.listen(8)
    servers.append(s)
print("listening", flush=True)
import selectors
sel = selectors.DefaultSelector()
for s in servers:
    sel.register(s, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        conn, _ = key.fileobj.accept()
        conn.settimeout(2)
        try:
            heard.write(conn.recv(4096))
        except OSError:
            pass
        conn.sendall(b"ok\0")
        conn.close()
"""
SECOND = (
    "import sys\n"
    "from desktop_crm.ui.single_instance import SingleInstance\n"
    "sys.exit(0 if SingleInstance(sys.argv[1]).hand_over(sys.argv[2]) else 1)\n"
)


def _old_name(data: Path) -> str:
    """Where the app used to put its socket: a name anyone could predict in /tmp."""
    folder = os.path.normcase(str(data.resolve()))
    digest = hashlib.sha256(f"{os.getuid()}\0{folder}".encode()).hexdigest()[:24]
    return os.path.join(tempfile.gettempdir(), f"desktop-crm-{digest}")


@pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0 or not shutil.which("setpriv"),
    reason="needs root and setpriv to act as another user",
)
def test_a_squatting_user_never_gets_the_file_and_a_window_opens(tmp_path: Path) -> None:
    shared = Path(tempfile.mkdtemp(prefix="squat-", dir="/tmp"))  # like /tmp: anyone may write
    os.chmod(shared, 0o777)
    heard = shared / "heard"
    heard.touch()
    os.chmod(heard, 0o666)
    data = tmp_path / "data"
    data.mkdir()
    digest = hashlib.sha256(
        f"{os.getuid()}\0{os.path.normcase(str(data.resolve()))}".encode()
    ).hexdigest()[:24]
    runtime = shared / "runtime"
    runtime.mkdir(mode=0o777)
    os.chmod(runtime, 0o777)
    targets = [_old_name(data), str(runtime / "desktop-crm" / digest)]
    squatter = subprocess.Popen(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        + [sys.executable, "-c", SQUATTER, str(heard), *targets],
        stdout=subprocess.PIPE,
        text=True,
        cwd="/",
    )
    try:
        assert squatter.stdout is not None and squatter.stdout.readline().strip() == "listening"
        secret = tmp_path / "customers-jan@example.com.csv"
        done = subprocess.run(
            [sys.executable, "-c", SECOND, str(data), str(secret)],
            env=cli_env(XDG_RUNTIME_DIR=str(runtime), QT_QPA_PLATFORM="offscreen"),
            cwd=ROOT,
            capture_output=True,
            timeout=60,
            check=False,
        )
    finally:
        squatter.kill()
        squatter.wait()
        Path(targets[0]).unlink(missing_ok=True)
    try:
        assert done.returncode == 1, "the launch exited without a window on a stranger's answer"
        assert b"customers" not in heard.read_bytes()
    finally:
        shutil.rmtree(shared, ignore_errors=True)
