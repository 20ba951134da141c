"""The text path: plain-text dumps (w3m, lynx, inscriptis, WET records, copy-paste) as first-class
input. Every page here is invented text laid out the way real dumps lay pages out."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.warcwriter import WARCWriter

from tests.conftest import FIXTURES
from wirenorm import NormalizeError, normalize
from wirenorm.crawl.archive import read_warc
from wirenorm.crawl.items import Item
from wirenorm.normalizer.extract.chrome import chrome_kind
from wirenorm.normalizer.extract.dates import find_date, short_date
from wirenorm.normalizer.extract.text import logical_lines, repeated_lines, wrap_width
from wirenorm.runs.batch import process_items

PARAS = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from next spring, "
    "after engineers warned that its steel frame had corroded faster than expected.",
    "Cyclists and pedestrians will still be able to cross, the council said, while a ferry service "
    "will carry commuters between the two districts until a new bridge opens.",
    "Shop owners on the northern bank said they feared losing customers, and asked the council to "
    "pay for signs pointing drivers to the nearest car parks during the works.",
    "The new bridge, designed by a local firm, is expected to cost about forty million euros and "
    "should open within four years if the regional government approves the plans.",
]
HEADLINE = "Council shuts harbour bridge to cars over rust fears"
URL = "https://www.rivertown-news.example/local/council-shuts-harbour-bridge-to-cars-over-rust-fears"


def dump(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def page(top: list[str], bottom: list[str], paras: list[str] = PARAS) -> str:
    return dump(*top, *paras, *bottom)


def removed_kinds(article) -> dict[str, str]:
    return {r.text: r.kind for r in article.removed}


def test_article_is_found_among_menus_widgets_and_footers() -> None:
    text = page(
        [
            "Skip to main content",
            "  • Home\n  • Local\n  • Politics\n  • Sport\n  • Weather",
            "Rivertown News",
            "LOCAL",
            HEADLINE,
            "By Anna Berg and Tom Lind",
            "Published Nov 18, 2025, 9:14 am",
            "4 min read",
            "Share  Tweet  Email  12 Comments",
        ],
        [
            "Related stories",
            "  • Ferry timetable changes from Monday\n  • Mayor opens new library wing",
            "We use cookies to improve your experience. By continuing you accept our cookie policy.",
            "Sign up for our morning newsletter",
            "© 2025 Rivertown Media Ltd. All rights reserved.",
        ],
    )
    article = normalize(text, URL, content_type="text/plain")
    assert article.headline == HEADLINE
    assert article.byline == ["Anna Berg", "Tom Lind"]
    assert article.published_at == datetime(2025, 11, 18, 12, 0, tzinfo=UTC)  # the day, at noon UTC
    assert article.paragraphs == PARAS
    kinds = removed_kinds(article)
    assert kinds["Skip to main content"] == "skip_link"
    assert kinds["Share Tweet Email 12 Comments"] == "share"
    assert kinds["4 min read"] == "read_time"
    assert kinds["Related stories"] == "related"
    assert kinds["Sign up for our morning newsletter"] == "newsletter"
    assert kinds["© 2025 Rivertown Media Ltd. All rights reserved."] == "footer"
    assert "We use cookies" in next(t for t, k in kinds.items() if k == "consent")
    assert kinds["Home"] == "pre_copy" and kinds["Ferry timetable changes from Monday"] == "after_copy"
    assert kinds[HEADLINE] == "headline"
    for line in ("Rivertown News", "LOCAL", "Home", "cookie", "newsletter", "©"):
        assert line not in article.body


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Skip to content", "skip_link"),
        ("Zum Inhalt springen", "skip_link"),
        ("Teilen  Facebook  WhatsApp  E-Mail", "share"),
        ("1.2K shares", "share"),
        ("Link copied", "share"),
        ("234 Kommentare", "comments"),
        ("All Comments 4", "comments"),
        ("Comments (12)", "comments"),
        ("Please enable JavaScript to view the comments powered by Disqus.", "comments"),
        ("Partecipa alla discussione", "comments"),
        ("Join the conversation", "comments"),
        ("Accept all cookies", "consent"),
        ("Zustimmen", "consent"),  # the button alone
        ("Back to video", "skip_link"),
        ("Du befindest dich hier: Home » Gesellschaft » Ein Titel", "skip_link"),
        ("To revisit this article, visit My Profile, then View saved stories", "share"),
        ("メールで送る", "share"),
        ("Newsletter abonnieren", "newsletter"),
        ("Enter your email address", "newsletter"),
        ("DAX 18.492,16 +0,54%", "ticker"),
        ("EUR/USD 1,0823", "ticker"),
        ("Read more: Ferry timetable changes from Monday", "related"),
        ("Mehr zum Thema", "related"),
        ("Lesen Sie auch", "related"),
        ("Copyright 2025 Rivertown Media", "footer"),
        ("Impressum", "footer"),
        ("Advertisement", "advertisement"),
        ("This advertisement has not loaded yet.", "advertisement"),
        ("[image]", "image"),
        ("Lesezeit: 3 Min.", "read_time"),
        ("01:43 min", "read_time"),  # a video's length, not a time of day
        ("Most read in Football", "related"),
        ("Les også: Ministeren svarer", "related"),
        ("Mer om", "related"),
        ("Del artikkel", "share"),
        ("Share this Story", "share"),
        ("Weitere Themen", "related"),
        ("Schlagwörter zu diesem Artikel", "tags"),
        ("Topics", "tags"),
        ("Empfohlener redaktioneller Inhalt", "embed"),
        ("Ich bin damit einverstanden, dass mir Inhalte von YouTube angezeigt werden.", "embed"),
        ("Allow content from Instagram", "embed"),
        ("新規登録", "newsletter"),
        ("SPONSORED CONTENT", "advertisement"),
        ("Image 1 of 4", "gallery"),
        ("11 of 12 |", "gallery"),
        ("Back to Gallery", "gallery"),
        ("Updated [hour]:[minute] [AMPM] [timezone], [monthFull] [day], [year]", "template"),
        ("{{ article.title }}", "template"),
        ("for-phone-only for-tablet-portrait-up for-desktop-up", "markup"),
        ("facebook_url", "markup"),
        ("Follow Us", "share"),
        ("( )Eine wärmende Suppe.", "form"),
        ("Vis mer", "skip_link"),
        ("Mehr", "skip_link"),
        ("Czytaj więcej", "related"),
        ("https://p.rivertown-news.example/p/4SUrv", "url"),
        ("Thanks for signing up!", "newsletter"),
        ("The next issue of Harbour Weekly will soon be in your inbox.", "newsletter"),
        ("Descrease article font size", "share"),
        ("Copy article link", "share"),
        ("Mehr anzeigen", "skip_link"),
        ("Rund 400 Fährleute protestieren gegen späteren Ruhestand | mehr", "related"),
        (
            "Share this item on Facebook facebook Share this item on X x Send this page to someone via email email",
            "share",
        ),
        (
            "Opinions expressed are solely those of the author and do not reflect the views of our editors.",
            "disclaimer",
        ),
        ("Die Kommentare im Forum geben nicht notwendigerweise die Meinung der Redaktion wieder.", "disclaimer"),
        ("Aktien, Fonds und andere Anlagen sind grundsätzlich mit einem Risiko verbunden.", "disclaimer"),
        ("Ad block users: Some site features may not work while an ad blocker is enabled.", "disclaimer"),
        (
            "Die mit einem Symbol gekennzeichneten Links sind Affiliate-Links. Kommt darüber ein Kauf zustande, "
            "erhalten wir eine Provision.",
            "disclaimer",
        ),
        ("LinkedIn Link kopiert Error occurred Facebook Link kopiert Error occurred", "share"),
        (
            "Privacy Notice: Newsletters may contain information about charities, online ads and content funded "
            "by outside parties. If you do not have an account, we will create a guest account for you on "
            "rivertown-news.example to send you this newsletter. You can complete full registration at any "
            "time. For more information about how we use your data see our Privacy Policy. We use a captcha "
            "service to protect our website.",
            "consent",
        ),
        (
            "Privacy Notice: Newsletters may contain info about charities and online ads. See our Privacy Policy.",
            "consent",
        ),
    ],
)
def test_each_kind_of_chrome_line_is_named(line: str, kind: str) -> None:
    assert chrome_kind(" ".join(line.split())) == kind


@pytest.mark.parametrize(
    "line",
    [
        PARAS[0],
        "Share prices fell sharply on Tuesday after the central bank raised its key rate again, "
        "and analysts said the cookie maker's profit warning weighed on the whole sector.",
        "The minister said the YouTube content was removed on Friday.",
        "Several studies suggest that tracking your intake may aid long-term weight management (27, 28).",
        "Mer omfattende tiltak trengs for å stanse lekkasjene, sier ingeniøren til avisen.",
        '"[We] have agreed to let [our] artists perform [the songs] again," the label said.',
    ],
)
def test_prose_that_mentions_chrome_words_is_not_chrome(line: str) -> None:
    assert chrome_kind(line) is None


def test_kicker_above_the_headline_stays_out_and_site_name_is_not_the_headline() -> None:
    text = page(["Rivertown News", "Infrastructure", HEADLINE, "18.11.2025, 09:14"], [])
    article = normalize(text, URL, content_type="text/plain")
    assert article.headline == HEADLINE
    assert article.published_at is not None and article.published_at.date().isoformat() == "2025-11-18"


@pytest.mark.parametrize(
    ("line", "kicker"),
    [
        (f"Town Hall {HEADLINE}", "Town Hall"),  # a capitalised phrase glued before it
        (f'"We had no choice"{HEADLINE}', '"We had no choice"'),  # a quote glued without a space
        (f"Rust alarm – {HEADLINE}", "Rust alarm"),
        (f"Share this Story : {HEADLINE}", "Share this Story"),  # chrome, even with a colon
    ],
)
def test_a_kicker_glued_to_the_headline_is_cut_where_the_slug_begins(line: str, kicker: str) -> None:
    article = normalize(page(["Rivertown News", line, "18.11.2025, 09:14"], []), URL, content_type="text/plain")
    assert article.headline == HEADLINE
    assert removed_kinds(article)[kicker] == "kicker"


@pytest.mark.parametrize(
    "line",
    [
        f"Bridge crisis: {HEADLINE}",  # the publisher's own "kicker: headline" title
        f"The {HEADLINE}",  # words that run on into the headline
        f"Engineers say after {HEADLINE}",
    ],
)
def test_a_headline_the_slug_starts_inside_is_kept_whole_when_nothing_sets_a_kicker_off(line: str) -> None:
    article = normalize(page(["Rivertown News", line, "18.11.2025, 09:14"], []), URL, content_type="text/plain")
    assert article.headline == line


def test_a_headline_printed_three_times_is_the_headline_not_a_label() -> None:
    short = "Harbour bridge shuts to cars"
    url = "https://www.rivertown-news.example/local/harbour-bridge-shuts-to-cars/"
    top = ["Rivertown News / Local", short, "Nov 18, 2025", "Listen to the article", short, "Share", "Menu"]
    article = normalize(page(top, [short, "Menu", "Menu"]), url, content_type="text/plain")
    assert article.headline == short
    assert removed_kinds(article)["Menu"] == "repeated"  # a short label printed three times still is one


def test_slug_letters_without_a_decomposition_still_spell_the_headline() -> None:
    headline = "Kışın ılık kıyı sıcaklığı artıyor"  # `ı` has no decomposition: slugs write `i`
    url = "https://haber.example/yerel/kisin-ilik-kiyi-sicakligi-artiyor,123"
    top = [headline, "Liman köprüsünün yenilenmesi için ihale açıldı", "Paylaş"]
    article = normalize(page(top, []), url, content_type="text/plain")
    assert article.headline == headline


def test_the_headline_is_the_line_over_its_date_not_a_picture_description_nearer_the_copy() -> None:
    headline = "Council shuts old crossing to cars over rust fears"
    top = [
        "Rivertown News",
        headline,
        "Nov 18, 2025",
        "By Jan Holm",
        *["Facebook", "Email", "Print", "Share", "Reddit", "Bluesky"],
        "A cyclist crosses the old bridge under grey skies near the harbour",
        "The old bridge. Photo: Jan Holm",
    ]
    article = normalize(page(top, []), "https://www.rivertown-news.example/a/183412", content_type="text/plain")
    assert article.headline == headline
    assert article.byline == ["Jan Holm"]


def test_a_button_printed_twice_inside_the_copy_is_not_the_headline() -> None:
    button = "Go to the offer at Rivertown Ferries: season ticket for 5.99 euros"
    body = [PARAS[0], "Advertisement", button, button, *PARAS[1:]]
    article = normalize(
        dump("Local news", HEADLINE, "*", *body), "https://rivertown.example/news,1424.html", content_type="text/plain"
    )
    assert article.headline == HEADLINE
    assert article.paragraphs[0] == PARAS[0]


def test_a_widget_label_glued_after_the_headline_is_cut_off() -> None:
    text = page(["Rivertown News", f"{HEADLINE} Back to video", "18.11.2025, 09:14"], [])
    article = normalize(text, URL, content_type="text/plain")
    assert article.headline == HEADLINE
    assert removed_kinds(article)["Back to video"] == "skip_link"
    ads = "Council votes to ban billboard ads"  # one chrome word ends many a headline
    text = page(["Rivertown News", ads, "18.11.2025, 09:14"], [])
    assert normalize(text, "https://rivertown.example/a/1", content_type="text/plain").headline == ads


def test_a_flattened_language_menu_is_not_the_headline() -> None:
    languages = "English Français Español Català Português Deutsch Nederlands Suomi Svenska Polski Čeština Magyar"
    menu = f"{languages} Română Hrvatski Srpski Slovenčina Bahasa Indonesia हिन्दी 한국어"  # uncased scripts too
    text = page(["Rivertown News", HEADLINE, "*", menu], [])
    article = normalize(text, "https://www.rivertown-news.example/a/1834", content_type="text/plain")
    assert article.headline == HEADLINE


def test_a_japanese_photo_caption_is_not_the_headline() -> None:
    headline = "港の橋、車両通行止めへ　さびの進行で市議会が決定"
    paras = [
        "市議会は18日、港にかかる古い橋について、来年春から車両の通行を禁止することを決めた。技術者が鉄骨の腐食が予想より早く進んでいると警告していた。",
        "歩行者と自転車は引き続き通行でき、新しい橋が完成するまでは両地区を結ぶフェリーが運航される。市は周辺の商店への支援策も検討している。",
        "新しい橋は地元の企業が設計し、建設費はおよそ60億円と見込まれている。県の承認が得られれば、4年以内に開通する予定だという。",
    ]
    caption = "通行止めが決まった港の橋＝18日、市内で"
    text = dump("リバータウン新聞", headline, "2025/11/18 09:14", caption, *paras)
    article = normalize(text, "https://www.rivertown.example.jp/articles/-/1834", content_type="text/plain")
    assert article.headline == headline.replace("\u3000", " ")  # spaces are folded, the ideographic one too
    assert article.paragraphs == paras


def test_photo_caption_between_headline_and_copy_is_not_the_headline() -> None:
    text = page(
        [HEADLINE, "[image]", "The old harbour bridge at dusk. Photo: Jan Holm", "Nov 18, 2025"],
        ["Comments", "Log in to comment"],
    )
    article = normalize(text, URL, content_type="text/plain")
    assert article.headline == HEADLINE
    assert article.photo_caption == "The old harbour bridge at dusk. Photo: Jan Holm"
    assert article.paragraphs == PARAS


def test_a_comments_heading_ends_the_copy_however_much_prose_follows() -> None:
    """Readers' posts, a summary box and a cookie table below the comments read like prose."""
    after = [
        "All Comments 3",
        "Well said, and about time the council listened to the people who use the ferry every day.",
        "Summary",
        "The council voted to keep the ferry running through the winter, after residents protested the cut.",
        "The library will extend its opening hours while the bridge is being repaired over the next months.",
        *[
            f"cookie_{n} 1 year This cookie is set by the analytics provider to record how visitors use the site "
            "and which pages they read, so that the operator can improve the service it offers."
            for n in range(6)
        ],
    ]
    article = normalize(page([HEADLINE], after), URL, content_type="text/plain")
    assert article.paragraphs == PARAS


