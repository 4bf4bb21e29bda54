"""A small campaign in a temporary folder, for the campaign tests."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "campaigns" / "northshire-2027"
HEADER = ["school_name", "address_1", "town", "postcode", "dsl_name", "dsl_role", "dsl_phone", "dsl_email",
          "key_stages", "lessons", "copies", "logo"]
URDU_NAME = "مدرسہ اقرا"
SCHOOLS = [
    ["Ysgol Gymraeg Aberystwyth", "Ffordd y Môr", "Aberystwyth", "SY23 9ZZ", "Mrs Eleri ap Gwyn", "DSL",
     "01970 000 101", "", "ks2", "", "1", ""],
    ["O'Brien & Sons Academy", "14 Quayside Road", "Northshire Port", "NS1 4QZ", "Mr Declan O'Brien",
     "Deputy head and DSL", "", "dsl@obrien.example.org", "ks2", "", "2", ""],
    ["<script>alert('x')</script> Primary", "1 Test Lane", "Northshire", "NS2 1AA", "Ms Ada <b>Lovelace</b>",
     "DSL", "", "", "ks2", "", "1", ""],
    [URDU_NAME, "22 Mill Street", "Northshire", "NS3 2BB", "Mrs Ayesha Khan", "DSL", "", "", "ks2", "", "1",
     "logos/brookfield.png"],
]


def write_campaign(folder: Path, rows: list[list[str]] | None = None, header: list[str] | None = None,
                   extra: str = "") -> Path:
    """A campaign folder with one lesson letter (ks2) per school; returns the campaign file."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLE / "logos", folder / "logos", dirs_exist_ok=True)
    with (folder / "recipients.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header or HEADER)
        writer.writerows(SCHOOLS if rows is None else rows)
    file = folder / "campaign.yaml"
    file.write_text(
        "name: Test campaign\norganisation: Northshire Safer Schools Partnership\ntheme: campaign-example\n"
        "recipients: recipients.csv\nletter_date: 11 January 2027\n"
        "letters:\n  lessons: [spotting-fake-identities]\n  word_copies: true\n"
        "print:\n  batch_letters: 3\n  bleed: 3mm\n  marks: crop\n" + extra, encoding="utf-8")
    return file
