"""Build the installable one-folder app with PyInstaller: `python packaging/build.py [--check]`.

Compiles the catalogs first (the bundle must carry the .mo files), then runs the spec,
then trims Qt's ICU data to our languages on Linux (slim_icu.py).
`--check` runs the built program with `--version` and `--self-test` (offscreen), as CI does.
Works the same on Linux, Windows and macOS; see packaging/README.md for the differences.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

# Run as a script (make package) or loaded by path (tests): either way slim_icu sits next to it.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import slim_icu

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "desktop_crm.spec"
APP_NAME = "desktop-crm"


def executable(dist: Path) -> Path:
    if sys.platform == "win32":
        return dist / APP_NAME / f"{APP_NAME}.exe"
    return dist / APP_NAME / APP_NAME


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(dist: Path, work: Path) -> float:
    """Compile catalogs and run PyInstaller; returns the seconds it took."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "compile"]
        + ["-d", "resources/locale", "-D", "desktop_crm"],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        cwd=ROOT,
        check=True,
        # The binary cache of this build's own: --clean empties the shared one in the
        # user's home, and a second build running at the same time then read a torn index.
        env={**os.environ, "PYINSTALLER_CONFIG_DIR": str(work / "pyinstaller-config")},
    )
    slimmed = slim_icu.slim_bundle(dist / APP_NAME)
    if slimmed:
        print(f"ICU data: {slimmed[0] / 1e6:.0f} MB -> {slimmed[1] / 1e6:.0f} MB (en, nl and root)")
    elif sys.platform.startswith("linux"):
        print(f"ICU data kept whole: slimming it needs {', '.join(slim_icu.TOOLS)}")
    return time.perf_counter() - started


def check(dist: Path) -> None:
    """Run the built program as a user would, without a display."""
    program = executable(dist)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for args in (["--version"], ["--self-test"]):
        result = subprocess.run(
            [str(program), *args], env=env, capture_output=True, text=True, timeout=120
        )
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        if result.returncode != 0:
            raise SystemExit(f"{program.name} {' '.join(args)} exited {result.returncode}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--check", action="store_true", help="run --version and --self-test")
    args = parser.parse_args(argv)

    seconds = build(args.dist.resolve(), args.work.resolve())
    app_dir = args.dist.resolve() / APP_NAME
    size_mb = folder_size(app_dir) / 1_000_000
    print(f"built {app_dir} in {seconds:.0f} s, {size_mb:.0f} MB")
    if args.check:
        check(args.dist.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
