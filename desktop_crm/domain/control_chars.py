"""Control characters (ESC, BEL, NUL …) stripped from text at every boundary where it enters.

Forms, imports and the command line all store text through `strip_controls`, so a
terminal escape or a raw line break never reaches the database, an export or a log."""

from __future__ import annotations

# Every C0 and C1 control and DEL; tabs and line breaks are decided per mode below.
_CONTROLS = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
_BREAKS = (0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029)

# One line (a name, a web address): a tab or line break becomes a space, the rest goes.
_SINGLE_LINE: dict[int, str | None] = {c: None for c in _CONTROLS} | {
    c: " " for c in (0x09, *_BREAKS)
}
# Several lines (notes, an address): every kind of line break becomes "\n", tabs stay.
_MULTI_LINE: dict[int, str | None] = (
    {c: None for c in _CONTROLS} | {c: "\n" for c in _BREAKS} | {0x09: "\t"}
)


def strip_controls(text: str, *, multiline: bool = False) -> str:
    """`text` without control characters; with `multiline`, line breaks become "\\n"."""
    if not text:
        return text
    if multiline:
        return text.replace("\r\n", "\n").translate(_MULTI_LINE)
    return text.translate(_SINGLE_LINE)
