"""`desktop-crm followups …`: add a follow-up to a contact, list them, mark one done."""

from __future__ import annotations

import argparse
from datetime import datetime

from desktop_crm.cli.context import CliContext, print_json
from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.services import followups
from desktop_crm.services.times import parse_local_minute


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("followups", help=_("follow-ups of contacts"))
    commands = parser.add_subparsers(dest="followups_command", required=True)

    add = commands.add_parser("add", help=_("schedule a follow-up for a contact"))
    add.add_argument("contact_id", metavar="CONTACT_ID", type=int)
    add.add_argument("--due", required=True, metavar="YYYY-MM-DDTHH:MM", help=_("when, local time"))
    add.add_argument("--text", required=True, help=_("what to do"))
    add.add_argument("--json", action="store_true", help=_("print the follow-up as JSON"))
    add.set_defaults(handler=run_add)

    listing = commands.add_parser("list", help=_("the follow-ups of a contact"))
    listing.add_argument("contact_id", metavar="CONTACT_ID", type=int)
    listing.add_argument("--open", action="store_true", help=_("only those not done"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=run_list)

    done = commands.add_parser("done", help=_("mark a follow-up done"))
    done.add_argument("follow_up_id", metavar="FOLLOW_UP_ID", type=int)
    done.add_argument("--json", action="store_true", help=_("print the follow-up as JSON"))
    done.set_defaults(handler=run_done)


def parse_due(text: str) -> datetime:
    """The --due/--at form, or a one-line error naming the form expected."""
    try:
        moment = parse_local_minute(text)
        if not followups.FIRST_YEAR <= moment.year <= followups.LAST_YEAR:
            raise ValueError(text)
        return moment
    except (ValueError, OverflowError):
        raise ValidationError(
            _(
                "“{value}” is not a date and time; use YYYY-MM-DDTHH:MM, such as 2026-03-17T09:30."
            ).format(value=text),
            field="due",
        ) from None


def _print(view: followups.FollowUpView) -> None:
    state = _("done") if view.is_done else _("open")
    print(
        _("#{id} {due} ({state}): {text}").format(
            id=view.id, due=view.due_at.strftime("%Y-%m-%d %H:%M"), state=state, text=view.text
        )
    )


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    due = parse_due(args.due)
    ctx.open()
    view = followups.add_follow_up(args.contact_id, due, args.text, clock=ctx.clock)
    if args.json:
        print_json(view.to_json())
    else:
        _print(view)
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.open()
    views = followups.follow_ups_for(args.contact_id, include_done=not args.open)
    if args.json:
        print_json([v.to_json() for v in views])
    else:
        for view in views:
            _print(view)
    return 0


def run_done(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.open()
    view = followups.mark_done(args.follow_up_id, clock=ctx.clock)
    if args.json:
        print_json(view.to_json())
    else:
        _print(view)
    return 0
