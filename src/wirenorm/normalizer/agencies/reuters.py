"""Reuters (including the Japanese service).

Real example (reuters.com, fixture 103)::

    KATHMANDU, April 25 (Reuters) - Nepal has found no proof that ...
    Reporting by Gopal Sharma, additional reporting by Lisa Barrington, writing by Shilpa
    Jamkhandikar, Editing by Alex Richardson

Also ``BEIRUT/THE HAGUE, March 7 (Reuters) - ``, ``(Reuters) — `` with no city,
``(Reporting by Will Dunham; Editing by Tom Brown)``, ``© Reuters``,
``[東京 ２６日 ロイター] - `` (Japanese service, full-width digits).
"""

import re

from wirenorm.normalizer.agencies._rules import Agency, Pattern

_SIGNOFF = (
    r"\(?(?:(?:Additional |Further )?[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Rr]eporting and writing)"
    r"(?: and (?:writing|editing))? by [^\n]{3,600}?\)?\.?"
)

AGENCY = Agency(
    code="REUTERS",
    marks=("©", "eporting by", "riting by", "diting by", "ompiled by", "Standards"),
    names=("Reuters", "Thomson Reuters", "Reuters Staff", "By Reuters Staff", "By Reuters", "ロイター"),
    tags=("Reuters", "REUTERS"),
    datelines=(r"\[(?P<place>[^\s\]]{1,20})\s+(?P<date>[0-9０-９]{1,2}日)\s+ロイター\]\s*-\s*",),
    trailers=(
        Pattern("signoff", _SIGNOFF + r"(?:\s*Our Standards:\s*The Thomson Reuters Trust Principles\.?)?"),
        Pattern("standards", r"Our Standards:\s*The Thomson Reuters Trust Principles\.?"),
        Pattern("copyright", r"©\s*(?:\d{1,4}\s+)?(?:Thomson )?Reuters\.?(?:\s+All Rights Reserved\.?)?", re.I),
        Pattern("credit", r"(?:Source:\s*)?REUTERS|Source: Reuters"),
    ),
    tails=(Pattern("credit", r"(?<=[.!?\"”’])\s+REUTERS"),),
    lines=(
        Pattern("graphic", r"\(Graphic: [^\n]{2,200}\)"),
        Pattern("licensing", r"Purchase Licensing Rights(?:, opens new tab)?"),
        Pattern(
            "photo_caption", r"(?P<caption>.{10,}?)\s+(?P<credit>REUTERS/[A-Z][\w.'’ -]{2,60}?)(?:/File(?: Photo)?)?"
        ),
        Pattern("photo_credit", r"(?P<credit>REUTERS/[A-Z][\w.'’ -]{2,60}?)(?:/File(?: Photo)?)?"),
    ),
    credits=(r"\bREUTERS/", r"\bReuters\b"),
)
