"""What the site shows: the packs of a finished build, read from its manifest and the lessons.

The site never renders a pack. It reads ``manifest.json`` generically (any kind a renderer
adds later appears as a download without code changes here), checks every listed file is
still there unchanged, and joins each pack with its lesson's text (summary, objectives,
timings) for the pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..build import default_out
from ..errors import LessonpackError, Location, display_path
from ..helplines import Helpline, helplines_for, load_helplines
from ..lessons import Lesson, load_lessons
from ..output import sha256
from ..profiles import School, load_school
from ..project import Project
from ..school import DEFAULT_SCHOOL, SchoolInfo
from ..stages import KEY_STAGES, STAGE_IDS, KeyStage
from ..themes import DEFAULT_THEME
from ..views import Step, build_view

#: Names people use for the kinds we know; any other kind is named from its file.
KIND_LABELS = {
    "worksheet": "Pupil worksheet",
    "slides": "Slides (PowerPoint)",
    "slides-pdf": "Slides handout (PDF)",
    "letter": "Letter for parents and carers",
    "letter-docx": "Letter for parents (Word)",
    "guide": "Teacher guide",
    "zip": "Whole pack (zip)",
    "unit-letter": "Unit letter for parents and carers",
}
#: The order downloads are listed in; unknown kinds follow, alphabetically.
KIND_ORDER = ["guide", "slides", "slides-pdf", "worksheet", "letter", "letter-docx"]
#: Lesson tags a teacher should see before choosing a lesson, and how the label says it.
SENSITIVE_TAGS = {"grooming": "Covers grooming"}
#: Document types for the home page's filter: kinds of one family filter together. A kind not
#: named here belongs to the family before its first hyphen ('quiz-kahoot-exit' -> 'quiz').
FAMILY_OF = {"slides-pdf": "slides", "letter-docx": "letter"}
FAMILY_LABELS = {"guide": "Teacher guide", "slides": "Slides", "worksheet": "Pupil worksheet",
                 "letter": "Letter for parents", "quiz": "Quiz files"}
#: What a parent may look at: the pupil-facing materials and the letters (not the teacher's script).
PARENT_KINDS = ("worksheet", "slides-pdf", "letter")
FORMATS = {"pdf": "PDF", "pptx": "PowerPoint", "docx": "Word", "xlsx": "Excel", "zip": "zip", "csv": "CSV", "xml": "XML",
           "txt": "text", "json": "JSON", "html": "web page", "gift": "GIFT quiz", "qti": "QTI quiz"}


def kind_label(kind: str, path: str) -> str:
    """A readable name for a document kind, e.g. 'Teacher guide' or 'Quiz: kahoot exit (Excel)'."""
    if kind in KIND_LABELS:
        return KIND_LABELS[kind]
    extension = Path(path).suffix.lstrip(".").lower()
    family, _, rest = kind.replace("_", "-").partition("-")
    words = f"{family.capitalize()}: {rest.replace('-', ' ')}" if rest else family.capitalize()
    return f"{words} ({FORMATS.get(extension, extension.upper())})" if extension else words


def kind_family(kind: str) -> str:
    """The document type a kind is filtered under ('slides-pdf' -> 'slides', 'quiz-qti' -> 'quiz')."""
    return FAMILY_OF.get(kind, kind.split("-")[0])


def family_label(family: str) -> str:
    """The filter's name for a document type."""
    return FAMILY_LABELS.get(family, family.capitalize())


