"""Faces, eyes and head geometry on a grey plane: pico's facefinder and puploc in pure Python.

The models (validator/_data/face/, MIT, see its README) are decision-tree cascades whose every
test compares two pixels at integer offsets from a window: no floating-point image processing.
Scores and pupil moves are sums of the models' leaves, done in IEEE doubles in one fixed order,
so CPython and Pyodide give the same numbers.

* :func:`detect` scans square windows (sizes as fractions of the short side), keeps those that
  pass all 468 trees, and merges overlapping ones into faces (pico's clustering by overlap).
* :func:`pupils` moves a point towards each pupil from the face window (puploc's regression
  cascade), from a fixed set of starting perturbations, and takes the median.
* :func:`analyse` runs both and measures what the photo rules compare: the face box, the eye
  points, roll, the head top (a scan of the plain background above the head, else an estimate
  from the eyes) and the chin (estimated from the eyes: the model does not see it).

Speed: the windows are evaluated tree by tree, all surviving windows at once (list
comprehensions over flat pixel offsets), and most windows fall out in the first few trees.
Nothing here reads a file at import: :func:`models` loads the cascades on first use.
"""

from __future__ import annotations

import math
import struct
from functools import lru_cache
from operator import add
from pathlib import Path

DATA = Path(__file__).resolve().parent / "_data" / "face"

# Pinned sha256 of the shipped files (checked by tests/test_face.py and scripts/build_runtime.py).
MODELS = {
    "facefinder": "d8014993e7298c7b1865d1f8b855d6dbf4ec5c808bf879e2091ab6837abf90cd",
    "puploc-int8": "65800e1df722ff225b1f45e8e52855f091f3eee7d8523b3b6bf3d6d3c8c6ffce",
}


class ModelMissing(Exception):
    """A model file is not there (the page has not fetched it yet, or the install lacks it)."""


# ---------------------------------------------------------------------------
# the models


class Finder:
    """The facefinder cascade: per tree the node codes (r1, c1, r2, c2 as signed bytes), the
    leaf values and the running-sum threshold below which a window is rejected."""

    def __init__(self, raw: bytes):
        depth, ntrees = struct.unpack_from("<II", raw, 8)
        nodes, leaves = (1 << depth) - 1, 1 << depth
        pos = 16
        self.depth, self.leaves = depth, leaves
        self.r1, self.c1, self.r2, self.c2 = [], [], [], []
        self.preds: list[tuple[float, ...]] = []
        self.thresholds: list[float] = []
        for _ in range(ntrees):
            codes = struct.unpack_from(f"<{4 * nodes}b", raw, pos)
            pos += 4 * nodes
            # node n (1 … nodes) at list index n; index 0 unused, as in pico
            # stored as code + 128: an index into a table of the 256 offsets for one window size
            self.r1.append(bytes([0, *(v + 128 for v in codes[0::4])]))
            self.c1.append(bytes([0, *(v + 128 for v in codes[1::4])]))
            self.r2.append(bytes([0, *(v + 128 for v in codes[2::4])]))
            self.c2.append(bytes([0, *(v + 128 for v in codes[3::4])]))
            self.preds.append(struct.unpack_from(f"<{leaves}f", raw, pos))
            pos += 4 * leaves
            self.thresholds.append(struct.unpack_from("<f", raw, pos)[0])
            pos += 4
        if pos != len(raw):
            raise ValueError("facefinder: unexpected length")

    def __len__(self) -> int:
        return len(self.preds)


