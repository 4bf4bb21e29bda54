"""The quiz slides: one slide per question, then the answers on the slide after the last question.

Answers never appear on a question slide, not even in its speaker notes (presenter view
is sometimes what the class sees); they and the teacher's feedback are on the answers slide.
"""

from __future__ import annotations

from pptx.enum.text import MSO_ANCHOR

from ..quiz.exports import view_quizzes
from ..quiz.options import LETTERS
from ..quiz.quizzes import Quiz
from .slides import BODY_BOTTOM, BODY_TOP, MARGIN, SLIDE_W, Deck, TextSpec, plain

ICON = "multiple-choice"
#: Slides are read from the back of the room (content guide): 24 pt at ks1-ks2, 20 pt above.
MIN_PT = {"ks1": 24, "ks2": 24, "ks3": 20, "ks4": 20}

QUESTION_NOTES = {
    "starter": "Starter quiz: what do pupils know already? Read the question and every option aloud. Pupils answer "
               "together (fingers for A-D, thumbs up for true and thumbs down for false) or on their worksheet. "
               "Do not give the answer yet: the answers are on the slide after the last question.",
    "exit": "Exit quiz: what have pupils learned? Read the question and every option aloud. Pupils answer together "
            "(fingers for A-D, thumbs for true or false) or on their worksheet. The answers are on the slide after "
            "the last question; compare them with the starter quiz.",
}


def question_slide(deck: Deck, quiz: Quiz, number: int) -> None:
    """One question and its lettered options, without the answer."""
    item = quiz.questions[number - 1]
    where = item.question.location("question")
    slide = deck.new_slide(f"{quiz.heading} ({number}/{len(quiz.questions)})", QUESTION_NOTES[quiz.kind], ICON,
                           "Icon: quiz question", where)
    stage = deck.view.key_stage.id
    width = SLIDE_W - 2 * MARGIN
    deck.text(slide, MARGIN, BODY_TOP - 4, width, 96, [plain(item.text, True)], where, max_pt=32,
              min_pt=MIN_PT[stage], anchor=MSO_ANCHOR.MIDDLE)
    top = BODY_TOP + 104
    count, gap = len(item.options), 12.0
    box_h = min(84.0, (BODY_BOTTOM - top - gap * (count - 1)) / count)
    boxes = [[TextSpec([(f"{LETTERS[i]}   ", True), (option, False)])] for i, option in enumerate(item.options)]
    # One size for every option, so no option looks more important than the others.
    size = deck.common_size([(paras, width, box_h, True) for paras in boxes], max_pt=32)
    for index, paras in enumerate(boxes):
        deck.text(slide, MARGIN, top + index * (box_h + gap), width, box_h, paras, where, max_pt=size,
                  min_pt=MIN_PT[stage], fill=deck.colours.panel, rounded=True, anchor=MSO_ANCHOR.MIDDLE)


def answers_slide(deck: Deck, quiz: Quiz) -> None:
    """The right answer of every question, with the teacher's feedback in the notes."""
    title = f"{quiz.heading}: answers"
    notes = "Go through the answers, saying why each is right:\n\n" + "\n".join(
        f"{n}. {q.right_letter} ({q.options[q.right_index]}): {q.question.feedback}"
        for n, q in enumerate(quiz.questions, 1))
    if quiz.kind == "exit":
        notes += ("\n\nAsk pupils to compare with their starter quiz answers. Questions many pupils got wrong show "
                  "which objective to revisit next lesson.")
    slide = deck.new_slide(title, notes, ICON, "Icon: quiz answers", None)
    more = deck.continuation(title, notes, ICON, "Icon: quiz answers", None)
    paras = [TextSpec([(f"{n}.  {q.right_letter}   ", True), *_answer_runs(q)]) for n, q in enumerate(quiz.questions, 1)]
    where = quiz.questions[0].question.location()
    deck.flow(slide, (MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP), paras, where, more,
              max_pt=28, min_pt=MIN_PT[deck.view.key_stage.id])


def _answer_runs(item) -> list[tuple[str, bool]]:
    """The right option; for true/false also the statement, since 'True' alone means nothing on its own."""
    if item.question.is_true_false:
        return [(item.options[item.right_index], True), (f": {item.text}", False)]
    return [(item.options[item.right_index], False)]


def quiz_slides(deck: Deck, kind: str) -> None:
    """The question slides and then the answers slide of the ``kind`` quiz ('starter' or 'exit'), if any."""
    quiz = next((q for q in view_quizzes(deck.view) if q.kind == kind), None)
    if quiz is None:
        return
    for number in range(1, len(quiz.questions) + 1):
        question_slide(deck, quiz, number)
    answers_slide(deck, quiz)
