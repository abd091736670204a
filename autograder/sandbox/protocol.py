"""Wire format between the grader and the sandboxed worker: plain data only, never pickle.

A frame is a JSON header followed by raw binary attachments. Numeric numpy arrays travel as their
raw bytes with their dtype and shape: small ones base64-encoded inside the JSON, larger ones
attached after it (for a 100x100 array that made a call ten times cheaper). Anything that is
not a number, string, bool, None, a list, tuple or dict of those, or a numeric array is refused.
Decoding reads the header top-down, so a student's dict that merely looks like an array node stays
a dict. This module is copied into the sandbox, so it must not import anything from the grader.
"""

from __future__ import annotations

import binascii
import itertools
import json
import socket
import struct
import time
from typing import Any

import numpy as np

# Bounds on what one frame may cost the receiver, whatever the sender does: bytes in all, bytes of the
# JSON header, and JSON nodes (counted before parsing, so 4 million empty lists are refused unparsed).
MAX_FRAME = 64 * 1024 * 1024
MAX_HEADER = 8 * 1024 * 1024
MAX_NODES = 500_000
MAX_ATTACHMENTS = 100_000
_NUMERIC_KINDS = "biufc"
_SMALL = 64 * 1024
INLINE_BYTES = 1024  # smaller arrays travel inside the JSON header, as base64


class ProtocolError(Exception):
    """A frame that is not valid plain data."""


def encode(value: Any) -> Any:
    """Turn a value into JSON-ready plain data; raise TypeError for anything else."""
    kind = type(value)
    if kind is np.ndarray:
        if value.dtype.kind not in _NUMERIC_KINDS or value.dtype.hasobject:
            raise TypeError(f"array of dtype {value.dtype}")
        data = _b64(value.tobytes()) if value.nbytes <= INLINE_BYTES else Attachment(value)
        return {"__nd__": value.dtype.str, "shape": list(value.shape), "data": data}
    if kind is list:
        return [encode(v) for v in value]
    if kind is tuple:
        return {"__tuple__": [encode(v) for v in value]}
    if kind is float:
        return _encode_float(value)
    if kind is bool or value is None or isinstance(value, str):
        return value
    if kind is int:
        return {"__int__": str(value)} if abs(value) > 2**53 else value
    if kind is dict:
        if not all(type(k) is str for k in value):
            raise TypeError("dict with non-string keys")
        return {"__dict__": {k: encode(v) for k, v in value.items()}}
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        if value.dtype.kind not in _NUMERIC_KINDS:
            raise TypeError(f"numpy scalar of dtype {value.dtype}")
        return {"__np_scalar__": value.dtype.str, "data": _b64(value.tobytes())}
    raise TypeError(f"object of type {kind.__module__}.{kind.__qualname__}")


def decode(data: Any, attachments: list[memoryview | None] | None = None) -> Any:
    """Inverse of :func:`encode` for a received frame's ``attachments``; validates every node. Each
    attachment backs one array only (it is taken from the list), so decoded arrays never alias."""
    if data is None or isinstance(data, (bool, int, str)):
        return data
    if isinstance(data, float):
        return data
    if isinstance(data, list):
        return [decode(v, attachments) for v in data]
    if isinstance(data, dict):
        if "__float__" in data:
            return float(data["__float__"])
        if "__int__" in data:
            return int(data["__int__"])
        if "__tuple__" in data:
            return tuple(decode(v, attachments) for v in data["__tuple__"])
        if "__dict__" in data:
            return {str(k): decode(v, attachments) for k, v in data["__dict__"].items()}
        if "__nd__" in data or "__np_scalar__" in data:
            return _decode_array(data, attachments or [])
        if "__unsupported__" in data:
            return Unsupported(str(data["__unsupported__"]))
        raise ProtocolError(f"unknown node {sorted(data)[:3]}")
    raise ProtocolError(f"unknown node type {type(data).__name__}")


_DTYPES: dict[str, np.dtype[Any]] = {}


def _numeric_dtype(name: Any) -> np.dtype[Any]:
    """The numeric dtype called ``name`` (cached: a trajectory has thousands of array nodes)."""
    dtype = _DTYPES.get(name) if isinstance(name, str) else None
    if dtype is not None:
        return dtype
    try:
        dtype = np.dtype(name)
    except TypeError as exc:
        raise ProtocolError(f"refused dtype {name!r}") from exc
    if dtype.kind not in _NUMERIC_KINDS or dtype.hasobject:
        raise ProtocolError(f"refused dtype {dtype}")
    if isinstance(name, str) and len(_DTYPES) < 64:
        _DTYPES[name] = dtype
    return dtype


