"""The Debian package: installs with apt, puts the program on PATH and in the menu, purges clean.

Installing needs root and apt: the test runs in CI (.ci/run, as root on a throw-away
machine) and skips elsewhere. It installs the real package into the real system."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.conftest import load_script, user_env

deb = load_script("deb")

APT = ("apt-get", "-y", "-qq", "-o", "DPkg::Lock::Timeout=300")
INSTALLED = {
    "/opt/desktop-crm/desktop-crm",
    "/opt/desktop-crm/_internal/desktop_crm/resources/locale/nl/LC_MESSAGES/desktop_crm.mo",
    "/opt/desktop-crm/_internal/desktop_crm/resources/icons/tray.svg",
    "/usr/bin/desktop-crm",
    "/usr/share/applications/desktop-crm.desktop",
    "/usr/share/icons/hicolor/scalable/apps/desktop-crm.svg",
    "/usr/share/icons/hicolor/48x48/apps/desktop-crm.png",
    "/usr/share/metainfo/com.example.DesktopCRM.metainfo.xml",
}

can_build = all(shutil.which(tool) for tool in ("dpkg-deb", "dpkg-shlibdeps"))
can_install = can_build and shutil.which("apt-get") is not None and os.geteuid() == 0
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not can_build, reason="needs dpkg-deb and dpkg-shlibdeps (dpkg-dev)"),
]


@pytest.fixture(scope="session")
def package(bundle, tmp_path_factory) -> Path:
    # zstd: the same package as `make deb` (xz) in a fraction of the time on two cores.
    return deb.build(bundle, tmp_path_factory.mktemp("deb"), compression="zstd")


def field(package: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(package), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_package_depends_on_the_system_libraries_the_bundle_links_to(package):
    depends = {entry.split()[0] for entry in field(package, "Depends").split(", ")}
    # What Qt's xcb platform, OpenGL, fonts and D-Bus (the tray) need, and what the
    # bundle leaves to the system (see SYSTEM_LIBRARIES in the spec).
    for needed in ("libc6", "libxcb-cursor0", "libxkbcommon-x11-0", "libgl1", "libegl1",
                   "libfontconfig1", "libdbus-1-3", "libglib2.0-0", "libx11-6", "libssl3",
                   "libstdc++6"):  # fmt: skip
        assert needed in depends, f"{needed} missing from Depends: {sorted(depends)}"
    assert not [d for d in depends if "qt" in d.lower() or "python" in d], depends
    assert field(package, "Package") == "desktop-crm"
    print(f"\n.deb: {package.name}, {package.stat().st_size / 1_000_000:.0f} MB (zstd)")


def test_package_lays_out_program_menu_entry_icons_and_metainfo(package):
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(package)], capture_output=True, text=True, check=True
    ).stdout
    paths = {line.split()[5].removeprefix(".") for line in listing.splitlines()}
    assert INSTALLED <= paths, sorted(INSTALLED - paths)
    assert "/usr/bin/desktop-crm -> ../../opt/desktop-crm/desktop-crm" in listing
    assert " root/root " in listing.splitlines()[0]


@pytest.mark.skipif(not can_install, reason="installing a .deb needs root and apt-get")
def test_installed_package_runs_in_dutch_with_tray_icons_and_purges_clean(package, tmp_path):
    subprocess.run([*APT, "install", str(package)], check=True, capture_output=True, timeout=600)
    try:
        files = subprocess.run(
            ["dpkg", "-L", "desktop-crm"], capture_output=True, text=True, check=True
        ).stdout.split()
        assert INSTALLED <= set(files)
        env = user_env(tmp_path)
        env["PATH"] = "/usr/bin:/bin"  # the installed command, not a virtual environment's

        check = subprocess.run(
            ["desktop-crm", "--self-test"], env=env, cwd=tmp_path, capture_output=True,
            text=True, timeout=180,
        )  # fmt: skip
        assert check.returncode == 0, check.stdout + check.stderr
        assert "ok   translations: catalogs en, nl loaded from /opt/desktop-crm/" in check.stdout
        assert "ok   tray icon" in check.stdout

        shot = tmp_path / "x.png"
        screenshot = subprocess.run(
            ["desktop-crm", "--data-dir", str(tmp_path / "data"), "--lang", "nl",
             "--screenshot", str(shot), "--view", "list"],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        assert screenshot.returncode == 0, screenshot.stdout + screenshot.stderr
        assert shot.read_bytes().startswith(b"\x89PNG")
    finally:
        subprocess.run([*APT, "purge", "desktop-crm"], check=True, capture_output=True, timeout=600)

    left = [path for path in files if Path(path).is_file() or Path(path).is_symlink()]
    assert not left, left[:10]
    assert not Path("/opt/desktop-crm").exists()
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${db:Status-Status}", "desktop-crm"],
        capture_output=True,
        text=True,
    )
    assert status.stdout.strip() in ("", "not-installed")
