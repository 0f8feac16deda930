"""The import's cached phone search forms agree with libphonenumber, number for number."""

from __future__ import annotations

import phonenumbers
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop_crm.domain.phone_search import phone_index_forms
from desktop_crm.services.importing import phone_forms
from desktop_crm.services.importing.phone_forms import index_forms, phone_search_parts
from desktop_crm.store.search import contact_document

REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
KINDS = [
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.VOIP,
]


@st.composite
def valid_e164(draw: st.DrawFn) -> str:
    """A valid number of any region: an example number with its last digits changed."""
    region = draw(st.sampled_from(REGIONS))
    example = phonenumbers.example_number_for_type(region, draw(st.sampled_from(KINDS)))
    assume(example is not None)
    digits = str(example.national_number)
    tail = draw(st.integers(min_value=1, max_value=min(6, len(digits) - 1)))
    new_tail = draw(st.text("0123456789", min_size=tail, max_size=tail))
    example.national_number = int(digits[:-tail] + new_tail)
    assume(phonenumbers.is_valid_number(example))
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(valid_e164(), st.sampled_from(["", "06-1234", "(0)20 ", "tel"]))
def test_cached_forms_agree_with_libphonenumber(e164: str, raw: str) -> None:
    # Asked twice: the first may fill the cache, the second must come from it.
    assert index_forms(raw or e164, e164) == phone_index_forms(raw or e164, e164)
    assert index_forms(raw or e164, e164) == phone_index_forms(raw or e164, e164)


def test_cache_holds_one_decision_per_number_shape() -> None:
    phone_forms._decisions.clear()
    for i in range(1_000):
        index_forms(f"06 {10_000_000 + i}", f"+316{10_000_000 + i}")
    assert list(phone_forms._decisions) == [("3161", 11)]
    assert phone_forms._decisions[("3161", 11)] == (2, "0")


def test_unreadable_and_missing_numbers_are_found_by_their_digits() -> None:
    for raw, e164 in [("06 987", None), ("", None), ("+31 20 123 4567", "+31201234567")]:
        assert index_forms(raw, e164) == phone_index_forms(raw, e164)


def test_import_document_is_the_one_every_writer_makes() -> None:
    phones = [("06-12345678", "+31612345678"), ("0044 20 7946 0958", "+442079460958"), ("x1", None)]
    emails = ["anna@example.com"]
    expected = contact_document(
        display_name="Anna", company="Firma", emails=emails, phones=phones, tags=["vip"]
    )
    ours = contact_document(
        display_name="Anna",
        company="Firma",
        emails=[*emails, *phone_search_parts(phones)],
        tags=["vip"],
    )
    assert ours == expected
