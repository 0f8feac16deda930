"""Session fixtures for the packaging tests: the wheel, its fresh venv and the bundle, built once."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_module(path: Path) -> ModuleType:
    """Import a script of the checkout by its path (packaging/ is not a package, and a plain
    `import packaging` would find PyPA's)."""
    spec = importlib.util.spec_from_file_location(f"checkout_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_script(name: str) -> ModuleType:
    """packaging/<name>.py as a module."""
    return load_module(ROOT / "packaging" / f"{name}.py")


def user_env(home: Path) -> dict[str, str]:
    """The environment of a user who has never seen the checkout: no PYTHONPATH, no display,
    nothing of ours preset, a home of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DESKTOP_CRM_", "PYTHON", "XDG_", "QT_"))
        and key not in ("DISPLAY", "WAYLAND_DISPLAY", "VIRTUAL_ENV")
    }
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    return env


@pytest.fixture(scope="session")
def wheel_build(tmp_path_factory) -> tuple[Path, str]:
    """The wheel, built the way pip builds it (isolated, from pyproject.toml), and the build log."""
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--verbose", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = out.glob("desktop_crm-*.whl")
    return wheel, result.stdout + result.stderr


@pytest.fixture(scope="session")
def wheel_venv(wheel_build, tmp_path_factory) -> Path:
    """A fresh virtual environment with only the wheel and its dependencies installed."""
    wheel, _log = wheel_build
    folder = tmp_path_factory.mktemp("wheel-venv")
    venv.create(folder, with_pip=True)
    subprocess.run(
        [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        timeout=900,
        cwd=folder,  # never the checkout: pip must not pick anything up from it
        env=user_env(folder),
    )
    return folder


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    """The PyInstaller one-folder app (dist/desktop-crm/), built once per session."""
    build = load_script("build")
    work = tmp_path_factory.mktemp("pyinstaller")
    build.build(work / "dist", work / "work")
    return build.executable(work / "dist").parent
