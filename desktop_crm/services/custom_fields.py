"""Custom field definitions, kept with the data: define, rename (values follow), remove.

Values live per contact in `custom_field` (key, value). A definition makes a field exist
before any contact has a value, so the detail pane, the list and the exports can offer it.
Removing a definition keeps the values already entered: adding the field again brings
them back, so no data is lost by a slip in Settings."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from desktop_crm.domain.control_chars import strip_controls
from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

DEFINITIONS_KEY = "custom_fields.defined"
MAX_NAME = 200
MAX_VALUE = 1000  # one value; the import cuts longer ones, the form refuses them


def error_field(key: str) -> str:
    """The `ValidationError.field` of a custom value, so the form puts the reason beside it."""
    return "custom:" + key


def defined_fields() -> list[str]:
    """The defined custom fields in the user's order."""
    row = m.Setting.get_or_none(m.Setting.key == DEFINITIONS_KEY)
    if row is None:
        return []
    try:
        names = json.loads(row.value)
    except ValueError:
        return []  # written badly by another version: start from nothing, values stay
    return [n for n in names if isinstance(n, str)]


def _save(names: list[str]) -> None:
    value = json.dumps(names, ensure_ascii=False)
    m.Setting.insert(key=DEFINITIONS_KEY, value=value).on_conflict(
        conflict_target=[m.Setting.key], update={m.Setting.value: value}
    ).execute()


def _clean(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise ValidationError(_("Give the field a name."), field="name")
    if len(text) > MAX_NAME:
        raise ValidationError(
            _("A field name has at most {limit} characters.").format(limit=MAX_NAME), field="name"
        )
    return text


def define_field(name: str) -> str:
    text = _clean(name)
    with write_transaction():
        names = defined_fields()
        if any(n.casefold() == text.casefold() for n in names):
            raise ValidationError(_("There is already a field “{name}”.").format(name=text))
        _save([*names, text])
    return text


def rename_field(old: str, new: str) -> str:
    """Rename the definition and every contact's value of it, in one transaction."""
    text = _clean(new)
    with write_transaction():
        names = defined_fields()
        if old not in names:
            raise ValidationError(_("There is no field “{name}”.").format(name=old))
        if text != old and any(n.casefold() == text.casefold() for n in names if n != old):
            raise ValidationError(_("There is already a field “{name}”.").format(name=text))
        _save([text if n == old else n for n in names])
        m.CustomField.update(key=text).where(m.CustomField.key == old).execute()
    return text


def remove_field(name: str) -> None:
    """Take the field out of the definitions; values already entered are kept."""
    with write_transaction():
        _save([n for n in defined_fields() if n != name])


def values_count(name: str) -> int:
    return m.CustomField.select().where(m.CustomField.key == name).count()


def clean_values(values: Mapping[str, str]) -> dict[str, str]:
    """Values as stored: one line, ends trimmed, empty ones left out (an empty value is
    no row); a value over MAX_VALUE characters is refused, never cut."""
    clean: dict[str, str] = {}
    for key, value in values.items():
        text = strip_controls(value).strip()
        if len(text) > MAX_VALUE:
            raise ValidationError(
                _("This field takes at most {limit} characters.").format(limit=MAX_VALUE),
                field=error_field(key),
            )
        if text:
            clean[key] = text
    return clean


def first_values(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """One value per key, the first: what a form shows and saves. A merge can leave a key
    twice (both contacts' values are kept); the later ones are left as they are."""
    values: dict[str, str] = {}
    for key, value in pairs:
        values.setdefault(key, value)
    return values


def write_values(contact_id: int, values: Mapping[str, str]) -> bool:
    """Make the contact's first value of each key exactly `values`, inside the caller's
    transaction; rows that keep their value are left alone (their order is the order of
    entry), and a second value under the same key (from a merge) is never touched."""
    stored: dict[str, m.CustomField] = {}
    changed = False
    rows = m.CustomField.select().where(m.CustomField.contact == contact_id)
    for row in rows.order_by(m.CustomField.id):
        stored.setdefault(row.key, row)
    for key, row in stored.items():
        if key not in values:
            row.delete_instance()
            changed = True
        elif row.value != values[key]:
            m.CustomField.update(value=values[key]).where(m.CustomField.id == row.id).execute()
            changed = True
    for key, value in values.items():
        if key not in stored:
            m.CustomField.create(contact=contact_id, key=key, value=value)
            changed = True
    return changed
