"""The Settings dialog and the per-user preferences it keeps in QSettings."""
