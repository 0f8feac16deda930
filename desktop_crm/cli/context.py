"""What every command gets: the data paths, an open database, the clock and output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_crm.domain.clock import Clock, SystemClock
from desktop_crm.domain.phones import DEFAULT_REGION
from desktop_crm.paths import DataPaths

if TYPE_CHECKING:
    import peewee as pw

# The services and the store are imported inside the functions, not here, for start-up speed:
# a command loads only what it runs (every command module: 0.45 s; with all services: 0.91 s).


def record_number(text: str, refusal: str) -> int:
    """`text` as the number of a stored record (a contact, a merge); argparse's error with
    `refusal` for anything else. SQLite's integers are 64 bits."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value < 2**63:
        raise argparse.ArgumentTypeError(refusal)
    return value


@dataclass
class CliContext:
    paths: DataPaths
    clock: Clock = field(default_factory=SystemClock)
    region: str = DEFAULT_REGION
    _opened: bool = False

    def open(self) -> pw.Database:
        """Open (and migrate) the database on first use; commands that need none never pay."""
        from desktop_crm.store.database import current_database, open_database

        if not self._opened:
            self.paths.ensure()
            open_database(path=self.paths.database, url=self.paths.database_url)
            self._opened = True
        return current_database()

    def close(self) -> None:
        from desktop_crm.store.database import close_database

        if self._opened:
            close_database()
            self._opened = False


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