def human_size(size: int) -> str:
    """File size as people read it: '840 KB', '1.2 MB'."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


@dataclass(frozen=True)
class Document:
    """One downloadable file of a build."""

    kind: str
    path: str  # relative to the build folder, with '/' separators
    size: int
    sha256: str
    count: int | None = None  # pages of a PDF or slides of a deck, when the manifest says

    @property
    def label(self) -> str:
        """Readable name of the document."""
        return kind_label(self.kind, self.path)

    @property
    def format(self) -> str:
        """File format in words ('PDF', 'PowerPoint')."""
        extension = Path(self.path).suffix.lstrip(".").lower()
        return FORMATS.get(extension, extension.upper())

    @property
    def size_text(self) -> str:
        """Size in KB or MB."""
        return human_size(self.size)

    @property
    def name(self) -> str:
        """File name."""
        return Path(self.path).name


@dataclass
class Pack:
    """One lesson at one key stage, with its documents and the lesson text the pages show."""

    lesson: Lesson
    stage: KeyStage
    documents: list[Document]
    archive: Document | None
    steps: list[Step]
    duration: int
    parent_helplines: list[Helpline]

    @property
    def id(self) -> str:
        """``<lesson>-<ks>``, unique in a build."""
        return f"{self.lesson.id}-{self.stage.id}"

    @property
    def page(self) -> str:
        """This pack's page, relative to the site root."""
        return f"lessons/{self.lesson.id}/{self.stage.id}.html"

    @property
    def content(self):
        """The key-stage file (objectives, outcomes, letter text ...)."""
        return self.lesson.stages[self.stage.id]

    def document(self, kind: str) -> Document | None:
        """The document of ``kind``, if the pack has one."""
        return next((d for d in self.documents if d.kind == kind), None)

    @property
    def families(self) -> list[str]:
        """Types of document in this pack (for the document-type filter)."""
        return list(dict.fromkeys(kind_family(d.kind) for d in self.documents))

    @property
    def labels(self) -> list[str]:
        """Content labels a teacher must see before choosing the lesson."""
        meta = self.lesson.meta
        # A sensitive topic is named; the others are clear from the title.
        labels = [f"Covers {meta.topic[:1].lower()}{meta.topic[1:]}"] if "sexual" in meta.tags else []
        labels += [label for tag, label in SENSITIVE_TAGS.items() if tag in meta.tags]
        taught = [s for s in STAGE_IDS if s in self.lesson.stages]
        if taught and taught[0] != "ks1":
            labels.append(f"{taught[0].upper()}+ only")
        if "sexual" in meta.tags:
            labels.append("Sexual content: age 11 and over")
        labels.append("Tell your DSL first")
        return labels


@dataclass
class Catalogue:
    """Everything the site is built from."""

    build_dir: Path
    packs: list[Pack]
    unit_letters: dict[str, Document]
    school: SchoolInfo
    school_logo: tuple[Path, str] | None
    theme_id: str
    helplines: list[Helpline]
    has_coverage: bool = False
    stages: list[KeyStage] = field(default_factory=list)

    def packs_at(self, stage: str) -> list[Pack]:
        """The packs of key stage ``stage``, in unit order."""
        return [p for p in self.packs if p.stage.id == stage]

    def parent_helplines(self, stage: str) -> list[Helpline]:
        """National helplines for parents at ``stage``."""
        return helplines_for(self.helplines, "parent", stage)

    @property
    def topics(self) -> list[str]:
        """Every topic, in unit order, once."""
        return list(dict.fromkeys(p.lesson.meta.topic for p in self.packs))

    @property
    def families(self) -> list[str]:
        """Every type of document in the build, in display order."""
        found = {kind_family(d.kind) for p in self.packs for d in p.documents}
        known = list(dict.fromkeys(kind_family(k) for k in KIND_ORDER))
        return [f for f in known if f in found] + sorted(found - set(known))


def _read_manifest(build_dir: Path, command: str, root: Path) -> list[dict]:
    path = build_dir / "manifest.json"
    if not path.is_file():
        raise LessonpackError("no packs to publish: the build has no manifest.json", Location(display_path(path, root)),
                              f"run '{command}' first; the site reuses the packs it writes")
    try:
        artifacts = json.loads(path.read_text(encoding="utf-8"))["artifacts"]
        if not isinstance(artifacts, list):
            raise TypeError("artifacts is not a list")
    except (ValueError, KeyError, TypeError) as exc:
        raise LessonpackError(f"manifest.json cannot be read ({exc})", Location(display_path(path, root)),
                              f"run '{command}' again to rewrite it") from exc
    return artifacts


