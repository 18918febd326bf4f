"""Random access to a file without reading it whole: :class:`Source` and its :class:`Window`.

Every host hands the header walk a ``read(offset, size) -> bytes`` callable and the file's
size: the CLI a bounded reader over an open file, the browser worker ``FileReaderSync`` over
``Blob.slice``, the tests plain bytes. :class:`Window` looks like ``bytes`` to the parsers
(``len``, indexing, slicing, ``find``-like searches) but reads only the parts they touch, in
cached chunks, and never past ``limit`` (``file.max_bytes_analyzed``).

>>> w = Window(Source.of(b"abc\\xff\\xd9"))
>>> len(w), w[0], w[1:3], w.search_re(END, 0)
(5, 97, b'bc', 3)
"""

from __future__ import annotations

import re
from collections.abc import Callable

CHUNK = 1 << 12  # bytes fetched for a small read (marker, box or chunk header): the cache
SCAN_CHUNK = 1 << 20  # bytes per read while searching entropy-coded data or trailing bytes
END = re.compile(rb"\xff\xd9")


class Source:
    """A file of ``size`` bytes read through ``read(offset, n)``; reads past the end give less."""

    def __init__(self, read: Callable[[int, int], bytes], size: int, data: bytes | None = None):
        self._read = read
        self.size = max(0, int(size))
        self.data = data  # the whole content, when the host already has it in memory

    @classmethod
    def of(cls, value) -> Source:
        """A Source from bytes-likes, a Source, or any object with ``size`` and ``read(offset, n)``."""
        if isinstance(value, Source):
            return value
        if value is None:
            value = b""
        if isinstance(value, bytes | bytearray | memoryview):
            data = bytes(value)
            return cls(lambda at, n: data[at : at + n], len(data), data)
        return cls(_reader(value), int(value.size))

    def read(self, offset: int, n: int) -> bytes:
        if offset >= self.size or n <= 0:
            return b""
        return bytes(self._read(offset, min(n, self.size - offset)))


def _reader(obj) -> Callable[[int, int], bytes]:
    """``obj.read(offset, n)`` as bytes (a Pyodide JsProxy returns a Uint8Array proxy)."""

    def read(offset: int, n: int) -> bytes:
        out = obj.read(offset, n)
        to_bytes = getattr(out, "to_bytes", None)
        return bytes(to_bytes()) if callable(to_bytes) else bytes(out)

    return read


def file_source(fh, size: int) -> Source:
    """A Source over an open binary file (the CLI): seeks and reads only what is asked."""

    def read(offset: int, n: int) -> bytes:
        fh.seek(offset)
        return fh.read(n)

    return Source(read, size)


class Window:
    """The first ``limit`` bytes of a Source, with a bytes-like read interface and a chunk cache."""

    def __init__(self, source: Source, limit: int | None = None):
        self.source = source
        self.limit = source.size if limit is None else max(0, min(limit, source.size))
        self._at, self._chunk = 0, b""
        self.bytes_read = 0

    def __len__(self) -> int:
        return self.limit

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, _ = key.indices(self.limit)
            return self.read(start, stop - start)
        if key < 0:
            key += self.limit
        if not 0 <= key < self.limit:
            raise IndexError("window index out of range")
        return self.read(key, 1)[0]

    def read(self, offset: int, n: int) -> bytes:
        """Up to ``n`` bytes from ``offset`` (fewer at the limit)."""
        end = min(offset + max(n, 0), self.limit)
        if offset >= end:
            return b""
        if self.source.data is not None:
            return self.source.data[offset:end]
        if self._at <= offset and end <= self._at + len(self._chunk):
            return self._chunk[offset - self._at : end - self._at]
        if end - offset > CHUNK:
            return self._fetch(offset, end - offset)
        self._at, self._chunk = offset, self._fetch(offset, min(CHUNK, self.limit - offset))
        return self._chunk[: end - offset]

    def _fetch(self, offset: int, n: int) -> bytes:
        data = self.source.read(offset, n)
        self.bytes_read += len(data)
        return data

    def startswith(self, prefix: bytes, at: int = 0) -> bool:
        return self.read(at, len(prefix)) == prefix

    def search_re(self, pattern: re.Pattern, pos: int) -> int | None:
        """Start of the first match of a pattern of at most 2 bytes at or after ``pos``, or None."""
        if self.source.data is not None:
            found = pattern.search(self.source.data, pos, self.limit)
            return found.start() if found else None
        step = CHUNK - 1  # first a small, cached read (a marker is usually right there), then 1 MB
        while pos < self.limit:
            block = self.read(pos, step + 1)  # one byte of overlap for two-byte patterns
            found = pattern.search(block)
            if found is not None and (found.start() < step or pos + len(block) >= self.limit):
                return pos + found.start()
            pos += step
            step = SCAN_CHUNK
        return None

    def find(self, needle: bytes, pos: int) -> int:
        """Like ``bytes.find`` for a single byte; -1 when absent."""
        at = self.search_re(re.compile(re.escape(needle)), pos)
        return -1 if at is None else at

    def all_zero_from(self, pos: int) -> bool:
        """Whether every byte from ``pos`` to the limit is zero."""
        while pos < self.limit:
            block = self.read(pos, SCAN_CHUNK)
            if block.count(0) != len(block):
                return False
            pos += len(block)
        return True
