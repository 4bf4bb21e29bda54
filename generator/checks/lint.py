"""``lessonpack lint``: the content guide's checklist, checked wherever a field allows.

Each rule is a small function that yields Problems with the YAML location of the text
it is about. The lists it uses (verbs, phrases, thresholds) live in ``data/lint.yaml``
so that safeguarding leads can change them without touching code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from ..curricula import Framework, load_frameworks
from ..errors import Location, Problem, ValidationFailed
from ..helplines import Helpline, load_helplines
from ..lessons import Lesson, load_lessons
from .lint_pupil import PupilRules, lint_pupil, rule_names
from ..model import ActivityBase, KeyStageFile, Strict, Text
from ..quiz.lintrules import lint_quizzes, quiz_texts
from .readability import grade, hardest_sentences, sentences
from ..stages import STAGE_IDS
from ..validate import load_validated


class Readability(Strict):
    """Limits for one key stage."""

    max_grade: float
    max_sentence_words: int


class LintRules(Strict):
    """``data/lint.yaml``."""

    observable_verbs: list[Text]
    unobservable_verbs: list[Text]
    blaming_phrases: list[Text]
    fear_phrases: list[Text]
    sexual_terms: list[Text]
    sexual_min_stage: str
    distancing_phrases: list[Text]
    readability: dict[str, Readability]
    pupil_rules: PupilRules = PupilRules()
    """Rules from the pupil-materials review (see generator/checks/lint_pupil.py)."""


@dataclass(frozen=True)
class TextRef:
    """A piece of lesson text and where it was written."""

    text: str
    location: Location | None
    role: str  # "running" (sentences), "label" (titles, options), "speech" (a character's words)


def load_rules(data_dir: Path, root: Path | None = None) -> LintRules:
    """Read ``data/lint.yaml``."""
    return load_validated(LintRules, data_dir / "lint.yaml", root)


# -- what pupils and parents read ---------------------------------------------------------------

def _ref(model: BaseModel, field: str, role: str, index: int | None = None) -> TextRef:
    value = getattr(model, field)
    text = value[index] if index is not None else value
    where = model.location(field) if index is None else _item_location(model, field, index)
    return TextRef(text, where, role)


def _item_location(model: Strict, field: str, index: int) -> Location | None:
    if model._origin is None:
        return None
    source, path = model._origin
    return source.locate(path + (field, index))


def _list(model, field: str, role: str) -> list[TextRef]:
    return [_ref(model, field, role, i) for i in range(len(getattr(model, field)))]


def activity_texts(a: ActivityBase) -> list[TextRef]:
    """Everything a pupil reads in one activity (worksheet and slide)."""
    refs = [_ref(a, "title", "label"), _ref(a, "instructions", "running")]
    t = a.type
    if t == "discussion":
        refs += [_ref(a, "scenario", "running")] + _list(a, "questions", "running")
    elif t == "sort":
        refs += _list(a, "categories", "label") + [_ref(i, "text", "label") for i in a.items]
    elif t == "true-false":
        refs += [_ref(s, "text", "running") for s in a.statements]
    elif t == "multiple-choice":
        for q in a.questions:
            refs += [_ref(q, "question", "running")] + _list(q, "options", "label")
    elif t == "spot-the-clues":
        refs += [_ref(a, "setting", "label")] + [_ref(m, "text", "speech") for m in a.messages]
    elif t == "match":
        refs += [_ref(p, side, "label") for p in a.pairs for side in ("left", "right")]
    elif t == "role-play":
        refs += [_ref(r, "description", "running") for r in a.roles]
        refs += [_ref(line, "line", "speech") for line in a.script] + _list(a, "questions", "running")
    elif t == "reflection":
        refs += _list(a, "prompts", "running") + ([_ref(a, "pledge", "running")] if a.pledge else [])
    elif t == "draw-or-write":
        refs += _list(a, "boxes", "label")
    return refs


def pupil_texts(stage: KeyStageFile) -> list[TextRef]:
    """All pupil-facing text of a key stage: activities, vocabulary, slide points, outcomes."""
    refs: list[TextRef] = []
    for activity in stage.all_activities():
        refs += activity_texts(activity)
    refs += [_ref(v, "definition", "running") for v in stage.vocabulary]
    refs += _list(stage.introduction, "slide_points", "label") + _list(stage.plenary, "slide_points", "label")
    refs += _list(stage, "outcomes", "label")
    refs += quiz_texts(stage)[0]  # quiz questions and options are read by pupils too
    return refs


def parent_texts(stage: KeyStageFile) -> list[TextRef]:
    """All text of the parent letter that comes from the lesson."""
    letter = stage.letter
    return ([_ref(letter, "learning", "running")] + _list(letter, "conversation_starters", "running")
            + _list(letter, "tips", "running") + _list(letter, "if_something_happens", "running"))


def all_texts(model: BaseModel) -> Iterator[TextRef]:
    """Every string anywhere in ``model``, with its location (teacher notes included)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, str):
            yield TextRef(value, model.location(name) if isinstance(model, Strict) else None, "any")
        elif isinstance(value, BaseModel):
            yield from all_texts(value)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield TextRef(item, _item_location(model, name, index) if isinstance(model, Strict) else None,
                                  "any")
                elif isinstance(item, BaseModel):
                    yield from all_texts(item)


