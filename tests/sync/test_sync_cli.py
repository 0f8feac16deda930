"""The sync command line, exactly as the contract says, through the real entry point."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.sync.servers import PASSWORD, USER, Phone, free_port


def cli(data_dir, *args, password: str | None = None, check: bool = True):
    env = {**os.environ, "DESKTOP_CRM_LANG": "en", "DESKTOP_CRM_DATA_DIR": str(data_dir)}
    env.pop("DESKTOP_CRM_DATABASE", None)
    done = subprocess.run(
        [sys.executable, "-m", "desktop_crm", *args],
        input=(password + "\n") if password is not None else None,
        stdin=None if password is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def test_add_run_status_remove_as_the_contract_says(server, tmp_path):
    data = tmp_path / "data"
    added = cli(
        data,
        "sync",
        "add",
        server.url,
        "--user",
        USER,
        "--password-stdin",
        "--json",
        password=PASSWORD,
    )
    account = json.loads(added.stdout)
    assert set(account) == {"url", "addressbook", "calendar", "last_sync"}
    assert account["last_sync"] is None
    contact = json.loads(
        cli(data, "contacts", "add", "Jan de Vries", "--email", "jan@example.nl", "--json").stdout
    )
    follow_up = json.loads(
        cli(
            data,
            "followups",
            "add",
            str(contact["id"]),
            "--due",
            "2026-12-05T10:00",
            "--text",
            "Call",
            "--json",
        ).stdout
    )
    assert isinstance(follow_up["id"], int)
    report = json.loads(cli(data, "sync", "run", "--json").stdout)
    assert report == {
        "contacts": {
            "sent": 1, "received": 0, "updated_here": 0, "updated_there": 0,
            "archived_here": 0, "removed_there": 0, "conflicts": 0,
        },
        "tasks": {"sent": 1, "received": 0, "done_here": 0, "done_there": 0},
        "events": {"sent": 0},
    }  # fmt: skip
    status = json.loads(cli(data, "sync", "status", "--json").stdout)
    assert status["url"] == server.url and status["last_sync"] is not None
    assert status["addressbook"] == account["addressbook"]

    edited = json.loads(
        cli(
            data,
            "contacts",
            "edit",
            str(contact["id"]),
            "--job-title",
            "Buyer",
            "--notes",
            "Met at the fair",
            "--json",
        ).stdout
    )
    assert (edited["job_title"], edited["notes"], edited["archived"]) == (
        "Buyer",
        "Met at the fair",
        False,
    )
    cli(data, "followups", "done", str(follow_up["id"]))
    report = json.loads(cli(data, "sync", "run", "--json").stdout)
    assert report["contacts"]["updated_there"] == 1 and report["tasks"]["done_there"] == 1
    cli(data, "contacts", "archive", str(contact["id"]))
    assert (
        json.loads(cli(data, "contacts", "show", str(contact["id"]), "--json").stdout)["archived"]
        is True
    )
    report = json.loads(cli(data, "sync", "run", "--json").stdout)
    assert report["contacts"]["removed_there"] == 1

    cli(data, "sync", "remove")
    missing = cli(data, "sync", "status", check=False)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("case", ["wrong password", "unreachable", "not a url", "no account"])
def test_user_errors_exit_2_with_one_line_and_keep_nothing(server, tmp_path, case):
    data = tmp_path / "data"
    if case == "no account":
        done = cli(data, "sync", "run", check=False)
    else:
        url = {
            "wrong password": server.url,
            "unreachable": f"http://127.0.0.1:{free_port()}/",
            "not a url": "carddav-server",
        }[case]
        password = "wrong" if case == "wrong password" else PASSWORD
        if case == "wrong password" and server.kind == "xandikos":
            pytest.skip("xandikos serves without authentication")
        done = cli(
            data,
            "sync",
            "add",
            url,
            "--user",
            USER,
            "--password-stdin",
            password=password,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert cli(data, "sync", "status", check=False).returncode == 2  # nothing was kept


def test_an_address_book_deleted_on_the_server_is_a_clear_error_and_the_next_sync_resumes(
    server, tmp_path
):
    data = tmp_path / "data"
    account = json.loads(
        cli(
            data,
            "sync",
            "add",
            server.url,
            "--user",
            USER,
            "--password-stdin",
            "--json",
            password=PASSWORD,
        ).stdout
    )
    cli(data, "contacts", "add", "Jan de Vries")
    cli(data, "sync", "run")
    Phone(server.url).delete_collection(account["addressbook"])
    failed = cli(data, "sync", "run", check=False)
    assert failed.returncode == 2
    assert "not found" in failed.stderr
    assert json.loads(cli(data, "contacts", "list", "--json").stdout)[0]["archived"] is False


def test_a_sync_killed_halfway_resumes_without_duplicates(server, tmp_path):
    """SIGKILL while cards are being sent; the next sync completes, no card twice."""
    data = tmp_path / "data"
    account = json.loads(
        cli(
            data,
            "sync",
            "add",
            server.url,
            "--user",
            USER,
            "--password-stdin",
            "--json",
            password=PASSWORD,
        ).stdout
    )
    csv = tmp_path / "many.csv"
    csv.write_text("Name,Email\n" + "".join(f"Person {i},p{i}@example.nl\n" for i in range(120)))
    cli(data, "import", str(csv))
    phone = Phone(server.url)
    env = {**os.environ, "DESKTOP_CRM_LANG": "en", "DESKTOP_CRM_DATA_DIR": str(data)}
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_crm", "sync", "run"], env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(phone.list(account["addressbook"])) < 20 and process.poll() is None:
        assert time.monotonic() < deadline, "the sync never started sending"
    process.send_signal(signal.SIGKILL)
    process.wait()
    report = json.loads(cli(data, "sync", "run", "--json").stdout)
    cards = phone.list(account["addressbook"])
    assert len(cards) == 120
    emails = set()
    for href in cards:
        body, _etag = phone.get(href)
        emails |= {
            line.split(":", 1)[1].strip() for line in body.splitlines() if line.startswith("EMAIL")
        }
    assert len(emails) == 120
    assert report["contacts"]["received"] == 0  # our own cards were not taken for new ones
    assert len(json.loads(cli(data, "contacts", "list", "--json").stdout)) == 120


def test_another_users_address_book_is_refused_with_403_and_nothing_is_kept(server, tmp_path):
    if server.kind != "radicale":
        pytest.skip("xandikos serves without authentication or rights")
    from tests.sync.servers import OTHER_USER

    other = Phone(server.url)
    other.session.auth = (OTHER_USER, PASSWORD)
    made = other.session.request(
        "MKCOL",
        other.url(f"/{OTHER_USER}/book/"),
        data=(
            '<d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>'
            "<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
            "</d:prop></d:set></d:mkcol>"
        ),
        headers={"Content-Type": "application/xml"},
        timeout=10,
    )
    assert made.status_code == 201
    data = tmp_path / "data"
    done = cli(
        data, "sync", "add", server.url, "--user", USER, "--password-stdin",
        "--addressbook", f"/{OTHER_USER}/book/", "--calendar", f"/{OTHER_USER}/calendar/",
        password=PASSWORD, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().endswith("The server does not allow this account to do that.")
    assert cli(data, "sync", "status", check=False).returncode == 2
