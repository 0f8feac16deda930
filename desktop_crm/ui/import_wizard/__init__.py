"""The import wizard and the import history dialog."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_crm.ui.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]


def __getattr__(name: str) -> object:
    # The wizard (and the import services under it) load when first asked for, not when
    # the window imports the history dialog or the task thread from this package.
    if name == "ImportWizard":
        from desktop_crm.ui.import_wizard.wizard import ImportWizard

        return ImportWizard
    raise AttributeError(name)
