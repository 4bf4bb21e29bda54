"""Loading a campaign folder: the campaign file, its theme and lessons, and its recipients reader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import LessonpackError, Location, Problem, ValidationFailed, display_path
from ..glyphs import SourceTexts, lesson_glyph_problems, theme_coverage
from ..lessons import Lesson, load_lessons
from ..project import Project
from ..themes import Theme, load_theme, theme_ids
from ..validate import load_validated
from .model import CampaignFile
from .plan import LetterSpec, letters_for
from .recipients import Cell, Recipient, RecipientReader, did_you_mean


#: Why ``print: {standard: pdf/x-4}`` is refused rather than honoured (checked with WeasyPrint 70
#: and pikepdf; there is no PDF/X validator here to prove otherwise).
PDF_X_REFUSED = ("PDF/X-4 is not produced: WeasyPrint marks a file PDF/X-4 but writes no output intent "
                 "(colour profile) and draws in device RGB, so the file would not conform; remove "
                 "'standard' (the print files are ordinary PDFs with TrimBox and BleedBox) and ask the "
                 "print shop to convert them with its own preflight tool")

#: A batch makes letters only; one school's whole packs come from the ordinary build.
PACKS_REFUSED = ("whole packs are not made by 'lessonpack batch' (it sends letters); make a school's packs "
                 "with 'lessonpack build --school schools/<school>.yaml' and remove 'packs' here")


@dataclass(frozen=True)
class Campaign:
    """A validated campaign: settings, theme, lessons and where its files are."""

    name: str
    """The campaign folder's name; output goes to build/campaigns/<name>/."""
    file: Path
    settings: CampaignFile
    theme: Theme
    lessons: dict[str, Lesson]
    recipients_file: Path
    recipients_shown: str

    @property
    def folder(self) -> Path:
        """The campaign folder (logos and the recipients file live in it)."""
        return self.file.parent

    def unit_lessons(self) -> list[Lesson]:
        """The lessons the unit letter lists: the campaign's, or every lesson."""
        ids = self.settings.letters.lessons or list(self.lessons)
        return [self.lessons[i] for i in ids]

    def reader(self) -> RecipientReader:
        """A reader over the recipients file; iterate it for recipients, call check() to validate."""
        stages = {lesson_id: set(lesson.stages) for lesson_id, lesson in self.lessons.items()}
        return RecipientReader(self.recipients_file, self.recipients_shown, self.folder, stages,
                               self.settings.letters.lessons, self.settings.letter_date, self.settings.when,
                               check_row=self._check_letters, coverage=theme_coverage(self.theme))

    def letters(self, recipient: Recipient) -> list[LetterSpec]:
        """The letters one recipient gets, in print order."""
        return letters_for(recipient, self.settings.letters, {i: set(l.stages) for i, l in self.lessons.items()})

    def _check_letters(self, recipient: Recipient) -> Problem | None:
        if self.letters(recipient):
            return None
        return Problem(Cell(self.recipients_shown, recipient.row, 0, ""),
                       f"no letters for this school: none of its lessons is written for {', '.join(recipient.stages)}")


def load_campaign(path: Path, project: Project) -> Campaign:
    """Read and check ``campaigns/<name>/campaign.yaml`` (not yet its rows: see Campaign.reader)."""
    shown = display_path(path, project.root)
    if not path.is_file():
        raise LessonpackError("campaign file not found", Location(shown),
                              "a campaign is a folder campaigns/<name>/ with a campaign.yaml in it")
    # A campaign folder may live outside the project (a team's shared drive): it is its own sandbox.
    settings = load_validated(CampaignFile, path, project.root, within=path.parent)
    source = settings._origin[0]  # the file's source map, to point at the exact line of a problem
    problems: list[Problem] = []
    lessons = {lesson.id: lesson for lesson in load_lessons(project.lessons, root=project.root)}
    for index, lesson_id in enumerate(settings.letters.lessons):
        if lesson_id not in lessons:
            problems.append(Problem(source.locate(("letters", "lessons", index)),
                                    f"unknown lesson '{lesson_id}'{did_you_mean(lesson_id, sorted(lessons))}"))
    themes = theme_ids(project.themes)
    if settings.theme not in themes:
        problems.append(Problem(source.locate(("theme",)),
                                f"unknown theme '{settings.theme}'{did_you_mean(settings.theme, themes)}"))
    if not settings.letters.lessons and not settings.letters.unit_letter:
        problems.append(Problem(source.locate(("letters",)), "no letters asked for: list lessons or set unit_letter"))
    if settings.letters.packs:
        problems.append(Problem(source.locate(("letters", "packs")), PACKS_REFUSED))
    if settings.print.standard == "pdf/x-4":
        problems.append(Problem(source.locate(("print", "standard")), PDF_X_REFUSED))
    folder = path.parent.resolve()
    recipients = (folder / settings.recipients).resolve()
    if not recipients.is_relative_to(folder) or not recipients.is_file():
        problems.append(Problem(source.locate(("recipients",)),
                                f"recipients file not found in the campaign folder: {settings.recipients}"))
    if problems:
        raise ValidationFailed(problems)
    theme = load_theme(project.themes, settings.theme, project.root)
    # Lesson letters print the lessons' text, and every letter the campaign's own: all in the theme's fonts.
    problems = lesson_glyph_problems(lessons.values(), theme_coverage(theme), SourceTexts(project.root), [settings])
    if problems:
        raise ValidationFailed(problems)
    return Campaign(path.parent.name, path, settings, theme, lessons, recipients,
                    display_path(recipients, project.root))
