"""Starter and exit quizzes: option order, checks for ``check`` and ``lint``, and exports to classroom tools.

The quiz questions themselves are part of the lesson format (``model.QuizQuestion``);
this package holds everything built on them, so the renderers and the CLI only call in.
"""
