"""Is every message translated? `python -m desktop_crm.i18n.catalogs check`.

Extracting, merging and compiling the catalogs is pybabel's job (`make messages`,
`make translations`, see the Makefile); this module adds only what pybabel lacks: a check
that fails, listing them, when a Dutch user would see a message in English."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from desktop_crm.i18n import DOMAIN, SUPPORTED

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "desktop_crm"
LOCALE_DIR = ROOT / "resources" / "locale"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING_FILE = ROOT / "babel.cfg"
# As `pybabel extract -c Translators: -s` (the Makefile): such a comment reaches the translator.
COMMENT_TAGS = ("Translators:",)
# English is the source language: its catalog stays empty and gettext falls back to the msgid.
TRANSLATED_LANGUAGES = tuple(lang for lang in SUPPORTED if lang != "en")


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale, domain=DOMAIN)


def _in_package(dirpath: str) -> bool:
    # Walk only the package: .venv, build/ and dist/ hold thousands of unrelated files.
    path = Path(dirpath)
    return path == PACKAGE_DIR or PACKAGE_DIR in path.parents


def extract_template() -> Catalog:
    """Every marked string in the code now, as `pybabel extract -F babel.cfg` finds it."""
    with MAPPING_FILE.open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(MAPPING_FILE))
    template = Catalog(domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT),
        method_map=method_map,
        options_map=options_map,
        keywords=DEFAULT_KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
        directory_filter=_in_package,
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def _msgid(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


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
    sub.add_parser("check", help="fail on untranslated, fuzzy or missing Dutch messages")
    parser.parse_args(argv)
    problems = find_problems()
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)} message(s) need a translation (run `make messages`)", file=sys.stderr
        )
        return 1
    print("every message is translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
