"""The import's table of stored contacts (`KeyTable`) answers R5 exactly as a
`DuplicateIndex` holding the same contacts, added before the file's own records."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.duplicates import DuplicateIndex, Keys, KeyTable, Match

# Few values, so that names, emails and phones collide often.
NAMES = st.sampled_from(["", "Sanne de Wit", "sanne de wit", "Pieter", "Zoë", "Zoe"])
EMAILS = st.sampled_from(["", "a@example.com", "b@example.com"])
PHONES = st.sampled_from(["", "+31612345678", "+31201234567"])
KEYS = st.builds(Keys.of, NAMES, EMAILS, PHONES)


@given(
    stored=st.lists(KEYS, max_size=12),
    created=st.lists(KEYS, max_size=6),
    asked=st.lists(KEYS, min_size=1, max_size=6),
)
def test_a_key_table_finds_what_an_index_of_the_same_contacts_finds(stored, created, asked):
    everything: DuplicateIndex[int] = DuplicateIndex()
    for ref, keys in enumerate(stored + created):
        everything.add(keys, ref)
    table = KeyTable(((keys, ref) for ref, keys in enumerate(stored)), ref=lambda ref: ref)
    file_records: DuplicateIndex[int] = DuplicateIndex()
    for ref, keys in enumerate(created, start=len(stored)):
        file_records.add(keys, ref)

    for keys in asked:
        assert file_records.find(keys, table) == everything.find(keys)


def test_the_oldest_stored_contact_is_the_match():
    table = KeyTable(
        [
            (Keys.of("Sanne de Wit", "old@example.com", ""), 7),
            (Keys.of("Sanne de Wit", "new@example.com", ""), 9),
            (Keys.of("Someone", "shared@example.com", ""), 11),
            (Keys.of("Else", "shared@example.com", ""), 12),
        ],
        ref=lambda contact_id: contact_id,
    )
    nothing_created: DuplicateIndex[int] = DuplicateIndex()
    sanne = Keys.of("SANNE DE WIT", "new@example.com", "")
    assert nothing_created.find(sanne, table) == (Match.EXACT, 9)
    assert nothing_created.find(Keys.of("Sanne de Wit", "", ""), table) == (Match.POSSIBLE, 7)
    assert nothing_created.find(Keys.of("X", "shared@example.com", ""), table) == (
        Match.POSSIBLE,
        11,
    )
    assert nothing_created.find(Keys.of("Nobody", "", "+31612345678"), table) is None
    assert len(table) == 4
