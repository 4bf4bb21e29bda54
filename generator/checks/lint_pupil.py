"""Lint rules from the pupil-materials review (issue 7): wording, framing and print rules a lesson
must keep. The word patterns live in ``data/lint.yaml`` (``pupil_rules``); this module applies them.

Rules: [confidentiality] no promise that what is shared stays private; [stranger] no
stranger-danger framing; [myth] a harmful belief is framed "Some people think ..."; [statistic]
figures pupils see carry a year; [answer-key] keys that do not repeat the question or read
"Look for:"; [evidence-first] keep evidence before block and report; [notes] no two parts with
the same teacher notes; [ks1] ks1 cards and statements are short and pictured; [names] a
character name is used by one lesson only within a key stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from ..errors import Problem
from ..lessons import Lesson
from ..model import KeyStageFile, Line, Message, Strict, Text


class PupilRules(Strict):
    """``pupil_rules`` in ``data/lint.yaml``: regular expressions (case-insensitive) and limits."""

    confidentiality_patterns: list[Text] = []
    """Promises that what is said stays private (refused everywhere except characters' speech)."""
    stranger_patterns: list[Text] = []
    """Stranger-danger framing (the lessons talk about people we don't know, not strangers)."""
    myth_markers: list[Text] = []
    """Words that make a false statement a harmful belief, which must then be framed."""
    myth_frame: Text = "Some people think"
    """How a harmful belief must start."""
    statistic_pattern: Text = r"\b\d[\d,]*\s+(arrests|children|people|young people|reports|cases|victims)\b"
    """A figure pupils see; it must have a year (e.g. 'in one week in 2017') in the same text."""
    evidence_words: list[Text] = []
    """Words for keeping evidence, which must come before 'block' in the same text."""
    ks1_max_cards: int = 6
    ks1_max_words: int = 6
    generic_names: list[Text] = []
    """Role names many stories share (Mum, Narrator), which the [names] rule ignores."""


def _speech(model: BaseModel) -> bool:
    # A character's words in a chat or a script are quoted speech, not the lesson's voice.
    return isinstance(model, (Message, Line))


def texts(model: BaseModel) -> Iterator[tuple[str, object]]:
    """Every string in ``model`` with its location, except characters' speech."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, str):
            if not (_speech(model) and name in ("text", "line")):
                yield value, model.location(name) if isinstance(model, Strict) else None
        elif isinstance(value, BaseModel):
            yield from texts(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    yield item, model.location(name) if isinstance(model, Strict) else None
                elif isinstance(item, BaseModel):
                    yield from texts(item)


def _search(patterns: list[str], text: str) -> str | None:
    for pattern in patterns:
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            return found.group(0)
    return None


def rule_confidentiality(model: BaseModel, rules: PupilRules) -> Iterator[Problem]:
    """Nothing promises that what is shared stays private: staff must pass on worries about safety."""
    for text, where in texts(model):
        found = _search(rules.confidentiality_patterns, text)
        if found:
            yield Problem(where, f"[confidentiality] '{found}' promises privacy staff cannot keep; say the limit "
                                 "instead: \"If I think someone might not be safe, I have to tell someone who can help.\"")


def rule_stranger(refs, rules: PupilRules) -> Iterator[Problem]:
    """No stranger-danger framing in what pupils and parents read: harm often comes from people a child thinks they know."""
    for text, where in refs:
        found = _search(rules.stranger_patterns, text)
        if found:
            yield Problem(where, f"[stranger] '{found}': talk about people we don't know (or only know online), "
                                 "not strangers")


def rule_statements(stage: KeyStageFile, rules: PupilRules) -> Iterator[Problem]:
    """A false statement that states a harmful belief is framed; every figure pupils see has a year."""
    for activity in stage.all_activities():
        for statement in getattr(activity, "statements", []):
            harmful = _search(rules.myth_markers, statement.text)
            if not statement.answer and harmful and not statement.text.startswith(rules.myth_frame):
                yield Problem(statement.location("text"),
                              f"[myth] a harmful belief ('{harmful}') printed as a bare statement; frame it "
                              f"\"{rules.myth_frame} ... What would you say?\"")
    for text, where in texts(stage):
        if re.search(rules.statistic_pattern, text, re.IGNORECASE) and not re.search(r"\b(19|20)\d\d\b", text):
            yield Problem(where, "[statistic] a figure without a year; date it (e.g. 'in one week in 2017')")


def rule_answer_keys(stage: KeyStageFile) -> Iterator[Problem]:
    """An answer key says what to look for; it never just repeats the question or starts 'Look for:'."""
    for activity in stage.all_activities():
        questions = [q.strip().lower() for q in getattr(activity, "questions", []) if isinstance(q, str)]
        for answer in getattr(activity, "answers", []) + getattr(activity, "look_for", []):
            plain = answer.strip().lower()
            if plain.startswith("look for:") or any(plain == q or (len(q) > 20 and plain.startswith(q)) for q in questions):
                yield Problem(activity.location("answers"),
                              f"[answer-key] '{answer[:50]}' repeats the question or reads 'Look for:'; "
                              "write the points a good answer makes")


def rule_evidence_first(model: BaseModel, rules: PupilRules) -> Iterator[Problem]:
    """Keep evidence first, then block and report: blocking first can lose the messages."""
    for text, where in texts(model):
        lower = text.lower()
        block = lower.find("block")
        evidence = [lower.find(w) for w in rules.evidence_words if w in lower]
        if block >= 0 and evidence and min(evidence) > block:
            yield Problem(where, "[evidence-first] say 'keep evidence' before 'block' (blocking first can "
                                 "lose the messages)")


def rule_notes(stage: KeyStageFile) -> Iterator[Problem]:
    """No two parts of a lesson share the same teacher notes (each slide needs its own)."""
    parts = [stage.introduction, *stage.all_activities(), stage.plenary]
    seen: dict[str, object] = {}
    for part in parts:
        notes = " ".join(part.teacher_notes.split())
        if notes in seen:
            yield Problem(part.location("teacher_notes"), "[notes] the same teacher notes as another part; "
                                                          "write what to say and do in this one")
        seen[notes] = part


def rule_ks1(stage: KeyStageFile, rules: PupilRules) -> Iterator[Problem]:
    """ks1 sorts: at most six cards, each with a picture and a few words; statements have pictures."""
    for activity in stage.all_activities():
        if activity.type == "sort":
            if len(activity.items) > rules.ks1_max_cards:
                yield Problem(activity.location("items"), f"[ks1] {len(activity.items)} cards to sort; five-year-olds "
                                                          f"manage at most {rules.ks1_max_cards}")
            for item in activity.items:
                if item.picture is None:
                    yield Problem(item.location("text"), "[ks1] a ks1 card needs a picture: most five-year-olds "
                                                         "cannot read it")
                if len(item.text.split()) > rules.ks1_max_words:
                    yield Problem(item.location("text"), f"[ks1] a ks1 card has at most {rules.ks1_max_words} words")
        for statement in getattr(activity, "statements", []):
            if statement.picture is None:
                yield Problem(statement.location("text"), "[ks1] a ks1 statement needs a picture")


def rule_names(lessons: list[Lesson], rules: PupilRules) -> Iterator[Problem]:
    """A character's name belongs to one lesson within a key stage, so stories do not blur together."""
    owner: dict[tuple[str, str], str] = {}
    for lesson in lessons:
        for stage_id, stage in lesson.stages.items():
            for character in stage.characters:
                key = (stage_id, character.name.split("'")[0].strip())
                if key[1] in rules.generic_names:
                    continue
                if key in owner and owner[key] != lesson.id:
                    yield Problem(character.location("name"),
                                  f"[names] '{key[1]}' is also a character in {owner[key]} at {stage_id}; "
                                  "choose another name")
                owner.setdefault(key, lesson.id)


def lint_pupil(lesson: Lesson, rules: PupilRules, pupil_texts, parent_texts) -> list[Problem]:
    """Every issue-7 problem in one lesson (``pupil_texts``/``parent_texts`` as in generator.checks.lint)."""
    problems = list(rule_confidentiality(lesson.meta, rules))
    for stage_id, stage in lesson.stages.items():
        problems += rule_confidentiality(stage, rules)
        readers = [(r.text, r.location) for r in pupil_texts(stage) + parent_texts(stage) if r.role != "speech"]
        problems += rule_stranger(readers, rules)
        problems += rule_statements(stage, rules)
        problems += rule_answer_keys(stage)
        problems += rule_evidence_first(stage, rules)
        problems += rule_notes(stage)
        if stage_id == "ks1":
            problems += rule_ks1(stage, rules)
    return problems
