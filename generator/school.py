"""School profiles: who the pack is for (name, logo, safeguarding lead, sign-off).

Without a profile, documents carry clearly marked placeholders that a school fills by
hand, so a default pack is still complete and honest.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from .model import Minutes, Picture, Slug, Strict, Text
from .stages import STAGE_IDS

StageId = Literal[STAGE_IDS]  # type: ignore[valid-type]


class Contact(Strict):
    """A person parents can contact."""

    name: Text
    role: Text
    phone: Text | None = None
    email: Text | None = None


class LocalHelpline(Strict):
    """A local source of help the school adds to letters and the teacher guide."""

    name: Text
    phone: Text | None = None
    web: Text | None = None
    description: Text
    """Who it is for, e.g. 'families in Northshire'."""


class SchoolInfo(Strict):
    """What documents say about the school; every field has a placeholder default."""

    name: Text = "[School name]"
    address: list[Text] = []
    logo: Picture | None = None
    """School logo, relative to the profile's folder."""
    dsl: Contact = Contact(
        name="[Name of the designated safeguarding lead]",
        role="Designated safeguarding lead",
        phone="[school phone number]",
        email="[email address]",
    )
    """The designated safeguarding lead parents should contact."""
    sign_off: Contact = Contact(name="[Name]", role="[Role, e.g. PSHE lead]")
    """Who signs the parent letters."""
    when: Text = "this term"
    """When the lessons are taught, as it should read in a letter ('in the spring term')."""
    letter_date: Text | None = None
    """Date printed on letters, as written (e.g. '12 January 2027'); omitted if unset."""
    local_helplines: list[LocalHelpline] = []
    """Local help printed in letters and the teacher guide, after the national helplines."""

    @property
    def is_named(self) -> bool:
        """True once a profile has given the school's real name (not the '[School name]' placeholder)."""
        return not self.name.startswith("[")


DEFAULT_SCHOOL = SchoolInfo()


# -- school profiles (schools/<slug>.yaml) -------------------------------------------------------



class StageOverride(Strict):
    """What a school changes in one key stage of one lesson."""

    rename: dict[Text, Text] = {}
    """Character renames, e.g. {Zara: Amira}; applied to every text of the key stage."""
    timings: dict[Text, Minutes] = {}
    """Minutes per part: 'introduction', 'plenary' or an activity id. The lesson length follows."""
    drop: list[Slug] = []
    """Ids of main activities to leave out."""
    replace: dict[Slug, dict[str, Any]] = {}
    """Activity id -> a whole new activity in the lesson format."""
    note: Text | None = None
    """A local note, printed in the teacher guide and the parent letter."""
    set: dict[str, Any] = {}
    """Anything else, deep-merged over the key-stage file (e.g. {letter: {tips: [...]}})."""


class LessonPartOverride(Strict):
    """What a school changes in a lesson's shared ``lesson.yaml``."""

    set: dict[str, Any] = {}
    """Deep-merged over lesson.yaml (e.g. {safeguarding: {notes: [...]}})."""


class LessonOverride(Strict):
    """A school's changes to one lesson, by part."""

    lesson: LessonPartOverride | None = None
    ks1: StageOverride | None = None
    ks2: StageOverride | None = None
    ks3: StageOverride | None = None
    ks4: StageOverride | None = None


class SchoolProfile(SchoolInfo):
    """``schools/<slug>.yaml``: one school's details, choices and overrides."""

    theme: Slug | None = None
    """Theme to build with (a folder in themes/); --theme on the command line wins."""
    stages: Annotated[list[StageId], Field(min_length=1)] | None = None
    """Key stages the school teaches these lessons in (leave out for all; an empty list is an error)."""
    lessons: Annotated[list[Slug], Field(min_length=1)] | None = None
    """Lessons taught, in teaching order (leave out for all; an empty list is an error)."""
    languages: list[Literal["cy", "pl", "ro", "ur"]] = Field(default_factory=list)
    """Languages to build the parent letters in as well as English (--language on the command line wins)."""
    overrides: dict[Slug, LessonOverride] = Field(default_factory=dict)
    """Per-lesson changes, keyed by lesson id."""

    @field_validator("stages", "lessons")
    @classmethod
    def _each_once(cls, values: list[str] | None) -> list[str] | None:
        # A name listed twice would build (and letter) the same pack twice.
        for index, value in enumerate(values or []):
            if value in values[:index]:
                raise ValueError(f"'{value}' is listed twice")
        return values

    def info(self) -> SchoolInfo:
        """Only the details documents print (still pointing at their lines in the profile)."""
        info = SchoolInfo(**{name: getattr(self, name) for name in SchoolInfo.model_fields})
        # A school's name too long for a slide is reported at the profile's `name:` line.
        info._origin = self._origin
        return info
