"""The site's name read off the page by its address, not from a list of sites.

A dump has no `og:site_name`; what it keeps is the masthead, the logo's alt text, the footer's
copyright holder and "About ..." links. Of the names printed there, the site's is the one its
address spells: `National Post` on nationalpost.com, `The Washington Times` on
washingtontimes.com, `Yonhap News Agency` (by its initials) on yna.co.kr. The same test finds the
site's part of a title (`Headline - Taipei Times`), in HTML pages too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

LINE_MAX = 200  # mastheads, logos, footers and link lists are short; prose is not read
SPAN_WORDS_MAX = 5
INITIALS_MIN = 3  # `AP` is no initialism to go by: too many names share two letters
# a run of capitalised words (`The Washington Times`, `AP NEWS`, `ScienceAlert`)
_CAPITALISED = re.compile(r"[A-Z0-9][\w&'’.-]*(?:[ \t]+[A-Z0-9][\w&'’.-]*)*")
# a leading "The" belongs to the name when the run prints it (`The Washington Times`); other
# languages' articles open sentences too often (`Der NDR berichtet`) to be taken as part of a name
_ARTICLES = frozenset(("the",))


def _unaccented(text: str) -> str:
    """`público` -> `publico`, `habertürk` -> `haberturk`: addresses are written without accents."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_NOT_ALNUM = re.compile(r"[\W_]+")
_TLD = re.compile(r"(?:\.[a-z]{2,4})+$")
# parts of an address that name no site
_HOST_NOISE = frozenset(("www", "www2", "m", "amp", "mobile", "edition", "news", "com", "net", "org", "co"))


def site_name(lines: Iterable[str], url: str) -> str | None:
    """The name the page prints that its host spells (letters alike, or its initials), in the
    form printed most often (a name before an address, mixed case before capitals), or None when
    no printed name fits."""
    labels = _host_labels(url)
    if not labels:
        return None
    found: Counter[str] = Counter()
    spelled = _spelling(labels)
    for line in lines:
        if len(line) > LINE_MAX or not spelled.search(_unaccented(line)):
            continue
        for run in _CAPITALISED.findall(line):
            if (name := _naming_span(run.split(), labels)) is not None:
                found[name] += 1
    if not found:
        return None
    return max(found, key=lambda name: (not _TLD.search(name.lower()), not name.isupper(), found[name], len(name)))


# the separators sites put between a headline and their name
TITLE_PARTS = re.compile(r"\s+(?:\||-|–|—|·|::)\s+")


def title_site(title: str, url: str) -> str | None:
    """The part of a page title (`Headline - Público`) that is the site's name, by its address."""
    parts = TITLE_PARTS.split(title)
    return next((part for part in parts[1:] if names_site(part, url)), None) if len(parts) > 1 else None


def names_site(text: str, url: str) -> bool:
    """Whether `text` is, as a whole, a name the page's address spells (`Taipei Times`)."""
    words = text.split()
    if not words or len(words) > SPAN_WORDS_MAX:
        return False
    if words[0].lower() in _ARTICLES:
        words = words[1:]
    return bool(words) and _spells([word.rstrip(".,") for word in words], _host_labels(url))


@lru_cache(maxsize=1024)
def _host_labels(url: str) -> frozenset[str]:
    host = (urlsplit(url).hostname or "").lower()
    return frozenset(
        label.replace("-", "") for label in host.split(".")[:-1] if len(label) >= 3 and label not in _HOST_NOISE
    )


@lru_cache(maxsize=256)
def _spelling(labels: frozenset[str]) -> re.Pattern[str]:
    """One search per line before any name is read: a label's letters in a row (separators
    allowed), or words starting with its letters."""
    forms = []
    for label in labels:
        forms.append(r"[\W_]*".join(map(re.escape, label)))
        if len(label) >= INITIALS_MIN:
            forms.append(r"\b" + r"\w*[^\w\n]+".join(map(re.escape, label)))
    return re.compile("|".join(forms), re.I)


def _naming_span(words: list[str], labels: frozenset[str]) -> str | None:
    """The longest span of `words` the host spells, with the article printed before it."""
    words = [word.rstrip(".,") for word in words]
    for size in range(min(len(words), SPAN_WORDS_MAX), 0, -1):
        for lo in range(len(words) - size + 1):
            span = words[lo : lo + size]
            if _spells(span, labels):
                if lo > 0 and words[lo - 1].lower() in _ARTICLES:
                    span = [words[lo - 1], *span]
                return " ".join(span)
    return None


def _spells(span: list[str], labels: frozenset[str]) -> bool:
    if span[0].lower() in _ARTICLES:
        return False  # the article is added back by the caller, never matched on its own
    joined = _unaccented("".join(span).lower())
    if _NOT_ALNUM.sub("", joined) in labels or _NOT_ALNUM.sub("", _TLD.sub("", joined)) in labels:
        return True  # (`DOMRADIO.DE`, `Merkur.de`: a site named by its address)
    initials = _unaccented("".join(word[0] for word in span).lower())
    return len(span) >= INITIALS_MIN and initials in labels
