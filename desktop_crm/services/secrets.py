"""Passwords kept for the user: in the system keyring, or in a 0600 file where the machine
has none (a headless box, a desktop without a secret service). Never in a settings file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def _usable_keyring() -> Any:  # a keyring backend, or None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) < 1:
        return None
    return backend


def store_secret(service: str, name: str, fallback: Path, secret: str) -> bool:
    """Keep `secret` under `name`; True when it went to the keyring, False for `fallback`."""
    backend = _usable_keyring()
    if backend is not None:
        try:
            backend.set_password(service, name, secret)
            return True
        except Exception:  # a locked or broken keyring: fall back to the private file
            pass
    fallback.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(fallback, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret)
    os.chmod(fallback, 0o600)
    return False


def load_secret(service: str, name: str, fallback: Path) -> str | None:
    """The secret kept under `name` (the keyring first, then `fallback`); None: none kept."""
    backend = _usable_keyring()
    if backend is not None:
        try:
            found = backend.get_password(service, name)
        except Exception:
            found = None
        if found is not None:
            return found
    try:
        return fallback.read_text(encoding="utf-8")
    except OSError:
        return None


def forget_secret(service: str, name: str, fallback: Path) -> None:
    backend = _usable_keyring()
    if backend is not None:
        try:
            backend.delete_password(service, name)
        except Exception:
            pass
    fallback.unlink(missing_ok=True)