class Puploc:
    """The pupil localiser: stages of regression trees; each leaf moves the point by (row, col)
    times the window size. Leaves are int8 with one scale per tree (scripts/face_models.py)."""

    def __init__(self, raw: bytes):
        self.stages, self.shrink, self.trees, depth = struct.unpack_from("<IfII", raw, 0)
        self.depth = depth
        nodes, leaves = (1 << depth) - 1, 1 << depth
        pos = 16
        # per tree, one byte string per node field (r1, c1, r2, c2), each code + 128 (0 … 255)
        self.codes: list[tuple[bytes, bytes, bytes, bytes]] = []
        self.moves: list[tuple[tuple[float, ...], tuple[float, ...]]] = []
        shift = bytes((b + 128) & 255 for b in range(256))
        for _ in range(self.stages * self.trees):
            tree = raw[pos : pos + 4 * nodes].translate(shift)
            self.codes.append((tree[0::4], tree[1::4], tree[2::4], tree[3::4]))
            pos += 4 * nodes
            (scale,) = struct.unpack_from("<f", raw, pos)
            pos += 4
            q = struct.unpack_from(f"<{2 * leaves}b", raw, pos)
            pos += 2 * leaves
            self.moves.append((tuple(v * scale for v in q[0::2]), tuple(v * scale for v in q[1::2])))
        if pos != len(raw):
            raise ValueError("puploc: unexpected length")


# Models the host handed over (install): the browser's package is the wheel itself, a zip that
# cannot be written to, so they are kept here, in memory.
_INSTALLED: dict[str, bytes] = {}


def _model(name: str) -> bytes:
    if name in _INSTALLED:
        return _INSTALLED[name]
    try:
        return (DATA / name).read_bytes()
    except OSError as exc:
        raise ModelMissing(str(exc)) from None


@lru_cache(maxsize=1)
def models() -> tuple[Finder, Puploc]:
    """Both cascades, read once (raises ModelMissing when one is absent)."""
    return Finder(_model("facefinder")), Puploc(_model("puploc-int8"))


def install(name: str, data: bytes) -> None:
    """Keep a model the host fetched (the page fetches the models after the runtime is ready,
    with the manifest's sha256 as the fetch's integrity); the next :func:`models` call uses it."""
    if name not in MODELS:
        raise ValueError(f"unknown face model {name!r}")
    _INSTALLED[name] = bytes(data)
    models.cache_clear()


def available() -> bool:
    try:
        models()
    except ModelMissing:
        return False
    return True


# ---------------------------------------------------------------------------
# detection


# A performance knob (no effect on results): up to this many surviving windows a tree is walked
# window by window, looking each node's offsets up in the size's tables; above it the tree's two
# tables of 64 node offsets are built first and the windows go level by level. Measured in Pyodide
# (Node, min of 5): 6 -> 32 takes the framed 390×567 portrait's detection from 63 to 50 ms and a
# document page's whole analysis from 276 to 252 ms; CPython changes little (27 -> 25 ms).
_FEW = 32


