"""School profiles: who the pack is for (name, logo, safeguarding lead, sign-off).

Without a profile, documents carry clearly marked placeholders that a school fills by
hand, so a default pack is still complete and honest.
"""

from __future__ import annotations

from .model import Picture, Strict, Text


class Contact(Strict):
    """A person parents can contact."""

    name: Text
    role: Text
    phone: Text | None = None
    email: Text | None = None


class SchoolInfo(Strict):
    """What documents say about the school; every field has a placeholder default."""

    name: Text = "[School name]"
    address: list[Text] = []
    logo: Picture | None = None
    """School logo, relative to the profile's folder."""
    dsl: Contact = Contact(
        name="[Name of the designated safeguarding lead]",
        role="Designated safeguarding lead",
        phone="[school phone number]",
        email="[email address]",
    )
    """The designated safeguarding lead parents should contact."""
    sign_off: Contact = Contact(name="[Name]", role="[Role, e.g. PSHE lead]")
    """Who signs the parent letters."""
    when: Text = "this term"
    """When the lessons are taught, as it should read in a letter ('in the spring term')."""
    letter_date: Text | None = None
    """Date printed on letters, as written (e.g. '12 January 2027'); omitted if unset."""


DEFAULT_SCHOOL = SchoolInfo()
