"""Qt's own texts (standard buttons, the file and colour dialogs) in the user's language,
from the qtbase catalogue PySide6 ships (the PyInstaller spec keeps its _nl and _en files)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_installed: list[QTranslator] = []  # at most one: a language chosen again replaces it


class QtCatalogue(QTranslator):
    """qtbase_<language>.qm, plus the texts Qt 6 gave an access key its catalogue lacks:
    the file dialog's "&Look in:" and "Files of &type:" are translated there only as
    "Look in:" and "Files of type:", so they stayed English in the Dutch app."""

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None, not "", when the catalogue lacks the text: Qt takes an empty string for a
        # translation, and the English app's OK, Cancel and Yes buttons were blank (and
        # nameless to a screen reader: the AT-SPI audit of round 7).
        found = super().translate(context, source_text, disambiguation, n)
        if found or "&" not in source_text:
            return found or None
        plain = super().translate(context, source_text.replace("&", ""), disambiguation, n)
        # The key goes on the first letter: the dialog's other keys are on later ones.
        return f"&{plain}" if plain else None


def install_qt_translations(app: QCoreApplication, language: str) -> QTranslator | None:
    """Replaces the catalogue installed before (a second call must not stack a second)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    catalogue = QtCatalogue(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not catalogue.load(f"qtbase_{language}", folder):
        return None
    app.installTranslator(catalogue)
    _installed.append(catalogue)
    QLocale.setDefault(QLocale(language))
    return catalogue