def _scan(
    grey: bytes, w: int, h: int, finder: Finder, size: int, step: float
) -> list[tuple[int, int, int, float]]:
    """Every window of ``size`` on a grid of ``step`` that passes all trees: (row, col, size, score).

    Pixel offsets from the window centre are ``(256 r + code·s) >> 8 = r + (code·s >> 8)``: per size,
    one table of row offsets and one of column offsets for the 256 code values. While many windows
    survive, a tree is evaluated for all of them at once (its node offsets first); the last few
    (``_FEW``) survivors go window by window.
    """
    half = size // 2 + 1
    rows, cols = _grid(half, h - half, step), _grid(half, w - half, step)
    bases = [r * w + c for r in rows for c in cols]
    if not bases:
        return []
    rt = [((k - 128) * size >> 8) * w for k in range(256)]
    ct = [(k - 128) * size >> 8 for k in range(256)]
    rget, cget = rt.__getitem__, ct.__getitem__
    scores = [0.0] * len(bases)
    leaves, depth = finder.leaves, finder.depth
    for t in range(len(finder)):
        r1, c1, r2, c2 = finder.r1[t], finder.c1[t], finder.r2[t], finder.c2[t]
        preds, limit = finder.preds[t], finder.thresholds[t]
        if len(bases) > _FEW:
            o1 = list(map(add, map(rget, r1), map(cget, c1)))
            o2 = list(map(add, map(rget, r2), map(cget, c2)))
            idx = [1] * len(bases)
            for _ in range(depth):
                idx = [2 * i + (grey[b + o1[i]] <= grey[b + o2[i]]) for b, i in zip(bases, idx, strict=True)]
            scores = [s + preds[i - leaves] for s, i in zip(scores, idx, strict=True)]
        else:
            new = []
            for b, s in zip(bases, scores, strict=True):
                i = 1
                for _ in range(depth):
                    i = 2 * i + (grey[b + rt[r1[i]] + ct[c1[i]]] <= grey[b + rt[r2[i]] + ct[c2[i]]])
                new.append(s + preds[i - leaves])
            scores = new
        if min(scores) <= limit:
            keep = [k for k, s in enumerate(scores) if s > limit]
            if not keep:
                return []
            bases = [bases[k] for k in keep]
            scores = [scores[k] for k in keep]
    last = finder.thresholds[-1]
    return [(b // w, b % w, size, s - last) for b, s in zip(bases, scores, strict=True)]


def _grid(first: int, last: int, step: float) -> list[int]:
    """Window centres from ``first`` to ``last`` every ``step`` pixels (a fraction allowed), as
    pico's C code steps: the position accumulates in floating point and is truncated. An integer
    step (int(shift · size), as pigo does) makes the grid up to twice as dense as ``shift`` asks
    for some sizes (2 for 0.1 · 28 = 2.8), and that work bought nothing measurable."""
    out, x = [], float(first)
    while x <= last:
        out.append(int(x))
        x += step
    return out


def detect(
    grey: bytes, w: int, h: int, min_size: int, max_size: int, shift: float, factor: float
) -> list[tuple[int, int, int, float]]:
    """Windows that pass the cascade, at sizes from ``min_size`` to ``max_size`` pixels."""
    finder = models()[0]
    out = []
    size = max(8, min_size)
    while size <= min(max_size, w - 2, h - 2):
        out += _scan(grey, w, h, finder, size, max(1.0, shift * size))
        size = max(size + 2, int(size * factor))
    return out


def cluster(
    dets: list[tuple[int, int, int, float]], overlap: float
) -> list[tuple[float, float, float, float]]:
    """Merge windows that overlap (intersection over union above ``overlap``) into one face:
    the mean row, column and size, and the sum of the scores. Strongest first."""
    dets = sorted(dets, key=lambda d: (-d[3], d[0], d[1], d[2]))
    taken = [False] * len(dets)
    faces = []
    for i, (ri, ci, si, _) in enumerate(dets):
        if taken[i]:
            continue
        members = []
        for j, (rj, cj, sj, qj) in enumerate(dets):
            if taken[j]:
                continue
            over_r = max(0.0, min(ri + si / 2, rj + sj / 2) - max(ri - si / 2, rj - sj / 2))
            over_c = max(0.0, min(ci + si / 2, cj + sj / 2) - max(ci - si / 2, cj - sj / 2))
            inter = over_r * over_c
            if inter / (si * si + sj * sj - inter) > overlap:
                taken[j] = True
                members.append((rj, cj, sj, qj))
        n = len(members)
        faces.append(
            (
                sum(m[0] for m in members) / n,
                sum(m[1] for m in members) / n,
                sum(m[2] for m in members) / n,
                math.fsum(m[3] for m in members),
            )
        )
    faces.sort(key=lambda f: -f[3])
    return faces


# ---------------------------------------------------------------------------
# pupils


# Fixed starting perturbations (row, col, size) as fractions: a Halton sequence in bases 2, 3, 5,
# so both hosts start from the same points (puploc's reference draws 63 at random). Seven keep the
# median within about 1 % of the eye distance of 63 on the test portraits, at a ninth of the time.
def _halton(i: int, base: int) -> float:
    f, r = 1.0, 0.0
    while i:
        f /= base
        r += f * (i % base)
        i //= base
    return r


PERTURBS = tuple(
    (0.15 * (0.5 - _halton(i, 2)), 0.15 * (0.5 - _halton(i, 3)), 0.925 + 0.15 * _halton(i, 5))
    for i in range(1, 8)
)


def _locate(
    grey: bytes, w: int, h: int, plc: Puploc, r: float, c: float, s: float, flip: bool
) -> tuple[float, float]:
    """One run of the regression cascade from (r, c) with window ``s``: the point it ends at."""
    depth = plc.depth
    first_leaf = (1 << depth) - 1
    codes, moves = plc.codes, plc.moves
    t = 0
    for _ in range(plc.stages):
        si = round(s)
        ri, ci = int(r), int(c)
        # row start and column of every code value (code + 128), clamped to the picture
        rows = _offsets(ri, si, 1, h, w)
        cols = _offsets(ci, si, -1 if flip else 1, w)  # the right eye: the left eye's model mirrored
        dr = dc = 0.0
        for _ in range(plc.trees):
            r1, c1, r2, c2 = codes[t]
            idx = 0
            for _ in range(depth):
                idx = (
                    2 * idx + 1 + (grey[rows[r1[idx]] + cols[c1[idx]]] > grey[rows[r2[idx]] + cols[c2[idx]]])
                )
            row_moves, col_moves = moves[t]
            dr += row_moves[idx - first_leaf]
            dc += col_moves[idx - first_leaf]
            t += 1
        r += dr * s
        c += (-dc if flip else dc) * s
        s *= plc.shrink
    return r, c


def _offsets(centre: int, size: int, sign: int, limit: int, scale: int = 1) -> list[int]:
    """``(256 centre + sign (k - 128) size) >> 8`` for k = 0 … 255, clamped to 0 … limit - 1,
    times ``scale`` (the row length, for row offsets).

    The values step by ``size``/256 in one direction, so they are one ``range`` shifted down, and
    only the two ends need a look to know whether any value falls outside the picture."""
    step = sign * size
    if step == 0:
        return [min(limit - 1, max(0, centre)) * scale] * 256
    ends = range(256 * centre - 128 * step, 256 * centre + 128 * step, step)
    if min(ends[0], ends[-1]) >> 8 < 0 or max(ends[0], ends[-1]) >> 8 > limit - 1:
        return [min(limit - 1, max(0, v >> 8)) * scale for v in ends]
    return [(v >> 8) * scale for v in ends]


def pupil(
    grey: bytes, w: int, h: int, r: float, c: float, s: float, flip: bool = False
) -> tuple[float, float]:
    """The pupil near (r, c) (window ``s``): the median end point over :data:`PERTURBS`."""
    plc = models()[1]
    rows, cols = [], []
    for pr, pc, ps in PERTURBS:
        er, ec = _locate(grey, w, h, plc, r + s * pr, c + s * pc, s * ps, flip)
        rows.append(er)
        cols.append(ec)
    rows.sort()
    cols.sort()
    mid = len(rows) // 2
    return rows[mid], cols[mid]


# ---------------------------------------------------------------------------
# the grey planes


def halve(grey: bytes, w: int, h: int, f: int) -> tuple[bytes, int, int]:
    """Box average by an integer factor ``f`` (remainder cropped), rounded to nearest."""
    from validator import pixels

    if f <= 1:
        return grey, w, h
    ow, oh = w // f, h // f
    return pixels._box(grey, w, 1, f, ow, oh), ow, oh


# ---------------------------------------------------------------------------
# geometry


def _head_top(grey: bytes, w: int, h: int, x0: int, x1: int, y_end: int, delta: int, share: float):
    """The hair top: the first row (from the top) where at least ``share`` of the pixels between
    x0 and x1 differ by more than ``delta`` from that row's background, the median grey of its
    two ends (each a twelfth of the width; rows whose two ends differ are not plain background and
    are passed over). None when no row before ``y_end`` qualifies."""
    x0, x1 = max(0, x0), min(w, x1)
    if x1 - x0 < 2:
        return None
    side = max(2, w // 12)
    need = share * (x1 - x0)
    tables: dict[int, bytes] = {}
    for y in range(0, max(0, min(h, y_end))):
        row = grey[y * w : (y + 1) * w]
        left, right = sorted(row[:side])[side // 2], sorted(row[w - side :])[side // 2]
        if abs(left - right) > delta:
            continue
        bg = (left + right) // 2
        table = tables.get(bg)
        if table is None:  # 1 for a grey unlike this background
            table = tables[bg] = bytes(1 if abs(v - bg) > delta else 0 for v in range(256))
        if sum(row[x0:x1].translate(table)) >= need:
            return y
    return None


def analyse(grey: bytes, w: int, h: int, p: dict, plain: bool = True) -> dict:
    """Faces and head geometry of a grey picture ``w``×``h`` (the pupil plane).

    ``p`` holds the detector parameters (content: photo.face_detector). Detection runs on a copy
    downscaled so its long side is at most ``p["detect_side"]``; a second pass at smaller
    windows (``p["fine_min"]`` of the short side) runs only when the first finds nothing.
    ``plain``: the background is one plain colour, so the head top can be found by a scan;
    otherwise it is estimated from the eyes. Returns coordinates as fractions of the picture
    (0–1), so they hold for any scale.
    """
    f = max(1, math.ceil(max(w, h) / p["detect_side"]))
    small, sw, sh = halve(grey, w, h, f)
    passes = [("coarse", p["coarse_min"])]
    if p.get("fine_min"):
        passes.append(("fine", p["fine_min"]))
    faces: list = []
    used = "coarse"
    for used, low in passes:
        plane, pw, ph, pf = small, sw, sh, f
        if used == "fine" and f > 1:  # smaller windows need more pixels: half the reduction
            pf = max(1, f // 2)
            plane, pw, ph = halve(grey, w, h, pf)
        pshort = min(pw, ph)
        factor = p["fine_scale_factor"] if used == "fine" else p["scale_factor"]
        dets = detect(plane, pw, ph, round(low * pshort), pshort, p["shift"], factor)
        faces = [
            (r * pf, c * pf, s * pf, q) for r, c, s, q in cluster(dets, p["overlap"]) if q >= p["min_score"]
        ]
        if faces:
            break
    out: dict = {"faces": len(faces), "pass": used, "width": w, "height": h}
    if not faces:
        return out
    r, c, s, q = faces[0]
    out["score"] = round(q, 2)
    out["others"] = [
        {"box": _box_frac(fr, fc, fs, w, h), "score": round(fq, 2)} for fr, fc, fs, fq in faces[1:5]
    ]
    out["box"] = _box_frac(r, c, s, w, h)
    # eyes: puploc from pico's eye windows (reference: picojs), on the full grey plane
    er, ec, es = r - 0.075 * s, 0.175 * s, 0.35 * s
    lr, lc = pupil(grey, w, h, er, c - ec, es)
    rr, rc = pupil(grey, w, h, er, c + ec, es)
    dist = math.hypot(rr - lr, rc - lc)
    roll = math.degrees(math.atan2(rr - lr, rc - lc))
    eye_y = (lr + rr) / 2
    eye_x = (lc + rc) / 2
    out["eyes"] = [[round(lc / w, 4), round(lr / h, 4)], [round(rc / w, 4), round(rr / h, 4)]]
    out["eye_distance"] = round(dist / w, 4)
    out["roll"] = round(roll, 2)
    # the eye distance is unreliable when puploc wandered: fall back to the face window
    d = dist if 0.25 * s <= dist <= 0.6 * s else 0.4 * s
    chin = eye_y + p["chin_per_eye_distance"] * d
    top = None
    if plain:
        x0, x1, y_end = round(eye_x - 0.5 * d), round(eye_x + 0.5 * d), round(eye_y - 0.8 * d)
        top = _head_top(grey, w, h, x0, x1, y_end, p["top_delta"], p["top_share"])
    estimate = eye_y - p["crown_per_eye_distance"] * d
    method = "scan"
    if top is None:
        top, method = estimate, "estimate"
    out["head"] = {
        "top": round(top / h, 4),
        "chin": round(chin / h, 4),
        "height": round((chin - top) / h, 4),
        "top_method": method,
        "top_estimate": round(estimate / h, 4),
    }
    out["centre_x"] = round(eye_x / w, 4)
    out["eye_line"] = round(eye_y / h, 4)
    return out


def settle_top(found: dict, plain: bool) -> None:
    """Keep the scanned head top only over a plain background (measured after the faces are found,
    with the heads cut out); otherwise the estimate from the eyes stands."""
    head = found.get("head")
    if plain or not head or head["top_method"] != "scan":
        return
    top = head["top_estimate"]
    head.update(top=top, height=round(head["chin"] - top, 4), top_method="estimate")


def head_masks(found: dict, w: int, h: int, p: dict) -> tuple:
    """Rectangles (x0, y0, x1, y1) of a ``w``×``h`` plane holding each head found, cut out of the
    background band, two per head: the crown, ``p["crown"]`` face-box sides wide around the box's
    centre, from the head top (the main face) or ``p["above"]`` box sides above the box (other
    faces), less a margin of ``p["margin"]`` box sides, down to the face box's top; below it,
    ``p["width"]`` box sides wide (hair beside the face, ears), down to the bottom edge (neck and
    shoulders). The crown is narrower than hair and ears: beside it, a tightly framed photo's top
    corners are still background (one wide rectangle left no background to measure there)."""
    boxes = [(found["box"], (found.get("head") or {}).get("top"))] if found.get("box") else []
    boxes += [(o["box"], None) for o in found.get("others", [])]
    out = []
    for (bx, by, bw, bh), top in boxes:
        side_x, side_y = bw * w, bh * h
        cx = (bx + bw / 2) * w
        upper = by * h - p["above"] * side_y if top is None else top * h
        upper = max(0, round(upper - p["margin"] * side_y))
        face_top = min(h, max(upper, round(by * h)))
        crown, half = p["crown"] * side_x / 2, p["width"] * side_x / 2
        if face_top > upper:
            out.append((max(0, round(cx - crown)), upper, min(w, round(cx + crown)), face_top))
        out.append((max(0, round(cx - half)), face_top, min(w, round(cx + half)), h))
    return tuple(out)


def _box_frac(r: float, c: float, s: float, w: int, h: int) -> list[float]:
    """[x, y, width, height] of a square window as fractions of the picture."""
    return [round((c - s / 2) / w, 4), round((r - s / 2) / h, 4), round(s / w, 4), round(s / h, 4)]


# ---------------------------------------------------------------------------
# the 小二寸 crop


def frame(face: dict, w: int, h: int, p: dict) -> dict | None:
    """The crop rectangle (source pixels) that frames the head as ``p`` asks, or None.

    ``p`` (content: photo.face_frame): ``ratio`` width/height, ``head`` the head height's share
    of the crop, ``top`` the hair top's share from the crop's top edge, ``min`` [w, h] the
    smallest output, ``out`` [w, h] the output size when the crop is larger (never enlarged).
    The crop stays inside the picture: when the ideal one does not fit it shrinks around the
    head (the head share grows) and moves in; when even that is below ``min`` there is no crop.
    """
    head = face.get("head")
    if not head:
        return None
    ratio = p["ratio"]
    head_px = head["height"] * h
    ch = head_px / p["head"]
    ch = min(ch, h, w / ratio)  # never larger than the picture
    cw = ch * ratio
    min_w, min_h = p["min"]
    if cw < min_w or ch < min_h:
        ch = max(ch, min_h, min_w / ratio)
        cw = ch * ratio
        if ch > h or cw > w:
            return None
    top = head["top"] * h - p["top"] * ch
    left = face["centre_x"] * w - cw / 2
    top = min(max(0.0, top), h - ch)
    left = min(max(0.0, left), w - cw)
    x, y, cw_i, ch_i = round(left), round(top), int(cw), int(ch)
    cw_i, ch_i = min(cw_i, w - x), min(ch_i, h - y)
    frac = [round(x / w, 4), round(y / h, 4), round(cw_i / w, 4), round(ch_i / h, 4)]
    out_w, out_h = p["out"]
    if cw_i > out_w:
        ow, oh = out_w, out_h
    else:
        ow, oh = cw_i, round(cw_i / ratio)
        oh = min(oh, ch_i)
    return {
        "x": x,
        "y": y,
        "width": cw_i,
        "height": ch_i,
        "out_width": ow,
        "out_height": oh,
        "head_share": round(head_px / ch_i, 4),
        # where the head lands inside the crop (fractions of the crop), to tell what it cannot fix
        "centre_x": round((face["centre_x"] * w - x) / cw_i, 4),
        "eye_line": round((face["eye_line"] * h - y) / ch_i, 4),
        "top": round((head["top"] * h - y) / ch_i, 4),
        "box": frac,
    }
