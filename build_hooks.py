"""Setuptools build hooks: put the top-level `resources/` into the wheel and sdist, catalogs compiled.

The checkout keeps `resources/` at the top (translators and the icon script work there);
an installed program finds it as `desktop_crm/resources/` through importlib.resources.
Wired in pyproject.toml under [tool.setuptools.cmdclass]; needs Babel at build time."""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent
RESOURCES = "resources"
# Translation sources stay out of the wheel: the program reads only the compiled .mo.
SOURCE_ONLY = {".po", ".pot"}


def compile_catalogs(source: Path, target: Path) -> list[Path]:
    """Write `target/<lang>/LC_MESSAGES/X.mo` for every `source/<lang>/LC_MESSAGES/X.po`."""
    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parts[-3], domain=po.stem)
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)  # fuzzy entries out, as msgfmt does
        written.append(mo)
    return written


def copy_resources(source: Path, target: Path) -> None:
    """Copy the resource tree without translation sources, stale .mo files or caches."""
    for path in sorted(source.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if path.suffix in SOURCE_ONLY or path.suffix == ".mo":
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
    if not compile_catalogs(source / "locale", target / "locale"):
        raise SystemExit(f"no catalogs under {source / 'locale'}: the app would be English only")


class BuildPy(build_py):
    """build_py that also lays `resources/` into the built package as `desktop_crm/resources/`."""

    def run(self) -> None:
        super().run()
        # An editable install reads the checkout's own resources/ (resource_paths falls back).
        if self.editable_mode:
            return
        source = Path(RESOURCES)  # relative: setuptools runs in the project (or sdist) folder
        target = Path(self.build_lib) / "desktop_crm" / RESOURCES
        if target.exists():
            shutil.rmtree(target)  # a rebuild must not keep files removed from the source
        copy_resources(source, target)


class Sdist(sdist):
    """sdist that ships the compiled catalogs next to their sources."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        locale = Path(base_dir) / RESOURCES / "locale"
        compile_catalogs(locale, locale)
