"""TASS (Russia).

Real example::

    WASHINGTON, March 13. /TASS/. The US administration ...
"""

from wirenorm.normalizer.agencies._rules import DATE, PLACE, Agency

AGENCY = Agency(
    code="TASS",
    dateline_marks=("/TASS/",),
    names=("TASS", "ТАСС"),
    tags=("TASS",),
    datelines=(rf"(?P<place>{PLACE})(?:,\s*(?P<date>{DATE}))?\.?\s*/TASS/\.?\s*",),
    credits=(r"\bTASS\b",),
)
