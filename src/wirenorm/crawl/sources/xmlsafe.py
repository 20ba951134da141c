"""XML from the network, parsed with entity expansion and external loads disabled."""

from __future__ import annotations

import re

from lxml import etree

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


class UnsafeXML(ValueError):
    """The document declares entities (billion laughs, external entities): refused unparsed."""


def refuse_entities(data: bytes) -> None:
    if _ENTITY_DECL.search(data[:65536]):
        raise UnsafeXML("XML declares entities; refused (entity expansion is disabled)")


def parse_xml(data: bytes) -> etree._Element:
    refuse_entities(data)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True, remove_comments=True
    )
    root = etree.fromstring(data, parser=parser)
    if root is None:
        raise ValueError("not an XML document")
    return root
