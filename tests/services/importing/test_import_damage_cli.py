"""Issue 15 point 10 through the real entry point: `desktop-crm import` run as a process on
real files, reading its JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "desktop_crm", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )


def _dry_run(tmp_path: Path, path: Path) -> dict:
    done = _cli("--data-dir", str(tmp_path / "dry"), "import", str(path), "--dry-run", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_cli_reads_a_10000_column_header_a_mixed_file_and_nul_bytes(tmp_path):
    wide = tmp_path / "wide.csv"
    headers = ["Name"] + [f"Column {i:05d}" for i in range(9_998)] + ["Email"]
    wide.write_text(
        ",".join(headers) + "\n" + ",".join(["Ann Berg"] + [""] * 9_998 + ["ann@x.nl"]) + "\n",
        encoding="utf-8",
    )
    assert _dry_run(tmp_path, wide)["created"][0]["primary_email"] == "ann@x.nl"

    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(
        b"Name,Email\n" + "Zoë Jansen,zoe@x.nl\n".encode() + b"Ren\xe9 Dubois,rene@x.nl\n"
    )
    result = _dry_run(tmp_path, mixed)
    assert [c["full_name"] for c in result["created"]] == ["Zoë Jansen", "René Dubois"]
    assert [w["code"] for w in result["row_warnings"]] == ["encoding_repaired"]

    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"Name,Email\n" + b"Filler Person,f@x.nl\n" * 4000 + b"Nul,nul\x00@x.nl\n")
    assert nul.stat().st_size > 64 * 1024
    result = _dry_run(tmp_path, nul)
    assert [r["reason"] for r in result["rejected_rows"]] == ["invalid_email"]


def test_cli_export_of_20000_emails_imports_again(tmp_path):
    cell = " ::: ".join(f"address{i:05d}@example.com" for i in range(20_000))
    first = tmp_path / "first.csv"
    first.write_text(f'Name,Email\nMany Mails,"{cell}"\n', encoding="utf-8")
    data = str(tmp_path / "data")
    done = _cli("--data-dir", data, "import", str(first), "--json")
    assert done.returncode == 0, done.stderr
    exported = tmp_path / "export.csv"
    done = _cli("--data-dir", data, "export", str(exported), "--format", "csv")
    assert done.returncode == 0, done.stderr
    result = _dry_run(tmp_path, exported)
    assert result["contacts_created"] == 1 and result["rejected"] == 0
    assert result["created"][0]["primary_email"] == "address00000@example.com"
