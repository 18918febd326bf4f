"""What the face model misses: real portraits (tests/faces/) as 小二寸 and simulated hard cases.

    .venv/bin/python -m scripts.face_misses

For each portrait, framed as the tests frame it (tests.gen.faces.framed), the analysis the photo check runs
(validator.pixels.prepare to photo.analysis_max_side, luma, validator.face.analyse with the content's
detector parameters) on the photo as it is and on three edits made by this script, from the eye points
found on the unedited photo:

* eyes closed: each eye's area (0.45 × the eye distance wide, 0.22 high) filled with the skin tone just
  below it (a simulation: a real closed eye keeps lashes and a crease);
* glare on glasses: a white disc (0.14 × the eye distance across) on each pupil;
* very light hair on white: pixels above the eye line darker than the skin turned to a light grey
  close to the background (a simulation of blond or grey hair on white).

It prints whether a face is found, how far each eye point moves (in eye distances), the roll change and
the head top change (in picture heights) against the unedited photo. A report for the issue note, not a test:
the edits are simulations and the expected behaviour for them is not in any source.
"""

from __future__ import annotations

import math
import sys
from datetime import date

from PIL import Image, ImageDraw

from tests.gen import faces
from validator import face
from validator import pixels as px
from validator.ruleset import load_default

AS_OF = date(2026, 12, 15)
PORTRAITS = (
    "idphoto-sample-1.jpg",
    "idphoto-sample-2.jpg",
    "hivision-test0.jpg",
    "face-recognition-obama-small.jpg",
)


def analyse(img: Image.Image, detector: dict, side: int) -> dict:
    rgb = img.convert("RGB")
    planes = px.prepare(px.Image(rgb.width, rgb.height, rgb.tobytes(), 3), side)
    return face.analyse(px.luma(planes), planes.width, planes.height, detector)


def eyes_px(res: dict, img: Image.Image) -> list[tuple[float, float]]:
    return [(x * img.width, y * img.height) for x, y in res["eyes"]]


def closed(img: Image.Image, eyes) -> Image.Image:
    out = img.copy()
    draw = ImageDraw.Draw(out)
    d = math.dist(*eyes)
    for x, y in eyes:
        skin = img.getpixel((round(x), min(img.height - 1, round(y + 0.35 * d))))
        draw.ellipse((x - 0.225 * d, y - 0.11 * d, x + 0.225 * d, y + 0.11 * d), fill=skin)
    return out


def glare(img: Image.Image, eyes) -> Image.Image:
    out = img.copy()
    draw = ImageDraw.Draw(out)
    r = 0.07 * math.dist(*eyes)
    for x, y in eyes:
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255))
    return out


def light_hair(img: Image.Image, eyes) -> Image.Image:
    out = img.copy()
    eye_y = min(y for _, y in eyes)
    skin = sum(img.convert("L").getpixel((round(x), round(y + 0.5 * math.dist(*eyes)))) for x, y in eyes) / 2
    bg = img.getpixel((2, 2))
    light = tuple(max(0, c - 18) for c in bg)
    pix = out.load()
    grey = img.convert("L").load()
    for yy in range(round(eye_y - 0.1 * math.dist(*eyes))):
        for xx in range(img.width):
            if grey[xx, yy] < skin - 25:
                pix[xx, yy] = light
    return out


def row(name: str, base: dict, res: dict) -> str:
    if not res.get("faces"):
        return f"  {name:16s} no face found"
    moved = [math.dist(a, b) / base["eye_distance"] for a, b in zip(res["eyes"], base["eyes"], strict=True)]
    roll = res["roll"] - base["roll"]
    top = res["head"]["top"] - base["head"]["top"]
    return (
        f"  {name:16s} faces {res['faces']}, eyes moved {moved[0]:.2f} / {moved[1]:.2f} eye distances, "
        f"roll {roll:+.1f}°, head top {top:+.3f} ({res['head']['top_method']})"
    )


def main() -> int:
    rules = load_default()
    detector = rules.param("photo.face_detector", "national", AS_OF).value
    side = rules.param("photo.analysis_max_side", "national", AS_OF).value
    for name in PORTRAITS:
        img = faces.framed(name)
        base = analyse(img, detector, side)
        print(f"{name} (framed 390×567): faces {base['faces']}")
        if not base.get("faces"):
            continue
        eyes = eyes_px(base, img)
        for label, edit in (("eyes closed", closed), ("glare on glasses", glare), ("light hair", light_hair)):
            print(row(label, base, analyse(edit(img, eyes), detector, side)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
