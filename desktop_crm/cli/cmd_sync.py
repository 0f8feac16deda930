"""`desktop-crm sync add|run|status|remove`: two-way sync with a CardDAV/CalDAV server."""

from __future__ import annotations

import argparse
import getpass
import sys

from desktop_crm.cli.context import CliContext, print_json
from desktop_crm.errors import UserError
from desktop_crm.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sync", help=_("sync contacts and follow-ups with a server"))
    commands = parser.add_subparsers(dest="sync_command", required=True)

    add = commands.add_parser("add", help=_("set up the sync account"))
    add.add_argument("url", metavar="URL")
    add.add_argument("--user", required=True, metavar="USER")
    add.add_argument(
        "--password-stdin", action="store_true", help=_("read the password from standard input")
    )
    add.add_argument("--addressbook", metavar="HREF", help=_("the address book to use"))
    add.add_argument("--calendar", metavar="HREF", help=_("the calendar to use"))
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    run = commands.add_parser("run", help=_("sync now, both ways"))
    run.add_argument("--json", action="store_true")
    run.set_defaults(handler=_run)

    status = commands.add_parser("status", help=_("the account and the last sync"))
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_status)

    remove = commands.add_parser("remove", help=_("stop syncing and forget the account"))
    remove.set_defaults(handler=_remove)


def _password(args) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(_("Password: "))
    else:
        raise UserError(_("Give the password on standard input with --password-stdin."))
    if not password:
        raise UserError(_("The password is empty."))
    return password


def _add(args, ctx: CliContext) -> int:
    from desktop_crm.services.sync.setup import account_status, add_account

    password = _password(args)
    ctx.open()
    _account, in_keyring = add_account(
        ctx.paths.root,
        args.url,
        args.user,
        password,
        addressbook=args.addressbook,
        calendar=args.calendar,
    )
    if args.json:
        print_json({k: v for k, v in account_status().items() if k != "last_error"})
        return 0
    print(_("Sync account added; run “desktop-crm sync run” to sync now."))
    if not in_keyring:
        print(
            _(
                "This computer has no keyring; the password is kept in a private file in the data folder."
            ),
            file=sys.stderr,
        )
    return 0


def _run(args, ctx: CliContext) -> int:
    from desktop_crm.services.sync.engine import run_sync

    ctx.open()
    report, _changes = run_sync(ctx.paths.root, region=ctx.region, clock=ctx.clock)
    if args.json:
        print_json(report)
        return 0
    c, t = report["contacts"], report["tasks"]
    print(
        _(
            "Contacts: {sent} sent, {received} received, {updated_here} updated here, "
            "{updated_there} updated there, {conflicts} conflicts."
        ).format(**c)
    )
    print(_("Follow-ups: {sent} sent, {done_here} done here, {done_there} done there.").format(**t))
    return 0


def _status(args, ctx: CliContext) -> int:
    from desktop_crm.services.sync.setup import account_status

    ctx.open()
    status = account_status()
    if args.json:
        print_json({k: status[k] for k in ("url", "addressbook", "calendar", "last_sync")})
        return 0
    print(_("Server: {url}").format(url=status["url"]))
    print(_("Address book: {href}").format(href=status["addressbook"]))
    print(_("Calendar: {href}").format(href=status["calendar"]))
    print(_("Last sync: {when}").format(when=status["last_sync"] or _("never")))
    if status["last_error"]:
        print(_("Last problem: {error}").format(error=status["last_error"]))
    return 0


def _remove(args, ctx: CliContext) -> int:
    from desktop_crm.services.sync.setup import remove

    ctx.open()
    remove(ctx.paths.root)
    print(_("The sync account was removed; nothing was deleted on the server or here."))
    return 0
