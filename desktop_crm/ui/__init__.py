"""The Qt user interface: the only package that imports PySide6."""

from desktop_crm.ui.refcounts import pin_singletons

# Before any PySide6 call, in the app, the tests and the benchmarks alike (refcounts.py: a
# PySide6 6.12 bug on Python 3.11 aborts the interpreter after enough Qt calls).
pin_singletons()
