"""A metadata block at the top of a text export: `---`, `key: value` lines, `---`.

Extraction tools (trafilatura's `--with-metadata`), static-site and note exports write the page's
title, authors, date and site there. What the exporter read from the page's own metadata is better
evidence than any line of the text, so it is taken as declared, and the block is kept in `removed`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from wirenorm.model import Draft, Removed
from wirenorm.normalizer.extract.dates import find_date

FENCE = "---"
BLOCK_LINES_MAX = 60  # a front matter is a header, not a document
TITLE_SEARCH = 2000  # characters after the block where an export may print its title again
_FIELD = re.compile(r"(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*)")
_ITEM = re.compile(r"\s*-\s+(?P<value>.+)")
# the names each field goes by across exporters
_KEYS = {
    "title": ("title", "headline"),
    "authors": ("author", "authors", "byline"),
    "date": ("date", "published", "published_at", "datepublished", "pubdate"),
    "site": ("sitename", "site_name", "site", "publisher"),
    "description": ("description", "summary", "excerpt"),
}
# author fields that exporters fill from link targets and domains (`Www Example Com`, `https`)
_NOT_A_NAME = re.compile(r"\b(?:https?|www|com)\b|[/@]", re.I)


@dataclass(frozen=True)
class FrontMatter:
    block: str  # the block as it stood, for `removed`
    title: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    site_name: str | None = None
    description: str | None = None


def front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """The block at the top of `text`, read, and the text after it (`text` as it is when none)."""
    lines = text.lstrip("\ufeff\n \t").split("\n")
    if not lines or lines[0].strip() != FENCE:
        return None, text
    try:
        close = next(i for i, line in enumerate(lines[1 : BLOCK_LINES_MAX + 2], 1) if line.strip() == FENCE)
    except StopIteration:
        return None, text
    fields = _fields(lines[1:close])
    if not fields:
        return None, text  # a rule under a title line, not a metadata block
    block = "\n".join(lines[: close + 1])
    found = {name: next((fields[k] for k in keys if fields.get(k)), []) for name, keys in _KEYS.items()}
    matter = FrontMatter(
        block=block,
        title=_first(found["title"]),
        authors=tuple(name for value in found["authors"] for name in _names(value)),
        published_at=_date(_first(found["date"])),
        site_name=_first(found["site"]),
        description=_first(found["description"]),
    )
    rest = "\n".join(lines[close + 1 :])
    if matter.title and matter.title not in rest[:TITLE_SEARCH]:
        rest = f"{matter.title}\n\n{rest}"  # where the page printed it: the text path reads the copy under it
    return matter, rest


def _fields(lines: list[str]) -> dict[str, list[str]]:
    """`key: value` lines, and `- item` lines under a key with no value of its own; keys lower-cased."""
    fields: dict[str, list[str]] = {}
    key = None
    for line in lines:
        if (item := _ITEM.fullmatch(line)) and key is not None:
            fields[key].append(_unquoted(item.group("value")))
        elif m := _FIELD.fullmatch(line.strip()):
            key = m.group("key").lower()
            value = m.group("value").strip()
            fields[key] = _listed(value) if value.startswith("[") else ([_unquoted(value)] if value else [])
        elif line.strip():
            return {}  # not a metadata block after all
    return {k: [v for v in values if v] for k, values in fields.items()}


def _listed(value: str) -> list[str]:
    return [_unquoted(part) for part in value.strip("[]").split(",")]


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip()


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(";") if name.strip() and not _NOT_A_NAME.search(name)]


def _date(value: str | None) -> datetime | None:
    """An ISO date or timestamp as written; a bare day is kept at noon UTC, as the text path does."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        when = find_date(value)
        return when.replace(hour=12, minute=0) if when else None
    if len(value) <= 10:
        return when.replace(hour=12, tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def declared(draft: Draft, matter: FrontMatter) -> Draft:
    """The draft with what the block declares: title, date and site over what the lines suggest;
    the authors where the lines named none; the block itself in `removed`."""
    meta = draft.meta
    meta = dataclasses.replace(
        meta,
        headline=matter.title or meta.headline,
        byline=meta.byline or matter.authors,
        published_at=matter.published_at or meta.published_at,
        site_name=matter.site_name or meta.site_name,
        description=matter.description or meta.description,
    )
    removed = [Removed("front_matter", matter.block), *draft.removed]
    return dataclasses.replace(draft, headline=meta.headline, meta=meta, removed=removed)
