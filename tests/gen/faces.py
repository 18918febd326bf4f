"""ID-style photos made from real portraits (tests/faces/, not drawn by us) for the face checks.

Every fixture is a callable returning JPEG bytes (390×567, 小二寸's 33:48), like tests.gen.photos.
The portraits' own backgrounds are light grey; the canvases around them are filled with the
colour of the portrait's top-left corner, so only the face and the framing change.

    face_framed     the portrait cropped to 33:48: one face, head about 3/4 of the height
    face_zoomed_out the same at 40 % in the upper middle of the frame: the head is small
    face_rot_plus8 / face_rot_minus8   the framed photo turned 8° (anticlockwise / clockwise)
    face_offcentre  the framed photo at 75 %, moved right (its middle at 70 % of the width)
    face_two        two portraits side by side
    face_none       a document page (tests.gen.photos.document)
    face_wide       a wide 1600×1300 shot with the person small and left of centre (for the crop)
    face_at_edge    the framed photo moved left: the face at the edge, partly cut (a crop cannot centre it)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from PIL import Image

from tests.gen.photos import document, jpeg

FACES = Path(__file__).resolve().parent.parent / "faces"
W, H = 390, 567


@cache
def portrait(name: str = "idphoto-sample-2.jpg") -> Image.Image:
    return Image.open(FACES / name).convert("RGB")


def _bg(img: Image.Image) -> tuple[int, int, int]:
    return img.getpixel((2, 2))


def framed(name: str = "idphoto-sample-2.jpg") -> Image.Image:
    """The portrait (300×386) cropped to 33:48 around its middle and scaled to 390×567."""
    src = portrait(name)
    cw = round(src.height * W / H)
    x = (src.width - cw) // 2
    return src.crop((x, 0, x + cw, src.height)).resize((W, H), Image.LANCZOS)


def _canvas(colour, w: int = W, h: int = H) -> Image.Image:
    return Image.new("RGB", (w, h), colour)


def zoomed_out() -> Image.Image:
    src = framed()
    small = src.resize((round(W * 0.4), round(H * 0.4)), Image.LANCZOS)
    out = _canvas(_bg(src))
    out.paste(small, ((W - small.width) // 2, round(H * 0.08)))
    return out


def rotated(degrees: float) -> Image.Image:
    src = framed()
    return src.rotate(degrees, resample=Image.BICUBIC, fillcolor=_bg(src))


def offcentre() -> Image.Image:
    """The framed photo at 75 %, its middle at 70 % of the width (the face stays whole)."""
    src = framed()
    small = src.resize((round(W * 0.75), round(H * 0.75)), Image.LANCZOS)
    out = _canvas(_bg(src))
    out.paste(small, (round(W * 0.70 - small.width / 2), H - small.height))
    return out


def two_faces() -> Image.Image:
    left, right = portrait("idphoto-sample-1.jpg"), portrait("idphoto-sample-2.jpg")
    out = _canvas(_bg(left))
    half = W // 2
    for n, src in enumerate((left, right)):
        scaled = src.resize((half, round(src.height * half / src.width)), Image.LANCZOS)
        out.paste(scaled, (n * half, H - scaled.height))
    return out


def wide() -> Image.Image:
    """A 1600×1300 shot: the portrait at 2.2× with its top at 16 % and its centre at 35 % of the width."""
    src = portrait()
    big = src.resize((round(src.width * 2.2), round(src.height * 2.2)), Image.LANCZOS)
    out = _canvas(_bg(src), 1600, 1300)
    out.paste(big, (round(1600 * 0.35 - big.width / 2), round(1300 * 0.16)))
    return out


def at_edge() -> Image.Image:
    """The framed photo moved left by a quarter of the width: the face's middle near 25 % and the
    left of the face cut by the edge, on the portrait's own background."""
    src = framed()
    out = _canvas(_bg(src))
    out.paste(src, (-round(W * 0.25), 0))
    return out


def tight() -> Image.Image:
    """The framed photo zoomed in: its middle 80 % of the width (from 6 % down) at 33:48, scaled back to
    390×567: the head fills the picture from edge to edge, with no background beside it to measure."""
    src = framed()
    cw = round(W * 0.8)
    x, y = (W - cw) // 2, round(H * 0.06)
    return src.crop((x, y, x + cw, y + round(cw * 48 / 33))).resize((W, H), Image.LANCZOS)


def landscape_small() -> Image.Image:
    """A 360×270 landscape: the framed photo at the full 270 px height in the middle, on its own
    background. A 33:48 crop no smaller than 190 px wide would be 276 px high: it does not fit."""
    src = framed()
    tall = src.resize((round(src.width * 270 / src.height), 270), Image.LANCZOS)
    out = _canvas(_bg(src), 360, 270)
    out.paste(tall, ((360 - tall.width) // 2, 0))
    return out


def half_out() -> Image.Image:
    """The framed photo moved left by 45 % of the width: half the face is cut off by the edge (no face
    is found) and the rest of it lies in the background's right-hand sampling strip."""
    src = framed()
    out = _canvas(_bg(src))
    out.paste(src, (-round(W * 0.45), 0))
    return out


FIXTURES: dict[str, Callable[[], bytes]] = {
    "face_framed": lambda: jpeg(framed(), 70),
    "face_framed_obama": lambda: jpeg(framed("face-recognition-obama-small.jpg"), 70),
    "face_zoomed_out": lambda: jpeg(zoomed_out(), 70),
    "face_rot_plus8": lambda: jpeg(rotated(8), 70),
    "face_rot_minus8": lambda: jpeg(rotated(-8), 70),
    "face_offcentre": lambda: jpeg(offcentre(), 70),
    "face_two": lambda: jpeg(two_faces(), 70),
    "face_none": lambda: jpeg(document(W, H), 70),
    "face_wide": lambda: jpeg(wide(), 70),
    "face_at_edge": lambda: jpeg(at_edge(), 70),
    "face_tight": lambda: jpeg(tight(), 70),
    "face_landscape_small": lambda: jpeg(landscape_small(), 70),
    "face_half_out": lambda: jpeg(half_out(), 70),
    "face_id_photo_as_shot": lambda: jpeg(portrait("idphoto-sample-1.jpg"), 90),
    "face_studio_backdrop": lambda: jpeg(portrait("hivision-test0.jpg"), 90),
}
# the portraits shot against a plain background, each as a full-frame photo: their 小二寸 crop leaves
# hair and ears near the sides (face-recognition-obama-small.jpg has a real room behind him)
PORTRAITS = ("idphoto-sample-1.jpg", "idphoto-sample-2.jpg", "hivision-test0.jpg")
FILENAMES = {name: f"{name}.jpg" for name in FIXTURES}
