"""The search index of a window import, built after the import's commit on the runner's
writer thread, a chunk per job, so a user's edit waits at most one chunk."""

from __future__ import annotations

from desktop_crm.services.importing.search_build import BACKGROUND_CHUNK, index_pending
from desktop_crm.ui.operations import OperationRunner


def index_in_background(runner: OperationRunner) -> None:
    """Index every waiting search text (the search finds those contacts meanwhile)."""

    def chunk() -> int:
        return index_pending(BACKGROUND_CHUNK)

    def then(left: object) -> None:
        if left:
            runner.in_order(chunk, then)

    runner.in_order(chunk, then)
