"""The lesson format: what may appear in ``lesson.yaml`` and in ``ks1.yaml`` ... ``ks4.yaml``.

Every field's docstring becomes its description in the JSON Schema (``lessonpack
schema``), which editors use to complete and check lesson files. Unknown keys are
errors, so a typo is never silently ignored.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from .errors import Location

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Minutes = Annotated[int, Field(ge=1, le=120)]

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class Strict(BaseModel):
    """Base for every schema object: unknown keys are errors; docstrings document fields."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True, strict=True)

    # Set by the loader: (SourceMap, path) of this object in its YAML file, so that later
    # stages (e.g. a slide that would overflow) can point at the exact line.
    _origin: tuple | None = PrivateAttr(default=None)

    def location(self, field: str | None = None) -> Location | None:
        """Where this object (or one of its fields) was written, if it came from a file."""
        if self._origin is None:
            return None
        source, path = self._origin
        return source.locate(path + (field,) if field else path)


class Picture(Strict):
    """A picture file (PNG or JPEG) inside a folder the project controls, with its alt text."""

    path: Text
    """File name relative to the lesson (or theme) folder, e.g. ``images/chat.png`` (PNG or JPEG)."""
    alt: Text
    """Alternative text read aloud by screen readers; describe what the picture shows."""

    @field_validator("path")
    @classmethod
    def _inside_lesson_folder(cls, value: str) -> str:
        return _checked_picture_path(value)


def _checked_picture_path(value: str) -> str:
    # Documents are rendered from this path: refuse anything that could reach the
    # network or a file outside the lesson folder.
    if _SCHEME.match(value) or value.startswith(("/", "\\")) or "\\" in value:
        raise ValueError("must be a relative path inside the lesson folder, not a URL or absolute path")
    if any(part in ("..", "") for part in value.split("/")):
        raise ValueError("must not contain '..' or empty parts; keep pictures inside the lesson folder")
    if value.lower().endswith(".svg"):
        raise ValueError("must be a PNG or JPEG file: slides cannot show SVG; convert it first, "
                         "e.g. rsvg-convert -w 800 logo.svg -o logo.png")
    if not value.lower().endswith(PICTURE_SUFFIXES):
        raise ValueError("must be a PNG or JPEG file (.png, .jpg, .jpeg)")
    return value


