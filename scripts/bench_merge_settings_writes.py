"""How long merge, merge Undo, a logged conversation's Undo/Redo and the Settings saves hold
the GUI thread, on a real seeded folder: `python scripts/bench_merge_settings_writes.py
--data-dir D [--sync]`.

Each figure is the call's own wall time (what the click holds the GUI thread for) and the GUI
thread's CPU time until the write is in. `--sync` runs the same widgets without the runner:
the way they wrote before (on the GUI thread), as the baseline. The folder's database gains
what it writes, so give it a copy."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bench_write_timing import WriteTimer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=8)
    parser.add_argument("--sync", action="store_true", help="no runner: write on the GUI thread")
    args = parser.parse_args()

    from PySide6.QtGui import QUndoStack

    import desktop_crm.ui.pyside_fixes  # noqa: F401  (PySide6 6.11's None/True counts)
    from desktop_crm.services.contact_queries import ContactQuery, query_contact_ids
    from desktop_crm.services.contacts import create_contact
    from desktop_crm.services.records import ContactDraft, EmailEntry
    from desktop_crm.ui.detail.dialog_submit import write_with
    from desktop_crm.ui.detail.log_dialog import LogConversationDialog
    from desktop_crm.ui.duplicates.merge_dialog import MergeDialog
    from desktop_crm.ui.duplicates.undo import MergeCommand
    from desktop_crm.ui.settings.dialog import SettingsDialog

    timer = WriteTimer(args.data_dir)
    bus, runner = timer.bus, timer.runner
    writer = None if args.sync else runner
    clock = timer.context.clock
    until, measure = timer.until, timer.measure

    leads = query_contact_ids(ContactQuery(stage="lead"), limit=args.repeat)
    stack = QUndoStack()
    for n in range(args.repeat):
        # A logged conversation, then its Undo and Redo.
        log = LogConversationDialog(
            leads[n],
            "Bench",
            clock=clock,
            write=None if args.sync else write_with(runner, None),  # type: ignore[arg-type]
            has_open_deal=False,
        )
        log.text_edit.setPlainText("Called about the offer")
        log.submit()
        until(lambda d=log: d.result_value is not None)
        step = log.undo_step(runner)
        assert step is not None
        stack.push(step)
        if args.sync:  # the same service calls on the GUI thread, as a baseline
            from desktop_crm.services.conversation_undo import unlog_conversation

            logged = log.result_value.logged  # type: ignore[union-attr]
            measure("Log: Undo", lambda lg=logged: unlog_conversation(lg, clock=clock))
            measure("Log: Redo", lambda d=log: d.request.again(d.result_value).run())  # type: ignore[union-attr]
        else:
            measure("Log: Undo", stack.undo)
            measure("Log: Redo", stack.redo)

        # A merge of a fresh pair, and its Undo.
        pair = [
            create_contact(
                ContactDraft(
                    full_name=f"Bench Twin {n}",
                    emails=[EmailEntry(f"twin{n}@example.com", is_primary=True)],
                ),
                clock=clock,
            ).id
            for _ in range(2)
        ]
        dialog = MergeDialog(pair, clock=clock, runner=writer)
        measure("Merge: Merge", dialog.merge, lambda d=dialog: d.result_value is not None)
        done = dialog.result_value
        assert done is not None
        command = MergeCommand(done, dialog.choices(), bus, clock=clock, runner=writer)
        stack.push(command)
        measure("Merge: Undo", stack.undo)

        # Settings: a custom field added, then OK.
        settings = SettingsDialog(settings=None, clock=clock, ask_restart=False, runner=writer)
        if args.sync:
            for editor in (
                settings.criteria.editor,
                settings.custom_fields.editor,
                settings.pipeline.editor,
            ):
                editor.runner = None
        settings.custom_fields._ask_text = lambda _l, _c, n=n: f"Bench field {n}"
        measure(
            "Settings: add a custom field",
            settings.custom_fields.add,
            lambda s=settings, n=n: f"Bench field {n}" in s.custom_fields.names(),
        )
        settings.show()
        measure("Settings: OK", settings.accept, lambda s=settings: not s.isVisible())
        settings.deleteLater()

    timer.finish()


if __name__ == "__main__":
    raise SystemExit(main())
