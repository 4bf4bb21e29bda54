"""Reading input files safely: only regular files inside the project, sizes counted while reading.

Every file the tool reads (lesson and theme YAML, templates, CSS, fonts, icons, pictures, school
profiles and logos) comes through :func:`read_input`. A FIFO, device, socket, folder, dangling
link or a link leading outside the allowed folder is refused with a message naming the path;
the size limit counts the bytes actually read, so a file that grows, or that ``stat`` misreports,
cannot get past it; and a FIFO is never opened in a way that could hang the build.
"""

from __future__ import annotations

import os
import stat
import re
from pathlib import Path

from .errors import LessonpackError, Location

#: Upper bound for a binary asset (font, picture, stylesheet, template).
MAX_ASSET_BYTES = 16 * 1024 * 1024


def check_inside(path: Path, within: Path, display: str) -> Path:
    """``path`` resolved; refuse it when it (through a link) leads outside ``within``."""
    resolved = path.resolve()
    if not resolved.is_relative_to(within.resolve()):
        raise LessonpackError("is a link leading outside the project; refused", Location(display),
                              "copy the file into the project instead of linking to it")
    return resolved


def describe_non_file(path: Path) -> str | None:
    """Why ``path`` is not a readable regular file, or None when it is one."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "is a link to a file that does not exist" if path.is_symlink() else "file not found"
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if stat.S_ISDIR(mode):
        return "is a folder; a file is needed here"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a pipe, device or socket); refused"
    return None


def read_input(path: Path, display: str, within: Path | None, limit: int = MAX_ASSET_BYTES) -> bytes:
    """The bytes of the regular file ``path`` inside ``within`` (when given), at most ``limit`` of them."""
    if within is not None:
        check_inside(path, within, display)
    problem = describe_non_file(path)
    if problem:
        raise LessonpackError(problem, Location(display))
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since the check, opening cannot hang.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise LessonpackError(f"cannot be read: {exc.strerror}", Location(display)) from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LessonpackError("is not a regular file (a pipe, device or socket); refused", Location(display))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise LessonpackError(f"file is too large (more than {limit} bytes, the limit)", Location(display),
                              "split the content, or check that this is the file you meant")
    return data


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode_text(data: bytes, display: str) -> str:
    """UTF-8 ``data`` as text; invalid bytes and unsafe characters are refused at line:col."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[:exc.start].decode("utf-8", errors="replace")
        line, column = _line_col(good, len(good))
        raise LessonpackError(f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", Location(display, line, column),
                              "save the file as UTF-8") from exc
    bad = first_unsafe_character(text)
    if bad is not None:
        index, description = bad
        raise LessonpackError(description, Location(display, *_line_col(text, index)),
                              "delete it (it may be invisible in your editor) and retype the text")
    return text


def _unsafe_pattern() -> re.Pattern:
    ranges = ["\\x00-\\x08", "\\x0b\\x0c", "\\x0e-\\x1f", "\\x7f-\\x9f", "\\u2028\\u2029", "\\ud800-\\udfff",
              "\\ufdd0-\\ufdef"]
    ranges += [f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(17)]
    return re.compile("[" + "".join(ranges) + "]")


_UNSAFE = _unsafe_pattern()


def first_unsafe_character(text: str) -> tuple[int, str] | None:
    """(index, description) of the first control character or non-character in ``text``, or None."""
    match = _UNSAFE.search(text)
    if match is None:
        return None
    code = ord(match.group())
    if code in (0x2028, 0x2029):
        kind = "line separator"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "lone surrogate"
    elif code < 0xA0:
        kind = "control character"
    else:
        kind = "non-character"
    return match.start(), f"{kind} U+{code:04X} is not allowed in text"
