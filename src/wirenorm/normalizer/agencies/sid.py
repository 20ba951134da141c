"""SID (Sport-Informations-Dienst, Germany).

Real example (German sports pages)::

    München (SID) - Bayern München hat ...
    Foto: © SID
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="SID",
    names=("SID", "Sport-Informations-Dienst"),
    tags=("SID",),
    trailers=(Pattern("credit", r"\(?SID\)?"),),
    lines=(Pattern("photo_credit", r"(?:Foto:\s*)?(?P<credit>©\s*SID(?:/[\w .-]+)?)"),),
    credits=(r"\bSID\b",),
)
