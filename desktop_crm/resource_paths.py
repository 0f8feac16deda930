"""Where bundled resources live: a checkout, an installed wheel or a PyInstaller bundle."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

# In a checkout the resources sit in the top-level `resources/` folder, where translators
# and the icon script expect them. The wheel's build hook (build_hooks.py) and the
# PyInstaller spec both put the same tree inside the package as `desktop_crm/resources/`,
# so an installed wheel and a bundle find it through importlib.resources alike.
PACKAGED = "resources"
CHECKOUT = Path(__file__).resolve().parent.parent / "resources"


@cache
def resources_dir() -> Path:
    """The folder holding icons, catalogs and desktop metadata, in any of the three layouts."""
    # A real folder (gettext and Qt need file names), in site-packages or in the bundle's
    # _internal/desktop_crm/; a zip import would have no folder and falls through.
    packaged = files("desktop_crm") / PACKAGED
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return CHECKOUT


def resource(*parts: str) -> Path:
    """One file or folder under the resources folder."""
    return resources_dir().joinpath(*parts)


def locale_dir() -> Path:
    """The gettext locale folder: `<lang>/LC_MESSAGES/desktop_crm.mo`."""
    return resource("locale")
