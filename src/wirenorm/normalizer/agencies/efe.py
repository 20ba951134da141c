"""EFE (Spain).

Real example (100noticias.com.ni, fixture 125)::

    Managua, 26 oct (EFE).- La deuda externa de Nicaragua ...

The city is often dropped: ``(EFE).- ``.
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="EFE",
    names=("EFE", "Agencia EFE", "efe"),
    tags=("EFE",),
    trailers=(Pattern("credit", r"\(?EFE\)?"),),
    lines=(Pattern("photo_credit", r"(?:Foto:?\s*)?(?P<credit>EFE/[\w .'-]{2,60})"),),
    credits=(r"\bEFE\b",),
)
