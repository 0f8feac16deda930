"""`desktop-crm duplicates [ignore ID ID]`, `merge KEEP OTHER...` and `unmerge MERGE_ID`."""

from __future__ import annotations

import argparse
import sys

from desktop_crm.cli.cmd_contacts import _contact_id
from desktop_crm.cli.context import CliContext, print_json, record_number
from desktop_crm.i18n import N_, _, ngettext

_REASON_LABELS = {
    "same_email": N_("same email"),
    "same_phone": N_("same phone"),
    "similar_name": N_("similar name"),
    "same_company": N_("same company"),
    "same_birthday": N_("same birthday"),
}


def reason_label(reason: str) -> str:
    return _(_REASON_LABELS[reason])


def register(subparsers: argparse._SubParsersAction) -> None:
    duplicates = subparsers.add_parser("duplicates", help=_("find possible duplicates"))
    duplicates.add_argument("--json", action="store_true")
    duplicates.set_defaults(handler=_list)
    actions = duplicates.add_subparsers(dest="duplicates_command")
    ignore = actions.add_parser("ignore", help=_("mark two contacts as not a duplicate"))
    ignore.add_argument("ids", metavar="ID", type=_contact_id, nargs=2)
    ignore.set_defaults(handler=_ignore)

    merge = subparsers.add_parser("merge", help=_("merge duplicates into one contact"))
    merge.add_argument("keep", metavar="KEEP_ID", type=_contact_id)
    merge.add_argument("others", metavar="OTHER_ID", type=_contact_id, nargs="+")
    merge.add_argument("--json", action="store_true")
    merge.set_defaults(handler=_merge)

    unmerge = subparsers.add_parser("unmerge", help=_("undo a merge"))
    unmerge.add_argument("merge_id", metavar="MERGE_ID", type=_merge_id)
    unmerge.add_argument("--json", action="store_true")
    unmerge.set_defaults(handler=_unmerge)


def _merge_id(text: str) -> int:
    return record_number(text, _("“{value}” is not a merge number").format(value=text))


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.contact_queries import summaries
    from desktop_crm.services.duplicates import find_duplicates

    ctx.open()
    groups = find_duplicates()
    if args.json:
        print_json({"groups": [g.to_json() for g in groups]})
        return 0
    names = summaries([cid for g in groups for cid in g.contact_ids])
    for group in groups:
        people = ", ".join(
            f"{names[cid].full_name or names[cid].primary_email or ''} ({cid})"
            for cid in group.contact_ids
            if cid in names
        )
        reasons = ", ".join(reason_label(r) for r in group.reasons)
        print(f"{group.score:.2f}  {people}  [{reasons}]")
    print(
        ngettext(
            "{n} group of possible duplicates", "{n} groups of possible duplicates", len(groups)
        ).format(n=len(groups)),
        file=sys.stderr,
    )
    return 0


def _ignore(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.duplicates import ignore_pair

    ctx.open()
    first, second = args.ids
    ignore_pair(first, second)
    print(
        _(
            "Contacts {first} and {second} are not duplicates; they will not be proposed again."
        ).format(first=first, second=second)
    )
    return 0


def _merge(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.merge import merge_contacts

    ctx.open()
    result = merge_contacts(args.keep, args.others, clock=ctx.clock)
    if args.json:
        print_json(result.to_json())
    else:
        print(
            _("Merged {others} into contact {kept}; undo with “unmerge {merge}”.").format(
                others=", ".join(str(i) for i in result.merged),
                kept=result.kept,
                merge=result.merge_id,
            )
        )
    return 0


def _unmerge(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop_crm.services.merge import unmerge

    ctx.open()
    result = unmerge(args.merge_id, clock=ctx.clock)
    if args.json:
        print_json(result.to_json())
    else:
        print(
            _("Merge {merge} undone: contacts {ids} are separate again.").format(
                merge=result.merge_id,
                ids=", ".join(str(i) for i in (result.kept, *result.merged)),
            )
        )
    return 0
