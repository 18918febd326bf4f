"""AVIF and HEIC/HEIF (ISO/IEC 14496-12 boxes, ISO/IEC 23008-12 image items): the picture's size.

A box walk that reads box headers and the few small boxes it needs, and seeks past the rest
(``mdat``, thumbnails, colour profiles): ``meta`` → ``pitm`` (the primary item), ``iprp`` →
``ipco`` (properties, in order) and ``ipma`` (which properties belong to which item); the
primary item's ``ispe`` (image spatial extents) gives width and height, ``irot`` a quarter
turn. A 1 KB file that claims 8000×8000 is caught here, before any decoder sees it. Without
an ``ispe`` the size stays unknown (hosts do not decode such a file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from validator.fileinfo.model import FileInfo

HEADER = 8
FULL = 4  # version and flags of a FullBox
SMALL = 1 << 16  # boxes read whole (pitm, ipma, ispe, irot); bigger ones are walked or skipped
DEFAULT_MAX_BOXES = 10000


@dataclass
class Box:
    kind: bytes
    start: int  # offset of the box header
    body: int  # offset of the content
    end: int  # offset after the box (clipped to the data)
    cut: bool = False  # the declared size runs past the end of the data


@dataclass
class Items:
    primary: int | None = None
    props: list[Box] = field(default_factory=list)  # ipco children, index 0 = property 1
    assoc: dict[int, list[int]] = field(default_factory=dict)  # item id -> property indices (1-based)


def boxes(data, start: int, end: int, budget: list[int]):
    """The boxes between ``start`` and ``end``; ``budget[0]`` counts down the boxes read."""
    pos = start
    while pos + HEADER <= end and budget[0] > 0:
        budget[0] -= 1
        head = data[pos : pos + 16]
        size, kind = int.from_bytes(head[0:4], "big"), head[4:8]
        body = pos + HEADER
        if size == 1:
            size, body = int.from_bytes(head[8:16], "big"), pos + 16
        elif size == 0:
            size = end - pos
        if size < body - pos:
            yield Box(kind, pos, body, end, cut=True)
            return
        yield Box(kind, pos, body, min(pos + size, end), cut=pos + size > end)
        pos += size


def read(data, info: FileInfo, max_boxes: int | None = None) -> None:
    """Fill width, height and truncation of an AVIF/HEIF file in ``info``; never raises."""
    budget = [max_boxes or DEFAULT_MAX_BOXES]
    meta = None
    for box in boxes(data, 0, len(data), budget):
        if box.cut:
            _cut(info, box)
        if box.kind == b"meta" and meta is None:
            meta = box
    if meta is None:
        if not info.truncated:
            info.problems.append("no_frame")
        return
    items = _items(data, meta, budget)
    size = _size(data, items)
    if size is not None:
        info.width, info.height = size


def _items(data, meta: Box, budget: list[int]) -> Items:
    items = Items()
    for box in boxes(data, meta.body + FULL, meta.end, budget):
        if box.kind == b"pitm":
            items.primary = _pitm(data[box.body : min(box.end, box.body + 8)])
        elif box.kind == b"iprp":
            _iprp(data, box, items, budget)
    return items


def _pitm(body: bytes) -> int | None:
    if len(body) < FULL + 2:
        return None
    wide = body[0] >= 1
    raw = body[FULL : FULL + (4 if wide else 2)]
    return int.from_bytes(raw, "big") if len(raw) == (4 if wide else 2) else None


def _iprp(data, iprp: Box, items: Items, budget: list[int]) -> None:
    for box in boxes(data, iprp.body, iprp.end, budget):
        if box.kind == b"ipco" and not items.props:
            items.props = list(boxes(data, box.body, box.end, budget))
        elif box.kind == b"ipma" and box.end - box.body <= SMALL:
            _ipma(data[box.body : box.end], items)


def _ipma(body: bytes, items: Items) -> None:
    """ItemPropertyAssociation: item ids and the 1-based indices of their properties."""
    if len(body) < FULL + 4:
        return
    version, wide_index = body[0], body[3] & 1
    count, pos = int.from_bytes(body[FULL : FULL + 4], "big"), FULL + 4
    id_size, index_size = (4 if version >= 1 else 2), (2 if wide_index else 1)
    for _ in range(count):
        if pos + id_size + 1 > len(body):
            return
        item = int.from_bytes(body[pos : pos + id_size], "big")
        n = body[pos + id_size]
        pos += id_size + 1
        raw = [int.from_bytes(body[pos + i : pos + i + index_size], "big") for i in range(0, n * index_size,
                                                                                         index_size)]
        pos += n * index_size
        mask = 0x7FFF if wide_index else 0x7F
        items.assoc[item] = [r & mask for r in raw]


def _size(data, items: Items) -> tuple[int, int] | None:
    """The primary item's ispe (turned by irot); without associations, the largest ispe."""
    primary = items.assoc.get(items.primary, []) if items.primary is not None else []
    chosen = [items.props[i - 1] for i in primary if 0 < i <= len(items.props)]
    found = [_ispe(data, b) for b in chosen if b.kind == b"ispe"]
    extents = [e for e in found if e is not None]
    if not extents:
        every = [_ispe(data, b) for b in items.props if b.kind == b"ispe"]
        extents = sorted((e for e in every if e is not None), key=lambda e: e[0] * e[1])[-1:]
    if not extents:
        return None
    width, height = extents[0]
    if any(b.kind == b"irot" and data[b.body : b.body + 1] and data[b.body] & 1 for b in chosen):
        width, height = height, width
    return width, height


def _ispe(data, box: Box) -> tuple[int, int] | None:
    body = data[box.body : box.body + FULL + 8]
    if len(body) < FULL + 8:
        return None
    return int.from_bytes(body[FULL : FULL + 4], "big"), int.from_bytes(body[FULL + 4 : FULL + 8], "big")


def _cut(info: FileInfo, box: Box) -> None:
    if not info.truncated:
        info.truncated, info.truncation, info.truncated_at = True, "chunk_cut", box.end
