"""Xinhua (China).

Real example (xinhuanet.com)::

    BEIJING, Dec. 16 (Xinhua) -- China will ...

Relays print ``WASHINGTON, Dec. 16 (Xinhua) — `` with an em dash; people.cn adds a source line
``Xinhua) 09:22, December 17, 2025``.
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="XINHUA",
    names=("Xinhua", "Xinhua News Agency", "XINHUA"),
    tags=("Xinhua",),
    trailers=(Pattern("credit", r"\(?Xinhua\)?|Source: Xinhua"),),
    lines=(Pattern("source_line", r"\(?\w*\s*Xinhua\)\s+\d{1,2}:\d{2},\s+[A-Z][a-z]+ \d{1,2}, \d{4}"),),
    credits=(r"\bXinhua\b",),
)
