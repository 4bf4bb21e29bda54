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


def schema_text(kind: str) -> str:
    """The JSON Schema for ``kind`` ('lesson', 'keystage' or 'school') as stable, indented JSON."""
    model, file_name = SCHEMAS[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = file_name
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
