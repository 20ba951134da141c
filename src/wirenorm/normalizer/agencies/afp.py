"""AFP (Agence France-Presse).

Real example (network republisher, fixtures seed page)::

    North Korea confirms troop deployment ... / Photo: ANTHONY WALLACE - AFP
    ...
    - 'Ease internal backlash' -
    ...
    burs-hs/dhc

Datelines seen elsewhere: ``KATHMANDU (AFP) - ``, ``Jakarta (AFP) – ``,
``Sair (Palestinian Territories) (AFP) – ``, ``Hanoi, Vietnam (AFP) Dec 16, 2025``.
"""

from wirenorm.normalizer.agencies._rules import Agency, Pattern

AGENCY = Agency(
    code="AFP",
    names=("AFP", "Agence France-Presse", "Agence France Presse", "Agence France-Presse (AFP)"),
    tags=("AFP",),
    trailers=(
        # desk slug: writer(s)/editor(s) initials, optional bur(s)- prefix: burs-hs/dhc, pst/fox
        Pattern("desk_slug", r"(?:burs?-)?[a-z]{2,4}(?:-[a-z]{2,4})*(?:/[a-z]{2,4}(?:-[a-z]{2,4})*)+"),
        Pattern("credit", r"AFP"),
        # the syndication network's pseudonymous signature, with the site's code: K.Morris--PI
        # (the network's page template reads it too; this finds it on pages the template misses)
        Pattern("signature", r"(?P<signature>[A-Z][\w'’-]*\.(?:[A-Z][\w'’-]*)+)--(?P<site_code>[A-Z]{2,5})"),
    ),
    tails=(Pattern("credit", r"(?<=[.!?\"”’])\s+AFP"),),
    lines=(
        Pattern("photo_credit", r"(?:PHOTO:\s*)?(?P<credit>AFP/FILE|©\s?AFP(?:/File)?)"),
        Pattern("photo_credit", r"(?P<credit>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}\s+AFP)"),
    ),
    credits=(r"\bAFP\b",),
    subhead=r"-\s+(?P<text>[^\n]{2,120}?)\s+-",
)
