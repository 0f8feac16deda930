"""Duplicate candidates: each kind of match, each non-match, the blocks and the groups."""

from __future__ import annotations

import pytest

from desktop_crm.domain.duplicate_match import (
    compare,
    email_key,
    find_groups,
    name_key,
    person,
)


def test_gmail_ignores_case_and_dots_other_domains_only_case():
    assert email_key(" Jan.De.Vries@GMail.com ") == "jandevries@gmail.com"
    assert email_key("jan.devries@example.com") != email_key("jandevries@example.com")
    assert email_key("Jan@Example.COM") == "jan@example.com"


@pytest.mark.parametrize(
    "full",
    ["Jan van den Berg", "Berg, Jan van den", "JAN VAN DEN BERG", "jan berg", "Berg, Jan"],
)
def test_name_key_ignores_case_word_order_and_tussenvoegsel(full):
    assert name_key("", "", "", full) == ("jan", "berg")


def test_name_key_from_parts_and_initials_and_accents():
    assert name_key("Jan", "van den", "Berg", "Jan van den Berg") == ("jan", "berg")
    assert name_key("", "", "", "J. de Vries") == ("j", "vries")
    assert name_key("", "", "", "Zoë Müller") == ("zoe", "muller")


def test_same_email_is_a_candidate_with_gmail_rules():
    a = person(1, full_name="Jan de Vries", emails=["jan.devries@gmail.com"])
    b = person(2, full_name="J. Vries", emails=["JanDeVries@gmail.com"])
    match = compare(a, b)
    assert match is not None and match.reasons[0] == "same_email"
    assert match.score >= 0.85


def test_same_email_and_name_score_high():
    a = person(3, full_name="Jan de Vries", emails=["jan@example.com"])
    b = person(17, full_name="Vries, Jan de", emails=["JAN@example.com"])
    match = compare(a, b)
    assert match is not None
    assert match.reasons == ("same_email", "similar_name")
    assert match.score == pytest.approx(0.94)


def test_same_phone_is_a_candidate_when_names_do_not_clash():
    a = person(1, full_name="Jansen", phones=["+31612345678"])
    b = person(2, full_name="Piet Jansen", phones=["+31612345678"])
    match = compare(a, b)
    assert match is not None and match.reasons == ("same_phone",)


def test_a_shared_phone_of_two_different_people_is_not():
    a = person(1, full_name="Piet Jansen", phones=["+31201234567"])
    b = person(2, full_name="Anna Bakker", phones=["+31201234567"])
    assert compare(a, b) is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Jan de Vries", "J. de Vries"),  # an initial
        ("Jan Jansen", "Jan Janssen"),  # one letter more
        ("Sanne Bakker", "Sanne Bakkr"),  # one letter less
        ("Daniël Müller", "daniel muller"),  # accents and case
        ("Jan van den Berg", "Berg, Jan van den"),  # word order
    ],
)
def test_similar_name_with_the_same_company_is_a_candidate(first, second):
    a = person(1, full_name=first, company="Bakker B.V.")
    b = person(2, full_name=second, company="bakker bv")
    match = compare(a, b)
    assert match is not None
    assert match.reasons == ("similar_name", "same_company")


def test_similar_name_with_the_same_birthday_is_a_candidate():
    a = person(1, full_name="Jan Jansen", birthday=(1980, 3, 14))
    b = person(2, full_name="Jan Janssen", birthday=(None, 3, 14))
    match = compare(a, b)
    assert match is not None and match.reasons == ("similar_name", "same_birthday")


def test_same_name_with_different_companies_is_not_a_candidate():
    a = person(1, full_name="Jan de Vries", company="Bakker BV", emails=["jan@bakker.nl"])
    b = person(2, full_name="Jan de Vries", company="Visser ICT", emails=["jan@visser.nl"])
    assert compare(a, b) is None


def test_same_name_alone_is_not_a_candidate():
    assert compare(person(1, full_name="Jan de Vries"), person(2, full_name="Jan de Vries")) is None


def test_same_name_with_another_birthday_is_not_a_candidate():
    a = person(1, full_name="Jan de Vries", company="X", birthday=(1980, 3, 14))
    b = person(2, full_name="Jan de Vries", birthday=(1981, 3, 14))
    assert compare(a, b) is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Jan Jansen", "Piet Jansen"),  # another person of the family
        ("Jan Jansen", "Jan Jacobs"),  # another surname
        ("Jan Bos", "Jan Bas"),  # short surnames: a typo is too likely another name
        ("Jaan Janssen", "Jan Jansen"),  # two typos: one difference at most
        ("J. Janssen", "Jan Jansen"),  # an initial and a typo
    ],
)
def test_different_names_at_one_company_are_not_candidates(first, second):
    a = person(1, full_name=first, company="Bakker BV")
    b = person(2, full_name=second, company="Bakker BV")
    assert compare(a, b) is None


def test_same_company_or_birthday_alone_is_not_a_candidate():
    a = person(1, full_name="Anna Smit", company="Bakker BV", birthday=(None, 1, 2))
    b = person(2, full_name="Kees Dijk", company="Bakker BV", birthday=(None, 1, 2))
    assert compare(a, b) is None