def _document(entry: dict, build_dir: Path, command: str, root: Path) -> Document:
    relative = str(entry.get("path", ""))
    file = (build_dir / relative).resolve()
    if not relative or not file.is_relative_to(build_dir.resolve()):
        raise LessonpackError(f"manifest.json lists a file outside the build: {relative!r}",
                              Location(display_path(build_dir / "manifest.json", root)), f"run '{command}' again")
    if not file.is_file() or sha256(file.read_bytes()) != entry.get("sha256"):
        raise LessonpackError(f"{display_path(file, root)} is missing or has changed since the build",
                              hint=f"run '{command}' again, then 'lessonpack site'")
    count = entry.get("pages", entry.get("slides"))
    return Document(str(entry.get("kind", "file")), relative, file.stat().st_size, entry["sha256"],
                    count if isinstance(count, int) else None)


def _sort_key(document: Document) -> tuple:
    order = KIND_ORDER.index(document.kind) if document.kind in KIND_ORDER else len(KIND_ORDER)
    return order, document.kind, document.path


def load_catalogue(project: Project, school_file: Path | None = None, build_dir: Path | None = None) -> Catalogue:
    """Read the build of ``project`` (or of a school) and the lessons it was built from."""
    profile: School | None = load_school(school_file, project) if school_file else None
    theme_id = (profile.profile.theme if profile else None) or DEFAULT_THEME
    build_dir = (build_dir or default_out(project, DEFAULT_THEME, profile)).resolve()
    command = "lessonpack build" + (f" --school {display_path(school_file, project.root)}" if profile else "")
    artifacts = _read_manifest(build_dir, command, project.root)
    info = profile.profile.info() if profile else DEFAULT_SCHOOL
    overlays = profile.overlays() if profile else None
    lessons = {lesson.id: lesson for lesson in load_lessons(project.lessons, None, project.root, overlays)}
    helplines = load_helplines(project.data, project.root)

    grouped: dict[tuple[str, str], list[Document]] = {}
    unit_letters: dict[str, Document] = {}
    for entry in artifacts:
        document = _document(entry, build_dir, command, project.root)
        lesson_id, stage = entry.get("lesson"), entry.get("key_stage")
        if lesson_id is None and document.kind == "unit-letter" and stage in KEY_STAGES:
            unit_letters[stage] = document
        elif lesson_id is not None and stage in KEY_STAGES:
            if lesson_id not in lessons or stage not in lessons[lesson_id].stages:
                raise LessonpackError(f"the build has a pack for {lesson_id} {stage}, which the lessons no longer have",
                                      hint=f"run '{command}' again (into a fresh folder) so the build matches the lessons")
            grouped.setdefault((lesson_id, stage), []).append(document)

    # Unit order: the school's lesson order if it sets one, else the lessons folder's order.
    order = list(profile.profile.lessons or []) if profile else []
    order += [lesson_id for lesson_id in lessons if lesson_id not in order]
    packs = []
    for stage in STAGE_IDS:
        for lesson_id in order:
            documents = grouped.get((lesson_id, stage))
            if not documents:
                continue
            lesson = lessons[lesson_id]
            view = build_view(lesson, stage, info, helplines)
            archive = next((d for d in documents if d.kind == "zip"), None)
            files = sorted((d for d in documents if d.kind != "zip"), key=_sort_key)
            packs.append(Pack(lesson, KEY_STAGES[stage], files, archive, view.steps(), view.duration,
                              view.parent_helplines))
    if not packs:
        raise LessonpackError("no packs to publish: the build's manifest lists none",
                              Location(display_path(build_dir / "manifest.json", project.root)),
                              f"run '{command}' first")
    stages = [KEY_STAGES[s] for s in STAGE_IDS if any(p.stage.id == s for p in packs)]
    logo = profile.logo() if profile else None
    return Catalogue(build_dir, packs, unit_letters, info, logo, theme_id, helplines,
                     (build_dir / "coverage.html").is_file(), stages)
