"""`desktop-crm import FILE`: import contacts from a CSV or vCard file; `undo-import BATCH`."""

from __future__ import annotations

import argparse

from desktop_crm.cli.context import CliContext, print_json
from desktop_crm.i18n import _, ngettext

# The services and the store are imported inside the functions, not here, for start-up speed:
# a command loads only what it runs (every command module: 0.45 s; with all services: 0.91 s).


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help=_("import contacts from a CSV or vCard file"),
        description=_("Import contacts from a CSV or vCard (.vcf) file in one transaction."),
    )
    parser.add_argument("file", metavar="FILE", help=_("the .csv or .vcf file"))
    parser.add_argument(
        "--region",
        dest="import_region",
        metavar="REGION",
        default=None,
        help=_("default phone region for numbers without a country code, such as NL"),
    )
    parser.add_argument("--source", default="", metavar="S", help=_("lead source of every contact"))
    parser.add_argument(
        "--tag", action="append", default=[], metavar="T", help=_("a tag for every contact")
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=_("show what would happen; change nothing")
    )
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    parser.set_defaults(handler=run_import_command)

    undo = subparsers.add_parser(
        "undo-import",
        help=_("remove the contacts of an earlier import"),
    )
    undo.add_argument("batch", type=int, metavar="BATCH", help=_("the number of the import"))
    undo.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    undo.set_defaults(handler=run_undo_command)


def run_import_command(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.importing import open_import, run_import

    region = (args.import_region or ctx.region or "NL").upper()
    # Read the file before opening the database: an unreadable file changes nothing at all.
    source = open_import(args.file, region=region)
    ctx.open()
    report = run_import(
        source, lead_source=args.source, tags=args.tag, dry_run=args.dry_run, clock=ctx.clock
    )
    if args.json:
        print_json(report.to_json())
        return 0
    _print_summary(report)
    return 0


def _print_summary(report) -> None:
    if report.dry_run:
        print(_("Dry run: nothing was changed."))
    print(
        ngettext("{n} contact created", "{n} contacts created", report.contacts_created).format(
            n=report.contacts_created
        )
        + (_(" (would be)") if report.dry_run else "")
    )
    print(
        ngettext(
            "{n} exact duplicate skipped",
            "{n} exact duplicates skipped",
            report.skipped_exact_duplicates,
        ).format(n=report.skipped_exact_duplicates)
    )
    print(
        ngettext(
            "{n} possible duplicate flagged",
            "{n} possible duplicates flagged",
            report.flagged_possible_duplicates,
        ).format(n=report.flagged_possible_duplicates)
    )
    print(
        ngettext("{n} row rejected", "{n} rows rejected", report.rejected).format(n=report.rejected)
    )
    reasons = {
        "invalid_email": _("invalid email address"),
        "missing_name_and_email": _("no name and no email address"),
    }
    for row in report.rejected_rows:
        detail = reasons.get(row["reason"], row["reason"])
        if row.get("value"):
            detail = f"{detail}: {row['value']}"
        print(_("  line {line}: {detail}").format(line=row["line"], detail=detail))
    _print_row_warnings(report.row_warnings)
    if report.batch_id is not None:
        print(
            _("Undo this import with: desktop-crm undo-import {batch}").format(
                batch=report.batch_id
            )
        )


def _print_row_warnings(warnings: list[dict]) -> None:
    """What the import dropped or could not read, per line (nothing when all was read)."""
    from desktop_crm.services.importing.row_warnings import RowWarning, WarningCode

    if not warnings:
        return
    print(_("Left out or not read:"))
    for entry in warnings:
        text = RowWarning(WarningCode(entry["code"]), entry["value"]).describe()
        print(_("  line {line}: {detail}").format(line=entry["line"], detail=text))


def run_undo_command(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.importing import undo_batch

    ctx.open()
    result = undo_batch(args.batch, clock=ctx.clock)
    if args.json:
        print_json(
            {
                "batch_id": result.batch_id,
                "removed": result.removed,
                "kept": [{"id": cid, "name": name} for cid, name in result.kept],
            }
        )
        return 0
    print(
        ngettext("{n} contact removed", "{n} contacts removed", result.removed).format(
            n=result.removed
        )
    )
    if result.kept:
        print(
            ngettext(
                "{n} contact kept because it was changed since the import:",
                "{n} contacts kept because they were changed since the import:",
                len(result.kept),
            ).format(n=len(result.kept))
        )
        for cid, name in result.kept:
            print(f"  {cid}: {name}")
    return 0
