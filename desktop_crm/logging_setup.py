"""Log files: rotating, in `<data>/logs/`, private, and free of contact data beyond ids.

Code logs ids, counts and file names, never names, addresses or notes. As a
second line of defence a filter masks what looks like an e-mail address or a
phone number, and caps each message, before it reaches the file."""

from __future__ import annotations

import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop_crm.paths import DataPaths

LOG_FILE = "desktop-crm.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
MAX_MESSAGE = 2_000  # characters; a runaway message must not flood the disk
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"

# Any characters an address's local part may hold (RFC 5322 allows = ! # and more).
# Matched only from the start of a run (the lookbehind): trying every position of a long
# run without an @ made masking a 200,000-character message take minutes.
_EMAIL = re.compile(r"(?<![^\s@<>()\[\],;:\"])[^\s@<>()\[\],;:\"]+@[\w-]+(?:\.[\w-]+)+")
# Nine or more digits, possibly split by spaces, dots, dashes or brackets, with an
# optional +: a phone number. Ids and counts are shorter; a run glued to letters or
# to a dash (a time stamp in a file name) is not a phone number.
# A number right after a slash is masked too: a file path can carry one (issue 15.13).
_PHONE = re.compile(r"(?<![\w.:-])\+?\d(?:[\s().-]?\d){8,}(?!\w)")
MAX_TRACEBACK = 8_000  # characters of one exception's text; the rest says nothing new


def redact(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` with e-mail addresses and phone-like numbers masked, at most `limit` long."""
    text = _EMAIL.sub("<email>", text)
    text = _PHONE.sub("<number>", text)
    if len(text) > limit:
        text = text[:limit] + "…"
    return text


class _RedactingFormatter(logging.Formatter):
    """Exception text and stacks are masked and capped like messages: an exception's
    message often quotes a path or a value, and so contact data."""

    def formatException(self, ei) -> str:
        return redact(super().formatException(ei), MAX_TRACEBACK)

    def formatStack(self, stack_info: str) -> str:
        return redact(super().formatStack(stack_info), MAX_TRACEBACK)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True


class _PrivateRotatingFileHandler(RotatingFileHandler):
    """Each new log file is created readable by its owner only."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        os.chmod(self.baseFilename, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding)

    def handleError(self, record: logging.LogRecord) -> None:
        """A log that cannot be written (a full or read-only disk) loses the record quietly:
        logging's default prints a traceback to stderr, which a user must never see."""


_handler: logging.Handler | None = None


def configure_logging(
    paths: DataPaths, *, level: int = logging.INFO, max_bytes: int = MAX_BYTES
) -> Path:
    """Send the `desktop_crm` loggers to `<data>/logs/desktop-crm.log`; returns its path.

    Calling it again (a restart of the window in tests, a second data folder)
    replaces the handler instead of adding a second one."""
    global _handler
    paths.logs.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(paths.logs, 0o700)
    log_path = paths.logs / LOG_FILE
    handler = _PrivateRotatingFileHandler(
        log_path, maxBytes=max_bytes, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(_RedactingFormatter(FORMAT))
    handler.addFilter(RedactingFilter())
    loggers = (logging.getLogger("desktop_crm"), logging.getLogger("py.warnings"))
    for logger in loggers:
        if _handler is not None:
            logger.removeHandler(_handler)
        logger.addHandler(handler)
    if _handler is not None:
        _handler.close()
    loggers[0].setLevel(level)
    _handler = handler
    logging.captureWarnings(True)
    return log_path


def stop_logging() -> None:
    """Detach and close the log file (at exit, and between tests)."""
    global _handler
    if _handler is None:
        return
    for name in ("desktop_crm", "py.warnings"):
        logging.getLogger(name).removeHandler(_handler)
    try:
        _handler.close()
    except (OSError, ValueError):
        pass  # the last lines could not be written (a full disk); nothing more to do
    _handler = None
