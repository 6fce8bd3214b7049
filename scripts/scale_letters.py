"""Generated letters for measuring the store at scale: `python scripts/scale_letters.py OUT --items N`.

Each letter is a progress letter of one of twelve ministries, dated between 2000 and 2026 in the
order of its number, written with the phrases real letters use (tracker/rules): six new moties in
paragraphs of their own (some declared done, some announced, some only mentioned), two new numbered toezeggingen with deadline phrases ("voor de zomer", "voor 1 oktober"),
and four moties of earlier letters taken up again (closed or still running). So a letter holds
about eight new items and twelve events, and N items need about N/8 letters (in ten folders, in
date order, so that the first folder is the first tenth of the archive). Dossiers are drawn from 3,000, names from a list of Dutch surnames, all from a fixed seed: the
same N gives the same letters. The letters are then stored with `tracker ingest --jobs`.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

MINISTRIES = (
    "Infrastructuur en Waterstaat", "Financiën", "Volksgezondheid, Welzijn en Sport", "Onderwijs, Cultuur en Wetenschap",
    "Justitie en Veiligheid", "Binnenlandse Zaken en Koninkrijksrelaties", "Economische Zaken", "Defensie",
    "Sociale Zaken en Werkgelegenheid", "Landbouw, Natuur en Voedselkwaliteit", "Buitenlandse Zaken", "Klimaat en Groene Groei",
)  # fmt: skip
NAMES = (
    "Jansen", "De Vries", "Bakker", "Visser", "Smit", "Meijer", "De Boer", "Mulder", "De Groot", "Bos", "Vos",
    "Peters", "Hendriks", "Van Leeuwen", "Dekker", "Brouwer", "De Wit", "Dijkstra", "Smits", "De Graaf", "Van der Meer",
    "Van der Linden", "Kok", "Jacobs", "De Haan", "Vermeulen", "Van den Berg", "Van Dijk", "Koster", "Prins",
)  # fmt: skip
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")  # fmt: skip
DEADLINES = ("voor de zomer", "voor het einde van het jaar", "voor 1 oktober", "in het eerste kwartaal van 2027")
FIRST_DAY, LAST_DAY = date(2000, 1, 3), date(2026, 6, 30)
NEW_MOTIES, NEW_TOEZEGGINGEN, REVISITS = 6, 2, 4


def dutch(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def spaced(dossier: int) -> str:
    text = str(dossier)
    return f"{text[:2]} {text[2:]}"


def write_letters(out: Path, items: int, folders: int = 10, seed: int = 14) -> list[Path]:
    """Letters for about `items` items in OUT (emptied first), split over `folders` folders in
    date order; the files in ingest order."""
    rng = random.Random(seed)
    letters = max(1, items // (NEW_MOTIES + NEW_TOEZEGGINGEN))
    per_folder = -(-letters // folders)
    span = (LAST_DAY - FIRST_DAY).days
    next_number: dict[int, int] = {}
    tz_in_month: dict[str, int] = {}
    moties: list[tuple[str, int, int]] = []  # (name, dossier, number) of every motie so far
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    files = []
    for n in range(letters):
        day = FIRST_DAY + timedelta(days=span * n // letters)
        ministry = rng.choice(MINISTRIES)
        parts = [
            f"Ministerie van {ministry}\n\nDen Haag, {dutch(day)}\n\nOnderwerp: Stand van zaken moties en toezeggingen\n\n"
            "Geachte voorzitter,\n\nMet deze brief informeer ik uw Kamer over de uitvoering van moties en toezeggingen.\n"
        ]
        revisits = [moties[rng.randrange(len(moties))] for _ in range(REVISITS)] if len(moties) > 100 else []
        new = []
        for _ in range(NEW_MOTIES):
            dossier = rng.randrange(30000, 33000)
            next_number[dossier] = number = next_number.get(dossier, 0) + 1 + rng.randrange(3)
            new.append((rng.choice(NAMES), dossier, number))
        moties += new
        for position, (name, dossier, number) in enumerate(new + revisits):
            citation = f"De motie van het lid {name} c.s. (Kamerstuk {spaced(dossier)}, nr. {number})"
            kind = position % 3 if position < NEW_MOTIES else (position % 2) * 2
            if kind == 0:
                body = f"{citation} verzoekt de regering een plan te maken. Daarmee wordt deze motie als afgedaan beschouwd."
            elif kind == 1:
                body = f"{citation} wordt in samenhang met het programma bezien."
            else:
                body = (
                    f"{citation} verzoekt de regering een verkenning te doen. Om uitvoering aan deze motie te kunnen "
                    "geven zal het kabinet een onderzoek laten uitvoeren."
                )
            parts.append(f"\n{body}\n")
        parts.append("\nToezeggingen\n")
        month = f"{day.year}{day.month:02d}"
        for _ in range(NEW_TOEZEGGINGEN):
            tz_in_month[month] = number = tz_in_month.get(month, 0) + 1
            if number > 999:
                raise SystemExit(f"more than 999 toezeggingen in {month}: ask for fewer items")
            parts.append(
                f"\nTijdens het commissiedebat heb ik toegezegd de Kamer {rng.choice(DEADLINES)} te informeren over "
                f"de voortgang van het programma (TZ{month}-{number:03d}).\n"
            )
        parts.append(f"\nHoogachtend,\n\nde minister van {ministry}\n")
        path = out / f"{n // per_folder:02d}" / f"brief_{n:07d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("".join(parts), encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--items", type=int, default=200_000)
    args = parser.parse_args()
    files = write_letters(args.out, args.items)
    print(f"{len(files)} letters in {args.out}")


if __name__ == "__main__":
    main()
