"""The import wizard and the import history dialog."""

__all__ = ["ImportWizard"]


def __getattr__(name: str) -> object:
    # The wizard (and the import services under it) load when first asked for, not at start.
    if name == "ImportWizard":
        from desktop_crm.ui.import_wizard.wizard import ImportWizard

        return ImportWizard
    raise AttributeError(name)
