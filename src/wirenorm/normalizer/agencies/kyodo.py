"""Kyodo News (Japan).

Real example (mainichi.jp, fixture 132)::

    TOKYO (Kyodo) -- The average price of a new condominium in central Tokyo ...

English-service copy often ends with ``==Kyodo``.
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="KYODO",
    names=("Kyodo", "Kyodo News", "KYODO"),
    tags=("Kyodo",),
    trailers=(Pattern("credit", r"==\s*Kyodo"),),
    tails=(Pattern("credit", r"\s*==\s*Kyodo"),),
    credits=(r"\bKyodo\b",),
)
