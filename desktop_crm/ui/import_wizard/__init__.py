"""The import wizard and the import history dialog."""

from desktop_crm.ui.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]
