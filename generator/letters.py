"""The words of the parent and carer letters, shared by the PDF and the Word letter.

Both formats draw the same list of :class:`LetterSection`, so the Word letter can never
miss a sentence the PDF has. The first paragraph of every letter stands on its own: what
is happening, when, and what to do or whom to contact (content guide, "Parent and carer
letters").

Every function takes a :class:`~generator.translations.translator.Translator` (English when
left out): the letters' own wording goes through ``tr.gettext`` (Babel extracts every ``_()``
below into ``locale/letters.pot``) and lesson and data text through ``tr.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .helplines import Helpline
from .school import Contact, SchoolInfo
from .stages import KeyStage
from .translations.translator import Translator, english_translator


def _(message: str) -> str:
    """Mark ``message`` for the catalogue; it is translated where it is used (``tr.gettext``)."""
    return message


NOT_YOUR_FAULT = _("It is never a child's fault when someone treats them badly online. "
                   "The person who does it is responsible.")
MATERIALS = _("The lessons and materials are written for this age group. They use made-up characters and "
              "stories, and pupils are never asked about their own experiences. You are welcome to see the "
              "materials: please ask the school.")
RUNNING_HELP = _("Worried about a child? NSPCC helpline 0808 800 5000 · In an emergency call 999")
#: School details that are the same for every school unless its profile says otherwise, and the
#: key stages' year groups: translated when they are these words, printed as written otherwise.
DEFAULT_WORDS = (_("this term"), _("Designated safeguarding lead"), _("[Name of the designated safeguarding lead]"),
                 _("[school phone number]"), _("[email address]"), _("[Name]"), _("[Role, e.g. PSHE lead]"),
                 _("[School name]"), _("Years 1-2"), _("Years 3-6"), _("Years 7-9"), _("Years 10-11"),
                 _("Key Stage 1"), _("Key Stage 2"), _("Key Stage 3"), _("Key Stage 4"))
#: The page footer of a letter; {page} and {pages} become the page counters.
PAGE_OF = _("Page {page} of {pages}")
ENGLISH = english_translator()


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


def dsl_contact(dsl: Contact, tr: Translator = ENGLISH) -> str:
    """Whom to contact, as it reads in a sentence: the named lead with their details, or a generic phrase."""
    if _is_placeholder(dsl.name):
        return tr.gettext(_("the school's designated safeguarding lead"))
    details = tr.gettext(_(" or ")).join(x for x in (dsl.phone, dsl.email) if not _is_placeholder(x))
    named = tr.gettext(_("our designated safeguarding lead, {name}")).format(name=dsl.name)
    return named + (f" ({details})" if details else "")


def dsl_line(dsl: Contact, tr: Translator = ENGLISH) -> str:
    """The lead's name, role and details on one line (placeholders shown, for the school to fill in)."""
    parts = [f"{tr.gettext(dsl.name)}, {tr.gettext(dsl.role)}"] + [tr.gettext(x) for x in (dsl.phone, dsl.email) if x]
    return " · ".join(parts)


def helpline_line(h: Helpline, tr: Translator = ENGLISH) -> str:
    """One helpline as a line of a letter (names, numbers and addresses from the registry)."""
    phone = tr.text(h.phone) if h.phone and any(c.isalpha() for c in h.phone) else h.phone
    contact = ", ".join(x for x in (phone, h.web) if x)
    return f"{tr.text(h.name)}: {contact} ({tr.text(h.purpose('parent'))})"


def _when(school: SchoolInfo, tr: Translator) -> str:
    when = tr.gettext(school.when)
    return when[:1].upper() + when[1:]


def first_paragraph(school: SchoolInfo, key_stage: KeyStage, what: str, tr: Translator = ENGLISH,
                    contact: bool = True) -> str:
    """What is happening, when, and what to do: the paragraph a parent who reads nothing else needs.

    ``contact=False`` leaves out the last sentence (whom to contact), for a letter (a campaign's)
    that names the school's own lead in a paragraph of its own just before: said once, not twice.
    """
    text = tr.gettext(_("{when}, your child's class ({years}, ages {ages}) will have {what}. "
                        "Please talk with your child about it at home afterwards (there are questions to ask "
                        "below). If you are ever worried about your child's safety online, contact {contact}."))
    values = {"when": _when(school, tr), "years": tr.gettext(key_stage.england), "ages": key_stage.ages,
              "what": what, "contact": dsl_contact(school.dsl, tr)}
    if not contact:
        # Cut the translated message (no second message to keep translated) before the sentence
        # that holds {contact}; a language whose sentence end is not found keeps the whole paragraph.
        head = text[:text.index("{contact}")]
        end = max(head.rfind(". "), head.rfind("۔ "))
        if end >= 0:
            text = text[:end + 1]
    return text.format(**values)


