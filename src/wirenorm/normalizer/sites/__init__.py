"""Site templates, one module per template; this package finds them and applies them.

Adding a site family is adding a module here that defines `SITE = SiteTemplate(...)`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cache

from wirenorm.model import TEMPLATE_FIELDS, Block, Removed
from wirenorm.normalizer.sites._rules import NotArticle, SiteTemplate

__all__ = ["NotArticle", "SiteMatch", "SiteTemplate", "all_sites", "apply_templates", "check_fields"]


@dataclass
class SiteMatch:
    """What a template made of a page: fields, the remaining body blocks, what it removed."""

    template: str
    fields: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    not_article: str | None = None


@cache
def all_sites() -> tuple[SiteTemplate, ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        site = getattr(module, "SITE", None)
        if not isinstance(site, SiteTemplate):
            raise TypeError(f"site module {module.__name__} defines no SITE = SiteTemplate(...)")
        check_fields(site, module.__name__)
        found.append(site)
    return tuple(found)


def check_fields(site: SiteTemplate, where: str) -> None:
    """Every named group of a template must be a field it can fill: a misspelt group would
    otherwise leave a column empty without a word."""
    patterns = [site.title_line, *(p.regex for p in (*site.header, *site.trailers)), *site.headline_repeats]
    names = {name for pattern in patterns for name in re.compile(pattern.replace("{headline}", "")).groupindex}
    if unknown := sorted(names - TEMPLATE_FIELDS):
        raise TypeError(
            f"site module {where}: named group(s) {', '.join(unknown)} are not fields a template can fill "
            f"(PageMeta: {', '.join(sorted(TEMPLATE_FIELDS))})"
        )


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


MIN_PARAGRAPH_WORDS = 20  # a chrome-only page has no line this long besides its furniture


def _not_article(site: SiteTemplate, blocks: list[Block], chrome: bool | None = None) -> str | None:
    for rule in site.not_article:
        if chrome is not None and rule.chrome != chrome:
            continue
        rx = _rx(rule.regex)
        hits = sum(1 for b in blocks[: rule.within] if rx.fullmatch(b.text))
        if hits >= rule.min_count:
            return rule.reason
    return None


def _is_chrome(site: SiteTemplate, text: str) -> bool:
    return any(rule.chrome and _rx(rule.regex).fullmatch(text) for rule in site.not_article)


def _apply(site: SiteTemplate, blocks: list[Block], url: str) -> SiteMatch | None:
    title_rx = _rx(site.title_line)
    start = None
    seen = 0
    for i, block in enumerate(blocks):
        if _is_chrome(site, block.text):  # a widget before the page does not use up the search
            continue
        if m := title_rx.fullmatch(block.text):
            start, title = i, m
            break
        seen += 1
        if seen >= site.search_blocks:
            break
    url_match = bool(site.url and re.search(site.url, url))
    if start is None:
        if url_match and (reason := _not_article(site, blocks)):
            return SiteMatch(site.name, not_article=reason)
        return None
    found = SiteMatch(site.name, fields={k: v.strip() for k, v in title.groupdict().items() if v})
    found.removed.extend(
        Removed("widget" if _is_chrome(site, b.text) else "page_chrome", b.text) for b in blocks[:start]
    )
    found.removed.append(Removed("title_line", title.group(0)))
    i = start + 1
    evidence = 0
    for pattern in site.header:
        if i < len(blocks) and (m := _rx(pattern.regex).fullmatch(blocks[i].text)):
            found.fields.update({k: v.strip() for k, v in m.groupdict().items() if v})
            found.removed.append(Removed(pattern.kind, blocks[i].text))
            evidence = 1  # header lines together are one piece of evidence
            i += 1
    headline = found.fields.get("headline", "")
    repeats = [_rx(r.replace("{headline}", re.escape(headline))) for r in site.headline_repeats]
    seen_repeat = False
    while i < len(blocks):
        m = next((m for rx in repeats if (m := rx.fullmatch(blocks[i].text))), None)
        if m is None:
            break
        found.fields.update({k: v.strip() for k, v in m.groupdict().items() if v})
        found.removed.append(Removed("headline_repeat", blocks[i].text))
        seen_repeat = True
        i += 1
    evidence += seen_repeat
    evidence += any(b.text in site.widgets for b in blocks[i:]) or _not_article(site, blocks, chrome=True) is not None
    evidence += any(_rx(p.regex).fullmatch(b.text) for p in site.trailers for b in blocks[-3:])
    if evidence < site.confirm and not url_match:
        return None
    if reason := _not_article(site, blocks, chrome=False):
        found.not_article = _named(reason, found)
        return found
    body = blocks[i:]
    trailers = [(p.kind, _rx(p.regex)) for p in site.trailers]
    while body:
        hit = next(((k, m) for k, rx in trailers if (m := rx.fullmatch(body[-1].text))), None)
        if hit is None:
            break
        found.fields.update({k: v.strip() for k, v in hit[1].groupdict().items() if v})
        found.removed.append(Removed(hit[0], body.pop().text))
    kept: list[Block] = []
    for block in body:
        if _is_chrome(site, block.text):
            found.removed.append(Removed("widget", block.text))
            continue
        if block.text in site.widgets:
            if site.standfirst_before_widget and "standfirst" not in found.fields and kept:
                found.fields["standfirst"] = kept[-1].text
            found.removed.append(Removed("widget", block.text))
            continue
        kept.append(block)
    found.blocks = kept
    if not any(len(b.text.split()) >= MIN_PARAGRAPH_WORDS for b in kept) and "standfirst" not in found.fields:
        found.not_article = _named(_not_article(site, blocks, chrome=True) or "no article text found", found)
    return found


def _named(reason: str, found: SiteMatch) -> str:
    """A reject still says which page it was: the site and headline the title line gave."""
    site, headline = found.fields.get("site_name"), found.fields.get("headline")
    return f"{reason} ({site}: {headline})" if site and headline else reason


def apply_templates(blocks: list[Block], url: str) -> SiteMatch | None:
    """The first template that recognises the page, applied; None when none does."""
    for site in all_sites():
        if (found := _apply(site, blocks, url)) is not None:
            return found
    return None
