"""Keystone-SDA / Keystone-ATS (Switzerland).

Real example (Swiss pages): a byline line ``ATS`` or ``Keystone-SDA`` and dates such as
``23.2.2026 - 19:04``; in relays the tag shows inside APA-style source lists (``APA/sda/dpa``).
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="KEYSTONE-SDA",
    names=("Keystone-SDA", "Keystone-ATS", "SDA", "ATS", "sda", "ats", "SDA-ATS"),
    tags=("sda", "SDA", "ats", "ATS", "Keystone-SDA", "Keystone-ATS"),
    trailers=(Pattern("credit", r"\(?(?:Keystone-)?(?:SDA|ATS|sda|ats)\)?"),),
    lines=(Pattern("photo_credit", r"(?:Bild:\s*)?(?P<credit>KEYSTONE/[\w .'-]{2,60})"),),
    credits=(r"\bKEYSTONE\b", r"\bKeystone-(?:SDA|ATS)\b"),
)
