"""`desktop-crm --self-test`: check that an installed build works, one line per check, exit 0 or 1.

Run by CI against the PyInstaller bundle, and by a user asked to "run the self-test".
It touches nothing of the user's: the database lives in a temporary folder. Qt is
imported only inside the tray-icon check, so the rest runs even where Qt cannot."""

from __future__ import annotations

import gettext
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from desktop_crm import __version__
from desktop_crm.i18n import DOMAIN, SUPPORTED
from desktop_crm.resource_paths import locale_dir

# The services and the store are imported inside the functions, not here, for start-up speed:
# a command loads only what it runs (every command module: 0.45 s; with all services: 0.91 s).

# A message whose Dutch is fixed by the glossary: if it comes back in English, the
# catalog was not compiled or not bundled.
KNOWN_DUTCH = ("Customer", "Klant")


def check_database() -> str:
    """Create, migrate, write and read back a contact in a throw-away SQLite file."""
    from desktop_crm.services.contact_queries import get_contact
    from desktop_crm.services.contacts import create_contact
    from desktop_crm.services.records import ContactDraft, EmailEntry, PhoneEntry
    from desktop_crm.store.database import close_database, open_database

    with tempfile.TemporaryDirectory(prefix="desktop-crm-selftest-") as folder:
        path = Path(folder) / "selftest.sqlite"
        open_database(path=path)
        try:
            created = create_contact(
                ContactDraft(
                    given_name="Anna",
                    family_name="de Vries",
                    company="Bakkerij de Vries",
                    emails=[EmailEntry("anna@example.com")],
                    # A real number exercises the phone metadata the bundle must carry.
                    phones=[PhoneEntry("06 12345678")],
                ),
                region="NL",
            )
            read = get_contact(created.id)
        finally:
            close_database()
        if read.family_name != "de Vries" or not read.emails:
            raise AssertionError(f"read back {read.full_name!r}, not what was written")
        if not read.phones or read.phones[0].e164 != "+31612345678":
            raise AssertionError("the phone number was not recognised (phone metadata missing?)")
        return f"contact {read.id} written and read back in {path.name}"


def check_translations() -> str:
    """Every shipped language has a compiled catalog, and Dutch really is Dutch."""
    folder = locale_dir()
    found = []
    for language in SUPPORTED:
        # fallback=False: a missing .mo must fail here, not silently show English.
        translation = gettext.translation(
            DOMAIN, localedir=str(folder), languages=[language], fallback=False
        )
        found.append(language)
        if language == "nl":
            english, dutch = KNOWN_DUTCH
            got = translation.gettext(english)
            if got != dutch:
                raise AssertionError(f"nl translates {english!r} as {got!r}, not {dutch!r}")
    return f"catalogs {', '.join(found)} loaded from {folder}"


def check_formatting() -> str:
    """Babel's locale data is present for both languages."""
    from desktop_crm.i18n.formatting import LocaleFormats

    dutch = LocaleFormats.for_locale("nl_NL").birthday(3, 14)
    english = LocaleFormats.for_locale("en_GB").birthday(3, 14)
    if (dutch, english) != ("14 maart", "14 March"):
        raise AssertionError(f"birthdays read {dutch!r} / {english!r}")
    return f"{dutch} / {english}"


def check_tray_icon() -> str:
    from desktop_crm.ui.selftest_qt import check_tray_icons

    return check_tray_icons()


def check_collation() -> str:
    from desktop_crm.ui.selftest_qt import check_collation as collate

    return collate()


def check_main_window() -> str:
    from desktop_crm.store.database import close_database, open_database
    from desktop_crm.ui.selftest_qt import check_main_window as build_window

    with tempfile.TemporaryDirectory(prefix="desktop-crm-selftest-") as folder:
        path = Path(folder) / "window.sqlite"
        open_database(path=path)
        try:
            return build_window(path)
        finally:
            close_database()


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("database", check_database),
    ("translations", check_translations),
    ("formatting", check_formatting),
    ("tray icon", check_tray_icon),
    ("collation", check_collation),
    ("main window", check_main_window),
)


def run(out: TextIO | None = None) -> int:
    """Run every check, print `ok`/`FAIL` per line, and return the exit code (0 or 1)."""
    out = out or sys.stdout
    print(f"desktop-crm {__version__} self-test", file=out)
    failures = 0
    for name, check in CHECKS:
        started = time.perf_counter()
        try:
            detail = check()
        except Exception as exc:
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", file=out)
            continue
        elapsed = (time.perf_counter() - started) * 1000
        print(f"ok   {name}: {detail} ({elapsed:.0f} ms)", file=out)
    print("self-test passed" if not failures else f"self-test failed: {failures}", file=out)
    out.flush()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run())
