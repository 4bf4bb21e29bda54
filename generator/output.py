"""Writing output safely: atomic files, deterministic zips, and the build manifest."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

from .errors import Location, OutputError

#: Every zip entry gets this timestamp so that the same input gives the same bytes.
ZIP_EPOCH = (2020, 1, 1, 0, 0, 0)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename: never half-written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror}", Location(str(path))) from exc
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException as exc:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write file: {exc.strerror}", Location(str(path))) from exc
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def deterministic_zip(members: list[tuple[str, bytes]], keep_order: bool = False) -> bytes:
    """A zip of ``(name, data)`` members with fixed timestamps, sorted unless ``keep_order``."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (members if keep_order else sorted(members)):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def manifest_json(entries: list[dict]) -> str:
    """The manifest as stable JSON: entries sorted by path, keys sorted."""
    from . import __version__

    body = {"generator": f"lessonpack {__version__}", "artifacts": sorted(entries, key=lambda e: e["path"])}
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


def normalise_office_zip(data: bytes) -> bytes:
    """Rewrite an Office (PPTX/DOCX) zip with fixed timestamps; the libraries stamp the current time.

    The part order is kept: Office expects ``[Content_Types].xml`` first.
    """
    import io

    source = zipfile.ZipFile(io.BytesIO(data))
    return deterministic_zip([(item.filename, source.read(item.filename)) for item in source.infolist()],
                             keep_order=True)
