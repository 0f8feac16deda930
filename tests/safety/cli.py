"""Run the real command line in a child process, the way a user's shell does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DESKTOP_CRM_LANG": "en"}
    env.pop("DESKTOP_CRM_DATABASE", None)
    env.pop("DESKTOP_CRM_DATA_DIR", None)
    env.update(extra)
    return env


def run_cli(
    *args: str | os.PathLike | bytes, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python -m desktop_crm ARGS`; stdout and stderr as text."""
    argv: list[str | bytes] = [sys.executable, "-m", "desktop_crm"]
    argv += [a if isinstance(a, bytes) else str(a) for a in args]
    return subprocess.run(
        argv,
        env=env or cli_env(),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
    )


def write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    """A contacts CSV with Name and Email columns."""
    lines = ["Name,Email"] + [f"{name},{email}" for name, email in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def seed(data: Path, count: int = 3, *extra: str) -> None:
    """A data folder with `count` imported contacts."""
    source = write_csv(
        data.parent / f"seed-{data.name}.csv",
        [(f"Person {i}", f"p{i}@example.com") for i in range(count)],
    )
    done = run_cli(*extra, "--data-dir", data, "import", source, "--source", "seed")
    assert done.returncode == 0, done.stderr


def contact_count(data: Path, *extra: str) -> int:
    import json

    done = run_cli(*extra, "--data-dir", data, "contacts", "list", "--json")
    assert done.returncode == 0, done.stderr
    return len(json.loads(done.stdout))
