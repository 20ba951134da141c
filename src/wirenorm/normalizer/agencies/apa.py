"""APA (Austria Presse Agentur).

Real example (sn.at, fixture 110)::

    ... (Quelle: APA/sda/dpa)
    photo credit: SN/APA/KEYSTONE/CYRIL ZINGARO
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="APA",
    marks=("Quelle",),
    names=("APA", "Austria Presse Agentur", "APA-OTS"),
    tags=("APA",),
    trailers=(Pattern("source", r"\(?Quelle:\s*APA(?:/[\w-]+)*\)?\.?"),),
    tails=(Pattern("source", r"\s*\(Quelle:\s*APA(?:/[\w-]+)*\)\.?"),),
    lines=(Pattern("photo_credit", r"(?:Bild:\s*)?(?P<credit>(?:[A-Z]{2,5}/)?APA/[\w/ .-]{2,80})"),),
    credits=(r"\bAPA/", r"\bAPA\b"),
)