class PictureUse(Strict):
    """A picture in a lesson: a name from the picture library, or a file in the lesson folder.

    Write just the name (``picture: tablet``) to use the library's alt text, or a mapping
    to say more: ``picture: {name: tablet, alt: "Alfie's tablet"}``. A lesson's own file
    needs its alt text: ``picture: {path: images/chat.png, alt: "A chat on a phone"}``.
    """

    name: Slug | None = None
    """A picture library name (themes/default/pictures/pictures.yaml), e.g. ``worried-face``."""
    path: Text | None = None
    """Instead of a library name: a PNG or JPEG file relative to the lesson folder."""
    alt: Text | None = None
    """Alt text read aloud by screen readers; defaults to the library's (required with ``path``)."""

    @model_validator(mode="before")
    @classmethod
    def _name_alone(cls, data):
        # ``picture: tablet`` is short for ``picture: {name: tablet}``.
        return {"name": data} if isinstance(data, str) else data

    @field_validator("path")
    @classmethod
    def _inside_lesson_folder(cls, value: str | None) -> str | None:
        return None if value is None else _checked_picture_path(value)

    @model_validator(mode="after")
    def _name_or_path(self) -> "PictureUse":
        if (self.name is None) == (self.path is None):
            raise ValueError("give either a picture 'name' from the library or a 'path' to a file, not both")
        if self.path is not None and self.alt is None:
            raise ValueError("a picture file needs 'alt' text describing what it shows")
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        """In the JSON Schema, a bare library name is allowed as well as the mapping."""
        mapping = handler(core_schema)
        return {"anyOf": [{"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                           "description": "A picture library name, e.g. tablet"}, mapping]}


class Vocabulary(Strict):
    """A key word and a definition a child of this age understands."""

    term: Text
    definition: Text
    picture: PictureUse | None = None
    """A picture for the key word (shown on the key-words slide; recommended at ks1)."""


class Character(Strict):
    """A fictional person in the lesson's scenarios (never a pupil)."""

    name: Text
    """The name used in the text; a school may rename a character."""
    description: Text
    """Who they are, for the teacher."""
    picture: PictureUse | None = None
    """How the character looks, e.g. ``girl-dark-skin``; shown beside their chat messages and lines."""


class Segment(Strict):
    """A timed part of the lesson that is not a pupil activity (introduction, plenary)."""

    minutes: Minutes
    """How long this part takes."""
    teacher_notes: Text
    """What the teacher says and does; becomes the speaker notes."""
    slide_points: list[Text] = []
    """Short lines shown on the slide for this part."""
    closing: Text | None = None
    """Plenary only: the last line of the key-messages slide (default: a line about telling a grown-up).
    Never promise that what was said stays private."""


class ActivityBase(Strict):
    """Fields shared by every kind of activity."""

    id: Slug
    """Stable id, unique in the key stage; schools use it to replace or drop the activity."""
    title: Text
    """Short title shown on the worksheet and slide."""
    minutes: Minutes
    """How long the activity takes in class."""
    instructions: Text
    """What pupils are asked to do, written for the youngest child in the key stage."""
    teacher_notes: Text
    """How to run it: the teacher's script, becomes the slide's speaker notes."""
    support: Text | None = None
    """A way to make the activity easier for pupils who need it."""
    stretch: Text | None = None
    """A way to extend the activity for pupils who are ready."""
    picture: PictureUse | None = None
    """An optional picture for the worksheet and slide, e.g. ``picture: tablet``."""
    revisits: Slug | None = None
    """For the endpoint activity: the id of the baseline activity it returns to."""
    on_worksheet: bool = True
    """False for whole-class activities that need no worksheet space."""


class Discussion(ActivityBase):
    """A short fictional scenario with questions to talk about."""

    type: Literal["discussion"]
    scenario: Text
    """The story, about fictional characters."""
    questions: list[Text] = Field(min_length=1)
    """Questions for pupils."""
    answers: list[Text] = Field(min_length=1)
    """Points the teacher should draw out (the answer key)."""


class SortItem(Strict):
    """One card to sort, and the category it belongs in."""

    text: Text
    category: Text
    """Must be one of the activity's categories."""
    picture: PictureUse | None = None
    """A picture on the card (every ks1 card needs one: most five-year-olds cannot read it)."""


class Sort(ActivityBase):
    """Pupils sort cards into categories (e.g. safe / not safe)."""

    type: Literal["sort"]
    categories: list[Text] = Field(min_length=2, max_length=4)
    items: list[SortItem] = Field(min_length=2)

    @model_validator(mode="after")
    def _items_use_known_categories(self) -> "Sort":
        for item in self.items:
            if item.category not in self.categories:
                raise ValueError(
                    f"item {item.text!r} has category {item.category!r}, which is not one of {self.categories}"
                )
        return self


class Statement(Strict):
    """A statement that is true or false."""

    text: Text
    answer: bool
    explanation: Text
    """Why; read out when going through answers."""
    picture: PictureUse | None = None
    """A picture beside the statement (every ks1 statement needs one)."""


class TrueFalse(ActivityBase):
    """Pupils decide whether each statement is true or false."""

    type: Literal["true-false"]
    statements: list[Statement] = Field(min_length=2)


class Question(Strict):
    """A multiple-choice question with one right answer."""

    question: Text
    picture: PictureUse | None = None
    """A picture beside the question."""
    options: list[Text] = Field(min_length=2, max_length=4)
    answer: Text
    """Must be exactly one of the options."""
    explanation: Text

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> "Question":
        if self.answer not in self.options:
            raise ValueError(f"answer {self.answer!r} is not one of the options")
        return self


class MultipleChoice(ActivityBase):
    """A quiz of multiple-choice questions."""

    type: Literal["multiple-choice"]
    questions: list[Question] = Field(min_length=1)


class Message(Strict):
    """One message in a fictional chat; ``clue`` marks a warning sign."""

    sender: Text
    text: Text
    clue: Text | None = None
    """If this message is a warning sign: why (the answer key)."""
    picture: PictureUse | None = None
    """The sender's picture; defaults to the picture of the character with the sender's name."""


class SpotTheClues(ActivityBase):
    """Pupils read a fictional chat and circle the warning signs."""

    type: Literal["spot-the-clues"]
    setting: Text
    """Where the chat happens, e.g. 'Messages in a game'."""
    messages: list[Message] = Field(min_length=2)

    @model_validator(mode="after")
    def _has_a_clue(self) -> "SpotTheClues":
        if not any(m.clue for m in self.messages):
            raise ValueError("at least one message needs a 'clue' (the warning sign pupils should spot)")
        return self


class Pair(Strict):
    """Two things that go together."""

    left: Text
    right: Text
    picture: PictureUse | None = None
    """A picture beside the left-hand item."""


class Match(ActivityBase):
    """Pupils match each left-hand item with its right-hand partner."""

    type: Literal["match"]
    pairs: list[Pair] = Field(min_length=3, max_length=8)


class Role(Strict):
    """A part in a role-play."""

    name: Text
    description: Text
    picture: PictureUse | None = None
    """The role's picture; defaults to the picture of the character with the same name."""


class Line(Strict):
    """One line of a role-play script."""

    speaker: Text
    line: Text


class RolePlay(ActivityBase):
    """A short script pupils act out or read, then discuss."""

    type: Literal["role-play"]
    roles: list[Role] = Field(min_length=2)
    script: list[Line] = Field(min_length=2)
    questions: list[Text] = Field(min_length=1)
    answers: list[Text] = Field(min_length=1)
    """Points the teacher should draw out."""

    @model_validator(mode="after")
    def _speakers_have_roles(self) -> "RolePlay":
        names = [role.name for role in self.roles]
        for line in self.script:
            if line.speaker not in names:
                raise ValueError(f"speaker {line.speaker!r} is not one of the roles {names}")
        return self


class Reflection(ActivityBase):
    """Pupils think and write about what they have learned, or make a pledge."""

    type: Literal["reflection"]
    prompts: list[Text] = Field(min_length=1)
    pledge: Text | None = None
    """A sentence starter for a pledge, e.g. 'If something online worries me, I will ...'."""
    look_for: list[Text] = []
    """What the teacher may look for in pupils' answers (the answer key); not a repeat of the prompts."""


class DrawOrWrite(ActivityBase):
    """Boxes for pupils to draw or write in."""

    type: Literal["draw-or-write"]
    boxes: list[Text] = Field(min_length=1, max_length=4)
    """The label of each box."""
    answers: list[Text] = []
    """Ideas the teacher may look for (optional)."""


Activity = Annotated[
    Union[Discussion, Sort, TrueFalse, MultipleChoice, SpotTheClues, Match, RolePlay, Reflection, DrawOrWrite],
    Field(discriminator="type"),
]

ACTIVITY_TYPES: dict[str, type[ActivityBase]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in (Discussion, Sort, TrueFalse, MultipleChoice, SpotTheClues, Match, RolePlay, Reflection, DrawOrWrite)
}


class Source(Strict):
    """A report the lesson's facts come from."""

    title: Text
    publisher: Text
    date: Text | None = None
    """Publication date as written, e.g. '2019-11'."""
    seed: Text | None = None
    """File name in shared/seeds, when the source is one of the project's case files."""
    facts: list[Text] = []
    """The facts this lesson takes from it."""


class Safeguarding(Strict):
    """Notes for the teacher about keeping pupils safe during and after the lesson."""

    dsl_note: Text
    """What to tell the designated safeguarding lead before teaching."""
    notes: list[Text] = Field(min_length=1)
    """Further notes: possible disclosures, pupils who may be affected, what to do."""


class ResourceItem(Strict):
    """One card, word or strip of a printable resource."""

    text: Text
    """A few words (about 12 at most): cards are cut out and held up."""
    picture: PictureUse | None = None
    """A picture on the card (library name or lesson file)."""


class Resource(Strict):
    """A printable support material the guide mentions (cards, faces, word banks), printed in resources.pdf."""

    model_config = ConfigDict(populate_by_name=True)

    id: Slug
    """Unique in the key stage."""
    title: Text
    """The printed heading, e.g. 'Feelings faces'."""
    kind: Literal["picture-cards", "word-cards", "word-bank", "sentence-starters", "script-cards"]
    """How it is printed: cut-out cards with pictures, cards of words, a word bank, sentence-starter strips,
    or one card per role of a role-play script."""
    used_in: list[Slug] = []
    """Ids of the activities that use it; the teacher guide points to it there."""
    instructions: Text
    """For the teacher: how to print, cut and use it."""
    copies: Text | None = None
    """How many to print, e.g. 'one set per pair'."""
    items: list[ResourceItem] = []
    """The cards, words or strips (not needed for script-cards made ``from`` a role-play)."""
    source: Slug | None = Field(default=None, alias="from")
    """For script-cards: the id of the role-play activity whose script is printed, one card per role."""

    @model_validator(mode="after")
    def _has_content(self) -> "Resource":
        if self.kind == "script-cards" and self.source is None and not self.items:
            raise ValueError("script-cards need 'from: <role-play activity id>' or 'items'")
        if self.kind != "script-cards" and not self.items:
            raise ValueError(f"a {self.kind} resource needs 'items'")
        return self


class CurriculumLinks(Strict):
    """Ids of framework statements this key stage covers (see ``curricula/``)."""

    rshe: list[Text] = []
    """England statutory RSHE guidance."""
    pshe: list[Text] = []
    """PSHE Association programme of study (e.g. H28, R10)."""
    eacw: list[Text] = []
    """UKCIS Education for a Connected World."""
    cfe: list[Text] = []
    """Scotland, Curriculum for Excellence (e.g. TCH 2-03a)."""
    cfw: list[Text] = []
    """Curriculum for Wales."""


class LetterContent(Strict):
    """What the parent/carer letter says about this lesson at this key stage."""

    learning: Text
    """What the child will learn, in a short paragraph for parents."""
    conversation_starters: list[Text] = Field(min_length=3)
    """Questions a parent can ask at home."""
    tips: list[Text] = Field(min_length=3)
    """Practical steps for parents."""
    if_something_happens: list[Text] = Field(min_length=2)
    """What to do if something happens: stay calm, don't blame, keep evidence, report."""


class QuizQuestion(Strict):
    """A starter-quiz question: multiple choice with one right answer, or true/false at ks1-ks2."""

    question: Text
    """The question as pupils see it (Kahoot allows 120 characters)."""
    answer: Union[bool, Text, list[Text]]
    """The one right answer (75 characters at most); ``true`` or ``false`` makes a true/false question (ks1-ks2)."""
    distractors: list[Text] = []
    """Two or three plausible wrong answers, about as long as the right one (none for true/false)."""
    feedback: Text
    """One line for the teacher: why the answer is right and what to say."""
    picture: PictureUse | None = None
    """A picture beside the question on its slide, e.g. ``picture: secret`` (every ks1 question needs one)."""

    @property
    def is_true_false(self) -> bool:
        """True for a true/false statement (``answer: true`` or ``answer: false``)."""
        return isinstance(self.answer, bool)

    @property
    def right(self) -> str:
        """The right answer as pupils see it ('True', 'False' or the option's text)."""
        if isinstance(self.answer, bool):
            return "True" if self.answer else "False"
        return self.answer[0] if isinstance(self.answer, list) else self.answer


class ExitQuestion(QuizQuestion):
    """An exit-quiz question, which names the objective it checks."""

    objective: int = Field(ge=1)
    """The number of the objective it checks: 1 is the first in 'objectives'."""


class Misconception(Strict):
    """A mistaken belief pupils may bring, for the teacher only (never shown to pupils as a fact)."""

    belief: Text
    """What some pupils may think, in the teacher's words."""
    response: Text
    """How to respond: the correction, said kindly and without blame."""


class LessonFile(Strict):
    """``lessons/<id>/lesson.yaml``: what is the same for every key stage."""

    title: Text
    summary: Text
    """One or two sentences for teachers and parents."""
    topic: Text
    """The topic in a few words, e.g. 'Spotting fake identities'."""
    picture: PictureUse | None = None
    """The lesson's picture, shown with the title on slide 1 (a key stage may choose its own)."""
    tags: list[Slug] = []
    """Content tags; 'sexual' marks a topic that may only be taught from ks3."""
    duration_minutes: Minutes
    """Lesson length; each key stage's timings must add up to it (unless it sets its own)."""
    safeguarding: Safeguarding
    ground_rules: list[Text] = Field(min_length=3)
    """Agreed at the start of the lesson and reminded at the end."""
    teacher_background: list[Text] = []
    """Background facts for the teacher; printed in the teacher guide only."""
    sources: list[Source] = Field(min_length=1)


class KeyStageFile(Strict):
    """``lessons/<id>/ks1.yaml`` ... ``ks4.yaml``: the lesson for one age band."""

    duration_minutes: Minutes | None = None
    """Overrides the lesson's length for this key stage (e.g. shorter for ks1)."""
    ground_rules: list[Text] = []
    """This key stage's ground rules, in words its pupils know (default: the lesson's)."""
    summary: Text | None = None
    """What this key stage's lesson does, in one or two sentences for teachers and parents
    (the guide and letters use it instead of the lesson's summary)."""
    picture: PictureUse | None = None
    """The picture shown with the title on slide 1 at this key stage (default: the lesson's)."""
    objectives: list[Text] = Field(min_length=1)
    """Learning objectives with observable verbs (identify, describe, explain)."""
    outcomes: list[Text] = Field(min_length=1)
    """What pupils can do by the end, as 'I can ...' statements."""
    vocabulary: list[Vocabulary] = Field(min_length=1)
    characters: list[Character] = []
    """The fictional people who appear in this key stage's scenarios."""
    introduction: Segment
    """Opening: ground rules, question box, what the lesson is about."""
    baseline: Activity
    """The first activity: what pupils know before the lesson."""
    activities: list[Activity] = Field(min_length=1)
    """The main activities, in teaching order."""
    endpoint: Activity
    """The last activity, which returns to the baseline so progress shows."""
    plenary: Segment
    """Close: key messages, ground rules reminder, where to get help."""
    resources: list[Resource] = []
    """Printable support materials (cards, faces, word banks) for resources.pdf."""
    curriculum: CurriculumLinks = CurriculumLinks()
    letter: LetterContent
    local_notes: list[Text] = []
    """Notes a school adds through its profile; shown in the teacher guide and the letter."""
    starter_quiz_minutes: int | None = Field(default=None, ge=1, le=15)
    """Minutes the starter quiz takes, straight after the introduction; counted in the lesson's timings."""
    starter_quiz: list[QuizQuestion] = Field(default=[], min_length=4, max_length=8)
    """4-8 questions at the start: what pupils already know."""
    exit_quiz_minutes: int | None = Field(default=None, ge=1, le=15)
    """Minutes the exit quiz takes, after the endpoint and before the plenary; counted in the timings."""
    exit_quiz: list[ExitQuestion] = Field(default=[], min_length=4, max_length=8)
    """4-8 questions at the end, each checking one objective: what pupils learned."""
    misconceptions: list[Misconception] = Field(default=[], min_length=2, max_length=4)
    """2-4 beliefs pupils may hold and how to respond (teacher guide only)."""

    def all_activities(self) -> list[ActivityBase]:
        """Baseline, main activities and endpoint, in teaching order."""
        return [self.baseline, *self.activities, self.endpoint]

    @model_validator(mode="after")
    def _activity_ids_unique(self) -> "KeyStageFile":
        seen: set[str] = set()
        for activity in self.all_activities():
            if activity.id in seen:
                raise ValueError(f"activity id {activity.id!r} is used twice; ids must be unique")
            seen.add(activity.id)
        roleplays = {a.id for a in self.all_activities() if a.type == "role-play"}
        for resource in self.resources:
            for used in resource.used_in:
                if used not in seen:
                    raise ValueError(f"resource {resource.id!r} is used_in {used!r}, which is not an activity id here")
            if resource.source is not None and resource.source not in roleplays:
                raise ValueError(f"resource {resource.id!r} is made from {resource.source!r}, "
                                 f"which is not a role-play activity here")
        return self
