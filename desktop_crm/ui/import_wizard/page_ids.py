"""The import wizard's page numbers, shared by the wizard and its pages."""

from __future__ import annotations

from enum import IntEnum


class PageId(IntEnum):
    DETECT = 0
    MAPPING = 1
    PREVIEW = 2
    RUN = 3
    DONE = 4
