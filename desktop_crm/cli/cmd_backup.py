"""`desktop-crm backup create|list|restore`: the SQLite backups from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_crm.cli.context import CliContext, print_json
from desktop_crm.errors import DatabaseError, UserError
from desktop_crm.i18n import _, ngettext

# The services and the store are imported inside the functions, not here, for start-up speed:
# a command loads only what it runs (every command module: 0.45 s; with all services: 0.91 s).

YES_ANSWERS = {"y", "yes"}


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help=_("make, list and restore backups"))
    actions = backup.add_subparsers(dest="backup_command", required=True)

    create = actions.add_parser("create", help=_("back up the database now"))
    create.add_argument("--json", action="store_true", help=_("print the backup as JSON"))
    create.set_defaults(handler=_create)

    listing = actions.add_parser("list", help=_("list the backups, newest first"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON list"))
    listing.set_defaults(handler=_list)

    restore = actions.add_parser(
        "restore", help=_("replace the database with a backup (the current state is saved first)")
    )
    restore.add_argument("path", metavar="PATH", help=_("the backup file"))
    restore.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    restore.set_defaults(handler=_restore)


def _size(size: int) -> str:
    return ngettext("{count} byte", "{count} bytes", size).format(count=size)


def _server_refusal(ctx: CliContext) -> UserError:
    from desktop_crm.services.backup import server_backup_error

    return server_backup_error(ctx.paths.database_url)


def _create(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.backup import create_backup, database_file_for

    if database_file_for(ctx.paths) is None:
        raise _server_refusal(ctx)
    ctx.open()
    made = create_backup("manual", clock=ctx.clock)
    if args.json:
        print_json(made.as_json())
    else:
        print(_("Backup written: {path} ({size})").format(path=made.path, size=_size(made.size)))
    return 0


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.backup import backup_folder_for, list_backups

    folder = backup_folder_for(ctx.paths)
    if folder is None:
        print(f"desktop-crm: {_server_refusal(ctx).message}", file=sys.stderr)
        found = []
    else:
        found = list_backups(folder)
    if args.json:
        print_json([b.as_json() for b in found])
        return 0
    if not found:
        if folder is not None:
            print(_("No backups yet in {folder}.").format(folder=folder))
        return 0
    for b in found:
        print(
            f"{b.created_at.astimezone():%Y-%m-%d %H:%M:%S}  {b.reason:<16}  "
            f"{_size(b.size):>16}  {b.path}"
        )
    return 0


def _confirmed(source: Path) -> bool:
    if not sys.stdin.isatty():
        raise UserError(
            _(
                "Restoring replaces the database with {path}. Nobody can confirm here "
                "(no terminal); add --yes to restore."
            ).format(path=source)
        )
    answer = input(
        _("Replace the database with {path}? The current state is backed up first. [y/N] ").format(
            path=source
        )
    )
    return answer.strip().lower() in YES_ANSWERS | {_("y"), _("yes")}


def _restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.backup import database_file_for, restore_backup
    from desktop_crm.store.database import close_database

    source = Path(args.path).expanduser()
    if not source.is_file():
        raise DatabaseError(_("There is no backup file at {path}.").format(path=source))
    database = database_file_for(ctx.paths)
    if database is None:
        raise _server_refusal(ctx)
    if not args.yes and not _confirmed(source):
        print(_("Nothing was changed."))
        return 1
    ctx.paths.ensure()
    try:
        result = restore_backup(source, database, clock=ctx.clock)
    finally:
        close_database()  # restore leaves the models bound; this command is done with them
    print(_("Restored the database from {path}.").format(path=result.restored_from))
    if result.safety_backup is not None:
        print(
            _("The state before the restore is saved as {path}.").format(
                path=result.safety_backup.path
            )
        )
    if result.moved_aside is not None:
        print(
            _("The old database was damaged; it is kept at {path}.").format(path=result.moved_aside)
        )
    return 0
