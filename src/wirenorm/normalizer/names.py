"""Whether an author credit names the publisher rather than a person: shared by metadata, which
reads the page's author sources, and the byline rules, which decide between them."""

from __future__ import annotations

import re

DOMAIN = re.compile(r"www\.|\b[\w-]+\.(?:com|de|at|ch|fr|es|it|no|uk|org|net|co)\b", re.I)
_NAME_TOKEN = re.compile(r"\w+")
_NOT_A_NAME = frozenset({"www", "com", "de", "at", "ch", "co", "uk", "net", "org", "online", "the"})


def _tokens(text: str) -> set[str]:
    return {t for t in _NAME_TOKEN.findall(text.lower()) if t not in _NOT_A_NAME}


def is_organisation(name: str, site_name: str | None) -> bool:
    """The site itself (`STERN.de`, `n-tv NACHRICHTEN` on n-tv) or a web address given as author."""
    if DOMAIN.search(name):
        return True
    site, own = _tokens(site_name or ""), _tokens(name)
    return bool(site and own) and len(site & own) >= max(1, len(own) / 2)
