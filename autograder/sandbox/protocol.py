"""Wire format between the grader and the sandboxed worker: plain data only, never pickle.

Messages are length-prefixed JSON frames. Numeric numpy arrays travel as raw bytes (base64)
with their dtype and shape; anything that is not a number, string, bool, None, a list, tuple
or dict of those, or a numeric array is refused. This module is copied into the sandbox,
so it must not import anything from the grader.
"""

from __future__ import annotations

import base64
import json
import socket
import struct
from typing import Any

import numpy as np

MAX_FRAME = 256 * 1024 * 1024
_NUMERIC_KINDS = "biufc"


class ProtocolError(Exception):
    """A frame that is not valid plain data."""


def encode(value: Any) -> Any:
    """Turn a value into JSON-ready plain data; raise TypeError for anything else."""
    if value is None or isinstance(value, str):
        return value
    if type(value) is bool:
        return value
    if type(value) is int:
        return {"__int__": str(value)} if abs(value) > 2**53 else value
    if type(value) is float:
        return _encode_float(value)
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        if value.dtype.kind not in _NUMERIC_KINDS:
            raise TypeError(f"numpy scalar of dtype {value.dtype}")
        return {"__np_scalar__": value.dtype.str, "data": _b64(np.asarray(value).tobytes())}
    if type(value) is np.ndarray:
        if value.dtype.kind not in _NUMERIC_KINDS or value.dtype.hasobject:
            raise TypeError(f"array of dtype {value.dtype}")
        arr = np.ascontiguousarray(value)
        return {"__nd__": arr.dtype.str, "shape": list(arr.shape), "data": _b64(arr.tobytes())}
    if type(value) in (list, tuple):
        items = [encode(v) for v in value]
        return {"__tuple__": items} if type(value) is tuple else items
    if type(value) is dict:
        if not all(type(k) is str for k in value):
            raise TypeError("dict with non-string keys")
        return {"__dict__": {k: encode(v) for k, v in value.items()}}
    raise TypeError(f"object of type {type(value).__module__}.{type(value).__qualname__}")


def decode(data: Any) -> Any:
    """Inverse of :func:`encode`; validates every node."""
    if data is None or isinstance(data, (bool, int, str)):
        return data
    if isinstance(data, float):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if isinstance(data, dict):
        if "__float__" in data:
            return float(data["__float__"])
        if "__int__" in data:
            return int(data["__int__"])
        if "__tuple__" in data:
            return tuple(decode(v) for v in data["__tuple__"])
        if "__dict__" in data:
            return {str(k): decode(v) for k, v in data["__dict__"].items()}
        if "__nd__" in data or "__np_scalar__" in data:
            dtype = np.dtype(data.get("__nd__") or data.get("__np_scalar__"))
            if dtype.kind not in _NUMERIC_KINDS or dtype.hasobject:
                raise ProtocolError(f"refused dtype {dtype}")
            raw = base64.b64decode(data["data"])
            if "__np_scalar__" in data:
                return np.frombuffer(raw, dtype=dtype, count=1)[0]
            shape = tuple(int(s) for s in data["shape"])
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        if "__unsupported__" in data:
            return Unsupported(str(data["__unsupported__"]))
        raise ProtocolError(f"unknown node {sorted(data)[:3]}")
    raise ProtocolError(f"unknown node type {type(data).__name__}")


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
    return base64.b64encode(raw).decode("ascii")


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    """Send one frame."""
    payload = json.dumps(message, allow_nan=False).encode("utf-8")
    sock.sendall(struct.pack("!I", len(payload)) + payload)


def recv(sock: socket.socket) -> dict[str, Any]:
    """Receive one frame; raise EOFError when the peer is gone."""
    (length,) = struct.unpack("!I", _recv_exact(sock, 4))
    if length > MAX_FRAME:
        raise ProtocolError(f"frame of {length} bytes is too large")
    message = json.loads(_recv_exact(sock, length))
    if not isinstance(message, dict):
        raise ProtocolError("frame is not an object")
    return message


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < n:
        chunk = sock.recv(min(n - len(chunks), 1 << 20))
        if not chunk:
            raise EOFError("peer closed the channel")
        chunks += chunk
    return bytes(chunks)
