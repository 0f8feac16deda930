"""Two-way sync with a CardDAV/CalDAV server (see engine.run_sync)."""
