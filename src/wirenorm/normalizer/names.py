"""Whether an author credit names the publisher rather than a person, and a name without the job
title printed after it: shared by metadata, the byline rules and the text path."""

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


# Job titles printed after a CJK name ("신현주 기자", "松岡大地記者", "特派員")
_CJK_ROLE = re.compile(r"\s*(?:기자|특파원|선임기자|記者|特派員|编辑|編集委員|论说委员)$")
# ... and after a name as author boxes print them: "Emma Roe Lifestyle Writer", "Jo Doe – Journalist",
# "Jo Doe Follow" (the box's follow button); with or without one qualifying word before the role
_ROLE_WORDS = (
    r"(?:Writer|Reporter|Editor|Correspondent|Columnist|Producer|Director|Team|"
    r"Redakteur(?:in)?|Journalist(?:in)?|Follow|Folgen)\b"
)
# the words before a role that say which desk: "Deputy Content Hub Director", "Parliamentary editor"
_DESK_WORDS = (
    r"(?:Deputy|Senior|Chief|Content|Hub|Political|Politics|Parliamentary|News|Lifestyle|Sports?|Business|"
    r"Health|Science|Staff|Managing|Executive|Associate|Contributing|Features?|Digital|Gear|Foreign|"
    r"Economics|Technology|Investigations?)"
)
_TRAILING_ROLES = (
    # a section name glued to the name by a dump: "Emma MackenzieLifestyle Writer" (not the
    # capital inside a name: "Jo DeVeaux Reporter", "Al MacKenzie Writer")
    re.compile(rf"(?<=[a-zà-ÿ]{{3}})[A-Z][a-zà-ÿ]+(?:\s+{_ROLE_WORDS})+$"),
    # (after a desk the role may be in lower case: "Parliamentary editor"; "staff reporter" is a credit)
    re.compile(rf"(?:\s+[-–—|,]?\s*(?:{_DESK_WORDS} ){{1,3}}(?:{_ROLE_WORDS}|(?:editor|reporter|writer)\b))+$"),
    re.compile(rf"(?:\s+[-–—|,]?\s*(?:[A-Z][\w-]+ )?{_ROLE_WORDS})+$"),
    re.compile(rf"(?:\s+[-–—|,]?\s*{_ROLE_WORDS})+$"),
)


def without_role(part: str) -> str:
    """The name without the job title printed after it; a name keeps at least two words."""
    if (bare := _CJK_ROLE.sub("", part)) != part:
        return bare or part
    for rx in _TRAILING_ROLES:
        if (bare := rx.sub("", part)) != part and len(bare.split()) >= 2:
            return bare
    return part
