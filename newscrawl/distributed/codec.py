"""The JSON request codec of the shared queue (``SCHEDULER_SERIALIZER``): never pickles.

Requests are stored as JSON, never pickled: whoever can write to Redis can make a worker fetch
URLs, but not run code. Callbacks travel as method names and are resolved only to methods of
the running spider; the request class comes from an allowlist.
"""

from __future__ import annotations

import base64
import binascii
import inspect
import json
from typing import Any

from scrapy import Spider
from scrapy.http import Request
from scrapy.utils.request import request_from_dict

from newscrawl.distributed.state import RequestDecodeError

__all__ = ["ALLOWED_REQUEST_CLASSES", "RequestDecodeError", "dumps", "loads", "request_from_json"]

#
# JSON with two tagged forms for what JSON lacks: {"$b": base64} for bytes and {"$d": [[k, v]...]}
# for dicts whose keys are not plain strings (request headers have bytes keys). Decoding accepts
# nothing else, so no payload can name a class or function to call.

_BYTES_TAG = "$b"
_PAIRS_TAG = "$d"
_MAX_DEPTH = 32
# Request classes a payload may name in "_class"; anything else is rejected before import.
ALLOWED_REQUEST_CLASSES: dict[str, str] = {
    "scrapy.http.request.Request": "scrapy.http.request.Request",
    "scrapy.http.request.form.FormRequest": "scrapy.http.request.form.FormRequest",
    "scrapy.http.request.json_request.JsonRequest": "scrapy.http.request.json_request.JsonRequest",
}
_REQUEST_FIELDS = frozenset(Request.attributes) | {"_class", "dumps_kwargs"}


def _encode(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        raise ValueError("request data nested too deeply to store")
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("cannot store NaN or infinity in a request")
        return value
    if isinstance(value, bytes | bytearray):
        return {_BYTES_TAG: base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, list | tuple):
        return [_encode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v, depth + 1) for k, v in value.items()}
        return {_PAIRS_TAG: [[_encode_key(k), _encode(v, depth + 1)] for k, v in value.items()]}
    raise TypeError(
        f"cannot store a {type(value).__name__} in a shared request "
        "(meta and cb_kwargs must hold JSON-like values, bytes, tuples)"
    )


def _encode_key(key: Any) -> Any:
    if key is None or isinstance(key, bool | int | float | str | bytes):
        return _encode(key)
    raise TypeError(f"cannot store a dict key of type {type(key).__name__} in a shared request")


def _decode(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        raise RequestDecodeError("nested too deeply")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_decode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if not any(k.startswith("$") for k in value):
            return {k: _decode(v, depth + 1) for k, v in value.items()}
        if set(value) == {_BYTES_TAG} and isinstance(value[_BYTES_TAG], str):
            try:
                return base64.b64decode(value[_BYTES_TAG], validate=True)
            except (binascii.Error, ValueError):
                raise RequestDecodeError("bad base64 in bytes value") from None
        if set(value) == {_PAIRS_TAG} and isinstance(value[_PAIRS_TAG], list):
            result = {}
            for pair in value[_PAIRS_TAG]:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise RequestDecodeError("bad key/value pair")
                key = _decode(pair[0], depth + 1)
                if not (key is None or isinstance(key, bool | int | float | str | bytes)):
                    raise RequestDecodeError("dict key must be a plain value")
                result[key] = _decode(pair[1], depth + 1)
            return result
        raise RequestDecodeError(f"unknown tag in {sorted(value)!r}")
    raise RequestDecodeError(f"unexpected JSON value {type(value).__name__}")


def _check_method_name(name: Any, what: str) -> None:
    if name is None:
        return
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("__"):
        raise RequestDecodeError(f"{what} must be a spider method name, got {name!r}")


def dumps(request_dict: dict[str, Any]) -> str:
    """Serialize ``Request.to_dict()`` output as JSON (bytes as base64). Never pickles."""
    if not isinstance(request_dict, dict):
        raise TypeError("dumps() takes the dict of Request.to_dict()")
    return json.dumps(_encode(request_dict), separators=(",", ":"), sort_keys=True, allow_nan=False)


def loads(data: bytes | str) -> dict[str, Any]:
    """Parse what :func:`dumps` wrote back into a request dict; malformed data raises ValueError.

    Checks the shape of every field ``request_from_dict`` reads. Callback names are checked
    to be plain identifiers here; :meth:`LeaseQueue.decode` checks they are spider methods.
    """
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise RequestDecodeError("not UTF-8 JSON (pickled data is not accepted)") from None
    if not isinstance(data, str):
        raise RequestDecodeError(f"expected bytes or str, got {type(data).__name__}")
    try:
        raw = json.loads(data, parse_constant=_reject_constant)
    except (json.JSONDecodeError, RecursionError):
        raise RequestDecodeError("not JSON (pickled data is not accepted)") from None
    if not isinstance(raw, dict):
        raise RequestDecodeError("a stored request must be a JSON object")
    obj = _decode(raw)
    unknown = set(obj) - _REQUEST_FIELDS
    if unknown:
        raise RequestDecodeError(f"unknown request fields {sorted(unknown)!r}")
    if not isinstance(obj.get("url"), str) or not obj["url"]:
        raise RequestDecodeError("url must be a non-empty string")
    if "_class" in obj and obj["_class"] not in ALLOWED_REQUEST_CLASSES:
        raise RequestDecodeError(f"request class {obj['_class']!r} is not allowed")
    _check_method_name(obj.get("callback"), "callback")
    _check_method_name(obj.get("errback"), "errback")
    _check_types(obj)
    return obj


def _reject_constant(name: str) -> Any:
    raise RequestDecodeError(f"{name} is not allowed in a stored request")


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "method": (str,),
    "body": (bytes, str),
    "headers": (dict,),
    "cookies": (dict, list),
    "meta": (dict,),
    "cb_kwargs": (dict,),
    "encoding": (str,),
    "flags": (list,),
    "priority": (int,),
    "dont_filter": (bool,),
    "dumps_kwargs": (dict,),
}


def _check_types(obj: dict[str, Any]) -> None:
    for name, types in _FIELD_TYPES.items():
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, types) or (name == "priority" and isinstance(value, bool)):
            raise RequestDecodeError(f"{name} has the wrong type ({type(value).__name__})")
    for key in ("meta", "cb_kwargs", "dumps_kwargs"):
        value = obj.get(key)
        if value is not None and not all(isinstance(k, str) for k in value):
            raise RequestDecodeError(f"{key} keys must be strings")


def spider_method(spider: Spider, name: str | None, what: str = "callback") -> Any:
    """The bound method ``name`` of ``spider``, or RequestDecodeError if it is anything else."""
    if name is None:
        return None
    _check_method_name(name, what)
    method = getattr(spider, name, None)
    if not (inspect.ismethod(method) and method.__self__ is spider):
        raise RequestDecodeError(f"{what} {name!r} is not a method of spider {spider.name!r}")
    return method


def request_from_json(data: bytes | str, spider: Spider) -> Request:
    """A Request from stored JSON, its callbacks resolved on ``spider`` only."""
    obj = loads(data)
    spider_method(spider, obj.get("callback"), "callback")
    spider_method(spider, obj.get("errback"), "errback")
    if "_class" in obj:
        obj["_class"] = ALLOWED_REQUEST_CLASSES[obj["_class"]]
    try:
        return request_from_dict(obj, spider=spider)
    except (TypeError, ValueError) as exc:
        raise RequestDecodeError(f"cannot build a request: {exc}") from None
