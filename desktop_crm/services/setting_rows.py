"""Settings kept with the data: key → text rows, read and written by key (no Qt settings here)."""

from __future__ import annotations

from collections.abc import Iterable

from desktop_crm.store import models as m


def read_settings(keys: Iterable[str]) -> dict[str, str]:
    """The stored text of each of `keys`; a key never saved is missing."""
    query = m.Setting.select(m.Setting.key, m.Setting.value).where(m.Setting.key.in_(list(keys)))
    return dict(query.tuples())


def write_setting(key: str, value: str) -> None:
    """Store `value` under `key`, replacing what was there (in the caller's transaction)."""
    m.Setting.insert(key=key, value=value).on_conflict(
        conflict_target=[m.Setting.key], update={m.Setting.value: value}
    ).execute()


def stored_int(text: str | None) -> int | None:
    """A stored whole number; None when it is missing or another version wrote it badly,
    so that the caller falls back to its default instead of failing."""
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None
