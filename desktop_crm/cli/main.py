"""`desktop-crm`: start the GUI, or run a headless sub-command over the same services.

User errors end with exit code 2 and one line on stderr, never a traceback."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import NoReturn

from desktop_crm import __version__
from desktop_crm.cli.context import CliContext
from desktop_crm.errors import UserError
from desktop_crm.i18n import _, set_language
from desktop_crm.paths import DataPaths, resolve

log = logging.getLogger("desktop_crm")
log.addHandler(logging.NullHandler())  # until configure_logging() adds the log file

# Each module registers its sub-commands: register(subparsers) with set_defaults(handler=...).
COMMAND_MODULES = (
    "desktop_crm.cli.cmd_contacts",
    "desktop_crm.cli.cmd_demo",
    "desktop_crm.cli.cmd_import",
    "desktop_crm.cli.cmd_export",
    "desktop_crm.cli.cmd_followups",
    "desktop_crm.cli.cmd_reminders",
    "desktop_crm.cli.cmd_backup",
    "desktop_crm.cli.cmd_duplicates",
    "desktop_crm.cli.cmd_sync",
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one translated line with exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UserError(message)


# The words that name a sub-command; any other command line starts the window, which
# then need not import (and pay for) every command's services.
COMMAND_WORDS = frozenset(
    {"contacts", "demo", "import", "undo-import", "export", "followups", "reminders", "backup"}
    | {"duplicates", "merge", "unmerge", "sync"}
)


def _wants_commands(argv: list[str]) -> bool:
    return any(arg in COMMAND_WORDS or arg in ("-h", "--help") for arg in argv)


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    import importlib

    parser = _Parser(
        prog="desktop-crm", description=_("Desktop CRM: contacts, follow-ups and sales.")
    )
    parser.add_argument("--version", action="version", version=f"desktop-crm {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help=_("keep the database, backups and logs in DIR")
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help=_("use the database at URL (sqlite:///… or postgresql://…)"),
    )
    parser.add_argument("--lang", choices=("en", "nl"), help=_("the language of the app"))
    parser.add_argument("--region", default=None, help=_("default phone region, such as NL"))
    # GUI options (see desktop_crm.ui.app); a FILE opens the import for it.
    parser.add_argument("--screenshot", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--view", default="list", help=argparse.SUPPRESS)
    parser.add_argument(
        "--self-test", action="store_true", help=_("check the installation and exit")
    )
    parser.add_argument("--minimized", action="store_true", help=_("start in the system tray"))
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES if with_commands else ():
        # Every listed command exists; a failing import is a bug and must say so.
        importlib.import_module(name).register(subparsers)
    return parser


_VALUE_OPTIONS = frozenset(
    {"--data-dir", "--database", "--lang", "--region", "--screenshot", "--view"}
)


def _split_file_argument(argv: list[str]) -> tuple[list[str], str | None]:
    """`desktop-crm contacts.csv` opens the GUI with that file to import.

    Not when a sub-command comes first: `desktop-crm import contacts.csv` is the command's file."""
    if not argv or argv[-1].startswith("-") or not argv[-1].lower().endswith((".csv", ".vcf")):
        return argv, None
    i = 0
    while i < len(argv) - 1:
        if argv[i] in _VALUE_OPTIONS:
            i += 2
            continue
        if not argv[i].startswith("-"):
            return argv, None
        i += 1
    return argv[:-1], argv[-1]


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_from_argv(args_list))
    args_list, import_file = _split_file_argument(args_list)
    args_list = _glue_values(args_list)
    bad_text = _first_undecodable(args_list)
    context: CliContext | None = None
    try:
        if bad_text is not None:
            raise UserError(_("An argument is not valid text (UTF-8): {arg}").format(arg=bad_text))
        try:
            args = build_parser(with_commands=_wants_commands(args_list)).parse_args(args_list)
        except UserError:
            # A word we did not expect: parse again with every command, for the right message.
            args = build_parser().parse_args(args_list)
        if args.lang:
            set_language(args.lang)
        if args.self_test:
            from desktop_crm.selftest import run as run_self_test

            return run_self_test()
        paths = _data_paths(args)
        _start_logging(paths)
        context = CliContext(paths=paths, region=(args.region or "NL").upper())
        handler = getattr(args, "handler", None)
        if handler is None:
            return _start_gui(args, context, import_file)
        return int(handler(args, context) or 0)
    except UserError as exc:
        print(f"desktop-crm: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0  # the reader (e.g. `| head`) went away; nothing to report
    except Exception as exc:  # a bug: log it for us, one line for the user, never a traceback
        explained = _explain(exc, context)
        if explained is not None:  # a full disk, a server away, a read-only file …
            log.warning("refused: %s (%s)", explained.message, type(exc).__name__)
            print(f"desktop-crm: {explained.message}", file=sys.stderr)
            return explained.exit_code
        log.exception("unexpected error")
        print(
            "desktop-crm: "
            + _(
                "Something went wrong that should not have. Nothing was changed; details are in the log."
            ),
            file=sys.stderr,
        )
        return 1
    finally:
        if context is not None:
            context.close()


def _data_paths(args: argparse.Namespace) -> DataPaths:
    """Where this run's data lives (services/data_location.start_paths). A remembered folder
    or server that is gone: a command says so; the window asks to go back to the default
    folder or quit, and never makes an empty database elsewhere unasked."""
    from desktop_crm.services.data_location import LocationMissing, start_paths

    try:
        return start_paths(args.data_dir, args.database)
    except LocationMissing as missing:
        if getattr(args, "handler", None) is not None:
            raise
        from desktop_crm.ui.missing_location import ask_default_or_quit

        if not ask_default_or_quit(missing.message):
            raise
        return resolve()


def _first_undecodable(argv: list[str]) -> str | None:
    """The first argument with bytes that are not UTF-8 (Python keeps them as surrogates),
    shown with those bytes replaced; None when all are text."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return None


def _glue_values(argv: list[str]) -> list[str]:
    """Option values that look like options themselves (`--birthday --02-29`)."""
    if "--birthday" not in argv:
        return argv  # the window's start need not load the contacts command
    from desktop_crm.cli.cmd_contacts import glue_birthday

    return glue_birthday(argv)


def _explain(exc: BaseException, context: CliContext | None):
    """The user's own problem behind `exc` (see store.db_errors), or None for a bug."""
    from desktop_crm.store.db_errors import user_error_for

    folder = context.paths.root if context is not None else None
    return user_error_for(exc, folder)


def _start_logging(paths) -> None:
    """The rotating log in the data folder; a read-only or full disk must not stop the app."""
    try:
        from desktop_crm.logging_setup import configure_logging

        paths.ensure()
        configure_logging(paths)
    except OSError:
        pass


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _start_gui(args, context: CliContext, import_file: str | None) -> int:
    # Imported here so the command line never pays for Qt; a broken import is a bug, not
    # something to dress up as "cannot start here".
    from desktop_crm.ui.feature_scan import use_cheap_scan

    use_cheap_scan()  # before the GUI's modules load: each would be read through inspect
    from desktop_crm.ui.app import run_gui

    return run_gui(args, context, import_file=import_file)
