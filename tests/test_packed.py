"""Model arrays packed into JSON come back bit for bit, and a malformed one is refused."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from auditor.packed import PackedArrayError, pack, unpack


def test_round_trip_is_exact() -> None:
    values = np.array([[0.1, -2.5e-7, 1 / 3], [np.pi, 0.0, -0.0]])
    restored = unpack(pack(values, "<f8"), "<f8")
    assert restored.tobytes() == values.tobytes()
    assert restored.shape == (2, 3)
    nodes = np.array([3, -1, 2**31 - 1], dtype=np.int64)
    assert unpack(pack(nodes, "<i4"), "<i4").tolist() == [3, -1, 2**31 - 1]


def test_plain_lists_of_older_files_still_load() -> None:
    assert unpack([[1.5, 2.0], [3.0, 4.25]], "<f8").tolist() == [[1.5, 2.0], [3.0, 4.25]]


@pytest.mark.parametrize("broken", [
    {"dtype": "<f8", "shape": [3], "data": base64.b64encode(b"\0" * 16).decode()},  # too short
    {"dtype": "<f4", "shape": [2], "data": base64.b64encode(b"\0" * 8).decode()},  # other dtype
    {"dtype": "<f8", "shape": [1], "data": "not base64!"},
    {"dtype": "<f8", "shape": [-1], "data": ""},
    {"dtype": "<f8", "shape": [True], "data": base64.b64encode(b"\0" * 8).decode()},
    {"dtype": "<f8", "shape": "1", "data": ""},
])
def test_malformed_packed_arrays_are_refused(broken: dict) -> None:
    with pytest.raises(PackedArrayError):
        unpack(broken, "<f8")
