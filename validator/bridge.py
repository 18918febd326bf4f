"""The browser's door into the validator (called from the Web Worker under Pyodide).

``handle(op, request_json, data, pixels)`` takes what JavaScript hands over
(a JSON request string, the file bytes as a Uint8Array, the decoded pixels as
``{width, height, data}`` RGBA), turns it into plain Python values and a
:class:`validator.pixels.Image`, runs :func:`validator.api.run` and returns the
report as a JSON string. It never raises: any problem becomes a report with a
``bridge.*`` finding whose Chinese text comes from ``content/messages/bridge.yaml``.

Plain Python values work too (bytes, dicts), so CPython tests drive the same code.
"""

from __future__ import annotations

import json
from typing import Any

from validator.api import OPS, make_context, run
from validator.report import Report
from validator.ruleset import load_default


def _to_data(value: Any):
    """The file for the rules: a Source when the host hands over a reader (``{size, read}``: the
    worker's FileReaderSync over Blob.slice, so the file is read in parts, never whole), else bytes."""
    reader = value is not None and not isinstance(value, (bytes, bytearray, memoryview))
    if reader and _has(value, "read") and _has(value, "size") and not _has(value, "to_bytes"):
        from validator.fileinfo.source import Source

        return Source.of(value)
    return _to_bytes(value)


def _has(obj: Any, name: str) -> bool:
    try:
        return getattr(obj, name, None) is not None
    except Exception:
        return False


def _to_bytes(value: Any) -> bytes | None:
    """bytes from bytes-likes, Pyodide JsProxy typed arrays or lists of ints; None stays None."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    to_bytes = getattr(value, "to_bytes", None)
    if callable(to_bytes):  # pyodide.ffi.JsProxy of a Uint8Array / Uint8ClampedArray / ArrayBuffer
        return bytes(to_bytes())
    to_py = getattr(value, "to_py", None)
    if callable(to_py):
        return bytes(to_py())
    return bytes(value)


def _field(obj: Any, key: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(key)
    try:
        return getattr(obj, key)
    except AttributeError:
        return None


def _is_undefined(value: Any) -> bool:
    # JavaScript undefined/null arrive as None or as a JsProxy of type "undefined".
    return value is None or type(value).__name__ == "JsNull"


def to_image(pixels: Any):
    """A validator.pixels.Image from ``{width, height, data[, channels]}`` (RGBA by default)."""
    from validator.pixels import Image

    if isinstance(pixels, Image):
        return pixels
    width = int(_field(pixels, "width"))
    height = int(_field(pixels, "height"))
    data = _to_bytes(_field(pixels, "data"))
    if data is None:
        raise ValueError("no pixel buffer")
    channels = _field(pixels, "channels")
    channels = 4 if _is_undefined(channels) else int(channels)
    image = Image(width, height, data, channels)
    if not image.valid:
        raise ValueError(f"pixel buffer {len(data)} bytes does not match {width}×{height}×{channels}")
    return image


def _error_report(op: str, request: dict, code: str, detail: str) -> dict:
    rules = load_default()
    try:
        ctx = make_context(request, rules)
        rules, region = ctx.rules, ctx.region
    except Exception:
        region = "national"
    report = Report(
        rules=rules, kind=op if isinstance(op, str) else "unknown", subject=str(request.get("filename", ""))
    )
    report.add(code, "fail", value=detail[:200])  # the technical detail stays out of the message
    result = report.to_dict()
    result["region"] = region
    result["error"] = code
    return result


def _structure_hopeless(data, request: dict) -> bool:
    try:
        from validator import fileinfo

        ctx = make_context(request)
        info = fileinfo.analyze(data if data is not None else b"", fileinfo.limits_from(ctx))
    except Exception:
        return False
    return info.format in ("empty", "other") or bool(info.limits_exceeded) or bool(info.capped)


def install_model(name: Any, data: Any) -> str:
    """Store a face model file the page fetched (validator.face.install); "ok" or the error."""
    try:
        from validator import face

        face.install(str(name), _to_bytes(data) or b"")
        return "ok"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:200]


def models_ready() -> bool:
    """True when the face models can be read (the CLI always; the page once they are fetched)."""
    from validator import face

    return face.available()


def handle(op: Any, request_json: Any, data: Any = None, pixels: Any = None) -> str:
    """Run one check; always returns a JSON report (never raises)."""
    try:
        return json.dumps(_handle(str(op), request_json, data, pixels), ensure_ascii=False)
    except Exception as exc:  # even the rule set failed to load: the page shows its own text
        return json.dumps(
            {
                "kind": str(op),
                "verdict": "fail",
                "findings": [],
                "error": "bridge.fatal",
                "detail": f"{type(exc).__name__}: {exc}"[:200],
            }
        )


def _handle(op: str, request_json: Any, data: Any, pixels: Any) -> dict:
    request: dict = {}
    try:
        request = json.loads(str(request_json)) if not isinstance(request_json, dict) else dict(request_json)
        if not isinstance(request, dict):
            raise ValueError("request is not an object")
        raw = None if _is_undefined(data) else _to_data(data)
        if op not in OPS:
            raise ValueError(f"unknown op {op!r}")
        make_context(request)
    except Exception as exc:
        request = request if isinstance(request, dict) else {}
        return _error_report(op, request, "bridge.bad_request", f"{type(exc).__name__}: {exc}")

    image = None
    if op in ("photo", "scan") and _structure_hopeless(raw, request):
        # Same rule as the CLI (validator.host_files.decode_for): files that are empty, not an image,
        # over the header limits or too big to analyse are judged on their structure alone.
        request.pop("decode_error", None)
        pixels = None
    if not _is_undefined(pixels):
        try:
            image = to_image(pixels)
        except Exception as exc:
            # The bytes can still be checked; the rules say why the picture could not be.
            request.setdefault("decode_error", f"bad pixels: {exc}")

    try:
        return run(op, request, raw, image)
    except Exception as exc:  # the page must never see a traceback
        return _error_report(op, request, "bridge.internal", f"{type(exc).__name__}: {exc}")
