"""ANI (Asian News International, India).

Real example::

    Lucknow (Uttar Pradesh) [India], December 17 (ANI): Uttar Pradesh Chief Minister ...
    ... the statement said. (ANI)
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="ANI",
    names=("ANI", "Asian News International"),
    tags=("ANI",),
    trailers=(Pattern("credit", r"\(ANI\)"),),
    tails=(Pattern("credit", r"\s*\(ANI\)"),),
    credits=(r"\bANI\b",),
)
