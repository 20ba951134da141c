"""The vocabulary site-template files are written in.

A template describes how a family of republishing sites wraps agency copy: a title line, header
lines, repeated headlines, widget text and a sign-off. `wirenorm.normalizer.sites.apply` is the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from wirenorm.normalizer.agencies._rules import Pattern


@dataclass(frozen=True)
class NotArticle:
    """A page kind that carries no article: `reason` is written to the reject.

    It fires when `regex` matches at least `min_count` of the first `within` blocks. With
    `chrome`, the matching lines are page furniture (a currency table, a headline ticker) that
    may stand around an article too: they are removed wherever they are, and the page is said to
    carry no article only when no paragraph is left besides them.
    """

    reason: str
    regex: str
    min_count: int = 1
    within: int = 80
    chrome: bool = False


@dataclass(frozen=True)
class SiteTemplate:
    """One site (or network of sites) sharing a page skeleton.

    - `title_line`: regex for the `<site> - <headline>` line (groups `site_name`, `headline`),
      searched within the first `search_blocks` blocks.
    - `header`: optional lines right after the title, in order (named groups become fields).
    - `headline_repeats`: regexes of repeated headlines; `{headline}` is the escaped headline,
      other named groups become fields (e.g. `photo_credit`).
    - `widgets`: exact lines of page furniture removed wherever they stand.
    - `standfirst_before_widget`: the paragraph right before the first widget is the standfirst.
    - `trailers`: blocks at the end (the republisher's signature), by kind.
    - `not_article`: page kinds recognised as having no article (homepage, currency table).
    - `url`: optional regex; when given, a page whose URL matches is tried even without a title.
    - `page_marker`: a cheap test on the raw HTML (widget text, say) so that ordinary pages whose
      title happens to look like `Site - Headline` are not walked block by block.
    - `confirm`: how many independent pieces of the skeleton must be there besides the title
      line (header lines, a headline repeat, a widget or chrome table, a trailer) so that an ordinary page whose
      first line has a ` - ` in it is not mistaken for this template.
    """

    name: str
    title_line: str
    header: tuple[Pattern, ...] = ()
    headline_repeats: tuple[str, ...] = ()
    widgets: tuple[str, ...] = ()
    standfirst_before_widget: bool = False
    trailers: tuple[Pattern, ...] = ()
    not_article: tuple[NotArticle, ...] = ()
    url: str | None = None
    confirm: int = 1
    search_blocks: int = 40
    page_marker: str | None = None  # regex the raw HTML must contain before the page is walked
