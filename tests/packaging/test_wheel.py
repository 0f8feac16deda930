"""The wheel, as pipx or pip installs it: resources inside, catalogs compiled, runs without the checkout."""

from __future__ import annotations

import gettext
import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT, load_module, user_env

build_hooks = load_module(ROOT / "build_hooks.py")

PACKAGED = "desktop_crm/resources/"


def test_build_hook_copies_resources_and_compiles_the_dutch_catalog(tmp_path):
    target = tmp_path / "resources"
    build_hooks.copy_resources(ROOT / "resources", target)

    assert (target / "icons" / "tray.svg").is_file()
    assert (target / "desktop-crm.desktop").is_file()
    assert not list(target.rglob("*.po")) and not list(target.rglob("*.pot"))
    with (target / "locale" / "nl" / "LC_MESSAGES" / "desktop_crm.mo").open("rb") as fh:
        assert gettext.GNUTranslations(fh).gettext("Customer") == "Klant"


def test_build_hook_refuses_a_tree_without_catalogs(tmp_path):
    source = tmp_path / "resources"
    (source / "icons").mkdir(parents=True)
    (source / "icons" / "tray.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(SystemExit, match="English only"):
        build_hooks.copy_resources(source, tmp_path / "out")


@pytest.mark.slow
def test_wheel_carries_icons_and_compiled_catalogs_not_sources(wheel_build):
    wheel, _log = wheel_build
    names = set(zipfile.ZipFile(wheel).namelist())
    for language in ("en", "nl"):
        assert f"{PACKAGED}locale/{language}/LC_MESSAGES/desktop_crm.mo" in names
    for icon in ("tray.svg", "tray-due.svg", "desktop-crm.svg"):
        assert f"{PACKAGED}icons/{icon}" in names
    assert not [n for n in names if n.endswith((".po", ".pot"))]
    assert not [n for n in names if n.startswith(("resources/", "build_hooks"))]
    mo = zipfile.ZipFile(wheel).read(f"{PACKAGED}locale/nl/LC_MESSAGES/desktop_crm.mo")
    assert gettext.GNUTranslations(io.BytesIO(mo)).gettext("Customer") == "Klant"
    print(f"\nwheel: {wheel.name}, {wheel.stat().st_size / 1000:.0f} kB")


@pytest.mark.slow
def test_building_the_wheel_prints_no_deprecation_warnings(wheel_build):
    _wheel, log = wheel_build
    warnings = [line for line in log.splitlines() if "deprecat" in line.lower()]
    assert not warnings, "\n".join(warnings)


def run(venv: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "desktop-crm"), *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=home,  # not the checkout
        env=user_env(home),
    )


@pytest.mark.slow
def test_installed_wheel_runs_from_site_packages_without_the_checkout(wheel_venv, tmp_path):
    where = subprocess.run(
        [
            str(wheel_venv / "bin" / "python"),
            "-c",
            "import desktop_crm; print(desktop_crm.__file__)",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=user_env(tmp_path),
        check=True,
    ).stdout
    assert str(wheel_venv) in where and str(ROOT) not in where

    check = run(wheel_venv, "--self-test", home=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "self-test passed" in check.stdout
    # Dutch and the tray icon came from the installed package, not from the checkout.
    assert "ok   translations" in check.stdout and "ok   tray icon" in check.stdout
    assert f"{wheel_venv}" in check.stdout and "site-packages/desktop_crm/resources" in check.stdout


@pytest.mark.slow
def test_installed_wheel_takes_a_dutch_screenshot(wheel_venv, tmp_path):
    shot = tmp_path / "list.png"
    result = run(
        wheel_venv,
        "--data-dir",
        str(tmp_path / "data"),
        "--lang",
        "nl",
        "--screenshot",
        str(shot),
        "--view",
        "list",
        home=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert shot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.slow
def test_installed_wheel_cli_round_trip(wheel_venv, tmp_path):
    data = str(tmp_path / "data")
    added = run(
        wheel_venv, "--data-dir", data, "contacts", "add", "Anna Jansen", "--email", "anna@example.com",
        "--json", home=tmp_path,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = run(wheel_venv, "--data-dir", data, "contacts", "list", "--json", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    contacts = json.loads(listed.stdout)
    assert [(c["id"], c["full_name"], c["primary_email"]) for c in contacts] == [
        (json.loads(added.stdout)["id"], "Anna Jansen", "anna@example.com")
    ]
