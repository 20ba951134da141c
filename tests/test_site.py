"""The site's name in a text dump: the printed name its address spells. Invented sites, laid out
the way dumps print mastheads, logos, footers and link lists."""

from __future__ import annotations

from tests.test_text import HEADLINE, PARAS, page
from wirenorm import normalize
from wirenorm.normalizer.extract.site import site_name, title_site


def test_masthead_line_the_host_spells_is_the_site() -> None:
    lines = ["Skip to main content", "Dumptown Herald", "  • Home", "  • Sport"]
    assert site_name(lines, "https://www.dumptownherald.example/sport/story") == "Dumptown Herald"


def test_copyright_holder_keeps_its_the_and_drops_the_company_form() -> None:
    lines = ["Copyright © 1999-2025 The Riverside Courier, LLC. All rights reserved."]
    assert site_name(lines, "https://riversidecourier.example/a/1") == "The Riverside Courier"
    assert site_name(["© Harbourlight Pty Ltd. All rights reserved."], "https://www.harbourlight.example/x") == (
        "Harbourlight"
    )


def test_name_read_by_its_initials_inside_a_link_list() -> None:
    lines = ["  • Northern Wire Korea Stories", "  • Advertise with Northern Wire Agency", "About Northern Wire"]
    assert site_name(lines, "https://en.nwa.example.kr/view/123") == "Northern Wire Agency"


def test_mixed_case_form_wins_over_a_logo_in_capitals() -> None:
    lines = ["RIVER NEWS", "Email:[Get River News stories ]Go", "RIVER NEWS", "Download RIVER NEWS"]
    assert site_name(lines, "https://rivernews.example/article/abc") == "River News"


def test_no_printed_name_fits_the_host() -> None:
    lines = ["Harbour Gazette", "Sport", "Weather", "Contact us"]
    assert site_name(lines, "https://www.rivertown-news.example/local/x") is None
    # a name in a paragraph is not read: prose names other sites
    prose = "Rivertown News reported " + "that the council met again on Tuesday to vote on the bridge. " * 4
    assert site_name([prose], "https://www.rivertown-news.example/local/x") is None
    # a German article opening a sentence is no part of the name
    assert site_name(["Der Stadtbote berichtet"], "https://www.stadtbote.example/a") == "Stadtbote"


def test_text_path_record_carries_the_site_name() -> None:
    text = page(["Rivertown News", HEADLINE], ["© 2025 Rivertown News. All rights reserved."])
    url = "https://www.rivertown-news.example/local/council-shuts-harbour-bridge-to-cars-over-rust-fears"
    article = normalize(text, url, content_type="text/plain")
    assert article.site_name == "Rivertown News"
    assert article.headline == HEADLINE


def test_site_named_by_its_address_and_cut_from_the_headline() -> None:
    assert site_name(["STADTBOTE.DE - zur Startseite"], "https://www.stadtbote.example/a/b") == "STADTBOTE.DE"
    # an exported title line carries the site's name after a bar: it is the site, not the headline
    url = "https://www.stadtbote.example/lokales/council-shuts-harbour-bridge-to-cars-over-rust-fears"
    text = page([f"{HEADLINE} | STADTBOTE.DE"], [])
    article = normalize(text, url, content_type="text/plain")
    assert (article.headline, article.site_name) == (HEADLINE, "STADTBOTE.DE")


def test_accented_names_and_the_page_title_of_a_page_without_a_declared_name() -> None:
    assert site_name(["Habertürk Gazetesi", "© Habertürk"], "https://www.haberturk.example/gundem") == "Habertürk"
    assert title_site("Las obras del puente empiezan en mayo - Público", "https://www.publico.example/x") == "Público"
    assert title_site("Las obras del puente empiezan en mayo", "https://www.publico.example/x") is None
    html = (
        "<html><head><title>Council shuts harbour bridge - Ría Gazette</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</article></body></html>"
    )
    assert normalize(html, "https://riagazette.example/local/bridge").site_name == "Ría Gazette"
