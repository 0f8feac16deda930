"""Email addresses: trimmed and lowercased, and the syntax check of import rule R4."""

from __future__ import annotations

from desktop_crm.domain.lazy_pattern import LazyPattern

# local@domain: one @, no whitespace; the domain has at least two dot-separated
# labels of letters, digits and hyphens, and a top-level domain of 2+ letters.
_EMAIL = LazyPattern(r"^[^@\s,]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$")
MAX_LENGTH = 254


def normalise_email(raw: str | None) -> str:
    """Trimmed and lowercased; '' for nothing."""
    return (raw or "").strip().lower()


def is_valid_email(address: str) -> bool:
    """The R4 rule on an already trimmed address."""
    if not address or len(address) > MAX_LENGTH or ".." in address:
        return False
    return _EMAIL.match(address) is not None