def test_teasers_of_other_stories_after_the_copy_are_left_out() -> None:
    teasers = []
    for n in range(4):
        teasers += [
            f"Story number {n} about the ferry",
            f"A short teaser of story number {n}, about a ferry and a library, to make readers click through.",
            f"vor {n + 2} Stunden",
        ]
    article = normalize(
        page([HEADLINE], ["Das könnte Sie auch interessieren", *teasers]), URL, content_type="text/plain"
    )
    assert article.paragraphs == PARAS
    assert not any("teaser" in p for p in article.paragraphs)


def test_cards_of_other_stories_after_the_copy_are_left_out_and_subheads_are_not_cards() -> None:
    cards = []
    for town in ("Eastmoor", "Kilbride", "Hollow Bay", "Sandwick"):
        cards += [
            f"{town} library reopens after the floods",  # a title line, then a one-sentence summary
            f"Readers in {town} can borrow books again from Monday, the council said on Friday.",
        ]
    extra = [
        "",
        "Engineers will inspect the bridge every month during the closure, and a report on its state will be "
        "published each quarter on the council's website.",
        "Ferry tickets will cost the same as a bus fare, and season tickets for commuters will be sold at the "
        "town hall and at both landing stages from next month.",
        "The ferry operator said two boats would run every fifteen minutes at rush hour and every half hour "
        "in the evenings and at weekends.",
    ]
    copy = [PARAS[0], "What the closure means", PARAS[1], extra[1], "Who pays for it?", PARAS[2], "When will it end?"]
    copy += [PARAS[3], "The ferry", extra[2], extra[3]]
    article = normalize(dump(HEADLINE, *copy, *cards), URL, content_type="text/plain")
    assert article.paragraphs == [PARAS[0], PARAS[1], extra[1], PARAS[2], PARAS[3], extra[2], extra[3]]
    assert article.subheads == ["What the closure means", "Who pays for it?", "When will it end?", "The ferry"]
    assert removed_kinds(article)[cards[1]] == "teaser"


