"""A realistic contact file: multi-script names, empty fields, multi-line notes, birthdays,
phone numbers in every format people type; deterministic for a given seed."""

from __future__ import annotations

import random
from pathlib import Path

GIVEN = (
    "Jan Anna Pieter Sanne Daniël Fatima Noor Lucas Emma Ömer Zoë Sem Tess Bram Fleur "
    "Oliver Amelia Yusuf Priya Łukasz Chloé José"
).split()
FAMILY = (
    "Jansen|de Vries|Bakker|Visser|Smit|Meijer|Mulder|Bos|Dijkstra|van den Berg|van 't Hof|"
    "Müller|Smith|Demir|Ramdin|Nowak|García|O'Brien|Kuijpers|Çelik"
).split("|")
CJK = ("山田 太郎", "佐藤 花子", "王 伟", "김 민준", "李 娜")
COMPANIES = ("Bakker Bouw B.V.", "Visser Advies", "De Graaf Bloemen", "Northwind Ltd", "", "", "")
HEADER = "First Name,Last Name,Email,Phone,Birthday,Company,Notes\r\n"


def _quote(value: str) -> str:
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_contacts_csv(path: Path, rows: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for i in range(rows):
            if i % 97 == 0:
                given, family = rng.choice(CJK).split(" ")
            else:
                given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            family = f"{family} {i}"
            email = "" if i % 13 == 0 else f"{given.lower()}.{i}@example.com".encode("ascii", "ignore").decode()
            number = 12_000_000 + i
            phone = rng.choice(
                (f"06-{number}", f"+31 6 {number}", f"06 {number}", f"0{number}", "", f"(020) {number % 10_000_000:07d}")
            )
            birthday = (
                f"19{rng.randint(40, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                if rng.random() < 0.6
                else (f"--{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.3 else "")
            )
            notes = "Eerste regel\nTweede, met komma" if i % 10 == 0 else ""
            fields = (given, family, email, phone, birthday, rng.choice(COMPANIES), notes)
            out.write(",".join(_quote(f) for f in fields) + "\r\n")
