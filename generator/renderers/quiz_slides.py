"""The quiz slides: one slide per question, then the answers on the slide after the last question.

Answers never appear on a question slide, not even in its speaker notes (presenter view
is sometimes what the class sees); they and the teacher's feedback are on the answers slide.
"""

from __future__ import annotations

from pptx.enum.text import MSO_ANCHOR

from ..quiz.exports import view_quizzes
from ..quiz.options import LETTERS
from ..quiz.quizzes import Quiz
from .slide_canvas import BODY_BOTTOM, BODY_TOP, MARGIN, SLIDE_W, TextSpec, plain
from .slides import Deck

ICON = "multiple-choice"
#: Slides are read from the back of the room (content guide): 24 pt at ks1-ks2, 20 pt above.
MIN_PT = {"ks1": 24, "ks2": 24, "ks3": 20, "ks4": 20}
#: A question's picture: big enough to read from the back of a classroom (about 3.6 inches).
PICTURE_SIDE = 260.0
PICTURE_GAP = 24.0
#: On the answers slide, each answer's row shows its question's picture, up to this size.
ROW_PICTURE_MAX = 90.0
ROW_GAP = 8.0

QUESTION_NOTES = {
    "starter": "Starter quiz: what do pupils know already? Read the question and every option aloud. Pupils answer "
               "together (fingers for A-D, thumbs up for true and thumbs down for false) or on their worksheet. "
               "Do not give the answer yet: the answers are on the slide after the last question.",
    "exit": "Exit quiz: what have pupils learned? Read the question and every option aloud. Pupils answer together "
            "(fingers for A-D, thumbs for true or false) or on their worksheet. The answers are on the slide after "
            "the last question; compare them with the starter quiz.",
}


def question_slide(deck: Deck, quiz: Quiz, number: int) -> None:
    """One question and its lettered options, without the answer; its picture large on the left."""
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
    left = MARGIN
    if item.question.picture is not None:
        # Beside the options, as large as the space below the question allows: at ks1 the
        # picture, read aloud with the words, is what most pupils understand the question by.
        # The shorter of picture and options is centred on the taller (two true/false boxes).
        side = min(PICTURE_SIDE, BODY_BOTTOM - top)
        options_h = count * box_h + gap * (count - 1)
        deck.use_picture(slide, item.question.picture, MARGIN, top + max(0.0, options_h - side) / 2, side, side)
        top += max(0.0, side - options_h) / 2
        left = MARGIN + side + PICTURE_GAP
    options_w = SLIDE_W - MARGIN - left
    boxes = [[TextSpec([(f"{LETTERS[i]}   ", True), (option, False)])] for i, option in enumerate(item.options)]
    # One size for every option, so no option looks more important than the others.
    size = deck.common_size([(paras, options_w, box_h, True) for paras in boxes], max_pt=32)
    for index, paras in enumerate(boxes):
        deck.text(slide, left, top + index * (box_h + gap), options_w, box_h, paras, where, max_pt=size,
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
    min_pt = MIN_PT[deck.view.key_stage.id]
    if any(q.question.picture for q in quiz.questions) and _pictured_answers(deck, slide, quiz, paras, more, min_pt):
        return
    deck.flow(slide, (MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP), paras, where, more,
              max_pt=28, min_pt=min_pt)


def _pictured_answers(deck: Deck, slide, quiz: Quiz, paras: list[TextSpec], more, min_pt: float) -> bool:
    """Each answer in a row beside its question's picture, so pupils see which question it answers.

    As many rows per slide as fit with the text at ``min_pt`` or more; False (nothing drawn) if
    not even two rows fit on a slide, and the answers are then written without pictures.
    """
    height = BODY_BOTTOM - BODY_TOP
    for per_slide in range(len(paras), 1, -1):
        row_h = (height - ROW_GAP * (per_slide - 1)) / per_slide
        side = min(row_h, ROW_PICTURE_MAX)
        text_w = SLIDE_W - 2 * MARGIN - side - PICTURE_GAP
        sizes = [deck.fit_size([para], text_w, row_h, 28, min_pt) for para in paras]
        if None in sizes:
            continue
        size = min(sizes)
        for index, (item, para) in enumerate(zip(quiz.questions, paras)):
            if index and index % per_slide == 0:
                slide, _ = more()
            y = BODY_TOP + (index % per_slide) * (row_h + ROW_GAP)
            if item.question.picture is not None:
                deck.use_picture(slide, item.question.picture, MARGIN, y + (row_h - side) / 2, side, side)
            deck.text(slide, MARGIN + side + PICTURE_GAP, y, text_w, row_h, [para], item.question.location(),
                      max_pt=size, min_pt=min_pt, anchor=MSO_ANCHOR.MIDDLE)
        return True
    return False


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
