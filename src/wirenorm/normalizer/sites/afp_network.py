"""The AFP syndication network: hundreds of sites printing AFP copy under their own name.

Real example (Philadelphia Independent, fixtures seed page)::

    Philadelphia Independent - North Korea confirms troop deployment to Russia's Kursk
    Pennsylvania -
    IN THE NEWS
    North Korea confirms troop deployment to Russia's Kursk
    North Korea confirms troop deployment to Russia's Kursk / Photo: ANTHONY WALLACE - AFP
    North Korea confirms troop deployment to Russia's Kursk
    North Korea confirmed for the first time ...        <- the AFP lede (standfirst)
    Text size:
    ...
    burs-hs/dhc
    K.Morris--PI                                        <- signature--SITE CODE

Variants: a currency table (`USD -` then `AED 3.672501` ...) or a ticker of other headlines
separated by `-` lines, before the page or instead of its article; the homepage (teasers with
`Read more`) carries no article. The site is recognised by this skeleton, not by its name: site
name, region and code are read off each page.
"""

from wirenorm.normalizer.agencies._rules import Pattern
from wirenorm.normalizer.sites._rules import NotArticle, SiteTemplate

SITE = SiteTemplate(
    name="afp_network",
    title_line=r"(?P<site_name>[A-Z][^\n]{2,60}?) - (?P<headline>[^\n]{8,300})",
    header=(
        Pattern("region", r"(?P<site_region>[A-ZÀ-Þ][\w .'’-]{1,40}?) -"),
        Pattern("section", r"(?P<section>[A-Z][A-Z &'-]{2,30})"),
    ),
    headline_repeats=(r"{headline}", r"{headline} / Photo: (?P<photo_credit>[^\n]{2,120})"),
    widgets=("Text size:",),
    standfirst_before_widget=True,
    trailers=(Pattern("signature", r"(?P<signature>[A-Z][\w'’-]*\.(?:[A-Z][\w'’-]*)+)--(?P<site_code>[A-Z]{2,5})"),),
    not_article=(
        NotArticle(
            "currency table, no article",
            r"(?:USD|EUR) -|[A-Z]{3} \d+\.\d+|[A-Z]{3}|\d+\.\d+",
            min_count=20,
            chrome=True,
        ),
        NotArticle("headline ticker, no article", r"-", min_count=10, chrome=True),
        NotArticle("homepage teasers, no article", r"Read more", min_count=2),
        NotArticle(
            "homepage, no article",
            r"[^\n]+ - News from [^\n]+ around the clock[^\n]*",
            min_count=1,
            within=3,
        ),
    ),
    confirm=2,
    page_marker=r"Text size:|IN THE NEWS",
)
