"""Real CardDAV/CalDAV servers for the sync tests: Radicale and Xandikos on loopback ports,
each started fresh for a test in its own folder, and a plain WebDAV client playing the phone."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

USER, PASSWORD = "anna", "secret"
OTHER_USER = "bob"
START_DEADLINE_S = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_listening(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)  # polling a condition with a deadline, not a fixed wait
    raise RuntimeError(
        f"server did not listen on {port}: {log.read_text(errors='replace')[-2000:]}"
    )


@dataclass
class Server:
    kind: str
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_radicale(folder: Path, storage: Path | None = None) -> Server:
    """Radicale keeping its collections in `storage` (default: inside `folder`)."""
    port = free_port()
    # A second user, whose collections the first may not touch (Radicale's owner_only rights).
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n{OTHER_USER}:{PASSWORD}\n")
    config = folder / "config"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = htpasswd\n"
        f"htpasswd_filename = {folder / 'users'}\nhtpasswd_encryption = plain\n"
        # No pause after a wrong password: the 401 test should not wait.
        "delay = 0\n"
        f"[storage]\nfilesystem_folder = {storage or folder / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    log = folder / "server.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    _wait_until_listening(port, process, log)
    return Server("radicale", f"http://127.0.0.1:{port}/", process)


def xandikos_command() -> list[str]:
    found = shutil.which("xandikos", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "xandikos.web"]


def start_xandikos(folder: Path) -> Server:
    port = free_port()
    log = folder / "server.log"
    process = subprocess.Popen(
        [
            *xandikos_command(),
            "serve",
            "-d",
            str(folder / "data"),
            "--defaults",
            "-l",
            "127.0.0.1",
            "-p",
            str(port),
            "--state-dir",
            str(folder / "state"),
        ],  # fmt: skip
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    _wait_until_listening(port, process, log)
    return Server("xandikos", f"http://127.0.0.1:{port}/", process)


class Phone:
    """The second client: creates, edits and deletes cards and completes to-dos on the server."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.auth = (USER, PASSWORD)

    def url(self, href: str) -> str:
        return self.base + href

    def list(self, collection: str) -> dict[str, str]:
        """href → ETag of every item in a collection."""
        body = (
            '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop>'
            "</d:propfind>"
        )
        response = self.session.request(
            "PROPFIND",
            self.url(collection),
            data=body,
            headers={"Depth": "1", "Content-Type": "application/xml"},
            timeout=10,
        )
        response.raise_for_status()
        from desktop_crm.services.sync.webdav import DAV, parse_multistatus, tag

        found = {}
        for resource in parse_multistatus(response.content):
            etag = resource.text(tag(DAV, "getetag"))
            path = requests.utils.urlparse(resource.href).path
            if etag and path.rstrip("/") != collection.rstrip("/"):
                found[path] = etag
        return found

    def get(self, href: str) -> tuple[str, str]:
        response = self.session.get(self.url(href), timeout=10)
        response.raise_for_status()
        return response.content.decode("utf-8"), response.headers.get("ETag", "")

    def put(self, href: str, body: str, content_type: str = "text/vcard") -> None:
        response = self.session.put(
            self.url(href),
            data=body.encode("utf-8"),
            headers={"Content-Type": content_type},
            timeout=10,
        )
        assert response.status_code in (200, 201, 204), (response.status_code, response.text[:300])

    def delete(self, href: str) -> None:
        response = self.session.delete(self.url(href), timeout=10)
        assert response.status_code in (200, 204), response.status_code

    def delete_collection(self, href: str) -> None:
        self.delete(href)
