"""IANS (Indo-Asian News Service, India).

Real example::

    London, Jan 30 (IANS) Britain's ...

The tag is followed by no separator; relays prefix ``MENAFN - IANS) `` (read by the generic
relay form of every tagged dateline) or end with ``IANS``.
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="IANS",
    names=("IANS", "Indo-Asian News Service"),
    tags=("IANS",),
    trailers=(Pattern("credit", r"[-–—]*\s*IANS"),),
    tails=(Pattern("credit", r"(?<=[.!?\"”’])\s*[-–—]*\s*IANS"),),
    credits=(r"\bIANS\b",),
)