def _contains(text: str, phrase: str) -> bool:
    return re.search(r"(?<![a-z])" + re.escape(phrase.lower()) + r"(?![a-z])", text.lower()) is not None


# -- rules --------------------------------------------------------------------------------------

def rule_lesson(lesson: Lesson) -> Iterator[Problem]:
    """Lesson-wide checklist items: DSL note and ground rules."""
    meta = lesson.meta
    note = meta.safeguarding.dsl_note.lower()
    if "dsl" not in note and "safeguarding lead" not in note:
        yield Problem(meta.safeguarding.location("dsl_note"),
                      "[dsl-note] the DSL note must tell the teacher to inform the designated safeguarding lead (DSL)")
    rules = " ".join(meta.ground_rules).lower()
    needed = {
        "no personal stories": ("personal", "own stor", "ourselves", "our own"),
        "no names": ("name",),
        "the right to pass": ("pass",),
        "respect": ("respect", "listen", "kind"),
    }
    for rule, words in needed.items():
        if not any(word in rules for word in words):
            yield Problem(meta.location("ground_rules"), f"[ground-rules] the ground rules need one about {rule}")


def rule_objectives(stage: KeyStageFile, rules: LintRules) -> Iterator[Problem]:
    """Objectives start with an observable verb; outcomes are 'I can' statements."""
    for index, objective in enumerate(stage.objectives):
        words = re.sub(r"^(to|pupils will( be able to)?|we will|we are learning to)\s+", "", objective.lower())
        first = words.split()[0] if words.split() else ""
        if not any(words.startswith(verb + " ") or first == verb for verb in rules.observable_verbs):
            weak = next((v for v in rules.unobservable_verbs if words.startswith(v)), None)
            why = f"'{weak}' cannot be observed" if weak else f"'{first}' is not in the list of observable verbs"
            yield Problem(_item_location(stage, "objectives", index),
                          f"[objectives] objective should start with an observable verb (identify, describe, "
                          f"explain, show ...): {why}")
    for index, outcome in enumerate(stage.outcomes):
        if not outcome.lower().startswith("i can"):
            yield Problem(_item_location(stage, "outcomes", index), "[outcomes] outcomes are 'I can ...' statements")


def rule_structure(stage: KeyStageFile) -> Iterator[Problem]:
    """Endpoint returns to the baseline; main activities have support and stretch; sorts use every category."""
    if stage.endpoint.revisits != stage.baseline.id:
        yield Problem(stage.endpoint.location("revisits") or stage.endpoint.location(),
                      f"[baseline-endpoint] the endpoint must return to the baseline: set 'revisits: {stage.baseline.id}'")
    for activity in stage.activities:
        for field in ("support", "stretch"):
            if getattr(activity, field) is None:
                yield Problem(activity.location(), f"[differentiation] activity '{activity.id}' needs a '{field}' option")
    for activity in stage.all_activities():
        if activity.type == "sort":
            used = {item.category for item in activity.items}
            for category in activity.categories:
                if category not in used:
                    yield Problem(activity.location("categories"),
                                  f"[answers] no card belongs in category '{category}'; the answer key would be empty")


