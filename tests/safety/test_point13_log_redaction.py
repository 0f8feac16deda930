"""Point 13: exception text in the log is masked and capped like every message."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from desktop_crm.logging_setup import MAX_TRACEBACK, configure_logging, stop_logging
from desktop_crm.paths import DataPaths

log = logging.getLogger("desktop_crm.safety")


@pytest.fixture
def log_text(data_paths: DataPaths) -> Iterator[DataPaths]:
    yield data_paths
    stop_logging()


def test_an_exception_quoting_a_path_with_contact_data_is_masked(log_text: DataPaths) -> None:
    path = configure_logging(log_text)
    try:
        open("/nowhere/jan.jansen@example.com/+31 6 1234 5678.csv", encoding="utf-8")
    except OSError:
        log.exception("could not read the file")
    text = path.read_text(encoding="utf-8")
    assert "could not read the file" in text and "FileNotFoundError" in text
    assert "jan.jansen@example.com" not in text
    assert "1234 5678" not in text
    assert "<email>" in text and "<number>" in text


def test_a_huge_exception_text_is_capped(log_text: DataPaths) -> None:
    path = configure_logging(log_text)
    try:
        raise ValueError("x" * 200_000)
    except ValueError:
        log.exception("boom")
    assert len(path.read_text(encoding="utf-8")) < MAX_TRACEBACK + 2_000


def test_a_log_that_cannot_be_written_prints_no_traceback(
    log_text: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(log_text)
    handler = next(h for h in logging.getLogger("desktop_crm").handlers if hasattr(h, "stream"))
    old_stream = handler.stream
    # What a full disk looks like to the handler: every write fails with ENOSPC.
    handler.stream = open("/dev/full", "w", encoding="utf-8")
    old_stream.close()
    log.warning("this cannot be written")
    log.error("nor this")
    assert capsys.readouterr().err == ""
