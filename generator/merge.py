"""Deep merge of plain YAML data: the one rule every layering (themes, overlays) uses."""

from __future__ import annotations

from typing import Any


def deep_merge(base: Any, overlay: Any) -> Any:
    """``overlay`` over ``base``: mappings merge key by key, anything else is replaced.

    Neither argument is modified. A key whose overlay value is ``None`` is removed,
    so a layer can delete an inherited setting.
    """
    if not (isinstance(base, dict) and isinstance(overlay, dict)):
        return overlay
    result = dict(base)
    for key, value in overlay.items():
        if value is None:
            result.pop(key, None)
        elif key in result:
            result[key] = deep_merge(result[key], value)
        else:
            result[key] = value
    return result
