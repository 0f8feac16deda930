"""What the detail pane says while it shows no contact: it depends on the list beside it
(an empty database has nothing to choose) and on how many contacts are selected."""

from __future__ import annotations

from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_number
from desktop_crm.ui.empty_state import EmptyState


class NothingSelectedText:
    def __init__(self, empty: EmptyState) -> None:
        self._empty = empty
        self._listed: int | None = None  # unknown until the list has counted
        self._narrowed = False  # a search or filter is on
        self._archive = False
        self._selected = 0
        self._update()

    def list_counted(self, count: int, *, narrowed: bool, archive: bool) -> None:
        self._listed = count
        self._narrowed = narrowed
        self._archive = archive  # the whole archive is shown (narrowed, by Archived)
        self._update()

    def several_selected(self, count: int) -> None:
        """0 when the selection is one contact or none again."""
        self._selected = count
        self._update()

    def _update(self) -> None:
        if self._selected > 1:
            self._empty.set_text(
                _("{count} contacts selected").format(count=format_number(self._selected)),
                _("Right-click the selection to tag them, set their stage or archive them."),
            )
        elif self._listed == 0 and self._archive:
            self._empty.set_text(
                _("The archive is empty"),
                _("Untick Archived above the list to see your contacts again."),
            )
        elif self._listed == 0 and self._narrowed:
            self._empty.set_text(
                _("No contacts match"), _("Try fewer words, or clear the filters above the list.")
            )
        elif self._listed == 0:
            self._empty.set_text(
                _("No contacts yet"),
                _("Once there are contacts, choose one in the list to see and edit it here."),
            )
        else:
            self._empty.set_text(
                _("No contact selected"),
                _(
                    "Choose a contact in the list to see and edit it here. "
                    "Select several to tag them, set their stage or archive them at once."
                ),
            )
