"""`desktop-crm contacts edit|archive|unarchive`: change, archive or restore contacts from a
script."""

from __future__ import annotations

import argparse

from desktop_crm.cli.context import CliContext, print_json
from desktop_crm.i18n import _


def register(actions: argparse._SubParsersAction, contact_id, stage_argument) -> None:
    edit = actions.add_parser("edit", help=_("change a contact"))
    edit.add_argument("id", metavar="ID", type=contact_id)
    edit.add_argument("--first-name", metavar="F")
    edit.add_argument("--last-name", metavar="L")
    edit.add_argument("--company", metavar="C")
    edit.add_argument("--job-title", metavar="T")
    edit.add_argument("--notes", metavar="TEXT")
    edit.add_argument("--stage", metavar="S", type=stage_argument)
    edit.add_argument("--email", action="append", metavar="E", help=_("replaces the emails"))
    edit.add_argument("--phone", action="append", metavar="P", help=_("replaces the phones"))
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(handler=_edit)

    archive = actions.add_parser("archive", help=_("archive contacts (they can be restored)"))
    archive.add_argument("ids", metavar="ID", type=contact_id, nargs="+")
    archive.set_defaults(handler=_archive)

    unarchive = actions.add_parser("unarchive", help=_("restore archived contacts"))
    unarchive.add_argument("ids", metavar="ID", type=contact_id, nargs="+")
    unarchive.set_defaults(handler=_unarchive)


def _edit(args, ctx: CliContext) -> int:
    from desktop_crm.services.contact_queries import get_contact
    from desktop_crm.services.contacts import draft_from, set_stage, update_contact
    from desktop_crm.services.records import EmailEntry, PhoneEntry

    ctx.open()
    contact = get_contact(args.id)
    draft = draft_from(contact)
    if args.first_name is not None:
        draft.given_name = args.first_name
    if args.last_name is not None:
        draft.family_name = args.last_name
    if args.first_name is not None or args.last_name is not None:
        draft.full_name = ""  # the name is made again from its parts
    for option, name in (("company", "company"), ("job_title", "job_title"), ("notes", "notes")):
        value = getattr(args, option)
        if value is not None:
            setattr(draft, name, value)
    if args.email is not None:
        draft.emails = [EmailEntry(e, is_primary=i == 0) for i, e in enumerate(args.email)]
    if args.phone is not None:
        draft.phones = [PhoneEntry(p, is_primary=i == 0) for i, p in enumerate(args.phone)]
    update_contact(
        args.id, draft, clock=ctx.clock, region=ctx.region, expected_version=contact.version
    )
    if args.stage is not None and args.stage.value != contact.stage:
        set_stage([args.id], args.stage, clock=ctx.clock)
    updated = get_contact(args.id)
    if args.json:
        print_json(updated.to_json())
    else:
        print(_("Saved {name} (number {id}).").format(name=updated.full_name, id=updated.id))
    return 0


def _archive(args, ctx: CliContext) -> int:
    from desktop_crm.services.contacts import archive_numbered_contacts

    ctx.open()
    archive_numbered_contacts(args.ids, clock=ctx.clock)  # all or none, as unarchive
    _say_each(_("Archived {name} (number {id})."), args.ids)
    return 0


def _say_each(sentence: str, ids: list[int]) -> None:
    """One line per contact, in the order given, each number once."""
    from desktop_crm.services.contact_queries import summaries

    names = summaries(ids)
    for contact_id in dict.fromkeys(ids):
        print(sentence.format(name=names[contact_id].full_name, id=contact_id))


def _unarchive(args, ctx: CliContext) -> int:
    from desktop_crm.services.contacts import restore_contacts

    ctx.open()
    restore_contacts(args.ids, clock=ctx.clock)  # all or none: an unknown number ends here
    _say_each(_("Restored {name} (number {id})."), args.ids)
    return 0
