"""The Qt user interface: the only package that imports PySide6."""

from desktop_crm.ui.pyside_fixes import keep_singletons_alive

keep_singletons_alive()  # before any PySide6 call: see pyside_fixes
