"""Log files rotate in the data folder, stay private and never carry addresses or phone numbers."""

from __future__ import annotations

import logging
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.logging_setup import MAX_MESSAGE, configure_logging, redact, stop_logging

log = logging.getLogger("desktop_crm.test")


@pytest.fixture(autouse=True)
def _detach():
    yield
    stop_logging()


def _read_all(folder) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()))


def test_log_file_is_private_and_in_the_logs_folder(data_paths):
    path = configure_logging(data_paths)
    log.info("contact %d saved", 42)
    assert path.parent == data_paths.logs
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "contact 42 saved" in path.read_text(encoding="utf-8")


def test_contact_details_that_slip_into_a_message_are_masked(data_paths):
    path = configure_logging(data_paths)
    log.warning("could not send to %s at %s", "ada@example.org", "+31 6 1234 5678")
    text = path.read_text(encoding="utf-8")
    assert "ada@example.org" not in text and "1234 5678" not in text
    assert "<email>" in text and "<number>" in text


def test_ids_times_and_backup_names_stay_readable():
    line = "backup-20260310T090000.123456Z-daily.sqlite written, 311296 bytes, contact 1234567"
    assert redact(line) == line


def test_logs_rotate_instead_of_growing(data_paths):
    configure_logging(data_paths, max_bytes=2_000)
    for i in range(200):
        log.info("event %d %s", i, "x" * 50)
    files = list(data_paths.logs.iterdir())
    assert 2 <= len(files) <= 6
    assert all(f.stat().st_size <= 2_500 for f in files)
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


def test_configuring_twice_writes_each_line_once(data_paths):
    configure_logging(data_paths)
    path = configure_logging(data_paths)
    log.info("only once")
    assert path.read_text(encoding="utf-8").count("only once") == 1


@given(st.emails(), st.text(max_size=50))
def test_no_email_survives_redaction(email, around):
    assert email not in redact(f"{around} {email} {around}")


@given(st.text(max_size=5_000))
def test_redaction_accepts_anything_and_caps_the_length(text):
    assert len(redact(text)) <= MAX_MESSAGE + 1


def test_a_broken_format_string_still_logs(data_paths):
    path = configure_logging(data_paths)
    log.info("50%% done %d", "not a number")
    assert "50% done" in path.read_text(encoding="utf-8") or "%d" in path.read_text(
        encoding="utf-8"
    )
