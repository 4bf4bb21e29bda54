"""``python -m generator``: the same as the ``lessonpack`` command."""

from .cli import main

raise SystemExit(main())
