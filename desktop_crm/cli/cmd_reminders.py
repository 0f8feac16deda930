"""`desktop-crm reminders due`: the alarms due at a moment; reads only, marks nothing."""

from __future__ import annotations

import argparse

from desktop_crm.cli.cmd_followups import parse_due
from desktop_crm.cli.context import CliContext, print_json
from desktop_crm.i18n import _
from desktop_crm.services import reminders


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("reminders", help=_("birthday, follow-up and re-contact alarms"))
    commands = parser.add_subparsers(dest="reminders_command", required=True)
    due = commands.add_parser("due", help=_("the alarms due now, or at --at"))
    due.add_argument(
        "--at", metavar="YYYY-MM-DDTHH:MM", help=_("a moment in local time instead of now")
    )
    due.add_argument("--json", action="store_true", help=_("print a JSON list"))
    due.set_defaults(handler=run_due)


def run_due(args: argparse.Namespace, ctx: CliContext) -> int:
    now = parse_due(args.at) if args.at else ctx.clock.now()
    ctx.open()
    due = reminders.due_reminders(now)
    if args.json:
        print_json([reminder.to_json() for reminder in due])
        return 0
    if not due:
        print(_("Nothing is due."))
    for reminder in due:
        # Birthday and re-contact texts name the contact already; a follow-up's own does not.
        text = (
            reminder.title + ": " + reminder.text if reminder.kind == "follow_up" else reminder.text
        )
        print(f"{reminder.due_at.strftime('%Y-%m-%d %H:%M')}  {text}")
    return 0
