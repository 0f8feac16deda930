"""Size limits that keep a hostile or mistaken file from exhausting memory."""

from __future__ import annotations

MAX_FILE_BYTES = 200 * 1024 * 1024  # larger than any real contact export
MAX_FIELD_CHARS = 1024 * 1024  # one CSV cell or one unfolded vCard property
MAX_STORED_CHARS = 100_000  # a custom field's value; longer values are cut
# Longer than any valid address (254), so an over-long one reaches validation whole and is
# refused there instead of being cut into something that might look valid.
MAX_EMAIL_CHARS = 500
MAX_HEADER_CHARS = 200  # a column header, which becomes a custom field's name
HEADER_SEARCH_LINES = 200  # a preamble longer than this is not a contact export
SNIFF_BYTES = 64 * 1024
MAX_LINE_BYTES = 64 * 1024 * 1024  # one physical line: a 10,000-column header fits easily