def rule_signposting(stage: KeyStageFile, helplines: list[Helpline]) -> Iterator[Problem]:
    """Ground rules, question box and where to get help are in the introduction and plenary."""
    intro = stage.introduction.teacher_notes.lower()
    plenary = (stage.plenary.teacher_notes + " " + " ".join(stage.plenary.slide_points)).lower()
    if "ground rule" not in intro:
        yield Problem(stage.introduction.location("teacher_notes"), "[ground-rules] the introduction should agree the ground rules")
    if "rule" not in plenary:
        yield Problem(stage.plenary.location("teacher_notes"), "[ground-rules] the plenary should remind pupils of the ground rules")
    if "question box" not in intro + plenary:
        yield Problem(stage.introduction.location("teacher_notes"),
                      "[question-box] mention the anonymous question box in the introduction or plenary")
    if not _TRUSTED.search(plenary):
        yield Problem(stage.plenary.location("teacher_notes"), "[signposting] the plenary should say which trusted adult pupils can talk to")
    if not any(h.name.split(" (")[0].lower() in plenary for h in helplines):
        yield Problem(stage.plenary.location("teacher_notes"),
                      "[signposting] the plenary should name outside help (e.g. Childline, 0800 1111)")


# A trusted adult, named in any of the ways teachers say it.
_TRUSTED = re.compile(r"trusted|grown-up|adult|teacher|tutor|safeguarding lead|talk to me|head of year")
_PHONE = re.compile(r"(?<![\w])0\d{2,4}(?:[ -]?\d{2,4}){1,3}(?![\d])")
_CALL = re.compile(r"\b(?:call|ring|dial|phone|text)\s+(?:on\s+)?(?!0)(\d{3,})\b", re.IGNORECASE)
_WEB = re.compile(r"\b(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:co\.uk|org\.uk|police\.uk|gov\.uk|uk|com|org|net|info|io))"
                  r"(?:/[^\s,;)\"']*)?", re.IGNORECASE)


def registry_numbers(helplines: list[Helpline]) -> tuple[set[str], set[str]]:
    """Digits of every registered phone number, and every registered web host."""
    numbers, hosts = set(), set()
    for h in helplines:
        if h.phone:
            numbers.add(re.sub(r"\D", "", h.phone) if not h.numbers else "")
        numbers.update(re.sub(r"\D", "", n) for n in h.numbers)
        if h.web:
            hosts.add(h.web.lower().split("/")[0].removeprefix("www."))
    numbers.discard("")
    return numbers, hosts


def rule_helplines(refs: list[TextRef], helplines: list[Helpline]) -> Iterator[Problem]:
    """Every phone number and web address in any text is one from the helpline registry."""
    numbers, hosts = registry_numbers(helplines)
    for ref in refs:
        found = [m.group(0) for m in _PHONE.finditer(ref.text)] + [m.group(1) for m in _CALL.finditer(ref.text)]
        for number in found:
            if re.sub(r"\D", "", number) not in numbers:
                yield Problem(ref.location, f"[helplines] phone number '{number}' is not in data/helplines.yaml; "
                                            "use a registered number or add it there after checking it")
        for match in _WEB.finditer(ref.text):
            host = match.group(1).lower()
            if host not in hosts:
                yield Problem(ref.location, f"[helplines] web address '{match.group(0)}' is not in data/helplines.yaml")


def rule_wording(refs: list[TextRef], rules: LintRules) -> Iterator[Problem]:
    """No victim-blaming or fear wording in pupil and parent text (characters' speech excepted)."""
    for ref in refs:
        if ref.role == "speech":
            continue
        for phrase in rules.blaming_phrases:
            if _contains(ref.text, phrase):
                yield Problem(ref.location, f"[wording] victim-blaming wording '{phrase}': the person who abuses "
                                            "is always responsible; say what someone can do instead")
        for phrase in rules.fear_phrases:
            if _contains(ref.text, phrase):
                yield Problem(ref.location, f"[wording] fear wording '{phrase}': keep it calm and say what pupils can do")


def rule_age(lesson: Lesson, stage_id: str, refs: list[TextRef], rules: LintRules) -> Iterator[Problem]:
    """Sexual topics only from ks3: by tag for whole lessons, by word for text."""
    young = STAGE_IDS.index(stage_id) < STAGE_IDS.index(rules.sexual_min_stage)
    if not young:
        return
    if "sexual" in lesson.meta.tags:
        yield Problem(lesson.stages[stage_id].location(),
                      f"[age] lesson is tagged 'sexual' and may only be taught from {rules.sexual_min_stage}: "
                      f"remove {stage_id}.yaml")
    for ref in refs:
        for term in rules.sexual_terms:
            if _contains(ref.text, term):
                yield Problem(ref.location, f"[age] '{term}' is a sexual topic, taught only from {rules.sexual_min_stage}")


