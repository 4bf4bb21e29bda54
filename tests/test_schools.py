"""School profiles: the example school's build, each overlay operation, explain, and bad profiles."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import ROOT
from docx import Document
from helpers import edit, pdf_text, slide_texts
from pptx import Presentation
from pypdf import PdfReader

from generator.build import build
from generator.cli import main
from generator.errors import ValidationFailed
from generator.explain import explain
from generator.lessons import load_lessons
from generator.profiles import load_school
from generator.project import Project

SCHOOL = ROOT / "schools" / "example-primary.yaml"
SPOT = "spotting-fake-identities"


def tree_hash(folder) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def school_build(tmp_path_factory):
    before = tree_hash(ROOT / "lessons")
    out = tmp_path_factory.mktemp("school")
    build(Project(ROOT), school=SCHOOL, out=out)
    assert tree_hash(ROOT / "lessons") == before, "a school build must never change the base lessons"
    return out


def test_school_build_has_the_same_layout_and_a_manifest(school_build):
    manifest = json.loads((school_build / "manifest.json").read_text())
    paths = {a["path"] for a in manifest["artifacts"]}
    lessons = ["healthy-online-relationships", SPOT, "reporting-and-getting-help", "safer-video-calls"]
    for stage in ("ks1", "ks2"):
        assert f"packs/{stage}/letter.pdf" in paths
        for lesson in lessons:
            for name in ("worksheet.pdf", "slides.pptx", "letter.pdf", "guide.pdf", "letter.docx"):
                assert f"packs/{stage}/{lesson}/{name}" in paths
            assert f"packs/{stage}/{lesson}.zip" in paths
    assert not any("/ks3/" in p or "live-streaming" in p for p in paths)  # the school's stages and lessons only


def test_every_letter_carries_the_school_name_logo_and_dsl(school_build):
    letters = sorted(school_build.glob("packs/*/*/letter.pdf")) + sorted(school_build.glob("packs/*/letter.pdf"))
    assert len(letters) == 10
    for letter in letters:
        text = pdf_text(letter)
        assert "Riverside Primary School" in text and "1 Mill Lane" in text and "12 January 2027" in text
        assert "Mrs Priya Shah" in text and "01632 960 123" in text and "safeguarding@riverside.example" in text
        assert "Mr Tom Evans" in text and "Northshire Family Support Line" in text
        page = PdfReader(str(letter)).pages[0]
        assert any(x.get_object()["/Subtype"] == "/Image" for x in page["/Resources"]["/XObject"].values())
    word = Document(str(school_build / f"packs/ks2/{SPOT}/letter.docx"))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Riverside Primary School" in text and "Mrs Priya Shah" in text
    assert word.inline_shapes[0]._inline.docPr.get("descr").startswith("Riverside Primary School logo")


def test_slides_carry_the_school_on_title_and_help_slides(school_build):
    for deck_path in school_build.glob("packs/*/*/slides.pptx"):
        deck = Presentation(str(deck_path))
        texts = slide_texts(deck_path)
        assert "Riverside Primary School" in texts[0]
        assert "In school: Mrs Priya Shah, Designated safeguarding lead" in texts[-1]
        for slide in (deck.slides[0], deck.slides[-1]):
            alts = [s._element.nvPicPr.cNvPr.get("descr") for s in slide.shapes if s.shape_type == 13]
            assert any(a.startswith("Riverside Primary School logo") for a in alts)


def test_overrides_are_applied(school_build):
    pack = school_build / f"packs/ks2/{SPOT}"
    worksheet, guide = pdf_text(pack / "worksheet.pdf"), pdf_text(pack / "guide.pdf")
    assert "Amira" in worksheet and "Zara" not in worksheet          # rename
    assert "Tools that help" not in worksheet + guide                 # drop
    assert "Total 48" in guide                                        # timings: 50 - 6 + 2 + 1 + 1
    assert "Stop, Block, Tell" in guide and "Stop, Block, Tell" in pdf_text(pack / "letter.pdf")  # note
    assert "tell Mrs Shah the date you will teach this lesson" in guide  # lesson.yaml set
    assert "What is the difference between a surprise and a secret?" in pdf_text(
        school_build / "packs/ks1/healthy-online-relationships/letter.pdf")  # ks set
    resources = pdf_text(pack / "resources.pdf")
    assert "Sentence starter" in resources and "Tools that help" not in resources  # its cards went with it
    [base] = load_lessons(ROOT / "lessons", [SPOT], ROOT)
    assert base.stages["ks2"].characters[0].name == "Zara"            # the lesson itself is unchanged
    assert [r.used_in for r in base.stages["ks2"].resources if r.id == "tools-cards"] == [["tools-that-help"]]
    assert "tools-that-help" in [a.id for a in base.stages["ks2"].activities]


def test_explain_names_the_layer_that_set_a_value():
    project = Project(ROOT)
    # Where the lesson sets it: the 'minutes:' line after the activity's id (lessons get edited).
    lines = (ROOT / "lessons" / SPOT / "ks2.yaml").read_text().splitlines()
    start = lines.index("  - id: game-chat-clues")
    line = next(n for n in range(start, len(lines)) if lines[n].startswith("    minutes:")) + 1
    assert explain(project, SCHOOL, SPOT, "ks2", "game-chat-clues.minutes").splitlines() == [
        "spotting-fake-identities ks2 game-chat-clues.minutes = 12",
        "  set by the school profile at schools/example-primary.yaml:37:34",
        f"  the lesson says 10 at lessons/spotting-fake-identities/ks2.yaml:{line}:14",
    ]
    first_objective = lines.index("objectives:") + 2  # explain counts items from 1
    assert explain(project, SCHOOL, SPOT, "ks2", "objectives.1").splitlines()[1] == (
        f"  from the lesson at lessons/spotting-fake-identities/ks2.yaml:{first_objective}:5")
    assert explain(project, SCHOOL, SPOT, "ks2", "characters.1.name").splitlines()[0] == (
        "spotting-fake-identities ks2 characters.1.name = “Amira”")


# -- each operation and each bad input, on a throw-away project ---------------------------------

@pytest.fixture
def school_project(project):
    """The scaffolded 'demo' lesson plus a school profile to edit."""
    (project.root / "schools").mkdir()
    profile = project.root / "schools" / "test.yaml"
    profile.write_text("name: Test School\noverrides: {}\n")
    ks2 = project.lessons / "demo" / "ks2.yaml"
    ks2.write_text(ks2.read_text().replace("vocabulary:", "characters:\n  - {name: Sam, description: A pupil}\n"
                                                          "vocabulary:", 1)
                   .replace('scenario: "TODO: a short story about fictional characters."',
                            'scenario: "Sam gets a message from someone Sam does not know."'))
    return project, profile


def with_overrides(profile, text: str) -> None:
    profile.write_text("name: Test School\noverrides:\n  demo:\n    ks2:\n" + text)


def merged(project, profile):
    school = load_school(profile, project)
    [lesson] = load_lessons(project.lessons, None, project.root, school.overlays())
    return lesson.stages["ks2"]


def profile_errors(project, profile) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        merged(project, profile)
    return [str(p) for p in caught.value.problems]


def test_rename_changes_every_text(school_project):
    project, profile = school_project
    with_overrides(profile, "      rename: {Sam: Ravi}\n")
    stage = merged(project, profile)
    assert stage.activities[0].scenario == "Ravi gets a message from someone Ravi does not know."
    assert stage.characters[0].name == "Ravi"


def test_timings_change_and_the_lesson_length_follows(school_project):
    project, profile = school_project
    with_overrides(profile, "      timings: {main-activity: 20, introduction: 8}\n")
    stage = merged(project, profile)
    assert (stage.activities[0].minutes, stage.introduction.minutes, stage.duration_minutes) == (20, 8, 43)


def test_drop_and_replace_activities(school_project):
    project, profile = school_project
    edit(project, "ks2.yaml", "endpoint:", """  - id: extra
    type: reflection
    title: Think
    minutes: 5
    instructions: Think about it.
    teacher_notes: Give time to think.
    support: Pairs.
    stretch: Write more.
    prompts: ['What did you learn?']
