"""The words of the parent and carer letters, shared by the PDF and the Word letter.

Both formats draw the same list of :class:`LetterSection`, so the Word letter can never
miss a sentence the PDF has. The first paragraph of every letter stands on its own: what
is happening, when, and what to do or whom to contact (content guide, "Parent and carer
letters").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .helplines import Helpline
from .school import Contact, SchoolInfo
from .stages import KeyStage

NOT_YOUR_FAULT = ("It is never a child's fault when someone treats them badly online. "
                  "The person who does it is responsible.")
MATERIALS = ("The lessons and materials are written for this age group. They use made-up characters and "
             "stories, and pupils are never asked about their own experiences. You are welcome to see the "
             "materials: please ask the school.")
RUNNING_HELP = "Worried about a child? NSPCC helpline 0808 800 5000 · In an emergency call 999"


@dataclass(frozen=True)
class LetterSection:
    """One part of a letter: an optional heading, paragraphs, a bulleted list, and paragraphs after it."""

    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    style: str = ""
    """How the PDF draws it: '' (plain), 'panel', 'panel warn', 'contact' or 'help'."""


def _is_placeholder(value: str | None) -> bool:
    return not value or value.startswith("[")


def dsl_contact(dsl: Contact) -> str:
    """Whom to contact, as it reads in a sentence: the named lead with their details, or a generic phrase."""
    if _is_placeholder(dsl.name):
        return "the school's designated safeguarding lead"
    details = " or ".join(x for x in (dsl.phone, dsl.email) if not _is_placeholder(x))
    return f"our designated safeguarding lead, {dsl.name}" + (f" ({details})" if details else "")


def dsl_line(dsl: Contact) -> str:
    """The lead's name, role and details on one line (placeholders shown, for the school to fill in)."""
    return " · ".join(x for x in (f"{dsl.name}, {dsl.role}", dsl.phone, dsl.email) if x)


def helpline_line(h: Helpline) -> str:
    """One helpline as a line of a letter."""
    contact = ", ".join(x for x in (h.phone, h.web) if x)
    return f"{h.name}: {contact} ({h.purpose('parent')})"


def _when(school: SchoolInfo) -> str:
    return school.when[:1].upper() + school.when[1:]


def first_paragraph(school: SchoolInfo, key_stage: KeyStage, what: str, contact: bool = True) -> str:
    """What is happening, when, and what to do: the paragraph a parent who reads nothing else needs.

    ``contact=False`` leaves out whom to contact, for a letter (a campaign's) that names the school's
    own safeguarding lead in a paragraph of its own just before, so the letter says it once.
    """
    text = (f"{_when(school)}, your child's class ({key_stage.england}, ages {key_stage.ages}) will have {what}. "
            "Please talk with your child about it at home afterwards (there are questions to ask below).")
    if contact:
        text += f" If you are ever worried about your child's safety online, contact {dsl_contact(school.dsl)}."
    return text


def closing_sections(school: SchoolInfo, parent_helplines: list[Helpline]) -> list[LetterSection]:
    """Who to contact, help and advice: the end of every letter."""
    local = [f"{h.name}: {', '.join(x for x in (h.phone, h.web) if x)} ({h.description})"
             for h in school.local_helplines]
    return [
        LetterSection("Who to contact at school",
                      ["If you are worried about your child's safety, please contact our designated safeguarding "
                       "lead:", dsl_line(school.dsl)], style="contact"),
        LetterSection("Help and advice", bullets=[helpline_line(h) for h in parent_helplines] + local, style="help"),
    ]


def lesson_letter(view, contact_in_opening: bool = True) -> list[LetterSection]:
    """Every section of the letter about one lesson at one key stage (``view`` is a StageView).

    ``contact_in_opening``: see ``first_paragraph``'s ``contact``.
    """
    letter, school = view.content.letter, view.school
    what = f"a {view.duration}-minute online-safety lesson: {view.meta.title}"
    sections = [
        LetterSection(paragraphs=[first_paragraph(school, view.key_stage, what, contact_in_opening), letter.learning, MATERIALS]),
        LetterSection("Talking about it at home", ["Short, relaxed chats work best. You could ask:"],
                      letter.conversation_starters, style="panel"),
        LetterSection("Practical steps", bullets=letter.tips, style="panel"),
    ]
    if view.content.local_notes:
        sections.append(LetterSection(f"At {school.name}", list(view.content.local_notes), style="panel"))
    sections.append(LetterSection("If something happens", bullets=letter.if_something_happens,
                                  after=[NOT_YOUR_FAULT], style="panel warn"))
    return sections + closing_sections(school, view.parent_helplines)


def unit_letter(key_stage: KeyStage, lessons, guidance, school: SchoolInfo,
                parent_helplines: list[Helpline], contact_in_opening: bool = True) -> list[LetterSection]:
    """Every section of the unit letter that introduces a key stage's lessons (``guidance`` for that stage).

    ``contact_in_opening``: see ``first_paragraph``'s ``contact``.
    """
    count = len(lessons)
    what = f"{count} online-safety lesson{'s' if count != 1 else ''}"
    return [
        LetterSection(paragraphs=[first_paragraph(school, key_stage, what, contact_in_opening), guidance.about, MATERIALS]),
        LetterSection("The lessons", bullets=[f"{item.title} ({item.minutes} minutes). {item.summary}"
                                              for item in lessons], style="panel"),
        LetterSection("Talking about it at home", ["Short, relaxed chats work best. You could ask:"],
                      guidance.conversation_starters, style="panel"),
        LetterSection("Practical steps at home", bullets=guidance.tips, style="panel"),
        LetterSection("If something happens", bullets=guidance.if_something_happens, after=[NOT_YOUR_FAULT],
                      style="panel warn"),
    ] + closing_sections(school, parent_helplines)
