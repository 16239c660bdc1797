"""Regenerate ``src/manysides/data/countries.json`` from the countryinfo package.

Why: countryinfo ships one JSON file per country, each with its border polygons; parsing them all
costs about half a second per process. The few fields actors need (names, alternative spellings,
capital, demonym, ISO codes, first-level regions) fit in a compact file that loads in milliseconds.
Run after upgrading countryinfo:  ``python scripts/build_gazetteer.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from countryinfo._cache import load_countries

OUT = Path(__file__).resolve().parents[1] / "src" / "manysides" / "data" / "countries.json"
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .,'()\-]*$")


def _clean_aliases(info: dict) -> list[str]:
    """Alternative spellings written in the Latin alphabet; ISO codes are left to the curated extras
    because most of them ("AND", "CAN", "NOR") are ordinary English words."""
    iso = info.get("ISO", {})
    codes = {str(iso.get(k, "")).upper() for k in ("alpha2", "alpha3")}
    out: list[str] = []
    for alias in info.get("altSpellings", []):
        alias = alias.strip()
        if not alias or alias.upper() in codes or not _LATIN.match(alias) or "," in alias:
            continue
        if alias.isupper() and len(alias) <= 3:
            continue
        out.append(alias)
    return out


def _clean_regions(info: dict) -> list[str]:
    """First-level regions and the cities named in brackets, without transliteration apostrophes."""
    names: list[str] = []
    for raw in info.get("provinces", []) or []:
        for part in re.split(r"[()\[\]]", raw):
            part = part.replace("'", "").strip()
            if len(part) > 3 and _LATIN.match(part) and part not in names:
                names.append(part)
    return names


def _merge_duplicates(rows: list[dict]) -> list[dict]:
    """countryinfo lists a few states twice (e.g. "Burma" and "Myanmar"): keep the shortest plain
    name as the canonical one and the others as aliases; constituent parts without a capital of their
    own (Wales under GBR) are dropped rather than merged."""
    by_iso: dict[str, list[dict]] = {}
    for row in rows:
        by_iso.setdefault(row["iso3"], []).append(row)
    merged = []
    for group in by_iso.values():
        group = [r for r in group if r["capital"]] or group
        group.sort(key=lambda r: ("," in r["name"] or "(" in r["name"], len(r["name"])))
        head = group[0]
        for other in group[1:]:
            for alias in [other["name"], *other["aliases"]]:
                if alias != head["name"] and alias not in head["aliases"] and _LATIN.match(alias) \
                        and "," not in alias and "(" not in alias:
                    head["aliases"].append(alias)
            head["demonym"] = head["demonym"] or other["demonym"]
        merged.append(head)
    return merged


def build() -> list[dict]:
    rows = []
    for info in load_countries()["countries"].values():
        iso = info.get("ISO", {})
        if not iso.get("alpha3"):
            continue
        rows.append({
            "iso3": str(iso["alpha3"]).upper(),
            "iso2": str(iso.get("alpha2", "")).upper(),
            "name": info["name"],
            "aliases": _clean_aliases(info),
            "capital": info.get("capital") or "",
            "demonym": info.get("demonym") or "",
            "regions": _clean_regions(info),
            "population": int(info.get("population") or 0),
        })
    rows = _merge_duplicates(rows)
    rows.sort(key=lambda r: r["iso3"])
    return rows


if __name__ == "__main__":
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(data)} countries to {OUT}")
