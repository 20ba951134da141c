"""AAP (Australian Associated Press).

Real example: the agency is appended to the headline rather than a dateline::

    Tas Catholic school teachers walk off job (AAP)
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="AAP",
    names=("AAP", "Australian Associated Press"),
    tags=("AAP",),
    trailers=(Pattern("credit", r"\(?AAP\)?"),),
    lines=(Pattern("photo_credit", r"(?P<credit>\(?AAP Image/[\w .'-]{2,60}\)?)"),),
    credits=(r"\bAAP\b",),
)
