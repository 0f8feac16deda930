"""A varied contact file for comparing two import code paths row for row: every field the
CSV reader maps, the written forms people use, and the damage the reader repairs."""

from __future__ import annotations

import random
from pathlib import Path

HEADER = (
    "Name,First Name,Middle Name,Last Name,E-mail 1 - Type,E-mail 1 - Value,Email 2,"
    "Phone 1 - Type,Phone 1 - Value,Fax,Birthday,Company,Job Title,Street,Postal Code,City,"
    "Website,Notes,Tags,Lead Source,Stage,Name Suffix,Shoe size\r\n"
)
GIVEN = ["Jan", "Anna", "Daniël", "Ömer", "Zoë", "Łukasz", "José", "Søren", "e\u0301mile", "山田"]
MIDDLE = ["", "", "van", "de", "van der", "van 't", "ter"]
FAMILY = ["Jansen", "de Vries", "Müller", "O'Brien", "Yılmaz", "太郎", "Straße", "DIJKSTRA"]
PHONES = [
    "06-{n}",
    "+31 6 {n}",
    "0031 6{n}",
    "316{n}",
    "020 {s}",
    "0{s}",
    "+44 20 7946 {f}",
    "+1 212 555 {f}",
    "+49 30 {s}",
    "tel:+31 6 {n}",
    "06 {n} ext. 12",
    "{s}",
    "12",
    "abc",
    "",
]
BIRTHDAYS = ["", "1980-02-30", "1975-3-9", "09-03-1975", "3/9/1975", "--05-17", "14-03", "0/0/00"]
NOISE = ["", "  double  spaces ", "tab\there", "nbsp\u00a0here", "bell\x07", "line\u2028sep"]


def _quote(value: str) -> str:
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_varied_csv(path: Path, rows: int, seed: int = 14) -> Path:
    """`rows` records, some of them duplicates of earlier ones (exact and possible)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for i in range(rows):
            n = f"{10_000_000 + rng.randrange(90_000_000)}"
            phone = rng.choice(PHONES).format(n=n, s=n[1:], f=f"{i % 10_000:04d}")
            given, middle, family = rng.choice(GIVEN), rng.choice(MIDDLE), rng.choice(FAMILY)
            full = "" if i % 3 else f"{given} {middle} {family} {i % 500}"
            email = rng.choice(
                [
                    f"{i % 700}.x@Example.COM",
                    f"mailto:p{i}@example.org",
                    f"a{i}@example.com ::: b{i}@example.com",
                    f"bad{i}@@example",
                    "",
                ]
            )
            noise = rng.choice(NOISE)
            notes = rng.choice(["", "Eerste regel\r\nTweede, regel", "één\ttwee", noise])
            cells = [
                full,
                given + (noise if i % 11 == 0 else ""),
                middle,
                f"{family} {i % 900}",
                rng.choice(["", "Work", "* Home"]),
                email,
                rng.choice(["", f"second{i}@example.net", f"{i % 700}.x@example.com"]),
                rng.choice(["", "Mobile", "Work Fax"]),
                phone,
                rng.choice(["", "020 5551234", "+31 20 555 1234"]),
                rng.choice(BIRTHDAYS) or f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{i % 9}",
                rng.choice(["", f"Firma {i % 97}", "López Advies & Zn", f"  Bouw{noise}  BV"]),
                rng.choice(["", "CEO", "Eigenaar"]),
                rng.choice(["", "Dorpsstraat 1"]),
                rng.choice(["", "1234 AB"]),
                rng.choice(["", "Utrecht", "Zwolle"]),
                rng.choice(["", " https://example.com ", "www.example.nl"]),
                notes,
                rng.choice(["", "vip", "vip;klant", "* myContacts ::: beurs", "Klant, VIP"]),
                rng.choice(["", "beurs", "website"]),
                rng.choice(["", "lead", "customer", "klant", "nonsense"]),
                rng.choice(["", "jr."]),
                str(36 + i % 11),
            ]
            out.write(",".join(_quote(c) for c in cells) + "\r\n")
    return path
