"""Writing small import files for tests."""

from __future__ import annotations

from pathlib import Path


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def contact_count() -> int:
    from desktop_crm.store import models as m

    return m.Contact.select().count()
