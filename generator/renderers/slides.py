"""The slide deck: an editable 16:9 PPTX with speaker notes on every slide.

Each slide is drawn on the blank layout from theme tokens (colours, font). Every text
box is measured with the theme's metric font before it is written; text that cannot
fit at the theme's minimum size fails the build with the YAML line it came from.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR

from ..errors import RenderError
from ..model import ActivityBase, PictureUse
from ..output import normalise_office_zip
from ..pictures import load_library
from .office_access import finish_deck, property_text
from .slide_canvas import (BODY_BOTTOM, BODY_TOP, MARGIN, ROUND_ADJ, SLIDE_H, SLIDE_W, SlideCanvas, TextSpec,
                           balanced_chunks, mark_as_title, plain, pt)
from .slide_pictures import PictureLayouts
from ..themes import Theme
from ..views import StageView, match_answer_letters, match_right_column
from .textfit import FontMetrics, Para

FIXED_TIME = dt.datetime(2020, 1, 1, 0, 0, 0)
#: The smallest text a class reads from the back of the room (content guide): 24 pt for
#: five-to-eleven-year-olds, 20 pt above. A theme may ask for more, never for less.
READABLE_PT = {"ks1": 24.0, "ks2": 24.0, "ks3": 20.0, "ks4": 20.0}
#: Words that show a lesson teaches "stop, leave, tell" (or "stop, leave, block, report, tell").
TEACHES_STOP_LEAVE = re.compile(r"\bstop,? leave\b")


@dataclass
class Deck(SlideCanvas, PictureLayouts):
    """Builds one deck for one lesson-stage."""

    view: StageView
    theme: Theme
    metrics: FontMetrics
    prs: Presentation = field(init=False)
    slide_titles: list[str] = field(default_factory=list)
    logo: tuple[Path, str] | None = None
    lesson_folder: Path | None = None
    more: object = None  # continuation-slide factory of the activity being drawn
    FULL_BODY = (MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)

    def __post_init__(self) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = pt(SLIDE_W), pt(SLIDE_H)
        self.style = self.theme.settings.slides
        self.colours = self.theme.settings.colours
        self.library = load_library(self.theme.folders[-1].parent)
        #: No body text on any slide is smaller than this: text that does not fit continues on another slide.
        self.floor = max(float(self.style.body_min_pt), READABLE_PT[self.view.key_stage.id])

    # -- content ---------------------------------------------------------------------------

    def title_slide(self) -> None:
        """Slide 1: lesson title and picture, key stage and length, school or campaign (the summary is in the notes)."""
        v = self.view
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        self.slide_titles.append(v.meta.title)
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = self._rgb(self.colours.primary)
        self.icon(slide, "lesson", MARGIN, 60, 80, self.colours.on_primary, "Shield icon: an online-safety lesson")
        # Slide 1 is what the class sees first: the title and a picture, never the teacher's summary.
        text_w = SLIDE_W - 2 * MARGIN - (250 if v.title_picture else 0)
        self.text(slide, MARGIN - 7, 160, text_w, 150, [plain(v.meta.title, True)], v.meta.location("title"),
                  max_pt=46, min_pt=28, colour=self.colours.on_primary, anchor=MSO_ANCHOR.BOTTOM)
        mark_as_title(slide.shapes[-1], "ctrTitle")
        subtitle = [plain(f"Online safety · {v.key_stage.label} · {v.duration} minutes")]
        self.text(slide, MARGIN - 7, 318, text_w, self.height_for(subtitle, text_w, 44.0, 100.0, 22), subtitle, None,
                  max_pt=22, colour=self.colours.on_primary)
        if v.title_picture:
            self.rect(slide, SLIDE_W - MARGIN - 220, 170, 220, 220, "#FFFFFF", rounded=True)
            self.use_picture(slide, v.title_picture, SLIDE_W - MARGIN - 200, 190, 180, 180)
        if self.logo:
            self.logo_card(slide, SLIDE_W - MARGIN - 120, 30, 120)
        if v.school.is_named:
            brand, where = v.school.name, v.school.location("name")
            hint = ("shorten the school's name in its profile (the name pupils know it by); "
                    "it must fit in the few lines at the foot of slide 1")
        else:
            brand, where, hint = self.theme.settings.organisation or "", self.theme.settings.location("organisation"), ""
        if brand:
            paras = [plain(brand, True)]
            brand_h = self.height_for(paras, SLIDE_W - 2 * MARGIN, 36.0, 80.0, 18)
            self.text(slide, MARGIN - 7, SLIDE_H - 20 - brand_h, SLIDE_W - 2 * MARGIN, brand_h, paras, where,
                      max_pt=18, colour=self.colours.on_primary, hint=hint)
        notes = (f"Before this lesson: {v.meta.safeguarding.dsl_note}\n\n{v.summary}\n\n"
                 "Introduce the lesson calmly: it is about staying safe and getting help, and nobody will be "
                 "asked about their own experiences.")
        slide.notes_slide.notes_text_frame.text = notes

    def objectives_slide(self) -> None:
        """Objectives and 'I can' outcomes (only the outcomes at ks1)."""
        c = self.view.content
        notes = ("Read the objectives aloud and explain what pupils will be able to do by the end. "
                 "Return to the 'I can' statements in the plenary.")
        top, height = BODY_TOP, BODY_BOTTOM - BODY_TOP
        full = (MARGIN, top, SLIDE_W - 2 * MARGIN, height)
        outcomes = [plain(o, bullet="bullet") for o in c.outcomes]
        if self.view.key_stage.id == "ks1":
            # Five-year-olds see the 'I can' statements; the objectives are for the teacher.
            notes += " Objectives: " + " ".join(c.objectives)
            slide = self.new_slide("Today I will learn", notes, "objectives", "Target icon: learning objectives", None)
            more = self.continuation("Today I will learn", notes, "objectives", "Target icon: learning objectives",
                                     None)
            self.flow(slide, full, outcomes, c.location("outcomes"), more)
            return
        slide = self.new_slide("What we are learning today", notes, "objectives", "Target icon: learning objectives",
                               None)
        col_w = (SLIDE_W - 2 * MARGIN - 24) / 2
        left = [plain("We are learning to:", True, colour=self.colours.primary)] + [
            plain(o, bullet="bullet") for o in c.objectives]
        right = [plain("By the end I can:", True, colour=self.colours.primary)] + outcomes
        fits = all(self.fit_size(p, col_w, height, rounded=True) is not None for p in (left, right))
        if fits:
            size = self.common_size([(left, col_w, height, True), (right, col_w, height, True)])
            self.text(slide, MARGIN, top, col_w, height, left, c.location("objectives"), max_pt=size,
                      fill=self.colours.panel, rounded=True)
            self.text(slide, MARGIN + col_w + 24, top, col_w, height, right, c.location("outcomes"), max_pt=size,
                      fill=self.colours.panel, rounded=True)
            return
        # Too much for two columns at this theme's sizes: one column each, continuing as needed.
        more = self.continuation("What we are learning today", notes, "objectives", "Target icon: learning objectives",
                                 None)
        self.flow(slide, full, left, c.location("objectives"), more)
        self.flow(*more(), right, c.location("outcomes"), more)

    def ground_rules_slide(self) -> None:
        """The lesson's ground rules, with the introduction's script as notes."""
        v = self.view
        intro = v.content.introduction
        paras = [plain(r, bullet="bullet") for r in v.ground_rules]
        # With a 'Today' slide after it, the introduction's script goes there; this slide gets its own notes.
        notes = GROUND_RULES_NOTES if intro.slide_points else intro.teacher_notes
        slide = self.new_slide("Our ground rules", notes, "ground-rules", "People icon: ground rules",
                               intro.location())
        more = self.continuation("Our ground rules", notes, "ground-rules", "People icon: ground rules",
                                 intro.location())
        self.flow(slide, (MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP), paras,
                  v.content.location("ground_rules") if v.content.ground_rules else v.meta.location("ground_rules"),
                  more)

    def today_slide(self) -> None:
        """The introduction's points ('Today we are...'), if the lesson has any, on a slide of their own."""
        intro = self.view.content.introduction
        if not intro.slide_points:
            return
        slide = self.new_slide("Today", intro.teacher_notes, "lesson", "Shield icon: today's lesson", intro.location())
        more = self.continuation("Today", intro.teacher_notes, "lesson", "Shield icon: today's lesson",
                                 intro.location())
        self.flow(slide, (MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP),
                  [plain(p, bullet="bullet") for p in intro.slide_points], intro.location("slide_points"), more)

    def vocabulary_slide(self) -> None:
        """Key words and their child-friendly definitions."""
        c = self.view.content
        notes = "Go through the key words. Check pupils understand each one before the activities.\n\n" + "\n".join(
            f"{v.term}: {v.definition}" for v in c.vocabulary)
        slide = self.new_slide("Key words", notes, "vocabulary", "Book icon: key words", c.location("vocabulary"))
        more = self.continuation("Key words", notes, "vocabulary", "Book icon: key words", c.location("vocabulary"))
        box = (MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)
        if any(v.picture for v in c.vocabulary):
            # Young children read the picture and hear the word: one card per key word.
            young = self.view.key_stage.id == "ks1"
            cards = [(v.picture, [plain(v.term, True, align="center")]
                      + ([] if young else [plain(v.definition, align="center")])) for v in c.vocabulary]
            if self.picture_cards(slide, cards, box, c.location("vocabulary"), more):
                return
        self.flow(slide, (MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP),
                  [TextSpec([(f"{v.term}: ", True), (v.definition, False)]) for v in c.vocabulary],
                  c.location("vocabulary"), more)

    def activity_slides(self, label: str, activity: ActivityBase) -> None:
        """One activity: its title, pupil instructions and a body drawn for its type (more slides if needed)."""
        notes = activity.teacher_notes
        answer_text = answer_notes(activity)
        if answer_text:
            notes += "\n\nAnswers: " + answer_text
        if activity.support:
            notes += f"\n\nSupport: {activity.support}"
        if activity.stretch:
            notes += f"\n\nStretch: {activity.stretch}"
        icon_alt = f"Icon: {activity.type.replace('-', ' ')} activity"
        if activity.type == "multiple-choice":
            for number, question in enumerate(activity.questions, 1):
                slide = self.new_slide(f"{label}: {activity.title} ({number}/{len(activity.questions)})", notes,
                                       activity.type, icon_alt, activity.location("title"))
                top = self.instructions(slide, activity)
                self.multiple_choice(slide, question, top, activity.location("questions"))
            return
        title = f"{label}: {activity.title}"
        slide = self.new_slide(title, notes, activity.type, icon_alt, activity.location("title"))
        self.more = self.continuation(title, notes, activity.type, icon_alt, activity.location("title"))
        top = self.instructions(slide, activity)
        right = SLIDE_W - MARGIN
        if activity.picture:
            self.use_picture(slide, activity.picture, right - 250.0, top, 250.0, BODY_BOTTOM - top)
            right -= 250.0 + 20
        draw = getattr(self, "body_" + activity.type.replace("-", "_"))
        draw(slide, activity, MARGIN, top, right - MARGIN, BODY_BOTTOM - top)

    def instructions(self, slide, activity: ActivityBase) -> float:
        """The pupil instructions under the title bar; returns where the body starts."""
        # Usually two lines; a longer instruction takes more room rather than smaller type.
        height = self.height_for([plain(activity.instructions, True)], SLIDE_W - 2 * MARGIN, 64.0, 160.0, 24)
        self.text(slide, MARGIN, BODY_TOP - 8, SLIDE_W - 2 * MARGIN, height, [plain(activity.instructions, True)],
                  activity.location("instructions"), max_pt=24, colour=self.colours.secondary)
        return BODY_TOP - 8 + height + 8

    def body_discussion(self, slide, a, x, y, w, h) -> None:
        """The story beside its questions (or the questions on the next slide)."""
        left_w = w * 0.55
        story = [plain(a.scenario)]
        questions = [plain(q, bullet="number") for q in a.questions]
        if (self.fit_size(story, left_w, h, 24, rounded=True) is not None
                and self.fit_size(questions, w - left_w - 18, h, 24) is not None):
            self.text(slide, x, y, left_w, h, story, a.location("scenario"), fill=self.colours.panel,
                      rounded=True, max_pt=24)
            self.text(slide, x + left_w + 18, y, w - left_w - 18, h, questions, a.location("questions"), max_pt=24)
            return
        # The story gets the whole width (and more slides if it needs them); the questions follow.
        self.flow(slide, (x, y, w, h), story, a.location("scenario"), self.more, fill=self.colours.panel,
                  rounded=True, max_pt=24)
        self.flow(*self.more(), questions, a.location("questions"), self.more, max_pt=24)

    def body_sort(self, slide, a, x, y, w, h) -> None:
        """Category chips above one neutral panel of lettered cards."""
        # Category chips sit in a row above one neutral panel of cards, so no card ever
        # appears to belong to the heading above it (that would give the answer away).
        count = len(a.categories)
        gap = 14.0
        chip_w = (w - gap * (count - 1)) / count
        chips = [[plain(category, True, align="center")] for category in a.categories]
        chip_h = max(self.height_for(paras, chip_w, 46.0, 120.0, 24, rounded=True) for paras in chips)
        chip_size = self.common_size([(paras, chip_w, chip_h, True) for paras in chips], max_pt=24)
        for index, paras in enumerate(chips):
            self.text(slide, x + index * (chip_w + gap), y, chip_w, chip_h, paras, a.location("categories"),
                      fill=self.colours.secondary, rounded=True, max_pt=chip_size,
                      colour=self.colours.on_primary, anchor=MSO_ANCHOR.MIDDLE)
        y, h = y + chip_h + 14, h - chip_h - 14
        cards = [TextSpec([(f"{'abcdefghijklmnop'[n]}.  ", True), (item.text, False)]) for n, item in enumerate(a.items)]
        if any(item.picture for item in a.items) and self.picture_cards(
                slide, [(item.picture, [card]) for item, card in zip(a.items, cards)], (x, y, w, h),
                a.location("items"), self.more):
            return
        self.flow(slide, (x, y, w, h), cards, a.location("items"), self.more, max_pt=24,
                  fill=self.colours.panel, rounded=True)

    def body_true_false(self, slide, a, x, y, w, h) -> None:
        """The numbered statements."""
        numbered = [TextSpec([(f"{n}.  ", True), (s.text, False)]) for n, s in enumerate(a.statements, 1)]
        if any(s.picture for s in a.statements) and self.picture_cards(
                slide, [(s.picture, [para]) for s, para in zip(a.statements, numbered)], (x, y, w, h),
                a.location("statements"), self.more):
            return
        self.flow(slide, (x, y, w, h), numbered, a.location("statements"), self.more, max_pt=24)

    def multiple_choice(self, slide, question, top: float, where) -> None:
        """One question and its lettered options."""
        w = SLIDE_W - 2 * MARGIN
        self.text(slide, MARGIN, top, w, 70, [plain(question.question, True)], where, max_pt=26, min_pt=16)
        top += 82
        count = len(question.options)
        gap = 12.0
        box_h = min(62.0, (BODY_BOTTOM - top - gap * (count - 1)) / count)
        for index, option in enumerate(question.options):
            self.text(slide, MARGIN, top + index * (box_h + gap), w, box_h,
                      [TextSpec([(f"{'ABCD'[index]}  ", True), (option, False)])], where, fill=self.colours.panel,
                      rounded=True, anchor=MSO_ANCHOR.MIDDLE, max_pt=24)

    def body_spot_the_clues(self, slide, a, x, y, w, h) -> None:
        """The chat as bubbles, continued on further slides if it is long."""
        setting = [plain(a.setting, align="center")]
        setting_h = self.height_for(setting, w, 28.0, 90.0)
        self.text(slide, x, y, w, setting_h, setting, a.location("setting"), max_pt=self.floor, colour=self.colours.muted)
        y += setting_h + 2
        h -= setting_h + 2
        first = a.messages[0].sender
        # Senders with a picture get it beside their bubbles, in a gutter on the left.
        faces = {m.sender: self.view.picture_of(m.sender, m.picture) for m in a.messages}
        gutter = 52.0 if any(faces.values()) else 0.0
        x, w = x + gutter, w - gutter
        for message in a.messages:
            if self._chat_layout([message], w, h) is None:
                raise RenderError(f"a message in '{a.title}' is too long for a slide even at "
                                  f"{self.floor:g} pt", message.location(), "shorten the message")
        # As many messages as fit on one slide; a longer chat continues, split evenly.
        chunks = balanced_chunks(list(a.messages), lambda chunk: self._chat_layout(chunk, w, h) is not None)
        for index, chunk in enumerate(chunks):
            if index:
                slide, (x, y, w, h) = self.more()
                x, w = x + gutter, w - gutter  # the faces' gutter, as on the first slide
            self._draw_chat(slide, chunk, first, x, y, w, h, faces, gutter)

    def _draw_chat(self, slide, messages, first, x, y, w, h, faces, gutter) -> None:
        size, columns, bubble_w, heights = self._chat_layout(messages, w, h)
        per_column = -(-len(messages) // columns)
        col_w = (w - 20 * (columns - 1)) / columns
        for index, (message, height) in enumerate(zip(messages, heights)):
            column, row = divmod(index, per_column)
            if row == 0:
                top = y
            left = message.sender == first
            col_x = x + column * (col_w + 20)
            bx = col_x if left else col_x + col_w - bubble_w
            if gutter and faces[message.sender]:
                self.use_picture(slide, faces[message.sender], bx - gutter + 4, top, gutter - 8, gutter - 8)
            self.text(slide, bx, top, bubble_w, height,
                      [TextSpec([(f"{message.sender}: ", True), (message.text, False)])], message.location(),
                      max_pt=size, min_pt=size, fill=self.colours.panel if left else self.colours.background,
                      line=self.colours.line if left else self.colours.secondary, rounded=True)
            top += height + 6

    def _chat_layout(self, messages, w, h):
        """Largest font size, and 1 or 2 columns, at which every chat bubble fits."""
        # One column reads like a real chat: prefer it at any readable size before using two.
        for columns in (1, 2):
            size = max(float(self.style.body_max_pt - 2), self.floor)
            while size >= self.floor:
                per_column = -(-len(messages) // columns)
                col_w = (w - 20 * (columns - 1)) / columns
                bubble_w = col_w * (0.8 if columns == 1 else 0.9)
                heights = [self._bubble_height(m, size, bubble_w) for m in messages]
                if None not in heights:
                    tallest = max(sum(heights[i:i + per_column]) + 6 * (len(heights[i:i + per_column]) - 1)
                                  for i in range(0, len(heights), per_column))
                    if tallest <= h:
                        return size, columns, bubble_w, heights
                size -= 0.5
        return None

    def _bubble_height(self, message, size, width) -> float | None:
        """Height of a chat bubble ``width`` wide at ``size``, including the rounded-corner inset."""
        paras = [Para(f"{message.sender}: {message.text}", True)]
        height = 0.0
        for _ in range(3):  # the inset depends on the height: settle it in a few rounds
            inset = ROUND_ADJ * min(width, height) * 0.29289
            inner = self.metrics.height_pt(paras, size, width - 2 * inset - 2 * 7.2, self.style.line_spacing, 0.35)
            if inner is None:
                return None
            height = (inner + 2 * 3.6) / (1 - 2 * ROUND_ADJ * 0.29289) + 1
        return height

    def body_match(self, slide, a, x, y, w, h) -> None:
        """Numbered left boxes and lettered, shuffled right boxes."""
        right = match_right_column(a)
        count = len(a.pairs)
        gap = 10.0
        box_h = min(60.0, (h - gap * (count - 1)) / count)
        col_w = w * 0.42
        lefts = [[TextSpec([(f"{n + 1}. ", True), (pair.left, False)])] for n, pair in enumerate(a.pairs)]
        rights = [[TextSpec([(f"{'ABCDEFGH'[n]}. ", True), (item, False)])] for n, item in enumerate(right)]
        if any(self.fit_size(paras, col_w, box_h, 22, rounded=True) is None for paras in lefts + rights):
            self._match_as_lists(slide, a, lefts, rights, x, y, w, h)
            return
        size = self.common_size([(paras, col_w, box_h, True) for paras in lefts + rights], max_pt=22)
        for index, pair in enumerate(a.pairs):
            top = y + index * (box_h + gap)
            self.text(slide, x, top, col_w, box_h, lefts[index], pair.location("left"), fill=self.colours.panel,
                      rounded=True, anchor=MSO_ANCHOR.MIDDLE, max_pt=size)
            self.text(slide, x + w - col_w, top, col_w, box_h, rights[index], a.location("pairs"),
                      fill=self.colours.background, line=self.colours.secondary, rounded=True,
                      anchor=MSO_ANCHOR.MIDDLE, max_pt=size)

    def _match_as_lists(self, slide, a, lefts, rights, x, y, w, h) -> None:
        """Large type: the two columns as plain lists side by side, or one after the other."""
        left = [paras[0] for paras in lefts]
        right = [paras[0] for paras in rights]
        col_w = (w - 30) / 2
        if self.fit_size(left, col_w, h, 22) is not None and self.fit_size(right, col_w, h, 22) is not None:
            size = self.common_size([(left, col_w, h, False), (right, col_w, h, False)], max_pt=22)
            self.text(slide, x, y, col_w, h, left, a.location("pairs"), max_pt=size)
            self.text(slide, x + col_w + 30, y, col_w, h, right, a.location("pairs"), max_pt=size,
                      colour=self.colours.secondary)
            return
        self.flow(slide, (x, y, w, h), left, a.location("pairs"), self.more, max_pt=22)
        self.flow(*self.more(), right, a.location("pairs"), self.more, max_pt=22, colour=self.colours.secondary)

    def body_role_play(self, slide, a, x, y, w, h) -> None:
        """Roles in a strip, then the script."""
        # The roles go in one strip across the top; the script gets the full width below it.
        # Full size: text below the theme's minimum would not read from the back of the room.
        roles = [TextSpec([(f"{r.name}: ", True), (r.description, False)]) for r in a.roles]
        lines = [TextSpec([(f"{line.speaker}: ", True), (line.line, False)]) for line in a.script]
        strip_h = min(h * 0.3, 30.0 * len(roles) + 14)
        if (self.fit_size(roles, w, strip_h, 22, rounded=True) is not None
                and self.fit_size(lines, w, h - strip_h - 10, 22) is not None):
            self.text(slide, x, y, w, strip_h, roles, a.location("roles"), fill=self.colours.panel, rounded=True,
                      max_pt=20, anchor=MSO_ANCHOR.MIDDLE)
            self.text(slide, x, y + strip_h + 10, w, h - strip_h - 10, lines, a.location("script"), max_pt=22)
            return
        # Roles first, then the script across as many slides as it needs, full width.
        self.flow(slide, (x, y, w, h), roles + lines, a.location("script"), self.more, max_pt=22)

    def body_reflection(self, slide, a, x, y, w, h) -> None:
        """Prompts, and the pledge in its own box."""
        paras = [plain(p, bullet="bullet") for p in a.prompts]
        if a.pledge:
            prompts_h = h * 0.62
            pledge = [plain(a.pledge, True)]
            if (self.fit_size(paras, w, prompts_h) is not None
                    and self.fit_size(pledge, w, h - prompts_h - 12, rounded=True) is not None):
                self.text(slide, x, y, w, prompts_h, paras, a.location("prompts"))
                self.text(slide, x, y + prompts_h + 12, w, h - prompts_h - 12, pledge, a.location("pledge"),
                          fill=self.colours.panel, line=self.colours.secondary, rounded=True, anchor=MSO_ANCHOR.MIDDLE)
                return
            paras = paras + [plain(a.pledge, True, colour=self.colours.secondary)]
        self.flow(slide, (x, y, w, h), paras, a.location("prompts"), self.more)

    def body_draw_or_write(self, slide, a, x, y, w, h) -> None:
        """Empty labelled boxes, as on the worksheet."""
        count = len(a.boxes)
        gap = 16.0
        box_w = (w - gap * (count - 1)) / count
        labels = [[plain(label, True, colour=self.colours.secondary)] for label in a.boxes]
        # Labels sit at the top of tall boxes: fit them to the top third so pupils' space stays free.
        size = self.common_size([(paras, box_w, h / 3, True) for paras in labels], max_pt=24)
        for index, paras in enumerate(labels):
            self.text(slide, x + index * (box_w + gap), y, box_w, h, paras, a.location("boxes"), max_pt=size,
                      fill=self.colours.background, line=self.colours.line, rounded=True)

    def plenary_slide(self) -> None:
        """Key messages and the ground-rules reminder."""
        v = self.view
        plenary = v.content.plenary
        paras = [plain(p, bullet="bullet") for p in plenary.slide_points]
        # Never a promise that what was said stays private: staff must pass on worries about safety.
        closing = plenary.closing or closing_line(v.key_stage.id)
        paras.append(plain(closing, True, colour=self.colours.secondary))
        slide = self.new_slide("What we have learned", plenary.teacher_notes, "plenary", "Flag icon: key messages",
                               plenary.location())
        more = self.continuation("What we have learned", plenary.teacher_notes, "plenary", "Flag icon: key messages",
                                 plenary.location())
        self.flow(slide, (MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP), paras,
                  plenary.location("slide_points"), more)

    def stop_leave_tell_slide(self) -> None:
        """KS1-KS2: the stop, leave, tell pictogram strip, three big pictures a child can remember.

        Only where the lesson teaches those steps: a lesson that teaches "stop and tell" or "block,
        report, tell" would be contradicted by a strip with other steps on its last slides.
        """
        if self.view.key_stage.id not in ("ks1", "ks2") or not TEACHES_STOP_LEAVE.search(
                self.view.content.model_dump_json().lower()):
            return
        notes = ("Point to each picture and say it together, with an action: hand up for stop, walk your fingers "
                 "away for leave, point to a grown-up for tell. If something online gives you a worried feeling: "
                 "stop what you are doing, leave (close it or put the device down), and tell a grown-up you trust. "
                 "Nobody is in trouble for telling.")
        slide = self.new_slide("Stop, leave, tell", notes, "help", "Lifebuoy icon: what to do", None)
        steps = [(PictureUse(name="stop-sign", alt="A red stop sign"), "Stop"),
                 (PictureUse(name="walking-away", alt="A child walking away"), "Leave"),
                 (PictureUse(name="telling", alt="A child telling a grown-up"), "Tell a grown-up")]
        gap = 30.0
        card_w = (SLIDE_W - 2 * MARGIN - 2 * gap) / 3
        top, height = BODY_TOP + 6, BODY_BOTTOM - BODY_TOP - 12
        for index, (use, label) in enumerate(steps):
            x = MARGIN + index * (card_w + gap)
            self.rect(slide, x, top, card_w, height, self.colours.panel, rounded=True)
            self.text(slide, x, top + 4, card_w, 52, [plain(str(index + 1), True, align="center")], None,
                      max_pt=self.floor, colour=self.colours.secondary)
            self.use_picture(slide, use, x + 30, top + 60, card_w - 60, height - 156)
            self.text(slide, x, top + height - 80, card_w, 64, [plain(label, True, align="center")], None,
                      max_pt=36, anchor=MSO_ANCHOR.MIDDLE, colour=self.colours.primary)

    def help_slide(self) -> None:
        """Where to get help: a trusted adult, the school's DSL if known, and the helplines (at KS1, in a young child's words)."""
        v = self.view
        notes = ("Leave this slide up at the end. Remind pupils that it is never their fault if something "
                 "happens online, that they can talk to you or any trusted adult, and where the question box is. "
                 "Tell the DSL straight away about any disclosure.")
        dsl = [TextSpec([("In school: ", True), (f"{v.school.dsl.name}, {v.school.dsl.role}", False)],
                        bullet="bullet")] if v.school.is_named else []
        if v.key_stage.id == "ks1":
            # Five-year-olds: the grown-ups who help, in pictures, and no adult phone numbers (as on the worksheet).
            slide = self.new_slide("If you feel worried", notes, "help", "Lifebuoy icon: where to get help", None)
            people = [PictureUse(name=n) for n in ("parent", "teacher", "carer")]
            size = 150.0
            for index, use in enumerate(people):
                self.use_picture(slide, use, MARGIN + index * (size + 30), BODY_TOP + 4, size, size)
            paras = [plain("Tell a grown-up you trust.", True), plain("It is never your fault.", True,
                                                                       colour=self.colours.secondary)]
            paras += dsl + [plain("Older children can call Childline free on 0800 1111.")]
            self.text(slide, MARGIN, BODY_TOP + size + 20, SLIDE_W - 2 * MARGIN - (140 if self.logo else 0),
                      BODY_BOTTOM - BODY_TOP - size - 20, paras, None, max_pt=32)
            if self.logo:
                self.logo_card(slide, SLIDE_W - MARGIN - 120, BODY_TOP + 4, 120)
            return
        slide = self.new_slide("Where to get help", notes, "help", "Lifebuoy icon: where to get help", None)
        paras = [plain("Tell a trusted adult: someone at home, your teacher, or another adult in school.", True)]
        paras += dsl
        for h in v.pupil_helplines:
            detail = ", ".join(x for x in (h.phone, h.web) if x)
            paras.append(TextSpec([(f"{h.name}: ", True), (detail, False)], bullet="bullet"))
        paras.append(plain("It is never your fault. You can always ask for help.", True, colour=self.colours.secondary))
        width = SLIDE_W - 2 * MARGIN - 150
        more = self.continuation("Where to get help", notes, "help", "Lifebuoy icon: where to get help", None)
        self.flow(slide, (MARGIN, BODY_TOP, width, BODY_BOTTOM - BODY_TOP), paras, None, more)
        self.icon(slide, "help", SLIDE_W - MARGIN - 120, BODY_TOP + 20, 120, self.colours.accent,
                  "Lifebuoy: help is always there")
        if self.logo:
            self.logo_card(slide, SLIDE_W - MARGIN - 120, BODY_TOP + 170, 120)


GROUND_RULES_NOTES = (
    "Agree the ground rules one at a time, and check the class is happy with each. Make the limit of "
    "confidentiality clear in words the class understands: if you think someone might not be safe, you have "
    "to tell someone who can help (the designated safeguarding lead), so you cannot promise to keep a worry "
    "secret. Remind pupils they can always pass, and show them the question box.")


def closing_line(stage_id: str) -> str:
    """The default last line of the plenary slide: where to take a worry, in the stage's words."""
    if stage_id in ("ks1", "ks2"):
        return "If something worries you, tell a grown-up you trust. It is never your fault."
    return "If something worries you, talk to a trusted adult. It is never your fault."


def answer_notes(activity: ActivityBase) -> str:
    """The answer key of ``activity`` as one line for the speaker notes."""
    t = activity.type
    if t in ("discussion", "role-play"):
        return " ".join(activity.answers)
    if t == "sort":
        return "; ".join(f"{c}: " + ", ".join(i.text for i in activity.items if i.category == c)
                         for c in activity.categories)
    if t == "true-false":
        return " ".join(f"{n}. {'True' if s.answer else 'False'}: {s.explanation}"
                        for n, s in enumerate(activity.statements, 1))
    if t == "multiple-choice":
        return " ".join(f"{n}. {q.answer}: {q.explanation}" for n, q in enumerate(activity.questions, 1))
    if t == "spot-the-clues":
        return " ".join(f"“{m.text}” ({m.sender}): {m.clue}" for m in activity.messages if m.clue)
    if t == "match":
        letters = match_answer_letters(activity)
        return "; ".join(f"{n} → {letter}" for n, letter in enumerate(letters, 1))
    if t == "draw-or-write":
        return " ".join(activity.answers)
    if t == "reflection":
        return " ".join(activity.look_for)
    return ""


def render_slides(view: StageView, theme: Theme, metrics: FontMetrics, lesson_folder: Path,
                  logo: tuple[Path, str] | None = None) -> tuple[bytes, int]:
    """The deck for ``view`` as PPTX bytes, and its number of slides."""
    deck = Deck(view, theme, metrics)
    deck.lesson_folder = lesson_folder
    deck.logo = logo
    deck.title_slide()
    deck.objectives_slide()
    deck.ground_rules_slide()
    deck.today_slide()
    deck.vocabulary_slide()
    from .quiz_slides import quiz_slides  # here, not at the top: quiz_slides builds on this module

    quiz_slides(deck, "starter")
    for step in view.steps():
        if step.activity is not None:
            deck.activity_slides(step.label, step.activity)
    quiz_slides(deck, "exit")
    deck.plenary_slide()
    deck.stop_leave_tell_slide()
    deck.help_slide()
    props = deck.prs.core_properties
    props.title = property_text(f"{view.meta.title} ({view.key_stage.name})")
    props.subject = property_text(view.meta.topic)
    props.author = props.last_modified_by = "lessonpack"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.language = "en-GB"
    finish_deck(deck.prs, "en-GB")
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return normalise_office_zip(buffer.getvalue()), len(deck.slide_titles)
