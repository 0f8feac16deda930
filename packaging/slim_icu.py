"""Shrink Qt's ICU data in a Linux bundle to the locales we ship: `python packaging/slim_icu.py LIB`.

Qt's QtCore links to ICU, whose data library (`libicudata.so.<N>`, 32 MB) holds names,
currencies, units, time zones and collation rules for 800 locales. The app speaks
English and Dutch, and formats dates and numbers with Babel, not ICU; Qt asks ICU only
for collation, case mapping and text encodings. So the locale-specific items of every
other language go: ICU falls back to its root data for them. Everything that is not per
locale (Unicode properties, normalisation, break rules and dictionaries, converters,
time-zone rules, the root collation) stays.

ICU's own tools do the work: `icupkg` (package icu-devtools) lists and removes items,
and `as` and `ld` (binutils) wrap the smaller package back into a library with the same
name and symbol. Without those tools the bundle keeps the full data (it still works).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TOOLS = ("icupkg", "as", "ld", "readelf")
# Languages whose locale data stays, with ICU's root. Keep in step with i18n.SUPPORTED.
KEEP_LANGUAGES = {"en", "nl"}
# A locale id: a 2–3 letter language, then script, region or variant parts.
LOCALE = re.compile(r"^(?P<language>[a-z]{2,3})(_.*)?$")
# Items whose names look like locale ids but are not.
NOT_LOCALES = {"res_index", "pool"}
DATA_SYMBOL = re.compile(r"^icudt(\d+)_dat$")


def available() -> bool:
    return sys.platform.startswith("linux") and all(shutil.which(tool) for tool in TOOLS)


def is_foreign_locale(item: str) -> bool:
    """True for a per-locale item (`de.res`, `coll/sv.res`) of a language we do not ship."""
    path = Path(item)
    if path.suffix != ".res" or path.stem in NOT_LOCALES:
        return False
    match = LOCALE.match(path.stem)
    return match is not None and match["language"] not in KEEP_LANGUAGES


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol's name, and the file offset and size of the package it points at."""
    symbols = subprocess.run(
        ["readelf", "-W", "--dyn-syms", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in symbols.splitlines():
        fields = line.split()
        if len(fields) >= 8 and DATA_SYMBOL.match(fields[7]):
            name, value, size, section = fields[7], int(fields[1], 16), int(fields[2], 0), fields[6]
            break
    else:
        raise ValueError(f"{library.name}: no icudt*_dat symbol")
    sections = subprocess.run(
        ["readelf", "-W", "--section-headers", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in sections.splitlines():
        # "[ 5] .rodata PROGBITS 0000000000001000 001000 1e8bb80 ..." (index may be "[ 5]")
        fields = line.replace("[ ", "[").split()
        if fields and fields[0] == f"[{section}]":
            address, offset = int(fields[3], 16), int(fields[4], 16)
            return name, offset + value - address, size
    raise ValueError(f"{library.name}: section {section} of {name} not found")


def slim(library: Path) -> tuple[int, int]:
    """Rewrite `library` in place with foreign locales removed; returns (before, after) bytes."""
    before = library.stat().st_size
    symbol, offset, size = data_symbol(library)
    version = symbol.removeprefix("icudt").removesuffix("_dat")
    package_name = f"icudt{version}l"
    if sys.byteorder != "little":
        package_name = package_name[:-1] + "b"
    with tempfile.TemporaryDirectory(prefix="desktop-crm-icu-") as work:
        folder = Path(work)
        full = folder / f"{package_name}.dat"
        with library.open("rb") as fh:
            fh.seek(offset)
            full.write_bytes(fh.read(size))
        items = subprocess.run(
            ["icupkg", "--list", str(full)], capture_output=True, text=True, check=True
        ).stdout.split()
        foreign = [item for item in items if is_foreign_locale(item)]
        removals = folder / "remove.txt"
        removals.write_text("\n".join(foreign) + "\n", encoding="utf-8")
        # icupkg names the items after the output file: it must be called icudt<N>l.dat too.
        slimmed = folder / "out" / full.name
        slimmed.parent.mkdir()
        subprocess.run(
            ["icupkg", "--remove", str(removals), str(full), str(slimmed)],
            check=True,
            capture_output=True,
        )
        # The same symbol in a read-only section, 16-byte aligned as ICU's own build does.
        (folder / "data.s").write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            "\t.balign 16\n"
            f"{symbol}:\n"
            f'\t.incbin "{slimmed}"\n'
            f"\t.size {symbol}, .-{symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="utf-8",
        )
        subprocess.run(["as", "-o", str(folder / "data.o"), str(folder / "data.s")], check=True)
        built = folder / library.name
        subprocess.run(
            ["ld", "-shared", "-soname", library.name, "-o", str(built), str(folder / "data.o")],
            check=True,
        )
        shutil.copy2(built, library)
    return before, library.stat().st_size


def slim_bundle(app_dir: Path) -> tuple[int, int] | None:
    """Slim the bundle's ICU data library, if there is one and the tools are installed."""
    # PyInstaller also links the library at the top of _internal/: change the file itself.
    libraries = sorted(p for p in app_dir.rglob("libicudata.so.*") if not p.is_symlink())
    if not libraries or not available():
        return None
    return slim(libraries[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path, help="libicudata.so.<N> (rewritten in place)")
    args = parser.parse_args(argv)
    if not available():
        raise SystemExit(f"needs {', '.join(TOOLS)} on Linux")
    before, after = slim(args.library)
    print(f"{args.library.name}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