endpoint:""")
    edit(project, "lesson.yaml", "duration_minutes: 45", "duration_minutes: 50")
    with_overrides(profile, """      drop: [main-activity]
      replace:
        extra:
          id: local-quiz
          type: true-false
          title: Our quiz
          minutes: 10
          instructions: True or false?
          teacher_notes: Read each one out.
          statements:
            - {text: You can tell a teacher., answer: true, explanation: Teachers help.}
            - {text: It is your fault., answer: false, explanation: It is never your fault.}
""")
    stage = merged(project, profile)
    assert [a.id for a in stage.activities] == ["local-quiz"]
    assert stage.duration_minutes == 30
    # Errors in the replacement point into the profile, not the lesson.
    edit(project, "../../schools/test.yaml", "minutes: 10", "minutes: ten", lesson="demo")
    assert profile_errors(project, profile) == [
        "schools/test.yaml:11:20: error: 'minutes' must be a whole number, found str 'ten'"]


def test_set_merges_and_a_note_is_added(school_project):
    project, profile = school_project
    with_overrides(profile, "      note: Use the library computers.\n      set: {letter: {tips: [A, B, C]}}\n")
    stage = merged(project, profile)
    assert stage.local_notes == ["Use the library computers."]
    assert stage.letter.tips == ["A", "B", "C"] and stage.letter.learning.startswith("TODO")


def test_a_bad_value_set_by_the_school_points_at_the_school_file(school_project):
    project, profile = school_project
    with_overrides(profile, "      set: {objectives: Understand things}\n")
    assert profile_errors(project, profile) == [
        "schools/test.yaml:5:25: error: 'objectives' must be a list, found str 'Understand things'"]


@pytest.mark.parametrize("overrides, expected", [
    ("      drop: [main-activty]\n",
     "schools/test.yaml:5:14: error: unknown activity 'main-activty' in demo ks2 (did you mean 'main-activity'?)"),
    ("      drop: [before]\n",
     "schools/test.yaml:5:14: error: cannot drop the baseline activity 'before': pupils' progress is measured "
     "from it; replace it instead"),
    ("      rename: {Sma: Ravi}\n",
     "schools/test.yaml:5:16: error: unknown character 'Sma' in demo ks2 (did you mean 'Sam'?)"),
    ("      timings: {plenery: 4}\n",
     "schools/test.yaml:5:17: error: unknown part 'plenery' in demo ks2 (did you mean 'plenary'?)"),
])
def test_bad_operations_are_reported_at_the_profile_line(school_project, overrides, expected):
    project, profile = school_project
    with_overrides(profile, overrides)
    assert profile_errors(project, profile) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("name: X\noverrides:\n  dmeo:\n    ks2: {note: hi}\n",
     "schools/test.yaml:3:3: error: unknown lesson 'dmeo' (did you mean 'demo'?)"),
    ("name: X\noverrides:\n  demo:\n    ks4: {note: hi}\n", "schools/test.yaml:4:5: error: lesson 'demo' has no ks4"),
    ("name: X\nlessons: [demo, demo-lesson]\n",
     "schools/test.yaml:2:17: error: unknown lesson 'demo-lesson' (did you mean 'demo'?)"),
    ("name: X\ntheme: dyslexia\n",
     "schools/test.yaml:2:8: error: unknown theme 'dyslexia' (did you mean 'dyslexia-friendly'?)"),
    ("name: X\nlogo: {path: logo.png, alt: Logo}\n",
     "schools/test.yaml:2:14: error: logo file not found: logo.png (paths are relative to schools/)"),
    ("name: X\nlogo: {path: logo.svg, alt: Logo}\n",
     "schools/test.yaml:2:14: error: must be a PNG or JPEG file: slides cannot show SVG; convert it first, "
     "e.g. rsvg-convert -w 800 logo.svg -o logo.png"),
    ("name: X\ndls: {name: A, role: B}\n", "schools/test.yaml:2:1: error: unknown key 'dls' (did you mean 'dsl'?)"),
])
def test_bad_profiles_are_refused_before_anything_is_written(school_project, tmp_path, text, expected):
    project, profile = school_project
    profile.write_text(text)
    with pytest.raises(ValidationFailed) as caught:
        build(project, school=profile, out=tmp_path / "out", jobs=1)
    assert [str(p) for p in caught.value.problems] == [expected]
    assert not (tmp_path / "out").exists()


def test_new_school_scaffold_passes_check_and_never_overwrites(project, capsys):
    assert main(["--project", str(project.root), "new-school", "st-marys"]) == 0
    assert main(["--project", str(project.root), "check"]) == 0
    before = (project.root / "schools/st-marys.yaml").read_bytes()
    assert main(["--project", str(project.root), "new-school", "st-marys"]) == 1
    assert "a school profile with this name already exists" in capsys.readouterr().err
    assert (project.root / "schools/st-marys.yaml").read_bytes() == before
    build(project, school=project.root / "schools/st-marys.yaml", out=project.root / "out", jobs=1)
    assert "[School name]" in pdf_text(project.root / "out/packs/ks2/demo/letter.pdf")
