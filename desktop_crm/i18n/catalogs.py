"""The gettext catalogs, managed with Babel: `python -m desktop_crm.i18n.catalogs COMMAND`.

extract  code → resources/locale/desktop_crm.pot
update   .pot → resources/locale/{en,nl}/LC_MESSAGES/desktop_crm.po (keeps translations)
compile  .po  → .mo next to it (build output, ignored by git)
check    exit 1 listing every Dutch message that is untranslated, fuzzy or missing
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from desktop_crm import __version__
from desktop_crm.i18n import DOMAIN, SUPPORTED

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "desktop_crm"
LOCALE_DIR = ROOT / "resources" / "locale"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING_FILE = ROOT / "babel.cfg"

# The functions in desktop_crm.i18n; anything else named like gettext is not ours.
KEYWORDS = parse_keywords(["_", "N_", "ngettext:1,2", "pgettext:1c,2"])
# A comment starting with this, on the line above a string, reaches the translator.
COMMENT_TAGS = ("Translators:",)
# English is the source language: its catalog stays empty and gettext falls back to
# the msgid; it exists so an English wording fix can be made without touching code.
TRANSLATED_LANGUAGES = tuple(lang for lang in SUPPORTED if lang != "en")
PROJECT = "Desktop CRM"
HEADER_FIELDS = {
    "msgid_bugs_address": "https://github.com/example/desktop-crm/issues",
    "last_translator": "Desktop CRM team",
}


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def _method_map() -> tuple[list[tuple[str, str]], dict]:
    if MAPPING_FILE.exists():
        with MAPPING_FILE.open(encoding="utf-8") as fh:
            return parse_mapping_cfg(fh, str(MAPPING_FILE))
    return [("desktop_crm/**.py", "python")], {}


def _in_package(dirpath: str) -> bool:
    # Walk only the package: .venv, build/ and dist/ hold thousands of unrelated files.
    path = Path(dirpath)
    if path.name.startswith((".", "__")):
        return False
    return path == PACKAGE_DIR or PACKAGE_DIR in path.parents


def extract_template() -> Catalog:
    """Every marked string in the code, as a template catalog (nothing written)."""
    method_map, options_map = _method_map()
    template = Catalog(
        domain=DOMAIN,
        project=PROJECT,
        version=__version__,
        copyright_holder=PROJECT,
        charset="utf-8",
        fuzzy=False,
        **HEADER_FIELDS,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT),
        method_map=method_map,
        options_map=options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
        directory_filter=_in_package,
    ):
        template.add(
            message,
            None,
            [(Path(filename).as_posix(), lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def _keys(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(_msgid(m), m.context) for m in catalog if m.id}


def _msgid(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale, domain=DOMAIN)


def _write_po(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    # No line numbers: they change with every edit and would make each update a noisy diff.
    write_po(buffer, catalog, width=100, ignore_obsolete=True, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = buffer.getvalue()
    if not path.exists() or path.read_bytes() != new:
        path.write_bytes(new)


def extract() -> Catalog:
    """Write the .pot; keep the old file (and its date) when no message changed."""
    template = extract_template()
    if TEMPLATE.exists():
        old = read_catalog(TEMPLATE)
        if _keys(old) == _keys(template) and _locations(old) == _locations(template):
            return old
    _write_po(TEMPLATE, template)
    return template


def _locations(catalog: Catalog) -> dict:
    return {
        (_msgid(m), m.context): sorted({f for f, _line in m.locations}) for m in catalog if m.id
    }


def update(languages: Iterable[str] = SUPPORTED) -> dict[str, list[str]]:
    """Merge the .pot into each .po; returns the messages left fuzzy per language."""
    template = read_catalog(TEMPLATE)
    fuzzy: dict[str, list[str]] = {}
    for language in languages:
        path = po_path(language)
        if path.exists():
            catalog = read_catalog(path, locale=language)
        else:
            catalog = Catalog(
                locale=language,
                domain=DOMAIN,
                project=PROJECT,
                version=__version__,
                copyright_holder=PROJECT,
                charset="utf-8",
                fuzzy=False,
                language_team=language,
                **HEADER_FIELDS,
            )
        # Fuzzy matching proposes an old translation for a changed string; `check`
        # refuses fuzzy entries, so a person always confirms the proposal.
        # English has no translations to carry over, so fuzzy guesses would only be noise.
        catalog.update(template, no_fuzzy_matching=language == "en", update_creation_date=True)
        catalog.version = __version__
        catalog.revision_date = datetime.now(UTC)
        catalog.fuzzy = False
        catalog.msgid_bugs_address = HEADER_FIELDS["msgid_bugs_address"]
        catalog.last_translator = HEADER_FIELDS["last_translator"]
        catalog.language_team = {"nl": "Nederlands", "en": "English"}.get(language, language)
        fuzzy[language] = [_msgid(m) for m in catalog if m.id and m.fuzzy]
        _write_po(path, catalog)
    return fuzzy


def compile_catalogs(languages: Iterable[str] = SUPPORTED) -> list[Path]:
    """Write a .mo for each .po. Fuzzy entries are left out, as msgfmt does."""
    written = []
    for language in languages:
        path = po_path(language)
        if not path.exists():
            continue
        catalog = read_catalog(path, locale=language)
        target = mo_path(language)
        with target.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(target)
    return written


@dataclass(frozen=True)
class Problem:
    language: str
    kind: str  # untranslated, fuzzy, missing (in the code but not in the catalog)
    msgid: str
    context: str | None = None

    def __str__(self) -> str:
        where = f" [{self.context}]" if self.context else ""
        return f"{self.language}: {self.kind}: {self.msgid!r}{where}"


def _is_untranslated(message: Message) -> bool:
    if isinstance(message.string, tuple | list):
        return any(not s for s in message.string)
    return not message.string


def find_problems(
    languages: Iterable[str] = TRANSLATED_LANGUAGES, template: Catalog | None = None
) -> list[Problem]:
    """Messages a Dutch user would see in English: untranslated, fuzzy, or not in the catalog.

    `template` defaults to a fresh extraction from the code, so a stale .pot is caught too."""
    template = template if template is not None else extract_template()
    problems: list[Problem] = []
    for language in languages:
        path = po_path(language)
        catalog = read_catalog(path, locale=language) if path.exists() else Catalog(locale=language)
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, message.context)
            if found is None:
                problems.append(Problem(language, "missing", _msgid(message), message.context))
            elif found.fuzzy:
                problems.append(Problem(language, "fuzzy", _msgid(message), message.context))
            elif _is_untranslated(found):
                problems.append(Problem(language, "untranslated", _msgid(message), message.context))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop_crm.i18n.catalogs")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="write the .pot from the code")
    sub.add_parser("update", help="extract, then merge the .pot into every .po")
    sub.add_parser("compile", help="compile every .po into a .mo")
    sub.add_parser("check", help="fail on untranslated, fuzzy or missing Dutch messages")
    args = parser.parse_args(argv)

    if args.command == "extract":
        template = extract()
        print(f"{TEMPLATE.relative_to(ROOT)}: {sum(1 for m in template if m.id)} messages")
    elif args.command == "update":
        extract()
        for language, fuzzy in update().items():
            print(f"{po_path(language).relative_to(ROOT)}: {len(fuzzy)} fuzzy")
            for msgid in fuzzy:
                print(f"  fuzzy: {msgid!r}")
    elif args.command == "compile":
        for path in compile_catalogs():
            print(path.relative_to(ROOT))
    elif args.command == "check":
        problems = find_problems()
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} message(s) need a translation", file=sys.stderr)
            return 1
        print("every message is translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
