"""Size limits that keep a hostile or mistaken file from exhausting memory."""

from __future__ import annotations

MAX_FILE_BYTES = 200 * 1024 * 1024  # larger than any real contact export
MAX_FIELD_CHARS = 1024 * 1024  # one CSV cell or one unfolded vCard property
MAX_STORED_CHARS = 100_000  # a stored text value (notes); longer values are cut
HEADER_SEARCH_LINES = 200  # a preamble longer than this is not a contact export
SNIFF_BYTES = 64 * 1024
MAX_LINE_BYTES = 64 * 1024 * 1024  # one physical line: a 10,000-column header fits easily
