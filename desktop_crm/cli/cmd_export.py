"""`desktop-crm export FILE --format csv|vcf|ics`: a spreadsheet, vCards or a calendar."""

from __future__ import annotations

import argparse

from desktop_crm.cli.context import CliContext, print_json
from desktop_crm.errors import UserError
from desktop_crm.i18n import _, ngettext

# The services and the store are imported inside the functions, not here, for start-up speed:
# a command loads only what it runs (every command module: 0.45 s; with all services: 0.91 s).


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help=_("export contacts to CSV, vCard or iCalendar"),
        description=_(
            "Export contacts to CSV (for Excel), vCard 4.0 or iCalendar (birthdays and follow-ups)."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=_("the file to write"))
    parser.add_argument(
        "--format",
        dest="export_format",
        choices=("csv", "vcf", "ics"),
        default=None,
        help=_("csv, vcf or ics (default: from the file name)"),
    )
    parser.add_argument(
        "--include-archived", action="store_true", help=_("export archived contacts too")
    )
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    parser.set_defaults(handler=run_export_command)


def run_export_command(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.exporting import export_contacts, format_for_path
    from desktop_crm.services.exporting.guard import database_files

    fmt = args.export_format or format_for_path(args.file)
    if fmt is None:
        raise UserError(_("Give --format csv, vcf or ics for {path}.").format(path=args.file))
    ctx.open()
    result = export_contacts(
        args.file,
        fmt,
        clock=ctx.clock,
        include_archived=args.include_archived,
        # The data folder's own files, also when the database lives on a server.
        protected=[*database_files(ctx.paths.database), ctx.paths.backups],
    )
    if args.json:
        print_json(
            {
                "file": str(result.path),
                "format": result.format,
                "contacts": result.contacts,
                "events": result.events,
            }
        )
        return 0
    if result.format == "ics":
        print(
            ngettext(
                "{n} event written to {path}", "{n} events written to {path}", result.events
            ).format(n=result.events, path=result.path)
        )
    else:
        print(
            ngettext(
                "{n} contact written to {path}", "{n} contacts written to {path}", result.contacts
            ).format(n=result.contacts, path=result.path)
        )
    return 0
