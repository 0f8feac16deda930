"""Point 5: a PostgreSQL restart is survived, and a server that never answers is no hang."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import psycopg2
import pytest

from desktop_crm.errors import DatabaseError
from desktop_crm.services.contacts import (
    create_contact,
    draft_from,
    get_contact,
    list_contacts,
    set_stage,
    update_contact,
)
from desktop_crm.services.records import ContactDraft
from desktop_crm.store.database import close_database, open_database, write_transaction
from desktop_crm.store.server_database import (
    add_connection_listener,
    remove_connection_listener,
)
from tests.backends import POSTGRES_URL, reset_postgres
from tests.safety.cli import run_cli

needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL, reason="needs a PostgreSQL server (DESKTOP_CRM_TEST_POSTGRES)"
)


def test_a_server_that_accepts_but_never_answers_gives_an_error_not_a_hang(tmp_path) -> None:
    # The kernel completes the TCP handshake for a listening socket; nobody ever answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    try:
        url = f"postgresql://nobody@127.0.0.1:{port}/crm"
        done = run_cli("--data-dir", tmp_path, "--database", url, "contacts", "list", timeout=90)
    finally:
        silent.close()
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("desktop-crm: Cannot connect to the database")
    assert len(done.stderr.strip().splitlines()) == 1


def _end_other_sessions() -> None:
    """What a server restart does to every client: its session is terminated."""
    admin = psycopg2.connect(POSTGRES_URL)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND datname = current_database()"
        )
    admin.close()


@pytest.fixture
def server_db() -> Iterator[None]:
    reset_postgres(POSTGRES_URL)
    open_database(url=POSTGRES_URL)
    yield
    close_database()


@needs_postgres
def test_reads_and_writes_carry_on_after_the_server_ended_the_session(server_db) -> None:
    contact = create_contact(ContactDraft(full_name="Rita Restart"))
    _end_other_sessions()
    assert [c.id for c in list_contacts()] == [contact.id]  # a read, retried
    _end_other_sessions()
    set_stage([contact.id], "prospect")  # a write: its transaction starts on a new connection
    _end_other_sessions()
    draft = draft_from(get_contact(contact.id))
    draft.notes = "still here"
    update_contact(contact.id, draft, expected_version=get_contact(contact.id).version)
    assert get_contact(contact.id).notes == "still here"
    assert get_contact(contact.id).stage == "prospect"


@needs_postgres
def test_a_write_cut_off_midway_says_so_and_the_retry_succeeds(server_db) -> None:
    contact = create_contact(ContactDraft(full_name="Walt Write"))
    heard: list[bool] = []
    add_connection_listener(heard.append)
    try:
        draft = draft_from(get_contact(contact.id))
        draft.notes = "pending edit"
        version = get_contact(contact.id).version
        with pytest.raises(DatabaseError, match="server cannot be reached"):
            with write_transaction() as db:
                db.execute_sql("SELECT 1")
                _end_other_sessions()
                db.execute_sql("SELECT 1")
        assert heard == [False]  # the window says once that the server is away
        # The edit the window kept is saved by the retry, against the same version.
        update_contact(contact.id, draft, expected_version=version)
        assert heard == [False, True]
    finally:
        remove_connection_listener(heard.append)
    assert get_contact(contact.id).notes == "pending edit"
