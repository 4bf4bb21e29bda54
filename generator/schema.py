"""JSON Schemas of the lesson format, for editors and for ``lessonpack schema``."""

from __future__ import annotations

import json

from .campaign.model import CampaignFile
from .model import KeyStageFile, LessonFile
from .school import SchoolProfile

SCHEMAS = {
    "lesson": (LessonFile, "lesson.schema.json"),
    "keystage": (KeyStageFile, "keystage.schema.json"),
    "school": (SchoolProfile, "school.schema.json"),
    "campaign": (CampaignFile, "campaign.schema.json"),
}


def schema_text(kind: str, picture_names: list[str] | None = None) -> str:
    """The JSON Schema for ``kind`` ('lesson', 'keystage' or 'school') as stable, indented JSON.

    ``picture_names`` (the project's picture library) become the allowed picture names, so
    an editor can complete and check ``picture: tablet``.
    """
    model, file_name = SCHEMAS[kind]
    schema = model.model_json_schema()
    picture = schema.get("$defs", {}).get("PictureUse")
    if picture and picture_names:
        names = sorted(picture_names)
        picture["anyOf"][0]["enum"] = names
        picture["anyOf"][1]["properties"]["name"]["anyOf"][0]["enum"] = names
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = file_name
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
