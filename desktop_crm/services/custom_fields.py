"""Custom field definitions, kept with the data: define, rename (values follow), remove.

Values live per contact in `custom_field` (key, value). A definition makes a field exist
before any contact has a value, so the detail pane, the list and the exports can offer it.
Removing a definition keeps the values already entered: adding the field again brings
them back, so no data is lost by a slip in Settings."""

from __future__ import annotations

import json

from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.store import models as m
from desktop_crm.store.database import write_transaction

DEFINITIONS_KEY = "custom_fields.defined"
MAX_NAME = 200


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
