"""The palette's contact search on a worker thread: a search over 100,000 contacts can take
longer than a frame, and the palette must keep up with typing."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.services.contact_queries import ContactQuery, query_contact_ids, summaries
from desktop_crm.store.database import current_database

log = logging.getLogger(__name__)

LIMIT = 8  # the palette shows a handful; the list is the place for more


def find_contacts(text: str, region: str = DEFAULT_REGION) -> list[tuple[int, str, str]]:
    """(id, name, company) of the first few contacts matching `text`, in list order."""
    ids = query_contact_ids(ContactQuery(search=text, region=region), limit=LIMIT)
    rows = summaries(ids)
    return [(cid, rows[cid].full_name, rows[cid].company) for cid in ids if cid in rows]


class _Relay(QObject):
    found = Signal(int, object)  # serial, [(id, name, company)]


class _Job(QRunnable):
    def __init__(self, serial: int, text: str, region: str, relay: _Relay) -> None:
        super().__init__()
        self._serial, self._text, self._region, self._relay = serial, text, region, relay

    def run(self) -> None:
        found: list[tuple[int, str, str]] = []
        try:
            found = find_contacts(self._text, self._region)
        except Exception:  # the actions still work; the log keeps the reason
            log.exception("palette contact search failed")
        finally:
            try:
                current_database().close()  # this worker thread's own connection
            except Exception:
                log.exception("closing the palette worker's database connection")
        self._relay.found.emit(self._serial, found)


class ContactSearch(QObject):
    """`search(text)` answers with `found(list)` for the latest text only."""

    found = Signal(object)  # [(id, name, company)]

    def __init__(self, region: str = DEFAULT_REGION, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._region = region
        self._serial = 0
        self._relay = _Relay(self)
        self._relay.found.connect(self._on_found)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # searches queue; stale ones are dropped on arrival

    def search(self, text: str) -> None:
        self._serial += 1
        if not text.strip():
            self.found.emit([])
            return
        self.pool.start(_Job(self._serial, text, self._region, self._relay))

    def _on_found(self, serial: int, found: list) -> None:
        if serial == self._serial:  # an answer to older typing is not shown
            self.found.emit(found)
