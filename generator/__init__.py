"""lessonpack: online-safety lesson packs rendered from YAML lessons.

The public API is :func:`build` (build packs) and :func:`check` (validate only).
"""

__version__ = "0.1.0"
