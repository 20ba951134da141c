"""dpa (Deutsche Presse-Agentur).

Real example (tour-magazin.de, fixture 124)::

    Bogotá (dpa) - Der kolumbianische Radprofi Egan Bernal ...
    dpa:220124-99-835563/5

Also ``Frankfurt/Main (dpa) - ``, the German teaser form ``Riad. `` (weak: only read when the
page credits dpa elsewhere), ``© dpa-infocom, dpa:240516-99-53606/3 (dpa)``, ``Quelle: dpa``.
"""

import re

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="DPA",
    marks=("©", "dpa:", "Quelle", "übernommen"),
    names=("dpa", "DPA", "Deutsche Presse-Agentur", "dpa-AFX", "dpa-infocom", "DPA/The Local", "(dpa)"),
    tags=("dpa", "DPA", "dpa-AFX"),
    trailers=(
        Pattern("agency_id", r"(?:©\s*dpa-infocom,\s*)?dpa:\d{6}-\d{2}-\d+/\d+(?:\s*\(dpa\))?"),
        Pattern("credit", r"Quelle:\s*dpa|\(dpa\)|dpa"),
        Pattern(
            "disclaimer",
            r"[^\n]{0,200}automatisch von der Deutschen Presse-Agentur \(dpa\) übernommen\.?",
            re.I,
        ),
    ),
    tails=(Pattern("agency_id", r"\s*(?:©\s*dpa-infocom,\s*)?dpa:\d{6}-\d{2}-\d+/\d+(?:\s*\(dpa\))?"),),
    credits=(r"\bdpa\b",),
    extra={"weak_dateline": r"(?P<place>[A-ZÄÖÜ][a-zäöüß]+(?:[ /-][A-ZÄÖÜ][a-zäöüß]+)?)\.\s+(?=[A-ZÄÖÜ])"},
)
