"""Build the Debian package from the PyInstaller bundle: `python packaging/deb.py [--bundle DIR]`.

Layout: the bundle under /opt/desktop-crm, a /usr/bin/desktop-crm symlink, the desktop
entry, hicolor icons and AppStream metainfo under /usr/share. `Depends:` is derived by
dpkg-shlibdeps from the libraries the bundle links to but does not ship. No maintainer
scripts: the icon cache and the menu are refreshed by the hicolor-icon-theme and
desktop-file-utils triggers, and removal deletes exactly the files dpkg installed.
Needs dpkg-deb and dpkg-shlibdeps (package dpkg-dev); runs as any user.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
APP_NAME = "desktop-crm"
PREFIX = Path("opt") / APP_NAME
METAINFO = "com.example.DesktopCRM.metainfo.xml"
MAINTAINER = "Desktop CRM team <desktop-crm@example.com>"
HOMEPAGE = "https://example.com/desktop-crm"
SUMMARY = "contact manager for solo entrepreneurs"
DESCRIPTION = """\
 Desktop CRM follows your sales process: leads, prospects, customers and repeat
 buyers. It keeps every conversation, open question and deal, and reminds you
 from the system tray when a follow-up or a birthday is due.
 .
 Your data is one SQLite file in your user folder, or a shared PostgreSQL
 database. English and Dutch."""
# Packages the bundle needs that no ELF file names: none today (Qt loads its plugins'
# libraries through their own DT_NEEDED entries, which dpkg-shlibdeps reads).
EXTRA_DEPENDS: tuple[str, ...] = ()


def read_version() -> str:
    """desktop_crm.__version__, read without importing the package."""
    tree = ast.parse((ROOT / "desktop_crm" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__version__":
            return str(ast.literal_eval(node.value))
    raise SystemExit("desktop_crm.__version__ not found")


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(4) == b"\x7fELF"


def stage(bundle: Path, tree: Path) -> None:
    """Lay the files out in `tree` as they will sit on the installed system."""
    if not (bundle / APP_NAME).is_file():
        raise SystemExit(f"no bundle at {bundle}: run `make package` first")
    shutil.copytree(bundle, tree / PREFIX, symlinks=True)
    bin_dir = tree / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    # Relative, so the staged tree is self-consistent. The bootloader follows
    # /proc/self/exe, so it finds _internal/ next to the real program.
    (bin_dir / APP_NAME).symlink_to(Path("..", "..", PREFIX, APP_NAME))

    share = tree / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(RESOURCES / f"{APP_NAME}.desktop", share / "applications" / f"{APP_NAME}.desktop")
    (share / "metainfo").mkdir()
    shutil.copy2(RESOURCES / METAINFO, share / "metainfo" / METAINFO)
    shutil.copytree(RESOURCES / "icons" / "hicolor", share / "icons" / "hicolor")

    doc = share / "doc" / APP_NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: Desktop CRM\n"
        f"Source: {HOMEPAGE}\n\n"
        "Files: *\nCopyright: Desktop CRM team\nLicense: proprietary\n"
        " All rights reserved. The bundled Qt (LGPL-3.0), Python (PSF-2.0) and\n"
        " Python libraries keep their own licences, listed in their folders under\n"
        f" /{PREFIX}/_internal/.\n",
        encoding="utf-8",
    )
    # dpkg keeps the modes it finds: files 0644, programs and libraries 0755, folders 0755.
    for path in tree.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if is_elf(path) else 0o644)


def shlib_depends(tree: Path) -> list[str]:
    """The packages that provide the libraries the bundle links to but does not ship."""
    binaries = [p for p in sorted((tree / PREFIX).rglob("*")) if is_elf(p)]
    # The bundle's own libraries are found through the bootloader's LD_LIBRARY_PATH and
    # Qt's $ORIGIN RPATHs; -l tells dpkg-shlibdeps they are private, not missing.
    private_dirs = sorted({str(p.parent) for p in binaries if ".so" in p.name})
    with tempfile.TemporaryDirectory(prefix="desktop-crm-shlibdeps-") as work:
        # dpkg-shlibdeps reads debian/control for the package's name and architecture.
        (Path(work) / "debian").mkdir()
        (Path(work) / "debian" / "control").write_text(
            f"Source: {APP_NAME}\n\nPackage: {APP_NAME}\nArchitecture: any\n", encoding="utf-8"
        )
        result = subprocess.run(
            [
                "dpkg-shlibdeps",
                "-O",
                "--ignore-missing-info",  # the bundle's own libraries belong to no package
                "--warnings=0",
                *[f"-l{folder}" for folder in private_dirs],
                *map(str, binaries),
            ],
            cwd=work,
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        errors = [line for line in result.stderr.splitlines() if "error" in line]
        raise SystemExit("dpkg-shlibdeps failed:\n" + "\n".join(errors[:20]))
    match = re.search(r"^shlibs:Depends=(.*)$", result.stdout, re.MULTILINE)
    if not match:
        raise SystemExit(f"dpkg-shlibdeps printed no dependencies: {result.stdout!r}")
    return [dep.strip() for dep in match.group(1).split(",") if dep.strip()]


def installed_size_kib(tree: Path) -> int:
    return sum(
        -(-p.stat().st_size // 1024) for p in tree.rglob("*") if p.is_file() and not p.is_symlink()
    )


def control(version: str, arch: str, depends: list[str], size_kib: int) -> str:
    return (
        f"Package: {APP_NAME}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {', '.join([*depends, *EXTRA_DEPENDS])}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Homepage: {HOMEPAGE}\n"
        f"Description: {SUMMARY}\n{DESCRIPTION}\n"
    )


def build(bundle: Path, out: Path, compression: str = "xz") -> Path:
    """Stage, derive Depends, and write out/desktop-crm_<version>_<arch>.deb."""
    version, arch = read_version(), architecture()
    out.mkdir(parents=True, exist_ok=True)
    package = out / f"{APP_NAME}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="desktop-crm-deb-") as work:
        tree = Path(work) / "root"
        stage(bundle, tree)
        (tree / "DEBIAN").mkdir(mode=0o755)
        depends = shlib_depends(tree)
        (tree / "DEBIAN" / "control").write_text(
            control(version, arch, depends, installed_size_kib(tree)), encoding="utf-8"
        )
        subprocess.run(
            [
                "dpkg-deb",
                "--root-owner-group",  # files owned by root without fakeroot
                f"-Z{compression}",
                "--build",
                str(tree),
                str(package),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / APP_NAME)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument(
        "--compression", default="xz", choices=("xz", "gzip", "zstd", "none"), help="dpkg-deb -Z"
    )
    args = parser.parse_args(argv)
    package = build(args.bundle.resolve(), args.out.resolve(), args.compression)
    info = subprocess.run(
        ["dpkg-deb", "--field", str(package), "Depends"], capture_output=True, text=True
    )
    print(f"built {package} ({package.stat().st_size / 1_000_000:.0f} MB)")
    print(f"Depends: {info.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
