"""Access keys (Alt+letter) for texts that are only known at run time, such as translations."""

from __future__ import annotations


def with_access_key(title: str, taken: set[str]) -> str:
    """`title` with an access key on its first letter no other item of the menu has (the
    tab titles are translated, so the letters cannot be fixed in the catalog)."""
    for at, letter in enumerate(title):
        if letter.isalnum() and letter.lower() not in taken:
            taken.add(letter.lower())
            return title[:at] + "&" + title[at:]
    return title
