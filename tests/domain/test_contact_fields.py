"""Normalising what people type: emails, phones, names, birthdays, search text, duplicates."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.birthdays import Birthday, parse_birthday, parse_birthday_argument
from desktop_crm.domain.duplicates import DuplicateIndex, Keys, Match
from desktop_crm.domain.emails import is_valid_email, normalise_email
from desktop_crm.domain.names import clean_text, join_name, split_full_name
from desktop_crm.domain.phones import format_for_display, to_e164
from desktop_crm.domain.search_text import fold, search_terms


@pytest.mark.parametrize(
    "raw",
    [
        "06-12345678",
        "+31 6 12345678",
        "0031 6 12345678",
        "612345678",
        "tel:+31612345678",
        "06 1234 5678 ext. 12",
    ],
)
def test_dutch_mobile_numbers_become_e164(raw):
    assert to_e164(raw, "NL") == "+31612345678"


@pytest.mark.parametrize("raw", ["(020) 682 5224", "+31 (0)20 682 5224", "020-6825224"])
def test_landlines_become_e164(raw):
    assert to_e164(raw, "NL") == "+31206825224"


@pytest.mark.parametrize("raw", ["onbekend", "n.v.t.", "", "12", None])
def test_non_numbers_are_none(raw):
    assert to_e164(raw, "NL") is None


def test_numbers_are_shown_nationally_at_home_and_internationally_abroad():
    assert format_for_display("+31612345678", region="NL") == "06 12345678"
    assert format_for_display("+49301234567", region="NL").startswith("+49")


@pytest.mark.parametrize(
    "address,valid",
    [
        ("anna@example.com", True),
        ("a.b-c+d@sub.example.co.uk", True),
        ("mark.jansen@@example.com", False),
        ("daan.hendriks.example.com", False),
        ("piet(at)example.com", False),
        ("a,b@example.com", False),
        ("a b@example.com", False),
        ("a..b@example.com", False),
        ("anna@", False),
        ("anna@example", False),
        ("anna@example.c", False),
    ],
)
def test_email_syntax_follows_rule_r4(address, valid):
    assert is_valid_email(address) is valid


def test_emails_are_trimmed_and_lowercased():
    assert normalise_email("  Anna.DeVries@Example.COM ") == "anna.devries@example.com"


def test_names_are_nfc_and_collapsed_but_otherwise_kept():
    assert clean_text("  Stefan   Meijer ") == "Stefan Meijer"
    assert clean_text("Mu\u0308ller") == "Müller"
    assert clean_text("Hendriks, MBA") == "Hendriks, MBA"
    assert join_name("Boudewijn", "van den", "Heuvel") == "Boudewijn van den Heuvel"


def test_tussenvoegsel_is_split_off_the_family_name():
    assert split_full_name("Sanne de Wit") == ("Sanne", "de", "Wit")
    assert split_full_name("Ingrid van 't Hof") == ("Ingrid", "van 't", "Hof")
    assert split_full_name("Cher") == ("Cher", "", "")


@pytest.mark.parametrize(
    "text,day_first,expected",
    [
        ("1984-03-14", True, "1984-03-14"),
        ("19840314", True, "1984-03-14"),
        ("--03-14", True, "--03-14"),
        ("--0314", True, "--03-14"),
        ("1604-03-14", True, "--03-14"),
        ("03-04-1985", True, "1985-04-03"),
        ("3/4/1985", False, "1985-03-04"),
        ("--02-29", True, "--02-29"),
        ("31-02-1990", True, None),
        ("0/0/00", False, None),
        ("circa 1800", True, None),
        ("", True, None),
    ],
)
def test_birthday_forms(text, day_first, expected):
    result = parse_birthday(text, day_first=day_first)
    assert (result.iso() if result else None) == expected


def test_birthday_argument_accepts_only_the_two_documented_forms():
    assert parse_birthday_argument("--03-14") == Birthday(3, 14)
    with pytest.raises(ValueError):
        parse_birthday_argument("14-03-1990")


def test_twenty_ninth_of_february_falls_on_the_28th_in_common_years():
    from datetime import date

    leap_day = Birthday(2, 29, 2000)
    assert leap_day.in_year(2027) == date(2027, 2, 28)
    assert leap_day.in_year(2028) == date(2028, 2, 29)


def test_search_folding_removes_case_and_accents():
    assert fold("Thomas MÜLLER") == "thomas muller"
    assert fold("Zoë Łukasz Straße") == "zoe lukasz strasse"
    assert search_terms('  "Mül*ler" OR ') == ["mul", "ler", "or"]


@given(st.text())
def test_folding_never_fails_and_is_idempotent(text):
    once = fold(text)
    assert fold(once) == once


def test_duplicate_rules_r5():
    index: DuplicateIndex[int] = DuplicateIndex()
    index.add(Keys.of("Sanne de Wit", "sanne@example.com", "+31612345678"), 1)
    index.add(Keys.of("Pieter van Dijk", "", "+31201234567"), 2)
    # same name, same email (any phone): exact
    assert index.find(Keys.of("SANNE DE WIT", "sanne@example.com", None)) == (Match.EXACT, 1)
    # same name, no email on either, same phone: exact
    assert index.find(Keys.of("Pieter van Dijk", "", "+31201234567")) == (Match.EXACT, 2)
    # same name, different email: possible
    assert index.find(Keys.of("Sanne de Wit", "other@example.com", None)) == (Match.POSSIBLE, 1)
    # same email, other name: possible
    assert index.find(Keys.of("S. de Wit", "sanne@example.com", None)) == (Match.POSSIBLE, 1)
    # a shared phone alone: nothing
    assert index.find(Keys.of("Someone Else", "", "+31612345678")) is None
    # accents are not folded for duplicates
    assert index.find(Keys.of("Sanne de Wît", "", None)) is None


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ((5, 17, 1980), Birthday(5, 17, 1980)),
        ((2, 29, None), Birthday(2, 29)),
        ((None, None, None), None),
        ((5, None, 1980), None),  # half a date is no birthday
        ((2, 30, 1980), None),  # another program wrote a day that does not exist
    ],
)
def test_a_birthday_is_read_from_its_three_columns(columns, expected):
    assert Birthday.from_columns(*columns) == expected
