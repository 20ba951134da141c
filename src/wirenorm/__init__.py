"""wirenorm: wire-copy pages in, clean typed deduplicated records out."""

from __future__ import annotations

from datetime import UTC, datetime

from wirenorm._version import __version__
from wirenorm.model import SCHEMA_VERSION, Article, RawPage, Reject

__all__ = ["SCHEMA_VERSION", "Article", "NormalizeError", "RawPage", "Reject", "__version__", "normalize"]


class NormalizeError(ValueError):
    """Raised by `normalize` when a page yields no article; carries the Reject."""

    def __init__(self, reject: Reject) -> None:
        super().__init__(f"{reject.stage}: {reject.error_type}: {reject.message}")
        self.reject = reject


def normalize(
    content: bytes | str, url: str | None = None, *, source_id: str = "adhoc", content_type: str | None = None
) -> Article:
    """Normalize one page (HTML or a plain-text dump) into a schema v1 record.

    `content_type` (`text/plain`, `text/html; charset=...`) decides HTML or text when given;
    without it the URL's suffix and a look at the bytes do.

    Raises NormalizeError (holding the Reject) when the page holds no usable article.
    """
    from wirenorm.normalizer.pipeline import process

    data = content.encode("utf-8") if isinstance(content, str) else content
    raw = RawPage(
        url=url or "about:blank",
        content=data,
        source_id=source_id,
        fetched_at=datetime.now(UTC),
        content_type=content_type,
    )
    result = process(raw)
    if isinstance(result, Reject):
        raise NormalizeError(result)
    return result
