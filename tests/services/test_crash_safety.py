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
    """integrity_check, contacts, e-mail rows, search texts, import batches. A search text
    is indexed or waiting to be (committed with its contact, indexed after the import's
    commit or, when the process died first, at the next open)."""
    conn = sqlite3.connect(str(database))
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        counts = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("contact", "contact_email", "contact_fts_tri", "import_batch")
        ]
        counts[2] += conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
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
    # The next open indexes what a kill after the commit left waiting.
    _import(data, tmp_path / "run0.csv").wait(timeout=120)
    conn = sqlite3.connect(str(database))
    try:
        waiting = conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM contact_fts_tri").fetchone()[0]
        contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    finally:
        conn.close()
    assert (waiting, indexed) == (0, contacts)


# --- backups, restores, migrations and undos (issue 15) -------------------------------

KILLS_EACH = int(os.environ.get("CRASH_KILLS_EACH", "4"))
FIXTURES = ROOT / "tests" / "fixtures"


def _cli(data: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DESKTOP_CRM_LANG": "en"}
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_crm", "--data-dir", str(data), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _timed(data: Path, *args: str) -> float:
    """Run a command to its end; how long it took (to aim the kills)."""
    started = time.monotonic()
    done = _cli(data, *args)
    assert done.wait(timeout=300) == 0, done.stderr.read() if done.stderr else ""
    return time.monotonic() - started


def _killed(data: Path, duration: float, rng: random.Random, *args: str, aim: bool = False) -> None:
    """Kill the command at a random moment; with `aim`, once its staging file exists."""
    process = _cli(data, *args)
    if aim:
        deadline = time.monotonic() + duration * 3
        while time.monotonic() < deadline and process.poll() is None:
            if (data / "backups").is_dir() and _staging_files(data):
                break
            time.sleep(0.002)
    else:
        time.sleep(rng.uniform(0.05, duration * 1.1))  # a random moment, not a hand-off
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def _contacts(database: Path) -> int:
    state = _state(database)
    assert state[0] == "ok", state
    return state[1]


def _schema(database: Path) -> str:
    conn = sqlite3.connect(str(database))
    try:
        return conn.execute("SELECT value FROM app_meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        conn.close()


def _staging_files(data: Path) -> list[Path]:
    folder = data / "backups"
    return [
        p for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith(".restore-")
    ]


def test_killed_backups_restores_migrations_and_undos_leave_a_sound_database(tmp_path):
    rng = random.Random(SEED + 15)
    data = tmp_path / "data"
    database = data / "desktop-crm.sqlite"
    for run in (0, 1):
        csv_path = tmp_path / f"run{run}.csv"
        _write_csv(csv_path, run)
        assert _import(data, csv_path).wait(timeout=120) == 0
    assert _contacts(database) == 2 * ROWS

    # Backups: a killed one leaves the database as it was and no listed half copy.
    backup_time = _timed(data, "backup", "create")
    for _kill in range(KILLS_EACH):
        _killed(data, backup_time, rng, "backup", "create")
        assert _contacts(database) == 2 * ROWS
    for made in backups.list_backups(data / "backups"):
        assert integrity.check_file(made.path, read_only=True).ok, made.path

    # Undos: the batch is gone whole or not at all.
    undo_batch = 2
    undo_time = 0.0
    for _kill in range(KILLS_EACH):
        before = _contacts(database)
        if not undo_time:
            undo_time = _timed(data, "undo-import", str(undo_batch))
        else:
            _killed(data, undo_time, rng, "undo-import", str(undo_batch))
        after = _contacts(database)
        assert after in (before, before - ROWS), (before, after)
        if after != before:  # undone: import another batch to undo next time
            csv_path = tmp_path / f"redo{_kill}.csv"
            _write_csv(csv_path, 100 + _kill)
            assert _import(data, csv_path).wait(timeout=120) == 0
            conn = sqlite3.connect(str(database))
            undo_batch = conn.execute("SELECT max(id) FROM import_batch").fetchone()[0]
            conn.close()

    # Restores: the old state or the backup's, never a mix.
    older = tmp_path / "older"
    _write_csv(tmp_path / "small.csv", 900)
    assert _import(older, tmp_path / "small.csv").wait(timeout=120) == 0
    assert _timed(older, "backup", "create") > 0
    source = next((older / "backups").glob("backup-*-manual.sqlite"))
    restore_time = 0.0
    for _kill in range(KILLS_EACH):
        before = _contacts(database)
        if not restore_time:
            restore_time = _timed(data, "backup", "restore", str(source), "--yes")
        else:
            _killed(data, restore_time, rng, "backup", "restore", str(source), "--yes", aim=True)
        assert _contacts(database) in (before, ROWS)

    # Migrations: a killed upgrade leaves version 1 or the latest, and a sound file.
    migrate_time = 0.0
    for kill in range(KILLS_EACH):
        old = tmp_path / f"v1-{kill}"
        old.mkdir(mode=0o700)
        (old / "desktop-crm.sqlite").write_bytes((FIXTURES / "schema_v1.sqlite").read_bytes())
        os.chmod(old / "desktop-crm.sqlite", 0o600)
        if not migrate_time:
            migrate_time = _timed(old, "contacts", "list")
        else:
            _killed(old, migrate_time, rng, "contacts", "list")
        assert integrity.check_file(old / "desktop-crm.sqlite").ok
        assert _schema(old / "desktop-crm.sqlite") in ("1", str(backups.LATEST))
        # The next start finishes the upgrade and leaves no staging file behind.
        assert _timed(old, "contacts", "list") > 0
        assert _schema(old / "desktop-crm.sqlite") == str(backups.LATEST)
        assert not _staging_files(old)

    # The next start cleans whatever staging files the kills left.
    left = _staging_files(data)
    assert _timed(data, "contacts", "list") > 0
    print(f"\nstaging files left by the kills: {len(left)}")
    assert not _staging_files(data)
    assert integrity.check_file(database, full=True).ok
