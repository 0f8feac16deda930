"""How many records a file holds, counted on the raw rows (no normalising), for the first page."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from desktop_crm.services.importing.csv_reader import is_blank, iter_rows
from desktop_crm.services.importing.runner import ImportProgress
from desktop_crm.services.importing.source import ImportSource
from desktop_crm.services.importing.vcard_reader import is_group_card, iter_cards

_REPORT_EVERY = 2000


def count_records(
    source: ImportSource,
    progress: Callable[[ImportProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Records as the import counts them: blank rows and group cards left out."""
    size = source.sniff.size
    read = [0]

    def on_bytes(n: int) -> None:
        read[0] = n

    items: Iterator[object]
    if source.header is None:
        items = (card for card in iter_cards(source.sniff, on_bytes) if not is_group_card(card))
    else:
        items = (
            row
            for _line, row in iter_rows(source.sniff, source.header, on_bytes)
            if not is_blank(row)
        )
    count = 0
    for _item in items:
        count += 1
        if count % _REPORT_EVERY == 0:
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(ImportProgress(count, read[0], size))
    return count
