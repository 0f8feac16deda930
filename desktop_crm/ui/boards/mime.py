"""The drag-and-drop payload of a board card: a list of ids under our own MIME type."""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QMimeData

CONTACT_IDS = "application/x-desktop-crm-contact-ids"
DEAL_IDS = "application/x-desktop-crm-deal-ids"


def ids_mime(mime_type: str, ids: list[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(mime_type, QByteArray(json.dumps([int(i) for i in ids]).encode("ascii")))
    return mime


def ids_from_mime(mime: QMimeData, mime_type: str) -> list[int]:
    """The ids carried by `mime`, or [] when it is not ours or is malformed."""
    if not mime.hasFormat(mime_type):
        return []
    try:
        values = json.loads(bytes(mime.data(mime_type).data()).decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return []
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
