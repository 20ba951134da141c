"""One page through every stage: RawPage -> Article, or a Reject saying which stage failed.

Errors are values at the page level: whatever goes wrong with one page becomes a Reject with
its stage, so a run over thousands of pages never stops for one of them.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC

from wirenorm.model import Article, Draft, RawPage, Reject
from wirenorm.normalizer.budget import PAGE_BUDGET_SECONDS, BudgetExceeded, page_budget
from wirenorm.normalizer.extract import extract
from wirenorm.normalizer.extract.metadata import page_date, parse_visible_time
from wirenorm.normalizer.language import identify
from wirenorm.normalizer.parse import ParseError, parse
from wirenorm.normalizer.wire import clean_headline, normalize_copy

MIN_BODY_WORDS = 25  # below this a page is a teaser, a ticker or an error page, not an article
_WORDISH = re.compile(r"\w")
_NO_WORD_TOKEN = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")  # "--", "|", "•": tokens that are not words
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


class NotAnArticle(ValueError):
    """The page parsed but holds no article (homepage, ticker, empty template)."""


def stable_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def count_words(text: str, tokens: list[str] | None = None) -> int:
    """Whitespace-separated words; in CJK text, where words are not spaced, each character.
    `tokens`: `text.split()`, when the caller has it."""
    if not _CJK.search(text):
        tokens = text.split() if tokens is None else tokens
        # a token with no word character has a character that is not alphanumeric: only those
        # are looked at again
        return len(tokens) - len(_NO_WORD_TOKEN.findall(" ".join(t for t in tokens if not t.isalnum())))
    count = 0
    for token in text.split():
        cjk = len(_CJK.findall(token))
        count += cjk if cjk else bool(_WORDISH.search(token))
    return count


def content_hash(body: str, tokens: list[str] | None = None) -> str:
    """Of the body lower-cased with its spaces folded (`tokens`: `body.split()`, when known)."""
    folded = " ".join(body.split() if tokens is None else tokens).lower()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


def build_article(draft: Draft, raw: RawPage) -> Article:
    """Merge the extracted draft, the wire fields and page metadata into one record."""
    if not draft.is_article:
        raise NotAnArticle(draft.not_article_reason or "page holds no article")
    meta = draft.meta
    found = normalize_copy(draft)
    body = "\n\n".join(found.body_parts)
    tokens = body.split()
    words = count_words(body, tokens)
    if words < MIN_BODY_WORDS:
        raise NotAnArticle(f"no article text found ({words} words of body)")
    site_name = meta.site_name
    language = identify(body, meta.language)
    headline = clean_headline(draft.headline, site_name, found, language, draft.url)
    agencies = found.agencies
    published = (
        meta.published_at
        or next((t for r in found.removed if r.kind == "timestamp" and (t := parse_visible_time(r.text))), None)
        or (page_date(draft.markup, draft.url) if draft.markup is not None else None)
    )
    fetched = raw.fetched_at
    day = (published or fetched).astimezone(UTC).date() if (published or fetched) else None
    canonical = meta.canonical_url
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = None
    return Article(
        article_id=stable_id(raw.key or canonical or raw.url),
        story_id=None,
        url=raw.url,
        canonical_url=canonical,
        source_id=raw.source_id,
        site_name=site_name,
        site_region=meta.site_region,
        site_code=meta.site_code or found.site_code,
        section=meta.section,
        headline=headline,
        standfirst=meta.standfirst,
        body=body,
        paragraphs=found.paragraphs,
        subheads=found.subheads,
        byline=found.byline,
        signature=meta.signature or found.signature,
        agency=agencies[0] if agencies else None,
        agencies=agencies,
        dateline=found.dateline,
        dateline_place=found.dateline_place,
        desk_slug=found.desk_slug,
        photo_caption=found.photo_caption,
        photo_credit=found.photo_credit,
        published_at=published,
        modified_at=meta.modified_at,
        fetched_at=fetched,
        published_date=day,
        language=language,
        word_count=words,
        content_hash=content_hash(body, tokens),
        removed=found.removed,
        extractor=draft.extractor,
        raw_ref=raw.raw_ref,
    )


def process(
    raw: RawPage, budget: float | None = PAGE_BUDGET_SECONDS, repeated: frozenset[str] = frozenset()
) -> Article | Reject:
    """Run one page through parse, extract and normalize within `budget` seconds; failures
    become Rejects. `repeated`: lines of text dumps that the page's site prints on many pages."""
    stage = "parse"
    try:
        with page_budget(budget):
            doc = parse(raw)
            stage = "extract"
            draft = extract(doc, repeated)
            stage = "normalize"
            return build_article(draft, raw)
    except BudgetExceeded:
        size = len(raw.content) / 1e6
        return reject(raw, stage, BudgetExceeded(f"page exceeded its {budget:g}s processing budget ({size:.1f} MB)"))
    except (ParseError, NotAnArticle) as exc:
        return reject(raw, stage, exc)
    except Exception as exc:
        return reject(raw, stage, exc)


def reject(raw: RawPage, stage: str, exc: BaseException, error_type: str | None = None) -> Reject:
    return Reject.of(
        raw.url, raw.source_id, stage, exc, raw_ref=raw.raw_ref, error_type=error_type, fetched_at=raw.fetched_at
    )
