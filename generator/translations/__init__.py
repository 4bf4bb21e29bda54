"""Letters in families' languages (Welsh, Polish, Romanian, Urdu).

- :mod:`.languages`: the languages, their direction and default layout (light: the CLI imports it);
- :mod:`.catalogue`: gettext catalogues of the letters' fixed wording (``locale/``, via Babel);
- :mod:`.content`: translation files of lesson and data text, checked against the English by hash;
- :mod:`.translator`: the :class:`~.translator.Translator` a letter renderer uses, and ``check``'s problems;
- :mod:`.stamp`: a tool that stamps newly written translations with their English's hash.
"""
