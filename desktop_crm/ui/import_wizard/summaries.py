"""Sentences for the end of an import and of an undo, with the right plural forms."""

from __future__ import annotations

from collections.abc import Mapping

from desktop_crm.domain import lead_sources
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_number
from desktop_crm.services.importing import Action, ImportReport, UndoResult

KEPT_NAMES_SHOWN = 10


def _count(singular: str, plural: str, n: int) -> str:
    return ngettext(singular, plural, n).format(n=format_number(n))


def import_lines(
    report: ImportReport, lead_source: str, tags: list[str], decisions: Mapping[int, Action]
) -> list[str]:
    lines = [_count("{n} contact created", "{n} contacts created", report.contacts_created)]
    if report.flagged_possible_duplicates:
        lines.append(
            _count(
                "{n} of them is flagged as a possible duplicate",
                "{n} of them are flagged as possible duplicates",
                report.flagged_possible_duplicates,
            )
        )
    if report.merged:
        lines.append(
            _count(
                "{n} record merged into an existing contact",
                "{n} records merged into existing contacts",
                report.merged,
            )
        )
    # A merged exact duplicate is counted as skipped too (it created nothing): not twice here.
    merged_exact = sum(
        1 for d in report.exact_duplicates if decisions.get(d["line"]) == Action.MERGE
    )
    skipped_exact = report.skipped_exact_duplicates - merged_exact
    if skipped_exact > 0:
        lines.append(
            _count("{n} exact duplicate skipped", "{n} exact duplicates skipped", skipped_exact)
        )
    if report.skipped_by_choice:
        lines.append(
            _count(
                "{n} record skipped by your choice",
                "{n} records skipped by your choice",
                report.skipped_by_choice,
            )
        )
    if report.rejected:
        shown = ", ".join(str(r["line"]) for r in report.rejected_rows[:20])
        more = "…" if len(report.rejected_rows) > 20 else ""
        lines.append(
            ngettext(
                "{n} record rejected (line {lines})",
                "{n} records rejected (lines {lines})",
                report.rejected,
            ).format(n=format_number(report.rejected), lines=shown + more)
        )
    if lead_source:
        lines.append(_("Lead source: {source}").format(source=lead_sources.label(lead_source)))
    if tags:
        lines.append(_("Tags: {tags}").format(tags=", ".join(tags)))
    return lines


def undo_lines(result: UndoResult) -> list[str]:
    lines = [
        _count(
            "Import undone: {n} contact removed.",
            "Import undone: {n} contacts removed.",
            result.removed,
        )
    ]
    if result.kept:
        names = ", ".join(name or f"#{cid}" for cid, name in result.kept[:KEPT_NAMES_SHOWN])
        if len(result.kept) > KEPT_NAMES_SHOWN:
            names += " " + _count(
                "and {n} more", "and {n} more", len(result.kept) - KEPT_NAMES_SHOWN
            )
        lines.append(
            ngettext(
                "{n} contact was kept because it was changed after the import: {names}",
                "{n} contacts were kept because they were changed after the import: {names}",
                len(result.kept),
            ).format(n=format_number(len(result.kept)), names=names)
        )
    return lines
