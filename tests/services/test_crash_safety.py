"""An import killed with SIGKILL at random moments leaves a sound database, all of it or none."""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_crm.services import backup as backups
from desktop_crm.services import integrity

ROOT = Path(__file__).resolve().parents[2]
ROWS = 1_000
KILLS = 24
SEED = int(os.environ.get("CRASH_SEED", "20260310"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]


def _write_csv(path: Path, run: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["First name", "Last name", "Email", "Phone", "Company"])
        for i in range(ROWS):
            # Unique per run, so a finished import adds exactly ROWS contacts.
            out.writerow(
                [
                    f"Röw{i}",
                    f"Run{run}",
                    f"r{run}.p{i}@example.com",
                    f"+3162{run:03d}{i:04d}",
                    "Acme",
                ]
            )


def _import(data: Path, csv_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DESKTOP_CRM_LANG": "en"}
    return subprocess.Popen(
        # The file is not the last argument: main() takes a trailing *.csv for the GUI.
        [sys.executable, "-m", "desktop_crm", "--data-dir", str(data), "import", str(csv_path)]
        + ["--source", "crash test"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _state(database: Path) -> tuple[str, int, int, int, int]:
    """integrity_check, contacts, e-mail rows, search rows, import batches."""
    conn = sqlite3.connect(str(database))
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        counts = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("contact", "contact_email", "contact_fts_tri", "import_batch")
        ]
        return (check, *counts)  # type: ignore[return-value]
    finally:
        conn.close()


def _writer_active(database: Path) -> bool:
    """True while another connection holds the write lock: an import transaction is open."""
    conn = sqlite3.connect(str(database), timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def _wait_for_writer(process: subprocess.Popen, database: Path, limit: float) -> float | None:
    """Poll until the import holds the write lock; the moment it was seen, or None."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if database.exists() and _writer_active(database):
            return time.monotonic()
        time.sleep(0.005)
    return None


def test_killed_imports_leave_all_or_nothing(tmp_path):
    data = tmp_path / "data"
    database = data / "desktop-crm.sqlite"
    rng = random.Random(SEED)

    # Two imports that finish: the database exists, and the second (with its
    # backup first and data already there) times a whole run and its transaction.
    whole_run = transaction = 0.0
    for run in (0, 1):
        csv_path = tmp_path / f"run{run}.csv"
        _write_csv(csv_path, run)
        started = time.monotonic()
        finished = _import(data, csv_path)
        seen = _wait_for_writer(finished, database, 120) if run else None
        assert finished.wait(timeout=120) == 0, finished.stderr.read()
        ended = time.monotonic()
        whole_run = max(whole_run, ended - started)
        if seen is not None:
            transaction = ended - seen
    transaction = transaction or whole_run / 2
    assert _state(database) == ("ok", 2 * ROWS, 2 * ROWS, 2 * ROWS, 2)

    outcomes = {"before the transaction": 0, "inside the transaction": 0, "after commit": 0}
    for run in range(2, KILLS + 2):
        before = _state(database)
        csv_path = tmp_path / f"run{run}.csv"
        _write_csv(csv_path, run)
        process = _import(data, csv_path)
        if rng.random() < 0.3:
            # Blind: any moment of the run, start-up and the backup included.
            time.sleep(rng.uniform(0.05, whole_run * 1.1))
        else:
            # Aimed: a random moment once the import's transaction is open.
            _wait_for_writer(process, database, whole_run * 3)
            time.sleep(rng.uniform(0.0, transaction * 1.2))
        in_transaction = _writer_active(database)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        after = _state(database)

        assert after[0] == "ok", f"run {run}: integrity_check says {after[0]}"
        whole = (before[1] + ROWS, before[2] + ROWS, before[3] + ROWS, before[4] + 1)
        assert after[1:] in (before[1:], whole), f"run {run}: part of an import: {before} → {after}"
        if after[1:] == whole:
            outcomes["after commit"] += 1
        elif in_transaction:
            outcomes["inside the transaction"] += 1
        else:
            outcomes["before the transaction"] += 1

    # Every backup that carries a real backup name is whole: a kill during a
    # backup leaves at most a ".part" file, which nobody lists or restores.
    for made in backups.list_backups(data / "backups"):
        assert integrity.check_file(made.path, read_only=True).ok, made.path
    print(
        f"\n{KILLS} kills (seed {SEED}, run ≈ {whole_run:.1f} s, "
        f"transaction ≈ {transaction:.2f} s): {outcomes}"
    )
    assert outcomes["inside the transaction"] >= 3, outcomes  # the kills hit open transactions
