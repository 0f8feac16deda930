"""What an import dropped or could not read in one record (a birthday, a phone number, a
damaged line), so the preview and `import --json` can say it per row instead of silently."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop_crm.i18n import _

_MAX_VALUE = 80  # a warning quotes the value, not a whole damaged cell


class WarningCode(StrEnum):
    BIRTHDAY_UNREADABLE = "birthday_unreadable"  # dropped: not a date, or an impossible one
    PHONE_UNREADABLE = "phone_unreadable"  # kept as written, without an E.164 form
    ENCODING_REPAIRED = "encoding_repaired"  # a line that was not UTF-8, read as Windows-1252
    CONTROLS_REMOVED = "control_characters_removed"  # NUL and the like taken out


@dataclass(frozen=True, slots=True)
class RowWarning:
    code: WarningCode
    value: str = ""

    @classmethod
    def of(cls, code: WarningCode, value: str = "") -> RowWarning:
        value = value.strip()
        if len(value) > _MAX_VALUE:
            value = value[: _MAX_VALUE - 1] + "…"
        return cls(code, value)

    def to_json(self, line: int) -> dict[str, object]:
        return {"line": line, "code": self.code.value, "value": self.value}

    def short(self) -> str:
        """A few words for a table cell; describe() says it in full."""
        if self.code == WarningCode.BIRTHDAY_UNREADABLE:
            return _("Birthday left out")
        if self.code == WarningCode.PHONE_UNREADABLE:
            return _("Phone not valid")
        if self.code == WarningCode.ENCODING_REPAIRED:
            return _("Line repaired")
        return _("Control characters removed")

    def describe(self) -> str:
        """One sentence for people, in their language."""
        if self.code == WarningCode.BIRTHDAY_UNREADABLE:
            return _("Birthday “{value}” is not a date; it was left out.").format(value=self.value)
        if self.code == WarningCode.PHONE_UNREADABLE:
            return _("Phone “{value}” is not a valid number; it is kept as written.").format(
                value=self.value
            )
        if self.code == WarningCode.ENCODING_REPAIRED:
            return _("Line {value} was not UTF-8; it was read as Windows-1252.").format(
                value=self.value
            )
        return _("Control characters (such as NUL) were removed.")
