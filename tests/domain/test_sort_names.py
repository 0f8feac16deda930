"""One sort-name rule: a tussenvoegsel never decides where a name sorts."""

import pytest

from desktop_crm.domain.names import sort_name, split_full_name


@pytest.mark.parametrize(
    "given,middle,family,letter",
    [
        ("Kim", "", "de Boer", "b"),  # typed in the last-name field
        ("Kim", "de", "Boer", "b"),  # typed in the middle-name field
        ("Jan", "", "van der Berg", "b"),
        ("Anna", "", "Jansen", "j"),
        ("", "", "De", "d"),  # a family name that is only a word like "de" keeps it
    ],
)
def test_the_family_name_without_its_tussenvoegsel_decides(given, middle, family, letter):
    assert sort_name(given, middle, family, "")[0] == letter


def test_typed_as_one_name_or_in_parts_sorts_the_same():
    given, middle, family = split_full_name("Kim de Jong")
    assert sort_name(given, middle, family, "Kim de Jong") == sort_name("Kim", "", "de Jong", "")
