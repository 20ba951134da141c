"""KNA (Katholische Nachrichten-Agentur, Germany).

Real example (domradio.de, fixture 126)::

    ... Stetter-Karp ist Nachfolgerin von Thomas Sternberg. (KNA 19.11.21)
    Foto: © Dieter Mayr (KNA)
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="KNA",
    marks=("(KNA",),
    names=("KNA", "Katholische Nachrichten-Agentur"),
    tags=("KNA",),
    trailers=(Pattern("source", r"\(KNA(?: \d{1,2}\.\d{1,2}\.\d{2,4})?\)"),),
    tails=(Pattern("source", r"\s*\(KNA \d{1,2}\.\d{1,2}\.\d{2,4}\)"),),
    lines=(Pattern("photo_credit", r"(?:Foto:\s*)?(?P<credit>©\s*[\w .'-]{2,60}\(KNA\))"),),
    credits=(r"\(KNA\)", r"\bKNA\b"),
)