def rule_distancing(stage: KeyStageFile, rules: LintRules) -> Iterator[Problem]:
    """Pupils are never asked about their own experiences."""
    for activity in stage.all_activities():
        for ref in activity_texts(activity):
            if ref.role == "speech":
                continue
            for phrase in rules.distancing_phrases:
                if _contains(ref.text, phrase):
                    yield Problem(ref.location, f"[distancing] '{phrase}' asks about pupils' own experiences; "
                                                "ask about a fictional character instead")


def rule_readability(stage_id: str, refs: list[TextRef], rules: LintRules) -> Iterator[Problem]:
    """Pupil-facing running text is readable for the youngest child in the band."""
    limits = rules.readability[stage_id]
    running = [r for r in refs if r.role in ("running", "speech")]
    text = "\n".join(r.text for r in running)
    score = grade(text)
    if score.grade > limits.max_grade:
        worst = hardest_sentences(text)
        detail = "; ".join(f"grade {g}: “{s}” ({_where(running, s)})" for g, s in worst)
        hardest = next((r for r in running if worst and worst[0][1] in r.text), running[0])
        yield Problem(hardest.location,
                      f"[readability] pupil text reads at grade {score.grade} (limit {limits.max_grade} for "
                      f"{stage_id}); hardest sentences: {detail}")
    for ref in running:
        for sentence in sentences(ref.text):
            count = len(sentence.split())
            if count > limits.max_sentence_words:
                yield Problem(ref.location, f"[readability] sentence of {count} words (limit "
                                            f"{limits.max_sentence_words} for {stage_id}): “{sentence[:60]}…”",
                              "warning")


def _where(refs: list[TextRef], sentence: str) -> str:
    ref = next((r for r in refs if sentence in r.text), None)
    return str(ref.location) if ref and ref.location else "?"


def rule_curriculum(stage_id: str, stage: KeyStageFile, frameworks: dict[str, Framework]) -> Iterator[Problem]:
    """Curriculum ids exist in ``curricula/`` and apply to this key stage."""
    for name, ids in stage.curriculum.model_dump().items():
        framework = frameworks.get(name)
        for index, statement_id in enumerate(ids):
            where = _item_location(stage.curriculum, name, index)
            statement = framework.statement(statement_id) if framework else None
            if statement is None:
                yield Problem(where, f"[curriculum] unknown {name} statement '{statement_id}'")
            elif stage_id not in statement.stages:
                yield Problem(where, f"[curriculum] {name} statement '{statement_id}' is for "
                                     f"{', '.join(statement.stages)}, not {stage_id}")


def lint_lesson(lesson: Lesson, rules: LintRules, helplines: list[Helpline],
                frameworks: dict[str, Framework]) -> list[Problem]:
    """Every lint problem in one lesson."""
    problems = list(rule_lesson(lesson))
    problems += rule_helplines(list(all_texts(lesson.meta)), helplines)
    for stage_id, stage in lesson.stages.items():
        pupil, parent = pupil_texts(stage), parent_texts(stage)
        problems += rule_objectives(stage, rules)
        problems += rule_structure(stage)
        problems += rule_signposting(stage, helplines)
        problems += rule_helplines(list(all_texts(stage)), helplines)
        problems += rule_wording(pupil + parent, rules)
        problems += rule_age(lesson, stage_id, pupil, rules)  # parents may be told what the risk is
        problems += rule_distancing(stage, rules)
        problems += rule_readability(stage_id, pupil, rules)
        problems += rule_curriculum(stage_id, stage, frameworks)
        problems += lint_quizzes(lesson, stage_id, stage, rules)
    problems += lint_pupil(lesson, rules.pupil_rules, pupil_texts, parent_texts)
    return problems


def lint(lessons_dir: Path, data_dir: Path, curricula_dir: Path, root: Path | None = None,
         only: list[str] | None = None) -> tuple[int, list[Problem]]:
    """Lint lessons; raise ValidationFailed if any error, else return (lessons checked, warnings)."""
    lessons = load_lessons(lessons_dir, only, root)
    rules = load_rules(data_dir, root)
    helplines = load_helplines(data_dir, root)
    frameworks = load_frameworks(curricula_dir, root)
    problems = [p for lesson in lessons for p in lint_lesson(lesson, rules, helplines, frameworks)]
    problems += rule_names(lessons, rules.pupil_rules)
    problems = [p if p.location else Problem(Location("lessons"), p.message, p.severity) for p in problems]
    if any(p.severity == "error" for p in problems):
        raise ValidationFailed(problems)
    return len(lessons), problems
