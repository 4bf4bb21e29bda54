"""What a build reports: :class:`BuildResult` (kept free of heavy imports, for the no-op path)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Manifest kinds that are not a pack's own documents.
NOT_DOCUMENTS = ("zip", "unit-letter")


@dataclass
class BuildResult:
    """What a build wrote."""

    out: Path
    artifacts: list[dict] = field(default_factory=list)
    """Manifest entries of the files rendered by this build."""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    """Targets rendered by this build, e.g. ``pack ks2/sextortion``, ``unit-letter ks2``."""
    unchanged: list[str] = field(default_factory=list)
    """Targets whose inputs and files were unchanged, so they were not rendered again."""

    def summary(self) -> str:
        """A short report for the command line."""
        packs = sum(1 for a in self.artifacts if a["kind"] == "zip")
        documents = sum(1 for a in self.artifacts if a["kind"] not in NOT_DOCUMENTS)
        lines = [f"warning: {w}" for w in self.warnings]
        kept = sum(1 for t in self.unchanged if t.startswith("pack "))
        letters = len(self.unchanged) - kept
        same = f"{kept} pack(s) and {letters} unit letter(s) unchanged"
        if self.unchanged and not self.rebuilt:
            lines.append(f"up to date: {same} ({self.seconds:.1f}s) -> {self.out}")
        else:
            suffix = f" ({same})" if self.unchanged else ""
            lines.append(f"built {packs} pack(s), {documents} document(s) in {self.seconds:.1f}s -> {self.out}{suffix}")
        return "\n".join(lines)
