"""A record's number on the command line: 1 up to SQLite's largest integer, else one clear error."""

from __future__ import annotations

import argparse

import pytest

from desktop_crm.cli.context import record_number


@pytest.mark.parametrize("text", ["1", "42", str(2**63 - 1)])
def test_a_record_number_is_read(text):
    assert record_number(text, "refused") == int(text)


@pytest.mark.parametrize("text", ["0", "-3", "x", "", "1.5", str(2**63)])
def test_anything_else_is_refused_with_the_callers_message(text):
    with pytest.raises(argparse.ArgumentTypeError, match="^refused$"):
        record_number(text, "refused")
