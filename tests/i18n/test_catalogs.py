"""The Dutch catalog is complete, current with the code, and uses the glossary's words."""

from __future__ import annotations

import gettext
import re
import string

import pytest
from babel.messages.mofile import write_mo

from desktop_crm.i18n import DOMAIN
from desktop_crm.i18n.catalogs import (
    TEMPLATE,
    extract_template,
    find_problems,
    po_path,
    read_catalog,
)


@pytest.fixture(scope="module")
def template():
    return extract_template()


@pytest.fixture(scope="module")
def dutch():
    return read_catalog(po_path("nl"), locale="nl")


def _translations(catalog):
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message, ids, strings


def test_dutch_catalog_has_every_message_of_the_code_translated(template):
    problems = find_problems(["nl"], template=template)
    assert not problems, "\nRun `make messages` and translate:\n" + "\n".join(
        str(p) for p in problems
    )


def test_template_matches_the_code(template):
    def keys(catalog):
        return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}

    stale = keys(read_catalog(TEMPLATE)) ^ keys(template)
    assert not stale, f"{TEMPLATE.name} is stale; run `make messages`: {sorted(stale)[:10]}"


def test_dutch_plural_forms_are_set_and_filled(dutch):
    assert dutch.plural_forms == "nplurals=2; plural=(n != 1);"
    for message in dutch:
        if message.id and isinstance(message.id, tuple) and message.string:
            assert len(message.string) == 2 and all(message.string), message.id


def _placeholders(text: str) -> set[str]:
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(text):
        if field is not None:
            names.add(field)
    return names


def test_translations_keep_the_placeholders(dutch):
    # A renamed or dropped {placeholder} raises KeyError or loses data only in Dutch.
    for message, ids, strings in _translations(dutch):
        # Fuzzy entries are guesses that never reach users; `check` reports them anyway.
        if "python-brace-format" not in message.flags or message.fuzzy:
            continue
        expected = set().union(*(_placeholders(i) for i in ids))
        for text in strings:
            found = _placeholders(text)
            assert found <= expected, f"{message.id!r}: unknown {found - expected} in {text!r}"
            if len(ids) == 1:
                assert found == expected, f"{message.id!r}: {text!r} drops {expected - found}"


# The glossary's Dutch: one term per idea, and no machine-translation words.
# (pattern, case-sensitive?, why)
FORBIDDEN_DUTCH = {
    "prospect": (r"\bvooruitzicht", False, "prospect is 'Prospect'"),
    "lead": (r"\bhoofdrolspeler", False, "lead is 'Lead'"),
    "snooze": (r"\bsnooze", False, "snooze is 'Later herinneren'"),
    "lead source": (r"\bleadbron|\bbron van de lead", False, "lead source is 'Herkomst'"),
    "duplicate": (r"\bduplica", False, "duplicate is 'Dubbel' / 'mogelijk dubbel'"),
    "backup": (r"\bbackup", False, "backup is spelled 'back-up'"),
    "tag": (r"\btags?\b", False, "tag is 'Label'"),
    "formal you": (r"\b[Uu]w?\b", True, "we say 'je', not 'u'"),
}


@pytest.mark.parametrize("term", sorted(FORBIDDEN_DUTCH))
def test_dutch_uses_the_glossary_terms(dutch, term):
    pattern, case_sensitive, why = FORBIDDEN_DUTCH[term]
    flags = 0 if case_sensitive else re.IGNORECASE
    offenders = [
        text
        for _message, _ids, strings in _translations(dutch)
        for text in strings
        # {tags} and other placeholders are code, not Dutch.
        if re.search(pattern, re.sub(r"\{[^{}]*\}", "", text), flags=flags)
    ]
    assert not offenders, f"{why}: {offenders}"


def test_compiled_dutch_catalog_translates(tmp_path, dutch):
    target = tmp_path / "nl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / f"{DOMAIN}.mo").open("wb") as fh:
        write_mo(fh, dutch)
    translation = gettext.translation(DOMAIN, localedir=str(tmp_path), languages=["nl"])
    assert translation.gettext("Customer") == "Klant"
    assert translation.gettext("Repeat buyer") == "Terugkerende klant"
    assert translation.gettext("Not now") == "Later"
    assert translation.gettext("Disqualified") == "Afgevallen"
