"""The column mapping a user chose, remembered per header signature in QSettings."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QSettings

from desktop_crm.services.importing import Field

_KEY = "import/mappings/{signature}"


def recall(settings: QSettings | None, signature: str | None, columns: int) -> list[Field] | None:
    """The mapping saved for files with these headers, or None (none saved, or unreadable)."""
    if settings is None or not signature:
        return None
    raw = settings.value(_KEY.format(signature=signature))
    if not raw:
        return None
    try:
        fields = [Field(value) for value in json.loads(str(raw))]
    except (ValueError, TypeError):
        return None  # written by another version: start from the automatic mapping
    return fields if len(fields) == columns else None


def remember(
    settings: QSettings | None,
    signature: str | None,
    chosen: Sequence[Field],
    automatic: Sequence[Field],
) -> None:
    """Save the user's mapping; the automatic one needs no memory, so its key is dropped."""
    if settings is None or not signature:
        return
    key = _KEY.format(signature=signature)
    if list(chosen) == list(automatic):
        settings.remove(key)
    else:
        settings.setValue(key, json.dumps([f.value for f in chosen]))
    settings.sync()
