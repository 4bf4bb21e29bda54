"""Checking pictures before they are embedded: real format, sane dimensions, complete data.

A picture is opened and decoded once at load time, so a file that is not what its name says,
a decompression bomb (a tiny file that decodes to gigapixels) or a truncated download is
refused with its path, instead of crashing a renderer or being embedded broken in a deck.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from .errors import LessonpackError, Location
from .inputs import read_input

#: Pictures larger than this (either side, or in total) are refused: they would only slow
#: the build and bloat the decks, and may be decompression bombs.
MAX_SIDE = 8000
MAX_PIXELS = 40_000_000
#: What each file name suffix must really contain (Pillow's format names).
FORMAT_OF_SUFFIX = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}


def verify_image(path: Path, display: str, within: Path | None = None) -> tuple[int, int]:
    """Decode the picture at ``path`` fully; return (width, height) or raise naming the file."""
    from PIL import Image, ImageFile

    data = read_input(path, display, within)
    # WeasyPrint switches Pillow to accepting truncated files, process-wide; not while we check.
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    expected = FORMAT_OF_SUFFIX.get(path.suffix.lower())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found, size = image.format, image.size
                _check_size(size, display)
                if expected and found != expected:
                    raise LessonpackError(f"is not a {expected} picture (it holds {found} data)", Location(display),
                                          f"convert it, or rename it to match what it is")
                image.load()  # decodes every pixel: a truncated file fails here
    except LessonpackError:
        raise
    except Image.DecompressionBombWarning as exc:
        raise LessonpackError("picture is far too large when decoded (a decompression bomb?)",
                              Location(display)) from exc
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise LessonpackError(f"picture cannot be decoded ({str(exc).splitlines()[0][:120] or 'corrupt'})",
                              Location(display), "export it again as PNG or JPEG") from exc
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    return size


def _check_size(size: tuple[int, int], display: str) -> None:
    width, height = size
    if width < 1 or height < 1 or max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        raise LessonpackError(f"picture is {width}x{height} pixels; the limit is {MAX_SIDE} a side and "
                              f"{MAX_PIXELS // 1_000_000} megapixels", Location(display),
                              "scale it down (2000 pixels a side is plenty for print)")
