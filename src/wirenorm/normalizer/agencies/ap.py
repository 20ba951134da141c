"""AP (The Associated Press).

Real example (apnews.com, fixture 102)::

    LA CROSSE, Wis. (AP) — Kamala Harris and Donald Trump ...
    ___
    Peoples reported from New York and Thomson-DeVeaux from Washington. Associated Press
    writers Will Weissert in Johnstown, Pennsylvania, and Bill Barrow in Atlanta contributed
    to this report.

Also ``KABUL, Afghanistan (AP) -- `` (old hosted pages), ``(AP Photo/Darron Cummings)``,
``Copyright 2024 The Associated Press. All Rights Reserved.``
"""

import re

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="AP",
    marks=("©", "opyright", "ights reserved", "ights Reserved", "contributed", "ith reporting"),
    names=(
        "AP",
        "Associated Press",
        "The Associated Press",
        "By Associated Press",
        "AP News",
        "Associated Press Writer",
        "AP Sports Writer",
        "AP Business Writer",
        "AP Science Writer",
        "AP Medical Writer",
        "AP Technology Writer",
        "AP Economics Writer",
        "AP Diplomatic Writer",
        "AP National Writer",
        "AP Religion Writer",
        "AP Legal Affairs Writer",
        "AP Political Writer",
    ),
    tags=("AP",),
    trailers=(
        Pattern(
            "copyright",
            r"(?:Copyright|©)\s*(?:\d{4}\s+)?(?:The\s+)?Associated Press\.?(?:\s+All [Rr]ights [Rr]eserved\.?)?"
            r"(?:\s+This material may not be published.*)?",
            re.S,
        ),
        Pattern("copyright", r"(?:The\s+)?Associated Press\.\s+All rights reserved\..*", re.I | re.S),
        Pattern(
            "contributors",
            r".{0,300}\bAssociated Press\b.{0,300}\bcontributed(?: to)? (?:this|the) (?:report|story)\.?",
        ),
        Pattern("contributors", r"With reporting by (?:The )?Associated Press .{3,300}"),
        Pattern("hub_link", r"(?:More )?AP [\w' -]{2,40}:\s*https?://\S+(?:\s+and\s+https?://\S+)*"),
        Pattern("contact", r"(?:Follow|Reach) [^\n]{2,120} (?:on Twitter|on X) at [^\n]{2,200}"),
        Pattern("separator", r"_{3,}|-{3}"),
        # sports copy: "UP NEXT" then one line per team
        Pattern("up_next", r"UP NEXT"),
        Pattern("up_next", r"[A-Z][\w.' ]{1,30}: (?:At|Host|Hosts|Visit|Visits|Play|Plays|Travel|vs\.?) [^\n]{3,160}"),
    ),
    lines=(
        Pattern("photo_caption", r"(?P<caption>.{10,}?)\s*\((?P<credit>AP Photo/[^)]{2,60})\)"),
        Pattern("photo_credit", r"\((?P<credit>AP Photo/[^)]{2,60})\)"),
        Pattern("separator", r"_{3,}|-{3}"),
    ),
    credits=(r"\bAP Photo\b", r"\bAssociated Press\b"),
)
