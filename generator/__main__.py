"""``python -m generator``: the same as the ``lessonpack`` command."""

from .launch import run

run()
