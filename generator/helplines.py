"""The helpline registry (``data/helplines.yaml``): the only numbers and addresses we print."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from .errors import ValidationFailed, display_path
from .model import Strict, Text
from .stages import STAGE_IDS
from .validate import validate
from .yamlio import load_mapping


class Helpline(Strict):
    """One source of help, checked against the content guide."""

    id: Text
    name: Text
    phone: Text | None = None
    """The number as printed, e.g. '0800 1111'."""
    numbers: list[Text] = []
    """Extra numbers contained in ``phone`` (e.g. 999 and 101), for the linter."""
    web: Text | None = None
    """Web address without https://, e.g. 'childline.org.uk'."""
    for_: Text = ""
    audience: list[Literal["pupil", "parent"]]
    """Who it is printed for: pupil-facing documents, parent-facing ones, or both."""
    pupil_for: Text | None = None
    """What it is for, in words for pupils (when ``for`` is written for adults)."""
    min_stage: Literal[STAGE_IDS] | None = None  # type: ignore[valid-type]
    """Youngest key stage whose documents show it at all (e.g. Report Remove from ks3)."""
    pupil_min_stage: Literal[STAGE_IDS] | None = None  # type: ignore[valid-type]
    """Youngest key stage whose pupil-facing documents show it (parents may see it earlier)."""

    model_config = {**Strict.model_config, "populate_by_name": True}

    def shown_at(self, stage: str, audience: str) -> bool:
        """Whether this helpline belongs in ``audience``'s documents at key stage ``stage``."""
        limits = [self.min_stage] + ([self.pupil_min_stage] if audience == "pupil" else [])
        return all(limit is None or STAGE_IDS.index(stage) >= STAGE_IDS.index(limit) for limit in limits)

    def purpose(self, audience: str) -> str:
        """What it is for, worded for ``audience``."""
        return self.pupil_for if audience == "pupil" and self.pupil_for else self.for_


class HelplineFile(Strict):
    """``data/helplines.yaml``."""

    helplines: list[Helpline]


def load_helplines(data_dir: Path, root: Path | None = None) -> list[Helpline]:
    """Read and validate the helpline registry."""
    path = data_dir / "helplines.yaml"
    raw, source = load_mapping(path, display_path(path, root), root or data_dir)
    # 'for' is a Python keyword; the file keeps the natural word.
    for entry in raw.get("helplines", []) if isinstance(raw.get("helplines"), list) else []:
        if isinstance(entry, dict) and "for" in entry:
            entry["for_"] = entry.pop("for")
    parsed, problems = validate(HelplineFile, raw, source)
    if parsed is None:
        raise ValidationFailed(problems)
    return parsed.helplines


def helplines_for(helplines: list[Helpline], audience: str, stage: str) -> list[Helpline]:
    """Helplines to print for ``audience`` ('pupil' or 'parent') at key stage ``stage``."""
    return [h for h in helplines if audience in h.audience and h.shown_at(stage, audience)]


def helplines_at(helplines: list[Helpline], stage: str) -> list[Helpline]:
    """Helplines that any document of key stage ``stage`` shows, to pupils or to parents."""
    return [h for h in helplines if any(a in h.audience and h.shown_at(stage, a) for a in ("pupil", "parent"))]
