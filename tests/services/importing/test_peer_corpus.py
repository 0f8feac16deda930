"""The peer corpus (issue 17): contact files written by other projects, each with the truth
taken from its bytes, imported through the real command line by the corpus's own runner.

CI lays `shared/` beside the clone; elsewhere the test skips."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PEER = ROOT.parent / "shared" / "peer-import"
RUNNER = PEER / "run_peer.py"


@pytest.mark.slow
@pytest.mark.skipif(not RUNNER.is_file(), reason="the shared peer-import corpus is not here")
def test_every_peer_file_imports_exactly(tmp_path):
    truths = sorted(PEER.rglob("*.truth.json"))
    cli = tmp_path / "desktop-crm"
    # run_peer wants one executable; this one runs this checkout with this interpreter.
    cli.write_text(
        f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m desktop_crm "$@"\n',
        encoding="utf-8",
    )
    cli.chmod(cli.stat().st_mode | stat.S_IXUSR)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, str(RUNNER), "--cli", str(cli)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    summary = re.search(r"peer import: (\d+)/(\d+) files exact, (\d+) crashes", done.stdout)
    assert summary, done.stdout[-2000:] + done.stderr[-2000:]
    failures = [line for line in done.stdout.splitlines() if not line.startswith("[OK")]
    exact, total, crashes = (int(g) for g in summary.groups())
    assert total == len(truths)
    assert (exact, crashes) == (total, 0), "\n".join(failures)
