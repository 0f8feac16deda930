"""`desktop-crm contacts add|list|show`: contacts from the command line, as text or JSON."""

from __future__ import annotations

import argparse
import re
import sys

from desktop_crm.cli import contacts_edit
from desktop_crm.cli.context import CliContext, print_json, record_number
from desktop_crm.domain.birthdays import parse_birthday_argument
from desktop_crm.domain.stages import Stage, parse_stage
from desktop_crm.errors import ValidationError
from desktop_crm.i18n import _, ngettext

# The services and the store are imported inside the functions, not here, for start-up speed:
# a command loads only what it runs (every command module: 0.45 s; with all services: 0.91 s).


def register(subparsers: argparse._SubParsersAction) -> None:
    contacts = subparsers.add_parser("contacts", help=_("add, list and show contacts"))
    actions = contacts.add_subparsers(dest="contacts_command", required=True)

    add = actions.add_parser("add", help=_("add a contact"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--email", action="append", default=[], metavar="E")
    add.add_argument("--phone", action="append", default=[], metavar="P")
    add.add_argument("--company", default="", metavar="C")
    add.add_argument("--birthday", metavar="YYYY-MM-DD|--MM-DD")
    add.add_argument("--source", default="", metavar="S")
    add.add_argument("--stage", default="lead", metavar="S")
    add.add_argument("--tag", action="append", default=[], metavar="T")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    listing = actions.add_parser("list", help=_("list contacts"))
    listing.add_argument("--search", default="", metavar="TERM")
    listing.add_argument("--stage", metavar="S")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    show = actions.add_parser("show", help=_("show one contact"))
    show.add_argument("id", metavar="ID", type=_contact_id)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    contacts_edit.register(actions, _contact_id, _stage_argument)


_YEARLESS = re.compile(r"^--\d{1,2}-?\d{2}$")


def glue_birthday(argv: list[str]) -> list[str]:
    """`--birthday --02-29` (a date without a year, as README shows it) as one argument:
    argparse would take `--02-29` for an option of its own."""
    glued: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] == "--birthday" and i + 1 < len(argv) and _YEARLESS.match(argv[i + 1]):
            glued.append(f"--birthday={argv[i + 1]}")
            i += 2
            continue
        glued.append(argv[i])
        i += 1
    return glued


def _contact_id(text: str) -> int:
    return record_number(text, _("“{value}” is not a contact number").format(value=text))


def _stage_argument(text: str) -> Stage:
    try:
        return parse_stage(text)
    except ValueError:
        raise ValidationError(
            _(
                "“{value}” is not a stage. Use lead, prospect, customer, repeat_buyer, not_now or disqualified."
            ).format(value=text)
        ) from None


def _add(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.contact_queries import get_contact
    from desktop_crm.services.contacts import create_contact
    from desktop_crm.services.records import ContactDraft, EmailEntry, PhoneEntry

    birthday = None
    if args.birthday:
        try:
            birthday = parse_birthday_argument(args.birthday)
        except ValueError:
            raise ValidationError(
                _("“{value}” is not a date. Use YYYY-MM-DD, or --MM-DD without a year.").format(
                    value=args.birthday
                )
            ) from None
    stage = _stage_argument(args.stage)
    draft = ContactDraft(
        full_name=args.name,
        company=args.company,
        birthday=birthday,
        lead_source=args.source,
        stage=stage.value,
        emails=[EmailEntry(e, is_primary=(i == 0)) for i, e in enumerate(args.email)],
        phones=[PhoneEntry(p, is_primary=(i == 0)) for i, p in enumerate(args.phone)],
        tags=args.tag,
    )
    ctx.open()
    contact = get_contact(create_contact(draft, clock=ctx.clock, region=ctx.region).id)
    if args.json:
        print_json(contact.to_json())
    else:
        print(_("Added {name} (number {id}).").format(name=contact.full_name, id=contact.id))
    return 0


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.contact_queries import ContactQuery, list_contacts

    stage = _stage_argument(args.stage).value if args.stage else None
    ctx.open()
    rows = list_contacts(ContactQuery(search=args.search, stage=stage), clock=ctx.clock)
    if args.json:
        from desktop_crm.services.contact_queries import get_contact

        print_json([get_contact(row.id).to_json() for row in rows])
        return 0
    for row in rows:
        parts = [f"{row.id:>6}", row.full_name or row.primary_email or "", Stage(row.stage).label]
        if row.company:
            parts.append(row.company)
        print("  ".join(parts))
    print(ngettext("{n} contact", "{n} contacts", len(rows)).format(n=len(rows)), file=sys.stderr)
    return 0


def _show(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.errors import NotFoundError
    from desktop_crm.services.contact_queries import get_contact
    from desktop_crm.services.merge import merged_message

    ctx.open()
    if (merged := merged_message(args.id)) is not None:
        raise NotFoundError(merged)
    contact = get_contact(args.id)
    if args.json:
        print_json(contact.to_json())
        return 0
    lines = [
        (_("Name"), contact.full_name),
        (_("Stage"), Stage(contact.stage).label),
        (_("Company"), contact.company),
        (_("Email"), contact.primary_email or ""),
        (_("Phone"), contact.phone_e164 or ""),
        (_("Birthday"), contact.birthday.iso() if contact.birthday else ""),
        (_("Lead source"), contact.lead_source),
        (_("Tags"), ", ".join(contact.tags)),
    ]
    width = max(len(label) for label, _value in lines)
    for label, value in lines:
        if value:
            print(f"{label:<{width}}  {value}")
    return 0
