"""An IMS QTI 2.1 content package (.zip with ``imsmanifest.xml``) that Moodle, Canvas and Blackboard import.

Each question is an ``assessmentItem`` with one ``choiceInteraction`` (one choice allowed,
options in our stable order), its right answer in ``correctResponse`` and the standard
``match_correct`` response processing. Each quiz is an ``assessmentTest`` that lists its
items, so a platform imports the starter and exit quizzes as two tests.
"""

from __future__ import annotations

import hashlib

from lxml import etree

from ..output import deterministic_zip
from .quizzes import Quiz

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
IMSCP_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
MATCH_CORRECT = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"
ITEM_TYPE = "imsqti_item_xmlv2p1"
TEST_TYPE = "imsqti_test_xmlv2p1"


def _element(parent, tag: str, ns: str = QTI, text: str | None = None, **attributes):
    node = etree.SubElement(parent, f"{{{ns}}}{tag}", {k.rstrip("_"): str(v) for k, v in attributes.items()})
    if text is not None:
        node.text = text
    return node


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _root(tag: str, ns: str, schema: str, **attributes):
    root = etree.Element(f"{{{ns}}}{tag}", nsmap={None: ns, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{ns} {schema}")
    for key, value in attributes.items():
        root.set(key, str(value))
    return root


def item_xml(identifier: str, title: str, item) -> bytes:
    """One multiple-choice ``assessmentItem`` with the right answer marked."""
    root = _root("assessmentItem", QTI, QTI_XSD, identifier=identifier, title=title, adaptive="false",
                 timeDependent="false")
    response = _element(root, "responseDeclaration", identifier="RESPONSE", cardinality="single",
                        baseType="identifier")
    _element(_element(response, "correctResponse"), "value", text=item.right_letter)
    score = _element(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _element(_element(score, "defaultValue"), "value", text="0")
    body = _element(root, "itemBody")
    # shuffle="false": the options keep the order printed on the worksheet and slides.
    interaction = _element(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false",
                           maxChoices="1")
    _element(interaction, "prompt", text=item.text)
    for letter, option in zip("ABCD", item.options):
        _element(interaction, "simpleChoice", identifier=letter, text=option)
    _element(root, "responseProcessing", template=MATCH_CORRECT)
    return _xml(root)


def test_xml(identifier: str, quiz: Quiz, items: list[tuple[str, str]]) -> bytes:
    """The ``assessmentTest`` of one quiz: one linear part and section listing its items."""
    root = _root("assessmentTest", QTI, QTI_XSD, identifier=identifier, title=quiz.title)
    part = _element(root, "testPart", identifier=f"{identifier}-part", navigationMode="linear",
                    submissionMode="individual")
    section = _element(part, "assessmentSection", identifier=f"{identifier}-section", title=quiz.heading,
                       visible="true")
    for item_id, href in items:
        _element(section, "assessmentItemRef", identifier=item_id, href=f"../{href}")
    return _xml(root)


def manifest_xml(package_id: str, resources: list[tuple[str, str, str, list[str]]]) -> bytes:
    """``imsmanifest.xml``: one resource per item and per test, tests depending on their items."""
    root = _root("manifest", IMSCP, IMSCP_XSD, identifier=package_id)
    metadata = _element(root, "metadata", IMSCP)
    _element(metadata, "schema", IMSCP, text="QTIv2.1 Package")
    _element(metadata, "schemaversion", IMSCP, text="1.0.0")
    _element(root, "organizations", IMSCP)
    listing = _element(root, "resources", IMSCP)
    for identifier, kind, href, depends in resources:
        resource = _element(listing, "resource", IMSCP, identifier=identifier, type=kind, href=href)
        _element(resource, "file", IMSCP, href=href)
        for other in depends:
            _element(resource, "dependency", IMSCP, identifierref=other)
    return _xml(root)


def qti_package(package_name: str, quizzes: list[Quiz]) -> bytes:
    """The zip bytes of a QTI 2.1 content package holding every quiz in ``quizzes``."""
    members: list[tuple[str, bytes]] = []
    resources: list[tuple[str, str, str, list[str]]] = []
    for quiz in quizzes:
        items = []
        for number, item in enumerate(quiz.questions, 1):
            item_id = f"{quiz.kind}-q{number}"
            href = f"items/{item_id}.xml"
            members.append((href, item_xml(item_id, f"{quiz.heading}, question {number}", item)))
            resources.append((item_id, ITEM_TYPE, href, []))
            items.append((item_id, href))
        test_id = f"{quiz.kind}-quiz"
        href = f"tests/{test_id}.xml"
        members.append((href, test_xml(test_id, quiz, items)))
        resources.append((test_id, TEST_TYPE, href, [i for i, _ in items]))
    digest = hashlib.sha256(package_name.encode("utf-8")).hexdigest()[:12]
    manifest = manifest_xml(f"lessonpack-{digest}", resources)
    return deterministic_zip([("imsmanifest.xml", manifest), *members], keep_order=True)
