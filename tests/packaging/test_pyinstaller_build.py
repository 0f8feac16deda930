"""The installable build: PyInstaller bundles a program that answers --version and --self-test."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import time
from pathlib import Path

import pytest

from desktop_crm import __version__
from desktop_crm.selftest import run as run_self_test

ROOT = Path(__file__).resolve().parents[2]


def _load_build_script():
    # packaging/ is not a package, and a plain `import build` could find PyPA's `build`.
    spec = importlib.util.spec_from_file_location(
        "packaging_build", ROOT / "packaging" / "build.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


packaging_build = _load_build_script()

# Generous: the lean bundle is about 185 MB on Linux; the cap catches QtWebEngine or
# QtQuick sneaking back in (each adds 100 MB or more), not a few kilobytes.
MAX_BUNDLE_MB = 250


def test_self_test_passes_from_a_checkout():
    out = io.StringIO()
    assert run_self_test(out) == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[0] == f"desktop-crm {__version__} self-test"
    assert [line.split(":")[0] for line in lines[1:-1]] == [
        "ok   database",
        "ok   translations",
        "ok   formatting",
        "ok   tray icon",
        "ok   main window",
    ]


def test_self_test_reports_a_broken_check_and_exits_1(monkeypatch):
    import desktop_crm.selftest as selftest

    def broken() -> str:
        raise RuntimeError("no catalog")

    monkeypatch.setattr(selftest, "CHECKS", (("translations", broken),) + selftest.CHECKS[2:3])
    out = io.StringIO()
    assert selftest.run(out) == 1
    assert "FAIL translations: RuntimeError: no catalog" in out.getvalue()
    assert "ok   formatting" in out.getvalue()


def test_spec_reads_the_version_from_the_package():
    spec = (ROOT / "packaging" / "desktop_crm.spec").read_text(encoding="utf-8")
    assert "__version__" in spec and "0.1.0" not in spec


@pytest.mark.slow
def test_pyinstaller_bundle_answers_version_and_self_test(tmp_path):
    dist = tmp_path / "dist"
    started = time.perf_counter()
    packaging_build.build(dist, tmp_path / "work")
    seconds = time.perf_counter() - started
    program = packaging_build.executable(dist)
    size_mb = packaging_build.folder_size(program.parent) / 1_000_000
    print(f"\nPyInstaller build: {seconds:.0f} s, {size_mb:.0f} MB")

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DESKTOP_CRM_DATA_DIR", None)
    version = subprocess.run(
        [str(program), "--version"], env=env, capture_output=True, text=True, timeout=60
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"desktop-crm {__version__}"

    check = subprocess.run(
        [str(program), "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,  # nothing may depend on running from the checkout
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "self-test passed" in check.stdout
    assert "_internal" in check.stdout  # the catalogs came from the bundle, not the checkout

    internal = program.parent / "_internal"
    assert (internal / "resources" / "locale" / "nl" / "LC_MESSAGES" / "desktop_crm.mo").is_file()
    assert not list(internal.rglob("*WebEngine*")), "QtWebEngine must not be bundled"
    assert not list(internal.rglob("*Qt6Quick*")), "QtQuick must not be bundled"
    assert size_mb < MAX_BUNDLE_MB
