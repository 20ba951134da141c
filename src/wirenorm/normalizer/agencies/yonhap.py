"""Yonhap (South Korea).

Real example (en.yna.co.kr, fixture 127)::

    SEOUL, Aug. 20 (Yonhap) -- North Korea on Tuesday slammed ...
    kokobj@yna.co.kr
    (END)
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="YONHAP",
    names=("Yonhap", "Yonhap News Agency", "Yonhap News"),
    tags=("Yonhap", "Yonhap Infomax"),
    trailers=(
        Pattern("end_mark", r"\(END\)"),
        Pattern("contact", r"[\w.+-]+@yna\.co\.kr"),
    ),
    credits=(r"\bYonhap\b",),
)
