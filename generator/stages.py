"""Key stages, and their nearest equivalents in the four UK nations."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyStage:
    """One age band that a lesson can be written for."""

    id: str
    name: str
    england: str
    ages: str
    min_age: int
    scotland: str
    wales: str
    northern_ireland: str

    @property
    def label(self) -> str:
        """Short label for page headers, e.g. ``Key Stage 2 (ages 7-11)``."""
        return f"{self.name} (ages {self.ages})"


KEY_STAGES: dict[str, KeyStage] = {
    ks.id: ks
    for ks in (
        KeyStage("ks1", "Key Stage 1", "Years 1-2", "5-7", 5,
                 "Early/First level (P1-P3)", "towards progression step 2", "Foundation/KS1 (P2-P4)"),
        KeyStage("ks2", "Key Stage 2", "Years 3-6", "7-11", 7,
                 "First/Second level (P4-P7)", "progression steps 2-3", "KS1-KS2 (P4-P7)"),
        KeyStage("ks3", "Key Stage 3", "Years 7-9", "11-14", 11,
                 "Third/Fourth level (S1-S3)", "towards progression step 4", "KS3 (Years 8-10)"),
        KeyStage("ks4", "Key Stage 4", "Years 10-11", "14-16", 14,
                 "Senior phase (S4-S6)", "towards progression step 5", "KS4 (Years 11-12)"),
    )
}

STAGE_IDS: tuple[str, ...] = tuple(KEY_STAGES)
