"""A realistic contact file: multi-script names with a real-world spread (no surname on
more than ~1% of rows), empty fields, multi-line notes, birthdays, phone numbers in every
format people type; deterministic for a given seed."""

from __future__ import annotations

import random
from pathlib import Path

GIVEN = (
    "Jan Anna Pieter Sanne Daniël Fatima Noor Lucas Emma Ömer Zoë Sem Tess Bram Fleur Daan Julia "
    "Finn Lotte Jesse Iris Ruben Eva Stijn Femke Wouter Maaike Joost Esther Niels Ingrid Gijs "
    "Marloes Jeroen Anouk Thijs Lieke Koen Roos Milan Sophie Levi Yara Mohamed Ayoub Sara Lina "
    "Oliver Amelia George Isla Harry Ava Jack Mia Charlie Grace Thomas Emily Yusuf Priya Łukasz "
    "Chloé José Björn Søren Małgorzata Ahmet Elif Chen Mei Hiroshi Yuki Aarav Diya Kwame Ama"
).split()
STEMS = (
    "Jansen Vries Bakker Visser Smit Meijer Mulder Bos Dijkstra Berg Hof Jong Boer Groot Dijk "
    "Brink Veen Wal Laan Leeuwen Vos Peters Hendriks Dekker Brouwer Wit Kok Jacobs Vermeulen "
    "Willems Postma Kuijpers Graaf Heuvel Meer Linden Bosch Haan Wijk Beek Koster Prins Huisman "
    "Kramer Schouten Verbeek Kuiper Molenaar Maas Post Vink Blom Timmermans Dam Pol Müller "
    "Schmidt Smith Jones Taylor Brown Wilson Demir Yılmaz Kaya Ramdin Nowak García López "
    "O'Brien Çelik Ivanov Rossi Moreau Dubois Novak Horváth Nielsen Andersson"
).split()
PREFIXES = ("", "", "", "", "de ", "van ", "van der ", "van den ", "van 't ", "ter ")
CJK = ("山田 太郎", "佐藤 花子", "王 伟", "김 민준", "李 娜", "田中 一郎", "陈 静")
COMPANY_WORDS = (
    "Bouw Advies Bloemen Logistiek ICT Installatie Design Catering Fietsen Zorg Makelaardij "
    "Consultancy Media Techniek Transport Bakkerij Tuin Verhuur Schilders Accountants"
).split()
HEADER = "First Name,Last Name,Email,Phone,Birthday,Company,Notes\r\n"


def _quote(value: str) -> str:
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _ascii(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def write_contacts_csv(path: Path, rows: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for i in range(rows):
            if i % 97 == 0:
                given, family = rng.choice(CJK).split(" ")
            else:
                given = rng.choice(GIVEN)
                family = (
                    rng.choice(PREFIXES) + rng.choice(STEMS) + rng.choice(("", "", "", "s", "e"))
                )
            company = (
                f"{rng.choice(STEMS)} {rng.choice(COMPANY_WORDS)}"
                + rng.choice(("", " B.V.", " & Zn"))
                if rng.random() < 0.6
                else ""
            )
            domain = f"{_ascii(company) or 'mail'}.example.{rng.choice(('com', 'org', 'net'))}"
            email = (
                ""
                if i % 13 == 0
                else f"{_ascii(given) or 'x'}.{_ascii(family) or 'y'}{i % 1000}@{domain}"
            )
            number = 12_000_000 + rng.randrange(40_000_000)
            phone = rng.choice(
                (
                    f"06-{number}",
                    f"+31 6 {number}",
                    f"06 {number}",
                    f"0{number}",
                    "",
                    f"(020) {number % 10_000_000:07d}",
                )
            )
            birthday = (
                f"19{rng.randint(40, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                if rng.random() < 0.6
                else (
                    f"--{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                    if rng.random() < 0.3
                    else ""
                )
            )
            notes = "Eerste regel\nTweede, met komma" if i % 10 == 0 else ""
            fields = (given, family, email, phone, birthday, company, notes)
            out.write(",".join(_quote(f) for f in fields) + "\r\n")
