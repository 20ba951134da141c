"""Bloomberg News.

Real example (bloomberg.com, fixture 130): no dateline in the body, copy ends with::

    ©2016 Bloomberg L.P. All Rights Reserved
"""

import re

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="BLOOMBERG",
    marks=("©", "L.P."),
    names=("Bloomberg", "Bloomberg News", "Bloomberg L.P."),
    tags=("Bloomberg",),
    trailers=(
        Pattern("copyright", r"©\s*\d{4}\s*Bloomberg L\.P\.?(?:\s*All Rights Reserved\.?)?", re.I),
        Pattern("credit", r"--\s*With assistance from [^\n]{3,300}"),
    ),
    tails=(Pattern("copyright", r"\s*©\s*\d{4}\s*Bloomberg L\.P\.?(?:\s*All Rights Reserved\.?)?"),),
    credits=(r"\bBloomberg\b",),
)