def closing_sections(school: SchoolInfo, parent_helplines: list[Helpline], tr: Translator = ENGLISH) -> list[LetterSection]:
    """Who to contact, help and advice: the end of every letter."""
    local = [f"{h.name}: {', '.join(x for x in (h.phone, h.web) if x)} ({h.description})"
             for h in school.local_helplines]
    return [
        LetterSection(tr.gettext(_("Who to contact at school")),
                      [tr.gettext(_("If you are worried about your child's safety, please contact our designated "
                                    "safeguarding lead:")), dsl_line(school.dsl, tr)], style="contact"),
        LetterSection(tr.gettext(_("Help and advice")),
                      bullets=[helpline_line(h, tr) for h in parent_helplines] + local, style="help"),
    ]


def lesson_letter(view, tr: Translator = ENGLISH, contact_in_opening: bool = True) -> list[LetterSection]:
    """Every section of the letter about one lesson at one key stage (``view`` is a StageView).

    ``contact_in_opening``: see ``first_paragraph``'s ``contact``.
    """
    letter, school = view.content.letter, view.school
    what = tr.gettext(_("a {minutes}-minute online-safety lesson: {title}")).format(
        minutes=view.duration, title=tr.text(view.meta.title))
    sections = [
        LetterSection(paragraphs=[first_paragraph(school, view.key_stage, what, tr, contact_in_opening), tr.text(letter.learning),
                                  tr.gettext(MATERIALS)]),
        LetterSection(tr.gettext(_("Talking about it at home")),
                      [tr.gettext(_("Short, relaxed chats work best. You could ask:"))],
                      [tr.text(s) for s in letter.conversation_starters], style="panel"),
        LetterSection(tr.gettext(_("Practical steps")), bullets=[tr.text(t) for t in letter.tips], style="panel"),
    ]
    if view.content.local_notes:
        # The school's own notes are its words: printed as written.
        sections.append(LetterSection(tr.gettext(_("At {school}")).format(school=school.name),
                                      list(view.content.local_notes), style="panel"))
    sections.append(LetterSection(tr.gettext(_("If something happens")),
                                  bullets=[tr.text(t) for t in letter.if_something_happens],
                                  after=[tr.gettext(NOT_YOUR_FAULT)], style="panel warn"))
    return sections + closing_sections(school, view.parent_helplines, tr)


def unit_letter(key_stage: KeyStage, lessons, guidance, school: SchoolInfo,
                parent_helplines: list[Helpline], tr: Translator = ENGLISH,
                contact_in_opening: bool = True) -> list[LetterSection]:
    """Every section of the unit letter that introduces a key stage's lessons (``guidance`` for that stage).

    ``contact_in_opening``: see ``first_paragraph``'s ``contact``.
    """
    count = len(lessons)
    what = (tr.gettext(_("1 online-safety lesson")) if count == 1
            else tr.gettext(_("{count} online-safety lessons")).format(count=count))
    minutes = tr.gettext(_("{minutes} minutes"))
    return [
        LetterSection(paragraphs=[first_paragraph(school, key_stage, what, tr, contact_in_opening), tr.text(guidance.about),
                                  tr.gettext(MATERIALS)]),
        LetterSection(tr.gettext(_("The lessons")),
                      bullets=[f"{tr.text(item.title)} ({minutes.format(minutes=item.minutes)}). {tr.text(item.summary)}"
                               for item in lessons], style="panel"),
        LetterSection(tr.gettext(_("Talking about it at home")),
                      [tr.gettext(_("Short, relaxed chats work best. You could ask:"))],
                      [tr.text(s) for s in guidance.conversation_starters], style="panel"),
        LetterSection(tr.gettext(_("Practical steps at home")), bullets=[tr.text(t) for t in guidance.tips],
                      style="panel"),
        LetterSection(tr.gettext(_("If something happens")), bullets=[tr.text(t) for t in guidance.if_something_happens],
                      after=[tr.gettext(NOT_YOUR_FAULT)], style="panel warn"),
    ] + closing_sections(school, parent_helplines, tr)
