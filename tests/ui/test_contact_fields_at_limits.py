"""A contact imported with every field at its limit saves unchanged through the real editor."""

from __future__ import annotations

import csv
from dataclasses import asdict

import pytest

from desktop_crm.domain import contact_fields as cf
from desktop_crm.services.contacts import get_contact
from desktop_crm.services.importing.runner import import_file
from desktop_crm.store import models as m
from desktop_crm.ui.detail.fields_editor import FieldsEditor


def _text(length: int, word: str = "Lorem") -> str:
    """Words separated by single spaces, exactly `length` characters, no space at either end."""
    text = " ".join([word] * (length // (len(word) + 1) + 1))[:length]
    return text[:-1] + "x" if text.endswith(" ") else text


def _lines(length: int) -> str:
    """Several lines, exactly `length` characters."""
    text = "\n".join(_text(70) for _ in range(length // 71 + 1))[:length]
    return text[:-1] + "x" if text[-1].isspace() else text


def _email(length: int) -> str:
    local = "anna." + "x" * (64 - len("anna."))
    domain_end = ".example.nl"
    labels_length = length - len(local) - 1 - len(domain_end)
    labels = []
    while labels_length > 0:
        size = min(63, labels_length)
        if labels_length - size == 1:  # a label of one character after the dot is fine too
            size -= 2
        labels.append("d" * size)
        labels_length -= size + 1
    return f"{local}@{'.'.join(labels)}{domain_end}"[:length]


def _tags() -> list[str]:
    return [_text(cf.TAGS.limit, word=f"Tag{n}") for n in range(3)]


def _row(name_part: str) -> dict[str, str]:
    """One CSV row: `name_part` (given, middle or family) at its limit, the rest at theirs."""
    name = _text(cf.NAME_LIMIT, word="Anna")
    prefix = "+31(0)6"
    phone = prefix + "-" * (cf.PHONE.limit - len(prefix) - 8) + "12345678"
    return {
        cf.FULL_NAME.column: name,
        cf.GIVEN_NAME.column: name if name_part == "given" else "",
        cf.MIDDLE_NAME.column: name if name_part == "middle" else "",
        cf.FAMILY_NAME.column: name if name_part == "family" else "",
        cf.EMAIL.column: _email(cf.EMAIL.limit),
        cf.PHONE.column: phone,
        cf.BIRTHDAY.column: "1980-03-14",
        cf.COMPANY.column: _text(cf.COMPANY.limit, word="Bakkerij"),
        cf.JOB_TITLE.column: _text(cf.JOB_TITLE.limit, word="Baker"),
        cf.ADDRESS.column: _lines(cf.ADDRESS.limit),
        cf.WEBSITE.column: "https://example.nl/" + "p" * (cf.WEBSITE.limit - 19),
        cf.NOTES.column: _lines(cf.NOTES.limit),
        cf.STAGE.column: "customer",
        cf.LEAD_SOURCE.column: _text(cf.LEAD_SOURCE.limit, word="Fair"),
        cf.TAGS.column: ", ".join(_tags()),
    }


def _comparable(contact_id: int) -> dict:
    details = asdict(get_contact(contact_id))
    for moving in ("version", "updated_at"):
        details.pop(moving)
    # The editor shows a number the way the user's country writes it; the number is the same.
    details["phones"] = [(p["e164"], p["label"], p["is_primary"]) for p in details["phones"]]
    return details


@pytest.mark.parametrize("name_part", ["given", "middle", "family"])
def test_a_contact_imported_at_every_limit_saves_unchanged_in_the_editor(
    qtbot, db, clock, tmp_path, name_part
):
    row = _row(name_part)
    for field in cf.FIELDS:
        if row.get(field.column) and field.kind in (cf.FieldKind.LINE, cf.FieldKind.TEXT):
            assert len(row[field.column]) == field.limit, field.name
    path = tmp_path / "at_limits.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)

    report = import_file(path, region="NL", clock=clock, backup=False)
    assert report.contacts_created == 1
    contact_id = m.Contact.select(m.Contact.id).scalar()
    before = _comparable(contact_id)
    # Nothing was cut on the way in: every value arrived at its full limit.
    assert len(before["company"]) == cf.COMPANY.limit
    assert len(before["notes"]) == cf.NOTES.limit
    assert len(before["address"]) == cf.ADDRESS.limit
    assert len(before["lead_source"]) == cf.LEAD_SOURCE.limit
    assert [len(t) for t in before["tags"]] == [cf.TAGS.limit] * 3
    assert len(before["emails"][0]["email"]) == cf.EMAIL.limit

    editor = FieldsEditor(clock=clock, region="NL")
    qtbot.addWidget(editor)
    editor.load(get_contact(contact_id))
    saved = editor.save()

    assert saved is not None, [editor.error_text(key) for key in editor._errors]
    assert _comparable(contact_id) == before
