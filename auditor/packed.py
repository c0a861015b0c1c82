"""Numeric arrays inside the JSON model files, packed as base64 of their raw bytes.

A model's weights written as JSON number lists took longer to decode than the rest of a
small report's audit; the same values as little-endian bytes decode at memory speed and
are bit for bit what was written. Only the dtypes below are accepted, the byte count must
match the stated shape, and nothing is ever unpickled.
"""

from __future__ import annotations

import base64
import binascii

import numpy as np

DTYPES = {"<f8": np.dtype("<f8"), "<i8": np.dtype("<i8"), "<i4": np.dtype("<i4")}


class PackedArrayError(ValueError):
    """A packed array that is not what it says it is."""


def pack(array: np.ndarray, dtype: str) -> dict[str, object]:
    """``{"dtype", "shape", "data"}`` for JSON; ``dtype`` is one of :data:`DTYPES`."""
    converted = np.ascontiguousarray(array, dtype=DTYPES[dtype])
    return {"dtype": dtype, "shape": list(converted.shape),
            "data": base64.b64encode(converted.tobytes()).decode("ascii")}


def unpack(value: object, dtype: str) -> np.ndarray:
    """The array of a packed object, or of a plain (nested) number list as older files hold.

    Raises :class:`PackedArrayError` when the object is malformed; a plain list is converted
    with NumPy, whose own ``ValueError``/``TypeError`` the caller handles as before.
    """
    if not isinstance(value, dict):
        return np.asarray(value, dtype=DTYPES[dtype])
    shape = value.get("shape")
    data = value.get("data")
    if value.get("dtype") != dtype or not isinstance(data, str) or not isinstance(shape, list) \
            or not all(isinstance(size, int) and not isinstance(size, bool) and size >= 0
                       for size in shape):
        raise PackedArrayError("数组的类型、形状或数据字段无效")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as error:
        raise PackedArrayError("数组数据不是有效的 base64") from error
    expected = DTYPES[dtype].itemsize * int(np.prod(shape, dtype=np.int64))
    if len(raw) != expected:
        raise PackedArrayError(f"数组数据长度 {len(raw)} 与形状 {shape} 不符")
    return np.frombuffer(raw, dtype=DTYPES[dtype]).reshape(shape).copy()