def test_cards_with_a_picture_description_over_each_title_are_left_out() -> None:
    cards = []
    for town in ("Eastmoor", "Kilbride", "Hollow Bay", "Sandwick"):
        cards += [
            f"A reader browses the shelves of the {town} library on its first day open again.",  # alt text
            f"{town} library reopens after the floods",
            f"Readers in {town} can borrow books again from Monday, the council said on Friday.",
        ]
    article = normalize(dump(HEADLINE, *PARAS, "More from the region", *cards), URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert removed_kinds(article)[cards[5]] == "teaser"


def test_the_next_story_a_page_loads_below_the_article_foot_is_left_out() -> None:
    next_story = [
        "Ferry strike called off: - A relief",
        "The ferry crews' union said on Wednesday it had reached a deal with the operator after two days of talks.",
        "Jan Holm",
        "Published 19.11.2025 - 08:10",
        "Crews had walked out on Monday over pay and rosters, leaving commuters to queue for buses on both banks.",
    ]
    foot = ["Share article", "More on", "bridges harbour council rivertown"]
    article = normalize(page([HEADLINE], [*foot, *next_story]), URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert removed_kinds(article)["Share article"] == "share"


def test_labels_and_advertisements_inside_the_copy_do_not_cut_it() -> None:
    ad = ["Advertisement 1", "This advertisement has not loaded yet.", "Advertisement", "Story continues below"]
    more = [f"{p[:-1]}, officials added on Wednesday." for p in PARAS]
    body = []
    for para in PARAS + more:
        body += [para, "Article content"]  # a label printed between every paragraph
    body[4:4] = ad * 3
    article = normalize(dump(HEADLINE, *body, "Comments"), URL, content_type="text/plain")
    assert article.paragraphs == PARAS + more
    assert removed_kinds(article)["Article content"] == "repeated"


def test_short_first_paragraphs_under_the_byline_and_date_are_copy_not_teasers() -> None:
    promo = [
        "New to the Rivertown app? It helps you follow your district's news, and you can try it for free today.",
        "A file photograph shows the old harbour bridge at dusk, seen from the northern bank of the river.",
        "Subscribers read every story without limits, on the web and in the app, and can cancel at any time.",
    ]
    first = [
        "RIVERTOWN, Nov 18 — The bridge closes to cars in spring, the council said.",
        "Cyclists and people on foot may still cross it, the mayor added.",
    ]
    text = dump(HEADLINE, *promo, "By Anna Berg", "Tuesday, 18 Nov 2025 4:55 PM", *first, *PARAS)
    article = normalize(text, URL, content_type="text/plain")
    assert article.paragraphs[-len(PARAS) - 2 :] == [*first, *PARAS]


def test_copy_after_a_dated_box_inside_the_article_stays_copy() -> None:
    more = [
        "Engineers will inspect the bridge every month during the closure, and a report on its state will be "
        "published each quarter on the council's website, the head of the works department said.",
        "Ferry tickets will cost the same as a bus fare, and season tickets for commuters will be sold at the "
        "town hall and at both landing stages from next month, according to the operator.",
        "Two boats will run every fifteen minutes at rush hour and every half hour in the evenings and at "
        "weekends, and a third will be kept in reserve for breakdowns and busy market days.",
    ]
    texts = [*PARAS, *more]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    # longer than any teaser's summary
    long = [f"On {d}, {a} {b}" for d, a, b in zip(days, texts, texts[1:] + texts[:1], strict=True)]
    box = ["Harbour: the council orders two new electric ferries for the crossing.", "25.10.2025"]
    # (deep in the copy: a date among the copy's first lines is taken for the article's own)
    article = normalize(dump(HEADLINE, *PARAS, *long[:4], *box, *long[4:]), URL, content_type="text/plain")
    assert article.paragraphs == [*PARAS, *long]
    assert removed_kinds(article)[box[0]] == "teaser"


@pytest.mark.parametrize("again", ["Published 18.11.2025, 09:14", "Source: Rivertown TV 18.11.2025"])
def test_the_last_short_paragraph_beside_the_articles_own_date_printed_again_stays(again: str) -> None:
    last = (
        "The council will vote on the final plans in March, after a consultation that opens next week at the town hall."
    )
    stamp = "Published 18.11.2025, 09:14"
    article = normalize(dump(HEADLINE, stamp, *PARAS, last, again, "More news"), URL, content_type="text/plain")
    assert article.paragraphs == [*PARAS, last]


def test_a_box_of_links_printed_twice_inside_the_copy_is_left_out() -> None:
    links = []
    for title, label in [
        ("Ferry crews call off their strike after talks", "DEAL DONE"),
        ("Library reopens after floods", "BACK"),
    ]:
        links += [f"{title} {label}", title]  # picture title with its label, then the link text
    article = normalize(dump(HEADLINE, *PARAS[:2], *links, *PARAS[2:]), URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert removed_kinds(article)[links[1]] == "teaser"


def test_a_box_of_story_titles_inside_the_copy_is_left_out_but_the_headline_zone_is_not() -> None:
    box = [
        "Trending",
        "Ferry crews call off their strike",
        "Library reopens after the floods",
        "Mayor opens the new skate park",
        "Storm warning for the coast tonight",
    ]
    top = ["Local news", "Bridges", HEADLINE, "The old harbour bridge at dusk", "By Jan Holm", "Nov 18, 2025"]
    article = normalize(dump(*top, *PARAS[:2], *box, *PARAS[2:]), URL, content_type="text/plain")
    assert article.headline == HEADLINE
    assert article.paragraphs == PARAS
    assert removed_kinds(article)[box[2]] == "link_list"


def test_wrapped_dump_is_joined_back_into_paragraphs() -> None:
    import textwrap

    wrapped = [textwrap.fill(p, 80) for p in PARAS]
    text = dump(textwrap.fill(HEADLINE + " as printed on a narrow terminal screen today", 40), *wrapped)
    assert wrap_width(text.split("\n")) is not None
    lines = [line.text for line in logical_lines(dump(*wrapped))]
    assert lines == PARAS
    assert normalize(dump(HEADLINE, *wrapped), URL, content_type="text/plain").paragraphs == PARAS


def _wrap_wide(text: str, columns: int = 80) -> list[str]:
    """Wrap as w3m does Japanese: at any character, two columns each."""
    per_line = columns // 2
    return [text[i : i + per_line] for i in range(0, len(text), per_line)]


def test_japanese_paragraphs_a_renderer_ran_together_are_told_apart() -> None:
    paras = [
        "市議会は18日、港にかかる古い橋について、来年春から車両の通行を禁止することを決めた。技術者が鉄骨の腐食が予想より早く進んでいると警告していた。歩行者と自転車は引き続き通行できる。",
        "新しい橋は地元の企業が設計し、建設費はおよそ60億円と見込まれている。県の承認が得られれば、4年以内に開通する予定だという。市は周辺の商店への支援策も検討している。",
    ]
    caption = "通行止めが決まった港の橋＝18日"
    # each paragraph opens with an ideographic space; the caption follows a paragraph's short last line
    raw = [*_wrap_wide("\u3000" + paras[0]), caption, *_wrap_wide("\u3000" + paras[1])]
    filler = [*_wrap_wide("\u3000" + paras[1] * 2)]  # enough wrapped lines to tell the wrap column
    lines = [line.text for line in logical_lines("\n".join([*raw, "", *filler]))]
    assert lines[:3] == [paras[0], caption, paras[1]]


def test_copy_opening_with_its_dateline_under_a_picture_is_no_caption() -> None:
    first = f"Rivertown (dpa) - {PARAS[0]}"
    article = normalize(dump(HEADLINE, "[bridge-photo]", first, *PARAS[1:]), URL, content_type="text/plain")
    assert article.photo_caption is None
    assert article.dateline_place == "Rivertown" and article.agency == "DPA"


def test_a_short_line_printed_twice_inside_the_copy_is_a_caption() -> None:
    picture = "The old harbour bridge at dusk from the north bank"
    article = normalize(dump(HEADLINE, *PARAS[:3], picture, picture, PARAS[3]), URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert article.photo_caption == picture


def test_unwrapped_dump_is_left_as_it_is() -> None:
    text = dump("Short line one", "Short line two", *PARAS)
    assert wrap_width(text.split("\n")) is None
    assert [line.text for line in logical_lines(text)] == ["Short line one", "Short line two", *PARAS]


def test_list_items_in_a_dump_keep_their_text_without_markers() -> None:
    lines = logical_lines("  • Home\n  • A longer menu entry that a narrow\n    terminal wrapped\n")
    assert [(line.text, line.bullet) for line in lines] == [
        ("Home", True),
        ("A longer menu entry that a narrow", True),
        ("terminal wrapped", False),
    ]


@pytest.mark.parametrize(
    ("text", "language", "day"),
    [
        ("Veröffentlicht am 06.01.2026, 14:02 Uhr", "de", "2026-01-06"),
        ("6. Januar 2026", "de", "2026-01-06"),
        ("Publiziert6. November 2025, 12:26", None, "2025-11-06"),
        ("Updated 12:20pm Jan 7, 2024", None, "2024-01-07"),
        ("19 de mayo de 2024", "es", "2024-05-19"),
        ("Publisert: 2. mai 2024", "no", "2024-05-02"),
        ("2024年5月2日 10時", None, "2024-05-02"),
        ("2024.05.02 오전 10:31", None, "2024-05-02"),
        ("https://example.com/2023/04/28/a-story", None, "2023-04-28"),
        ("Associated PressApril 28, 2023 GMT", None, "2023-04-28"),  # a month glued to the name before it
    ],
)
def test_dates_are_read_as_pages_print_them(text: str, language: str | None, day: str) -> None:
    found = find_date(text, language)
    assert found is not None and found.date().isoformat() == day


def test_a_date_line_right_under_the_copy_dates_it() -> None:
    text = dump(HEADLINE, *PARAS, "18 novembre 2025 (modificato il 19 novembre 2025 | 15:24)", "Leggi e commenta")
    article = normalize(text, "https://www.rivertown.example/a/1834", content_type="text/plain")
    assert article.published_at is not None and article.published_at.date().isoformat() == "2025-11-18"


def test_text_without_a_date_has_none() -> None:
    assert find_date("Chapter 2024 of the story, page 12") is None


@pytest.mark.parametrize("line", ["18.11.25", "18.11.25 09:14", "Di 18.11.25, 09:14 Uhr"])
def test_a_date_line_with_a_two_digit_year_dates_the_article(line: str) -> None:
    text = dump("Rivertown News", HEADLINE, line, *PARAS)
    article = normalize(text, "https://www.rivertown.example/a/1834", content_type="text/plain")
    assert article.published_at == datetime(2025, 11, 18, 12, tzinfo=UTC)
    assert short_date("Version 1.2.24") is None and short_date("Update 1.2.24 is out") is None


def test_lines_a_site_repeats_across_pages_are_its_chrome() -> None:
    promo = "Get the Rivertown app for breaking news alerts"
    pages = [
        page([f"Headline number {n} for a story", promo], [promo, "Rivertown Media"], PARAS[n : n + 2])
        for n in range(3)
    ]
    repeated = repeated_lines(pages)
    assert promo in repeated and "Rivertown Media" in repeated
    assert not any(p in repeated for p in PARAS)
    assert repeated_lines(pages[:2]) == frozenset()  # two pages say nothing about a site


def test_a_run_over_one_sites_dumps_removes_what_the_site_repeats(tmp_path: Path) -> None:
    promo = "Sie lesen gerade auf die zweitbeste Art! Mehr Lesekomfort mit unserer App, jetzt kostenlos laden."
    for n in range(4):
        paras = [f"{p} (Part {n}.)" for p in PARAS]
        paras.insert(2, promo)
        text = f"# url: https://www.rivertown-news.example/story-{n}\n# ---\n" + dump(
            f"Headline number {n} for a story", *paras
        )
        (tmp_path / f"story-{n}.txt").write_text(text, encoding="utf-8")
    items = [Item("dumps", "file", str(p), str(tmp_path)) for p in sorted(tmp_path.glob("*.txt"))]
    result = process_items(items)
    assert len(result.articles) == 4 and not result.rejects
    for article in result.articles:
        assert promo not in article.body
        assert removed_kinds(article)[promo] == "repeated"
        assert len(article.paragraphs) == 4
    single = normalize(
        Path(items[0].location).read_text(encoding="utf-8").split("# ---\n", 1)[1], content_type="text/plain"
    )
    assert promo in single.body  # one page alone cannot tell the promotion from the copy


@pytest.mark.parametrize(
    ("first", "dateline", "place", "agency"),
    [
        (
            "Sair (Palestinian Territories) (AFP) – Israeli forces raided the town",
            "Sair (Palestinian Territories) (AFP)",
            "Sair (Palestinian Territories)",
            "AFP",
        ),
        (
            "MIAMI, United States, December 17, 2025 – A powerful storm swept across",
            "MIAMI, United States, December 17, 2025",
            "MIAMI, United States",
            None,
        ),
        (
            "MENAFN - IANS) London, Jan 30 (IANS) Britain's economy grew faster",
            "London, Jan 30 (IANS)",
            "London",
            "IANS",
        ),
        ("KATHMANDU: Nepal's government on Sunday lifted a ban on", "KATHMANDU", "KATHMANDU", None),
        ("London: The Bank of England held interest rates steady on", "London", "London", None),
        ("KATHMANDU, (AFP): Rescuers searched for survivors on Monday after", "KATHMANDU, (AFP)", "KATHMANDU", "AFP"),
        (
            "Hanoi, Vietnam (AFP) Dec 16, 2025 Vietnam's parliament approved a sweeping",
            "Hanoi, Vietnam (AFP) Dec 16, 2025",
            "Hanoi, Vietnam",
            "AFP",
        ),
        (
            "SEOUL, Nov 24 (Reuters) - South Korea's exports rose for a third",
            "SEOUL, Nov 24 (Reuters)",
            "SEOUL",
            "REUTERS",
        ),
    ],
)
def test_dateline_is_found_where_the_copy_starts(first: str, dateline: str, place: str, agency: str | None) -> None:
    lede = f"{first} month, officials said on Tuesday in a statement."
    text = page(
        [
            "Menu",
            HEADLINE,
            "The harbour at dawn. Photo: Jan Holm",
            "By Anna Berg",
            "November 18, 2025",
            "3 min read",
            "Share  Facebook  Email",
            lede,
        ],
        [],
        PARAS[1:],
    )
    article = normalize(text, URL, content_type="text/plain")
    assert article.dateline == dateline
    assert article.dateline_place == place
    assert article.agency == agency
    assert article.paragraphs[0].endswith("month, officials said on Tuesday in a statement.")
    assert dateline not in article.paragraphs[0]
    assert article.paragraphs[1:] == PARAS[1:]


def test_a_label_with_a_colon_is_not_a_dateline() -> None:
    lede = "Update: The council confirmed on Wednesday that the bridge will close to cars from next spring on."
    article = normalize(page([HEADLINE, lede], [], PARAS[1:]), URL, content_type="text/plain")
    assert article.dateline is None and article.paragraphs[0] == lede


CURRENCIES = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN".split()  # noqa: SIM905
RATES = "\n".join(["EUR -", *(f"{code} {1 + n * 0.731:.5f}" for n, code in enumerate(CURRENCIES))])
NETWORK = (FIXTURES / "text" / "afp-network-invented.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("before", ["", RATES + "\n\n", "Skip to main content\n\nHome\nWorld\nBusiness\n\nSearch\n\n"])
def test_afp_network_is_recognised_by_its_structure_on_any_site(before: str) -> None:
    article = normalize(
        before + NETWORK, "https://www.harbourgazette.example/en/Business/712233-x.html", content_type="text/plain"
    )
    assert article.extractor == "afp_network"
    assert (article.site_name, article.site_code, article.site_region) == ("Harbour Gazette", "HG", "Lisbon")
    assert (article.signature, article.desk_slug) == ("A.Ferreira", "bur-ms/jj")
    assert article.headline == "Dockworkers end strike after pay deal"
    assert article.photo_credit == "MARIA SOUSA - AFP" and article.agency == "AFP"
    assert article.subheads == ["Months of talks"]
    assert len(article.paragraphs) == 4 and "EUR -" not in article.body and "AED" not in article.body
    if before.startswith("EUR"):
        assert removed_kinds(article)["AED 1.00000"] == "widget"


def test_afp_network_page_of_only_a_widget_is_a_reject_naming_site_and_headline() -> None:
    with pytest.raises(NormalizeError) as err:
        normalize(
            "Harbour Gazette - Dockworkers end strike after pay deal\n\n" + RATES,
            "https://x.example/a",
            content_type="text/plain",
        )
    assert "currency table" in str(err.value)
    assert "(Harbour Gazette: Dockworkers end strike after pay deal)" in str(err.value)


def test_content_type_sends_a_dump_of_an_html_url_to_the_text_path() -> None:
    text = page([HEADLINE], [])
    article = normalize(text, "https://www.rivertown-news.example/story.html", content_type="text/plain")
    assert article.extractor == "text" and article.paragraphs == PARAS


def test_a_page_of_menus_only_is_a_reject() -> None:
    with pytest.raises(NormalizeError, match="no article text found"):
        normalize(
            dump("Home", "  • News\n  • Sport\n  • Weather", "Contact us", "© 2025 Rivertown"),
            content_type="text/plain",
        )


def test_wet_conversion_records_are_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "sample.warc.wet.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        body = page(["Rivertown News", HEADLINE], ["© 2025 Rivertown Media"]).encode()
        record = writer.create_warc_record(
            "https://www.rivertown-news.example/story.html",
            "conversion",
            payload=io.BytesIO(body),
            warc_headers_dict={"Content-Type": "text/plain", "WARC-Date": "2025-11-18T10:00:00Z"},
        )
        writer.write_record(record)
    (raw,) = list(read_warc(path, "wet"))
    assert raw.content_type == "text/plain"
    result = process_items([Item("wet", "warc", str(path), str(tmp_path))])
    (article,) = result.articles
    assert article.extractor == "text" and article.headline == HEADLINE and article.paragraphs == PARAS
    assert gzip.decompress(path.read_bytes())  # a real gzipped WARC file


STANDFIRST = "Engineers found the steel frame corroded faster than expected, and the council acted within a week."


def test_a_label_in_capitalised_words_is_no_name_alone() -> None:
    # the prose uses the label's words in lower case: they are words, not a name
    paras = [*PARAS[:-1], PARAS[-1] + " Residents can play a video of the works on the council's site."]
    text = page(["Rivertown News", HEADLINE, STANDFIRST, "Play Video"], ["© 2025 Rivertown Media"], paras)
    assert normalize(text, URL, content_type="text/plain").byline == []


def test_a_byline_printed_three_times_is_still_the_byline() -> None:
    teasers = ["Ferry crews call off their strike", "Von Anna Berg", "Library reopens", "Von Anna Berg"]
    text = page(["Rivertown News", HEADLINE, "Von Anna Berg", "18.11.2025"], ["Mehr zum Thema", *teasers])
    assert normalize(text, URL, content_type="text/plain").byline == ["Anna Berg"]


def test_a_name_alone_under_a_picture_by_the_headline_is_the_author() -> None:
    text = page(["Rivertown News", HEADLINE, "[avatar]", "Anna Berg", "18.11.2025"], ["© 2025 Rivertown Media"])
    assert normalize(text, URL, content_type="text/plain").byline == ["Anna Berg"]


@pytest.mark.parametrize(
    ("byline_lines", "people"),
    [
        # under the standfirst, inside what reads as the copy
        (["von Anna Berg"], ["Anna Berg"]),
        (["di Anna Berg"], ["Anna Berg"]),
        # a label line, then the byline
        (["Author of the article:", "By Anna Berg"], ["Anna Berg"]),
        (["Author of the article:", "Anna Berg", "Anna Berg"], ["Anna Berg"]),  # the picture's alt text, the name
        # a name alone, with its job title or the box's follow button
        (["Anna Berg Lifestyle Writer"], ["Anna Berg"]),
        (["Anna Berg Follow"], ["Anna Berg"]),
        # the picture's alt text and the name, run together
        (["Anna Berg Anna Berg"], ["Anna Berg"]),
        # a date line that begins with the author's name
        (["Anna Berg, 18.11.2025 09:14 Uhr"], ["Anna Berg"]),
        # the outlet the person wrote for is no part of the name
        (["By Anna Berg For Rivertownpost.Com"], ["Anna Berg"]),
        (["By Anna Berg for the Rivertown Post"], ["Anna Berg"]),
        (["By Anna Berg | Rivertown Media for Rivertown.com"], ["Anna Berg"]),
        # `By` on its own line, the names listed under it with marks and joiners
        (["By", "  • Anna Berg^1,", "  • Bo Ekman &", "  • …", "  • Cy Dunn"], ["Anna Berg", "Bo Ekman", "Cy Dunn"]),
        (["By", "Anna BergLifestyle Writer"], ["Anna Berg"]),
        # the kind of piece before the name, a date after it
        (["Kolumne von Anna Berg - 18.11.2025 um 09:14 Uhr - 12 Ergänzungen"], ["Anna Berg"]),
        (["Analysis by Anna Berg"], ["Anna Berg"]),
        (["Von Anna Berg 18.11.2025, 09:14 Uhr"], ["Anna Berg"]),
        (["By Anna Berg Nov. 18, 2025 1:15 pm"], ["Anna Berg"]),
        # one part of a line of parts
        (["Local, News | Published: 5 hours ago | Written by Anna Berg"], ["Anna Berg"]),
        # several names alone, and names with their desk and role
        (["Anna Berg | Bo Ekman"], ["Anna Berg", "Bo Ekman"]),
        (["Anna Berg/Bo Ekman"], ["Anna Berg", "Bo Ekman"]),
        (["Anna Berg Parliamentary editor"], ["Anna Berg"]),
        (["Anna Berg Deputy Content Hub Director"], ["Anna Berg"]),
        # a name with the date printed right after it
        (["Anna Berg 18 Novembre 2025 - 09:14"], ["Anna Berg"]),
        (["Anna Berg2 minutes ago"], ["Anna Berg"]),
        (["Anna BergNovember 18, 2025 GMT"], ["Anna Berg"]),
    ],
)
def test_a_byline_under_the_standfirst_is_the_byline(byline_lines: list[str], people: list[str]) -> None:
    text = page(["Rivertown News", "Home", "Local", HEADLINE, STANDFIRST, *byline_lines], ["© 2025 Rivertown Media"])
    article = normalize(text, URL, content_type="text/plain")
    assert article.byline == people
    for line in byline_lines:
        assert line not in article.body
    assert article.paragraphs[-len(PARAS) :] == PARAS


WIRE_PARAS = [
    "HARBOURTON, Calif. (AP) — The ferry strike ended on Tuesday.",
    "Union leaders said the deal raised wages by four percent over two years and added a pension plan "
    "for the crews who run the night service between the two districts.",
    "Commuters had waited for hours at both landings since the walkout began last week, and the city "
    "ran extra buses over the old bridge to carry some of them to work.",
]


def test_a_short_line_that_opens_with_its_dateline_starts_the_copy_across_a_slideshow() -> None:
    """A slideshow between paragraphs prints empty bullets, a counter and its caption again and
    again; it does not split the copy, and the agency's dateline line opens it however short."""
    caption = "Crews tie up a ferry at the northern landing on Tuesday, Nov. 18, 2025. (AP Photo/Jane Roe)"
    slideshow = ["•", "•", "•", caption, caption, caption, "Image 1 of 4", "Back to Gallery"]
    dots = ["•"] * 6
    text = dump(HEADLINE, "By Ann Lee, Associated Press", *dots, *WIRE_PARAS, *PARAS[:2], *slideshow, *PARAS[2:])
    article = normalize(text, URL, content_type="text/plain")
    assert article.dateline == "HARBOURTON, Calif. (AP)"
    assert article.agencies == ["AP"]
    assert article.paragraphs == ["The ferry strike ended on Tuesday.", *WIRE_PARAS[1:], *PARAS]
    kinds = removed_kinds(article)
    assert kinds["•"] == "repeated" and kinds["Image 1 of 4"] == "gallery"
    assert caption not in article.body and article.headline == HEADLINE


def test_bullet_marks_left_of_an_empty_list_are_layout() -> None:
    text = dump(HEADLINE, "Share", "•", *PARAS)
    assert removed_kinds(normalize(text, URL, content_type="text/plain"))["•"] == "layout"


def test_a_headline_like_line_below_the_copys_dateline_does_not_move_the_copys_start() -> None:
    box = ["RELATED COVERAGE", "Ferry crews vote on new contract"]
    text = dump("Share", "Print", *WIRE_PARAS[:2], *box, *WIRE_PARAS[2:], *PARAS)
    article = normalize(text, URL, content_type="text/plain")
    assert article.dateline == "HARBOURTON, Calif. (AP)"
    assert article.paragraphs[0] == "The ferry strike ended on Tuesday."


def test_a_cookie_dialogs_long_paragraphs_do_not_outweigh_a_short_article() -> None:
    dialog = [
        "Your Privacy Choices",
        "When you visit our website, we store cookies on your browser to collect information. The information "
        "collected might relate to you, your preferences or your device, and is mostly used to make the site "
        "work as you expect it to and to provide a more personalized web experience for you.",
        "These cookies may be set through our site by our advertising partners. They may be used by those "
        "companies to build a profile of your interests and show you relevant adverts on other sites, and "
        "you can opt out of the sale of your personal information to third parties at any time.",
        "If you have enabled privacy controls on your browser, we have to take that as a valid request to "
        "opt-out, and we may not be able to identify your browser or device once you have left our site.",
    ]
    text = dump(HEADLINE, "By Ann Lee", *WIRE_PARAS, "© 2025 Rivertown News. All rights reserved", *dialog)
    article = normalize(text, URL, content_type="text/plain")
    assert article.headline == HEADLINE and article.dateline == "HARBOURTON, Calif. (AP)"
    assert article.paragraphs == ["The ferry strike ended on Tuesday.", *WIRE_PARAS[1:]]
    assert {removed_kinds(article)[d] for d in dialog[1:]} == {"consent"}


def test_a_byline_line_names_the_person_and_credits_the_agency_it_prints_beside_them() -> None:
    text = dump(HEADLINE, "SPONSORED CONTENT", "By Ann Lee - Associated Press - Friday, November 21, 2025", *PARAS)
    article = normalize(text, URL, content_type="text/plain")
    assert article.byline == ["Ann Lee", "Associated Press"]  # the page prints the agency as an author
    assert article.agencies == ["AP"]


def test_the_byline_over_a_long_share_widget_is_read_when_no_headline_is_found() -> None:
    widget = ["Share", "Facebook", "X", "Email", "Print", "Copy link", "Reddit", "LinkedIn", "Flipboard"]
    article = normalize(dump("By Ann Lee", *widget, *PARAS), URL, content_type="text/plain")
    assert article.byline == ["Ann Lee"]
    assert article.paragraphs == PARAS


DE_PARAS = [
    "Riad. Die Fähre zwischen den beiden Ufern fährt wieder, nachdem die Besatzungen sich mit der "
    "Reederei auf einen neuen Tarifvertrag geeinigt haben.",
    "Die Gewerkschaft sprach von einem guten Ergebnis für alle Beschäftigten, die Reederei von einem "
    "fairen Kompromiss, der den Betrieb für die nächsten Jahre sichere.",
    "Pendler hatten in der vergangenen Woche stundenlang an beiden Anlegern gewartet, die Stadt "
    "setzte zusätzliche Busse über die alte Brücke ein.",
]


def test_dpas_city_dot_dateline_is_read_under_a_picture_caption() -> None:
    """`Riad. ...` names no agency: it is read only on the copy's first paragraph, which a
    picture's caption may stand over; the byline credits dpa."""
    url = "https://www.zeitung.example/wirtschaft/faehre-faehrt-wieder-nach-einigung.html"
    text = dump(
        "Fähre fährt wieder nach Einigung",
        "16.05.2024, 11:26 Uhr",
        "Von Anna Berg, dpa",
        "Die Fähre am Anleger. © Jan Holm/dpa",
        *DE_PARAS,
    )
    article = normalize(text, url, content_type="text/plain")
    assert article.dateline == "Riad."
    assert article.paragraphs[0].startswith("Die Fähre zwischen den beiden Ufern")


def test_a_line_a_link_broke_off_is_not_the_headline() -> None:
    """(The slug spells little of the headline here: a live page's `latest-...` slug.)"""
    notice = ["Try refreshing your browser, or", "tap here."]
    text = dump("Rivertown News", HEADLINE, "Loading...", "Play Video", *notice, *notice, *PARAS)
    url = "https://www.rivertown-news.example/local/latest-harbour-bridge"
    assert normalize(text, url, content_type="text/plain").headline == HEADLINE


def test_an_agency_the_dump_glued_to_the_authors_name_is_split_off() -> None:
    text = dump(HEADLINE, "Anna BergDeutsche Presse-Agentur", "18.11.2025, 09:14", *PARAS)
    article = normalize(text, URL, content_type="text/plain")
    assert article.byline == ["Anna Berg"]
    assert article.agencies == ["DPA"]


def test_story_cards_printed_as_one_line_each_title_glued_to_summary_are_teasers() -> None:
    rail = [
        "Ferry Timetable Changes From Monday Across The HarbourThe operator said the winter timetable starts early.",
        "Library Extends Opening Hours During WorksReaders will be able to borrow books until nine in the evening.",
        "Five Best Cafés Near The Old HarbourWe crunched the numbers to find the top spots for coffee by the water.",
        "Council Election: Who Is Standing In The North?Eleven candidates are running for the four seats this year.",
    ]
    text = dump("Latest Headlines", *rail, HEADLINE, "Nov 18, 2025", *WIRE_PARAS)
    article = normalize(text, URL, content_type="text/plain")
    assert article.headline == HEADLINE and article.dateline == "HARBOURTON, Calif. (AP)"
    assert article.paragraphs == ["The ferry strike ended on Tuesday.", *WIRE_PARAS[1:]]
    assert {removed_kinds(article)[r] for r in rail} == {"teaser"}


def test_a_name_alone_over_the_copy_gives_way_to_the_by_line_under_it() -> None:
    text = dump(HEADLINE, "Front Page Podcast", "By Ann Lee", *PARAS)
    article = normalize(text, URL, content_type="text/plain")
    assert article.byline == ["Ann Lee"]
    assert removed_kinds(article)["Front Page Podcast"] == "pre_copy"


def test_a_box_of_links_printed_between_paragraphs_again_and_again_stays_out() -> None:
    box = ["Five summer sandals we will see everywhere", "A winter wedding on the old harbour bridge"]
    text = dump(HEADLINE, PARAS[0], *box, PARAS[1], *box, PARAS[2], *box, PARAS[3])
    article = normalize(text, URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert {removed_kinds(article)[b] for b in box} == {"teaser"}


@pytest.mark.parametrize("credit", ["Photo: Jan Holm. Styling: Eva Berg.", "Rivertown Images"])
def test_a_pictures_description_printed_again_with_its_credit_is_a_caption(credit: str) -> None:
    short = "Blue summer dress with knots, by Anna Roe."
    credited = short + credit
    text = dump(HEADLINE, *PARAS[:2], short, credited, *PARAS[2:])
    article = normalize(text, URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert short not in article.body


def test_a_newsletter_box_the_page_lets_readers_skip_does_not_cut_the_copy() -> None:
    box = [
        "skip past newsletter promotion",
        "Sign up to Harbour Weekly",
        "Free weekly newsletter",
        "The stories that matter on both banks of the river, every Friday morning",
        "Enter your email address",
        "Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by "
        "outside parties. For more information see our Privacy Policy. We use a captcha to protect our website.",
        "after newsletter promotion",
    ]
    article = normalize(dump(HEADLINE, *PARAS[:3], *box, PARAS[3]), URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert {removed_kinds(article)[b] for b in box} == {"promotion"}


def test_the_authors_bio_under_the_article_is_not_copy() -> None:
    bio = "Ann Lee is a Rivertown writer and sailor, a contributor to the News since 2021. Follow her on X."
    article = normalize(dump(HEADLINE, "By Ann Lee", *PARAS, bio), URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert removed_kinds(article)[bio] == "after_copy"


def test_a_menu_printed_without_spaces_is_chrome() -> None:
    menu = "Latest NewsLocal NewsWorld NewsBusiness NewsSport NewsWeather Forecast"
    article = normalize(dump(HEADLINE, *PARAS[:2], menu, *PARAS[2:]), URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert removed_kinds(article)[menu] == "menu"


def test_a_videos_length_beside_a_paragraph_is_no_date_that_makes_it_a_teaser() -> None:
    copy = [*PARAS, *WIRE_PARAS[1:], *DE_PARAS]  # (far enough below the article's own date line)
    last = "Der Fahrplan gilt ab Montag, teilte die Reederei am Abend mit, und die Busse fahren bis Ende des Monats."
    text = dump(HEADLINE, "Nov 18, 2025", *copy, "50:55", last)
    assert normalize(text, URL, content_type="text/plain").paragraphs == [*copy, last]


def test_a_caption_with_its_credit_glued_to_the_last_sentence_is_no_paragraph() -> None:
    caption = "Rest, sleep and a warm soup help the body recover when a cold strikes.Rivertown Images"
    article = normalize(dump(HEADLINE, *PARAS[:2], caption, *PARAS[2:]), URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert caption not in article.body


def test_pictures_between_paragraphs_each_a_sentence_and_its_bracketed_credit_are_captions() -> None:
    captions = [
        "The old harbour bridge at dusk. (AP)",
        "Ferry crews at the northern landing on Tuesday. (Rivertown Images)",
    ]
    last = "The council will vote again in spring, the mayor said on Wednesday. (dpa)"
    text = dump(HEADLINE, PARAS[0], captions[0], *PARAS[1:3], captions[1], PARAS[3], last)
    article = normalize(text, URL, content_type="text/plain")
    assert article.paragraphs == [*PARAS, last]  # the copy's last paragraph keeps its agency credit
    assert all(c not in article.body for c in captions)


def test_a_charts_source_line_is_its_caption() -> None:
    text = dump(HEADLINE, *PARAS[:2], "Source: Rivertown Council", *PARAS[2:])
    article = normalize(text, URL, content_type="text/plain")
    assert article.paragraphs == PARAS and "Source: Rivertown Council" not in article.body


def test_an_embedded_post_the_dump_printed_is_no_copy() -> None:
    post = [
        "The ferry is back, finally. pic.twitter.com/ AbC12dEf",
        "— Rivertown Ferries (@rtferries) November 18, 2025",
    ]
    article = normalize(dump(HEADLINE, *PARAS[:2], *post, *PARAS[2:]), URL, content_type="text/plain")
    assert article.paragraphs == PARAS
    assert {removed_kinds(article)[p] for p in post} == {"embed"}


def test_a_line_printed_twice_in_one_is_a_pictures_text_and_no_copy() -> None:
    doubled = "The mayor at the northern landing on Tuesday " * 2
    article = normalize(dump(HEADLINE, *PARAS[:2], doubled.strip(), *PARAS[2:]), URL, content_type="text/plain")
    assert article.paragraphs == PARAS and "The mayor at the northern landing" not in article.body


def test_a_headline_that_opens_with_von_is_no_byline() -> None:
    headline = "Von München bis Aachen: Im Netz der Fährkapitäne"
    url = "https://www.zeitung.example/von-muenchen-bis-aachen-im-netz-der-faehrkapitaene"
    article = normalize(dump(headline, "Von Anna Berg", *DE_PARAS), url, content_type="text/plain")
    assert article.headline == headline and article.byline == ["Anna Berg"]


def test_a_date_under_a_teaser_inside_the_copy_dates_that_card_not_the_next_paragraph() -> None:
    card = [
        "WATCH | Ferry crews walk out",
        "Ferry crews walked out on Tuesday morning, leaving commuters waiting at both landings for hours.",
        "Politics",
        "22 hours ago",
    ]
    quote = "“We will not sail until the council listens to us,” the union's spokesman told reporters on Tuesday."
    copy = [*PARAS, *WIRE_PARAS[1:], *DE_PARAS]  # (far enough below the article's own date line)
    after = [
        "The council meets again on Thursday to discuss the strike, the ferry timetable for the coming winter "
        "months and the money it would cost to run the extra buses over the old bridge until the spring.",
        "Shop owners on both banks said the walkout had already cost them customers, and asked the council and "
        "the union to agree before the Christmas market opens on the harbour front next month.",
    ]
    text = dump(HEADLINE, "Nov 18, 2025", *copy, *card, quote, *after)
    article = normalize(text, URL, content_type="text/plain")
    assert quote in article.paragraphs
    assert removed_kinds(article)[card[1]] == "teaser"


def test_a_space_a_renderer_put_before_a_headlines_colon_goes_except_in_french() -> None:
    url = "https://www.zeitung.example/faehren-streik-crews-legen-die-arbeit-nieder"
    article = normalize(
        dump("Fähren-Streik : Crews legen die Arbeit nieder", *DE_PARAS), url, content_type="text/plain"
    )
    assert article.language == "de" and article.headline == "Fähren-Streik: Crews legen die Arbeit nieder"
    french = [
        "Le conseil municipal a voté mardi la fermeture du vieux pont du port aux voitures à partir du printemps "
        "prochain, après que des ingénieurs ont constaté que sa structure était plus rouillée que prévu.",
        "Les cyclistes et les piétons pourront toujours traverser, a précisé le conseil, tandis qu'un bac "
        "transportera les habitants entre les deux quartiers jusqu'à l'ouverture d'un nouveau pont.",
    ]
    url = "https://www.journal.example/pont-du-port-le-conseil-ferme-le-pont-aux-voitures"
    article = normalize(
        dump("Pont du port : le conseil ferme le pont aux voitures", *french), url, content_type="text/plain"
    )
    assert article.language == "fr" and article.headline == "Pont du port : le conseil ferme le pont aux voitures"


def test_a_headline_ending_with_a_quote_is_the_headline_not_the_copys_first_line() -> None:
    headline = "Council shuts harbour bridge to cars. Engineers warn of “serious rust”"
    url = "https://www.rivertown-news.example/local/council-shuts-harbour-bridge-to-cars-engineers-warn-of-serious-rust"
    article = normalize(dump("Local", headline, *PARAS), url, content_type="text/plain")
    assert article.headline == headline and article.paragraphs == PARAS


def test_a_headline_naming_a_kind_of_piece_and_a_person_is_no_byline() -> None:
    from wirenorm.normalizer.extract.text import byline_names

    assert byline_names("Kommentar von Merz sorgt für Ärger") is None
    assert byline_names("Ein Kommentar von Anna Berg") == "Anna Berg"


def test_a_picture_librarys_credit_under_a_caption_is_no_author() -> None:
    top = [HEADLINE, STANDFIRST, "[harbour-bridge]", "The bridge at dusk", "Getty Images", "Anna Berg2 minutes ago"]
    article = normalize(page(top, []), URL, content_type="text/plain")
    assert article.byline == ["Anna Berg"]


def test_a_by_line_the_head_zone_missed_is_found_under_the_first_print_or_over_the_copy() -> None:
    """A page that prints its headline again lower down (over a video, below a subscription box),
    or a headline taken from a caption under the byline: the `By` line is still the article's."""
    from wirenorm.normalizer.extract.text import Line, _byline_near

    box = [Line("Subscribe now", kind="newsletter")] * 20
    lines = [Line(HEADLINE), Line("By Anna Berg", kind="byline"), *box, Line(f"{HEADLINE} Back to video"), Line("x")]
    assert _byline_near(lines, head=len(lines) - 2, start=len(lines) - 1) == "Anna Berg"
    lines = [Line("Von Anna Berg", kind="byline"), Line("18.11.2025", kind="timestamp"), Line("CAPTION"), Line("x")]
    assert _byline_near(lines, head=2, start=3) == "Anna Berg"
    assert _byline_near([Line("By Anna Berg", kind="byline"), *box, Line("x")], head=None, start=21) is None


@pytest.mark.parametrize(
    ("credit", "name"),
    [
        ("Anna BergLifestyle Writer", "Anna Berg"),  # a section glued to the name
        ("Jo DeVeaux Reporter", "Jo DeVeaux"),  # a capital inside the name is no glue
        ("Al MacKenzie Writer", "Al MacKenzie"),
        ("Anna Berg Deputy Content Hub Director", "Anna Berg"),
        ("Anna Berg Parliamentary editor", "Anna Berg"),
        ("Guardian staff reporter", "Guardian staff reporter"),  # a credit, no name with a role
    ],
)
def test_a_job_title_after_a_name_goes_and_the_name_stays(credit: str, name: str) -> None:
    from wirenorm.normalizer.names import without_role

    assert without_role(credit) == name


def test_a_headline_marked_up_as_the_only_item_of_a_list_is_still_the_headline() -> None:
    url = "https://www.rivertown.example/news/front/archives/2025/11/18/2003825372"  # no slug to go by
    menu = "  • Home\n  • Council votes on the harbour bridge tonight\n  • Sport"
    text = dump(menu, "Wed, Nov 18, 2025 page1", f"  • {HEADLINE}", *PARAS)
    article = normalize(text, url, content_type="text/plain")
    assert article.headline == HEADLINE
    assert "Council votes on the harbour bridge tonight" not in article.body


@pytest.mark.parametrize("title", ["Bridge closed", "Rust, money and a bridge: how the council decided"])
def test_a_text_that_opens_with_its_title_over_the_copy_has_that_headline(title: str) -> None:
    """A copy-paste or an export: title, byline, copy. The URL's slug spells a subhead of the
    copy, not the title; the title the text opens with is the headline all the same."""
    subhead = "Council shuts harbour bridge to cars over rust fears"
    text = dump(title, "By Anna Berg", PARAS[0], subhead, *PARAS[1:])
    article = normalize(text, URL, content_type="text/plain")
    assert (article.headline, article.byline) == (title, ["Anna Berg"])
    assert article.subheads == [subhead]


def test_the_networks_signature_is_read_where_its_page_template_does_not_fit() -> None:
    """A network page whose title line the template does not know (`|` for ` - `) goes the generic
    way; the agency rules still read the signature and the site's code off its last line."""
    text = NETWORK.replace("Harbour Gazette - ", "Harbour Gazette | ", 1)
    article = normalize(text, "https://www.harbourgazette.example/en/Business/712233-x.html", content_type="text/plain")
    assert article.extractor == "text"
    assert (article.signature, article.site_code, article.site_name) == ("A.Ferreira", "HG", "Harbour Gazette")
    assert (article.desk_slug, article.agency) == ("bur-ms/jj", "AFP")
    assert "A.Ferreira" not in article.body


def test_an_agency_copyright_in_a_footer_line_cut_as_chrome_still_credits_the_agency() -> None:
    footer = "Terms of Service Trademarks Privacy Policy ©2025 Bloomberg L.P. All Rights Reserved"
    article = normalize(page([HEADLINE], [footer]), URL, content_type="text/plain")
    assert article.agencies == ["BLOOMBERG"]
    assert ("copyright", "©2025 Bloomberg L.P. All Rights Reserved") in [(r.kind, r.text) for r in article.removed]


def test_a_headline_ending_in_words_a_footer_uses_keeps_them() -> None:
    headline = "Economists weigh in on the latest jobs report"
    url = "https://www.rivertown.example/news/economists-weigh-in-on-the-latest-jobs-report"
    article = normalize(page(["Rivertown News", headline, "18.11.2025, 09:14"], []), url, content_type="text/plain")
    assert article.headline == headline
    article = normalize(page(["Rivertown News", f"{headline} Back to video"], []), url, content_type="text/plain")
    assert article.headline == headline
