"""Agency conventions, verbatim as observed on real pages (CONVENTIONS.md), through the wire engine.

Each agency file is exercised here by the forms its docstring and the conventions list name, so an
agency without a whole fixture page still has real strings under test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wirenorm.model import Block, Draft, PageMeta
from wirenorm.normalizer.agencies import all_agencies
from wirenorm.normalizer.wire import WireFields, clean_headline, normalize_copy

COPY = "Officials said on Tuesday that the talks would continue next week."


def run(*blocks: str, byline: list[str] = ()) -> WireFields:
    meta = PageMeta(byline=tuple(byline))
    return normalize_copy(Draft(url="https://x.test/a", headline=None, blocks=[Block(b) for b in blocks], meta=meta))


DATELINES = [
    # (text as printed, agency, dateline without its dash, place)
    ("KATHMANDU (AFP) - ", "AFP", "KATHMANDU (AFP)", "KATHMANDU"),
    ("KATHMANDU, (AFP): ", "AFP", "KATHMANDU, (AFP)", "KATHMANDU"),
    (
        "Sair (Palestinian Territories) (AFP) – ",
        "AFP",
        "Sair (Palestinian Territories) (AFP)",
        "Sair (Palestinian Territories)",
    ),
    ("Jakarta (AFP) – ", "AFP", "Jakarta (AFP)", "Jakarta"),
    ("Hanoi, Vietnam (AFP) Dec 16, 2025 ", "AFP", "Hanoi, Vietnam (AFP) Dec 16, 2025", "Hanoi, Vietnam"),
    ("MEXICO CITY (AP) — ", "AP", "MEXICO CITY (AP)", "MEXICO CITY"),
    ("LA CROSSE, Wis. (AP) — ", "AP", "LA CROSSE, Wis. (AP)", "LA CROSSE, Wis."),
    ("ST. JOSEPH, Mich. (AP) — ", "AP", "ST. JOSEPH, Mich. (AP)", "ST. JOSEPH, Mich."),
    ("MEMPHIS, Tenn. (AP) - ", "AP", "MEMPHIS, Tenn. (AP)", "MEMPHIS, Tenn."),
    ("KABUL, Afghanistan        (AP) -- ", "AP", "KABUL, Afghanistan (AP)", "KABUL, Afghanistan"),
    ("KATHMANDU, April 25 (Reuters) - ", "REUTERS", "KATHMANDU, April 25 (Reuters)", "KATHMANDU"),
    ("BEIRUT/THE HAGUE, March 7 (Reuters) - ", "REUTERS", "BEIRUT/THE HAGUE, March 7 (Reuters)", "BEIRUT/THE HAGUE"),
    ("NEW YORK (Reuters) - ", "REUTERS", "NEW YORK (Reuters)", "NEW YORK"),
    ("(Reuters) — ", "REUTERS", "(Reuters)", None),
    ("[東京 ２６日 ロイター] - ", "REUTERS", "[東京 ２６日 ロイター]", "東京"),
    ("Frankfurt/Main (dpa) - ", "DPA", "Frankfurt/Main (dpa)", "Frankfurt/Main"),
    ("Bogotá (dpa) - ", "DPA", "Bogotá (dpa)", "Bogotá"),
    ("München (SID) - ", "SID", "München (SID)", "München"),
    ("BEIJING, Dec. 16 (Xinhua) -- ", "XINHUA", "BEIJING, Dec. 16 (Xinhua)", "BEIJING"),
    ("WASHINGTON, Dec. 16 (Xinhua) — ", "XINHUA", "WASHINGTON, Dec. 16 (Xinhua)", "WASHINGTON"),
    ("TOKYO (Kyodo) -- ", "KYODO", "TOKYO (Kyodo)", "TOKYO"),
    ("SEOUL, Aug. 20 (Yonhap) -- ", "YONHAP", "SEOUL, Aug. 20 (Yonhap)", "SEOUL"),
    ("WASHINGTON, March 13. /TASS/. ", "TASS", "WASHINGTON, March 13. /TASS/.", "WASHINGTON"),
    ("(EFE).- ", "EFE", "(EFE)", None),
    ("WENEN (ANP) - ", "ANP", "WENEN (ANP)", "WENEN"),
    (
        "Lucknow (Uttar Pradesh) [India], December 17 (ANI): ",
        "ANI",
        "Lucknow (Uttar Pradesh) [India], December 17 (ANI)",
        "Lucknow (Uttar Pradesh) [India]",
    ),
    ("London, Jan 30 (IANS) ", "IANS", "London, Jan 30 (IANS)", "London"),
    ("MENAFN - IANS) ", "IANS", "MENAFN - IANS)", None),
    ("MENAFN - IANS) London, Jan 30 (IANS) ", "IANS", "London, Jan 30 (IANS)", "London"),
    ("Wien (APA) - ", "APA", "Wien (APA)", "Wien"),
    ("Bonn (KNA) - ", "KNA", "Bonn (KNA)", "Bonn"),
    ("Bern (Keystone-SDA) - ", "KEYSTONE-SDA", "Bern (Keystone-SDA)", "Bern"),
    # republisher mutations with the agency tag dropped: a dateline, but no agency evidence
    ("INDIANAPOLIS – ", None, "INDIANAPOLIS", "INDIANAPOLIS"),
    ("SYDNEY, Jan 6 : ", None, "SYDNEY, Jan 6", "SYDNEY"),
    ("VATICAN CITY - ", None, "VATICAN CITY", "VATICAN CITY"),
    ("MAIDUGURI, Nigeria: ", None, "MAIDUGURI, Nigeria", "MAIDUGURI, Nigeria"),
    ("BEIJING : ", None, "BEIJING", "BEIJING"),
]


@pytest.mark.parametrize(("printed", "agency", "dateline", "place"), DATELINES, ids=[d[0][:24] for d in DATELINES])
def test_dateline(printed: str, agency: str | None, dateline: str, place: str | None) -> None:
    found = run(printed + COPY)
    assert found.dateline == dateline
    assert found.dateline_place == place
    assert found.paragraphs == [COPY]
    assert (found.agencies[0] if found.agencies else None) == agency


@pytest.mark.parametrize("nbsp", ["\u00a0", " "])
def test_dateline_with_nbsp(nbsp: str) -> None:
    found = run(f"SEOUL,{nbsp}Aug. 20{nbsp}(Yonhap){nbsp}--{nbsp}{COPY}")
    assert found.dateline == "SEOUL, Aug. 20 (Yonhap)"


TRAILERS = [
    # (last line of the copy as printed, agency credited, removed kind)
    ("Copyright 2024 The Associated Press. All Rights Reserved.", "AP", "copyright"),
    ("Copyright 2023 The Associated Press. All rights reserved", "AP", "copyright"),
    (
        "© 2019 Associated Press. All Rights Reserved. This material may not be published, broadcast, rewritten, "
        "or redistributed.",
        "AP",
        "copyright",
    ),
    (
        "Associated Press writers Alan Fram, Zeke Miller, Laurie Kellman, Colleen Long, Eric Tucker, Lolita Baldor "
        "and Jill Colvin contributed to this report.",
        "AP",
        "contributors",
    ),
    ("With reporting by Associated Press writer Sheikh Saaliq", "AP", "contributors"),
    ("___", "AP", "separator"),
    ("(Reporting by Will Dunham; Editing by Tom Brown)", "REUTERS", "signoff"),
    (
        "Reporting by Gopal Sharma, additional reporting by Lisa Barrington, writing by Shilpa Jamkhandikar, "
        "Editing by Alex Richardson",
        "REUTERS",
        "signoff",
    ),
    ("© Reuters", "REUTERS", "copyright"),
    ("© 0 Reuters. All Rights Reserved.", "REUTERS", "copyright"),
    ("Source: Reuters", "REUTERS", "credit"),
    ("© dpa-infocom, dpa:230428-99-483045/5", "DPA", "agency_id"),
    ("© dpa-infocom, dpa:240516-99-53606/3 (dpa)", "DPA", "agency_id"),
    ("dpa:220124-99-835563/5", "DPA", "agency_id"),
    ("Quelle: dpa", "DPA", "credit"),
    ("(END)", "YONHAP", "end_mark"),
    ("kokobj@yna.co.kr", "YONHAP", "contact"),
    ("burs-hs/dhc", "AFP", "desk_slug"),
    ("pst/fox", "AFP", "desk_slug"),
    ("(Quelle: APA/sda/dpa)", "APA", "source"),
    ("©2016 Bloomberg L.P. All Rights Reserved", "BLOOMBERG", "copyright"),
    ("==Kyodo", "KYODO", "credit"),
    ("(ANI)", "ANI", "credit"),
]


@pytest.mark.parametrize(("line", "agency", "kind"), TRAILERS, ids=[t[0][:24] for t in TRAILERS])
def test_trailer_line(line: str, agency: str, kind: str) -> None:
    found = run(COPY, line)
    assert found.paragraphs == [COPY]
    assert (kind, line) in {(r.kind, r.text) for r in found.removed}
    assert agency in found.agencies


TAILS = [
    (COPY + " (KNA 19.11.21)", "KNA", "(KNA 19.11.21)"),
    (COPY + " (ANI)", "ANI", "(ANI)"),
    (COPY + "  AFP", "AFP", "AFP"),
    (COPY + " REUTERS", "REUTERS", "REUTERS"),
    (COPY + " (Quelle: APA/sda/dpa)", "APA", "(Quelle: APA/sda/dpa)"),
]


@pytest.mark.parametrize(("text", "agency", "tail"), TAILS, ids=[t[1] for t in TAILS])
def test_trailer_glued_to_last_paragraph(text: str, agency: str, tail: str) -> None:
    found = run(text)
    assert found.paragraphs == [COPY]
    assert tail in {r.text for r in found.removed}
    assert agency in found.agencies


CREDITS = [
    ("(AP Photo/Darron Cummings)", "AP", "AP Photo/Darron Cummings"),
    ("JACK GUEZ AFP", "AFP", "JACK GUEZ AFP"),
    ("PHOTO: AFP/FILE", "AFP", "AFP/FILE"),
    ("© AFP", "AFP", "© AFP"),
    ("REUTERS/Louiza Vradi", "REUTERS", "REUTERS/Louiza Vradi"),
    ("Bild: SN/APA/KEYSTONE/CYRIL ZINGARO", "APA", "SN/APA/KEYSTONE/CYRIL ZINGARO"),
    ("Foto: © Dieter Mayr (KNA)", "KNA", "© Dieter Mayr (KNA)"),
    ("Foto: © SID", "SID", "© SID"),
]


@pytest.mark.parametrize(("line", "agency", "credit"), CREDITS, ids=[c[0][:20] for c in CREDITS])
def test_photo_credit_line(line: str, agency: str, credit: str) -> None:
    found = run(COPY, line, COPY)
    assert found.photo_credit == credit
    assert agency in found.agencies
    assert found.paragraphs == [COPY, COPY]


def test_caption_with_ap_photo_credit() -> None:
    caption = "Indiana Gov. Eric Holcomb speaks in Indianapolis, Friday, April 28, 2023. (AP Photo/Darron Cummings)"
    found = run(caption, COPY)
    assert found.photo_credit == "AP Photo/Darron Cummings"
    assert found.photo_caption == "Indiana Gov. Eric Holcomb speaks in Indianapolis, Friday, April 28, 2023."


@pytest.mark.parametrize(
    ("line", "subhead"),
    [
        ("- Team effort -", "Team effort"),
        ("- Bulgaria, Romania, Moldova return -", "Bulgaria, Romania, Moldova return"),
        ("- 'Largest voyage ever' -", "'Largest voyage ever'"),
    ],
)
def test_afp_subheads(line: str, subhead: str) -> None:
    found = run(COPY, line, COPY)
    assert found.subheads == [subhead]
    assert found.body_parts == [COPY, subhead, COPY]


# Author metadata credits the agency as an author: it is an agency credit and stays in the byline.
@pytest.mark.parametrize(
    ("byline", "people", "agencies", "place"),
    [
        ("AFP, MANILA", ["AFP"], ["AFP"], "MANILA"),
        ("Par Le Figaro et AFP", ["Le Figaro", "AFP"], ["AFP"], None),
        ("Felix Schröder, Jörg Soldwisch, dpa", ["Felix Schröder", "Jörg Soldwisch", "dpa"], ["DPA"], None),
        ("By ASSOCIATED PRESS", ["ASSOCIATED PRESS"], ["AP"], None),
        ("By Reuters Staff", ["Reuters Staff"], ["REUTERS"], None),
        ("Konstantin Furrer; Deutsche Presse-Agentur", ["Konstantin Furrer", "Deutsche Presse-Agentur"], ["DPA"], None),
        ("GREG BEACHAM, AP Sports Writer", ["GREG BEACHAM", "AP Sports Writer"], ["AP"], None),
        ("Anna Muster (amu) und Ole Nordmann", ["Anna Muster", "Ole Nordmann"], [], None),
        ("Kari Nordmann og Ola Nordmann", ["Kari Nordmann", "Ola Nordmann"], [], None),
        ("Jane Roe, jane.roe@daily.example", ["Jane Roe"], [], None),
        ("Lena Berg (dpa)", ["Lena Berg"], ["DPA"], None),
    ],
)
def test_byline_credits(byline: str, people: list[str], agencies: list[str], place: str | None) -> None:
    found = run(COPY, byline=[byline])
    assert found.byline == people
    assert found.agencies == agencies
    assert found.dateline_place == place


def test_headline_agency_tag_is_a_credit() -> None:
    found = WireFields()
    assert clean_headline("Tas Catholic school teachers walk off job (AAP)", None, found) == (
        "Tas Catholic school teachers walk off job"
    )
    assert found.agencies == ["AAP"]


def test_article_sentences_that_mention_agencies_stay() -> None:
    middle = "The two countries agreed to disclose the deployment, Yang Moo-jin told AFP."
    quoted = "A spokesman confirmed the figure to The Associated Press (AP) on Monday, and more talks followed."
    found = run(COPY, middle, quoted, "He said the team would (AP) report later", COPY)
    assert found.paragraphs == [COPY, middle, quoted, "He said the team would (AP) report later", COPY]
    assert found.agencies == []


def test_every_agency_file_has_a_docstring_with_an_example() -> None:
    import importlib

    codes = set()
    for agency in all_agencies():
        module = importlib.import_module(f"wirenorm.normalizer.agencies.{agency.code.lower().replace('-', '_')}")
        assert module.__doc__ and "xample" in module.__doc__, agency.code
        codes.add(agency.code)
    assert codes >= {
        "AFP",
        "AP",
        "REUTERS",
        "DPA",
        "XINHUA",
        "YONHAP",
        "KYODO",
        "EFE",
        "APA",
        "KNA",
        "SID",
        "ANP",
        "ANI",
        "IANS",
        "AAP",
        "TASS",
        "BLOOMBERG",
        "KEYSTONE-SDA",
    }


PAGE_WIDE = {"copyright", "signoff", "contributors", "disclaimer", "agency_id", "standards", "source"}


@pytest.mark.parametrize(("line", "agency", "kind"), [t for t in TRAILERS if t[2] in PAGE_WIDE])
def test_page_wide_lines_carry_a_mark_their_agency_file_declares(line: str, agency: str, kind: str) -> None:
    from wirenorm.normalizer.agencies import by_code

    assert any(m.lower() in line.lower() for m in by_code(agency).rule.marks), line


def test_agency_vocabulary_lives_in_the_agency_files_only() -> None:
    """No agency name, tag or mark in the string literals of the engines or the run layer."""
    import ast

    import wirenorm

    root = Path(wirenorm.__file__).parent
    engines = [root / "normalizer" / "wire.py", root / "normalizer" / "extract" / "html.py", *root.glob("runs/*.py")]
    vocabulary = set()
    for agency in all_agencies():
        vocabulary |= {*agency.rule.names, *agency.rule.tags, *agency.rule.marks, *agency.rule.dateline_marks}
    vocabulary = {v for v in vocabulary if len(v) >= 3}
    found = []
    for path in engines:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found += [
                    f"{path.name}: {word!r}" for word in vocabulary if re.search(rf"\b{re.escape(word)}\b", node.value)
                ]
    assert not found