def _decode_array(data: dict[str, Any], attachments: list[memoryview | None]) -> Any:
    scalar = "__np_scalar__" in data
    dtype = _numeric_dtype(data["__np_scalar__"] if scalar else data["__nd__"])
    ref = data.get("data")
    if isinstance(ref, str):
        try:
            raw: Any = bytearray(binascii.a2b_base64(ref))
        except (ValueError, binascii.Error) as exc:
            raise ProtocolError("array data that is not base64") from exc
    elif isinstance(ref, dict) and type(ref.get("__attachment__")) is int:
        index = ref["__attachment__"]
        raw = attachments[index] if 0 <= index < len(attachments) else None
        if raw is None:
            raise ProtocolError(f"attachment {index} is missing or already used")
        attachments[index] = None
    else:
        raise ProtocolError("array without its data")
    try:
        if scalar:
            return np.frombuffer(raw, dtype=dtype, count=1)[0]
        return np.frombuffer(raw, dtype=dtype).reshape([int(s) for s in data["shape"]])
    except (ValueError, TypeError, KeyError) as exc:
        raise ProtocolError("array data that does not match its dtype and shape") from exc


class Unsupported:
    """Stands for a returned object that could not cross the boundary as plain data."""

    def __init__(self, description: str) -> None:
        self.description = description

    def __repr__(self) -> str:
        return f"<{self.description}>"


def encode_result(value: Any) -> Any:
    """Encode a student's return value, marking what is not plain data instead of failing."""
    try:
        return encode(value)
    except (TypeError, ValueError, RecursionError) as exc:
        return {"__unsupported__": str(exc)[:200]}


def _encode_float(value: float) -> Any:
    if value != value or value in (float("inf"), float("-inf")):
        return {"__float__": repr(value)}
    return value


def _b64(raw: bytes) -> str:
    return binascii.b2a_base64(raw, newline=False).decode("ascii")


class Attachment:
    """A numeric array's bytes, sent after the JSON header of the frame (see :func:`send`)."""

    def __init__(self, array: np.ndarray) -> None:
        self.array = np.ascontiguousarray(array)

    def buffer(self) -> memoryview:
        """The raw bytes, without a copy."""
        return memoryview(self.array.reshape(-1).view(np.uint8))


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    """Send one frame: lengths, the JSON header (attachments replaced by their index), the attachments."""
    buffers: list[memoryview] = []

    def attach(value: Any) -> Any:
        if isinstance(value, Attachment):
            buffers.append(value.buffer())
            return {"__attachment__": len(buffers) - 1}
        raise TypeError(f"object of type {type(value).__name__} is not plain data")

    header = json.dumps(message, allow_nan=False, default=attach).encode("utf-8")
    prefix = struct.pack(f"!II{len(buffers)}Q", len(header), len(buffers), *(b.nbytes for b in buffers))
    if sum(b.nbytes for b in buffers) <= _SMALL:
        sock.sendall(b"".join([prefix, header, *buffers]))
        return
    sock.sendall(prefix + header)
    for buffer in buffers:
        sock.sendall(buffer)


class Frame(dict):  # type: ignore[type-arg]
    """A received message; ``attachments`` holds the raw bytes its array nodes refer to."""

    attachments: list[memoryview | None]


def recv(sock: socket.socket, deadline: float | None = None) -> Frame:
    """Receive one frame; raise EOFError when the peer is gone, TimeoutError when the whole frame has
    not arrived by ``deadline`` (``time.monotonic()``; a sender trickling bytes gains nothing), and
    ProtocolError for a frame over the bounds above."""
    length, count = struct.unpack("!II", _recv_exact(sock, 8, deadline))
    if count > MAX_ATTACHMENTS:
        raise ProtocolError(f"frame with {count} attachments")
    if length > MAX_HEADER:
        raise ProtocolError(f"frame header of {length} bytes is too large")
    sizes = struct.unpack(f"!{count}Q", _recv_exact(sock, 8 * count, deadline)) if count else ()
    if length + sum(sizes) > MAX_FRAME:
        raise ProtocolError(f"frame of {length + sum(sizes)} bytes is too large")
    header = _recv_exact(sock, length, deadline)
    if sum(header.count(c) for c in b'[{,"') > 2 * MAX_NODES:
        raise ProtocolError("frame with too many values")
    try:
        message = json.loads(header)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError("frame header is not valid JSON") from exc
    if not isinstance(message, dict):
        raise ProtocolError("frame is not an object")
    frame = Frame(message)
    body = memoryview(_recv_exact(sock, sum(sizes), deadline))  # one read for all of them: many are small
    offsets = [0]
    for size in sizes:
        offsets.append(offsets[-1] + size)
    frame.attachments = [body[start:end] for start, end in itertools.pairwise(offsets)]
    return frame


def _recv_exact(sock: socket.socket, n: int, deadline: float | None = None) -> bytearray:
    buffer = bytearray(n)
    view = memoryview(buffer)
    got = 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the frame did not arrive in time")
            sock.settimeout(left)
        read = sock.recv_into(view[got:], min(n - got, 1 << 22))
        if not read:
            raise EOFError("peer closed the channel")
        got += read
    return buffer
