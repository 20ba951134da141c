"""ANP (Algemeen Nederlands Persbureau, the Netherlands).

Real example (Dutch exonym in the dateline)::

    WENEN (ANP) - Oostenrijk ...
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="ANP",
    names=("ANP", "Algemeen Nederlands Persbureau"),
    tags=("ANP",),
    trailers=(Pattern("credit", r"\(?ANP\)?"),),
    lines=(Pattern("photo_credit", r"(?:Foto:\s*)?(?P<credit>ANP(?: [A-Z][\w .'-]{2,40})?/[\w .'-]{2,60})"),),
    credits=(r"\bANP\b",),
)