def _crowd() -> list:
    """A small database: two real groups among people who only look alike."""
    return [
        person(1, full_name="Jan de Vries", emails=["jan@example.com"], company="De Vries BV"),
        person(2, full_name="Anna Bakker", phones=["+31612345678"]),
        person(3, full_name="J. de Vries", company="De Vries B.V."),
        person(4, full_name="Jan de Vries", company="Other Co"),
        person(5, full_name="Bakker, Anna", phones=["+31612345678"]),
        person(6, full_name="Piet de Vries", company="De Vries BV"),
        person(7, full_name="Jan de Vries", emails=["JAN@example.com"]),
    ]


def test_groups_join_pairs_best_first_with_their_reasons():
    groups = find_groups(_crowd())
    assert [g.contact_ids for g in groups] == [(1, 3, 7), (2, 5)]
    assert groups[0].reasons == ("same_email", "similar_name", "same_company")
    assert groups[1].reasons == ("same_phone", "similar_name")
    assert groups[0].score >= groups[1].score
    assert groups[0].to_json() == {
        "contact_ids": [1, 3, 7],
        "score": groups[0].score,
        "reasons": ["same_email", "similar_name", "same_company"],
    }


def test_an_ignored_pair_is_not_proposed():
    groups = find_groups(_crowd(), frozenset({(2, 5)}))
    assert [g.contact_ids for g in groups] == [(1, 3, 7)]


def test_typo_and_initial_pairs_are_found_by_the_blocks():
    people = [
        person(10, full_name="Jan Jansen", company="Bouw BV"),
        person(11, full_name="Jan Janssen", company="Bouw BV"),
        person(12, full_name="J. Jansen", birthday=(None, 5, 6)),
        person(13, full_name="Jan Jansen", birthday=(1970, 5, 6)),
        person(14, full_name="Jaan Jansen", company="Bouw BV"),
    ]
    groups = find_groups(people)
    assert [g.contact_ids for g in groups] == [(10, 11, 14), (12, 13)]


def test_a_comma_name_wins_over_parts_split_from_it():
    # "Vries, Jan de" typed as one string is split word by word into given "Vries,".
    assert name_key("Vries,", "", "Jan de", "Vries, Jan de") == ("jan", "vries")


# --- the blocks find every pair the rules accept -------------------------------------

_GIVEN = ["Jan", "Jaan", "J.", "Jan-Peter", "Piet", "Pieter", "Anna", "A."]
_FAMILY = ["Jansen", "Janssen", "Jansens", "de Vries", "Vries", "Bos", "Bakker", "Bakkr"]
_COMPANIES = ["", "", "Bakker BV", "Bakker B.V.", "Visser ICT"]
_EMAILS = ["", "", "jan@example.com", "JAN@example.com", "j.an@gmail.com", "jan@gmail.com"]
_PHONES = ["", "", "+31612345678", "+31201234567"]
_BIRTHDAYS = [None, None, (1980, 3, 14), (None, 3, 14), (1981, 3, 14), (None, 5, 6)]


def _brute_force(people, ignored=frozenset()):
    """Every pair compared (what the blocks avoid), joined into groups the same way."""
    from desktop_crm.domain.duplicate_match import compare

    parent = {p.id: p.id for p in people}

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    joined = set()
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            pair = (min(a.id, b.id), max(a.id, b.id))
            if pair not in ignored and compare(a, b) is not None:
                parent[root(a.id)] = root(b.id)
                joined.update(pair)
    groups = {}
    for cid in joined:
        groups.setdefault(root(cid), []).append(cid)
    return sorted(tuple(sorted(g)) for g in groups.values())


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_person_fields = st.tuples(
    st.sampled_from(_GIVEN),
    st.sampled_from(_FAMILY),
    st.sampled_from(_COMPANIES),
    st.sampled_from(_EMAILS),
    st.sampled_from(_PHONES),
    st.sampled_from(_BIRTHDAYS),
    st.booleans(),  # typed as "Family, Given"
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_person_fields, min_size=2, max_size=14))
def test_the_blocks_miss_no_pair_that_all_pairs_would_find(rows):
    people = []
    for number, (first, family, company, email, phone, birthday, comma) in enumerate(rows, 1):
        full = f"{family}, {first}" if comma else f"{first} {family}"
        people.append(
            person(
                number,
                full_name=full,
                company=company,
                emails=[email],
                phones=[phone],
                birthday=birthday,
            )
        )
    found = sorted(g.contact_ids for g in find_groups(people))
    assert found == _brute_force(people)


def _levenshtein(a: str, b: str) -> int:
    """The textbook dynamic programme, as the reference for within_one_edit."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


@settings(max_examples=500, deadline=None)
@given(st.text("abc", max_size=6), st.text("abc", max_size=6))
def test_within_one_edit_agrees_with_the_levenshtein_distance(a, b):
    from desktop_crm.domain.duplicate_match import within_one_edit

    assert within_one_edit(a, b) == (_levenshtein(a, b) <= 1)
