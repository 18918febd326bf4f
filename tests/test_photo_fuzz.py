"""Any bytes, any pixel buffer, any file name: the photo and scan checks return a report, never raise."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gen.photos import FIXTURES
from validator import photo, scan
from validator.context import Context
from validator.pixels import Image

GOOD = FIXTURES["photo_good"]()


@st.composite
def images(draw):
    w = draw(st.integers(1, 24))
    h = draw(st.integers(1, 24))
    ch = draw(st.sampled_from([1, 3, 4]))
    broken = draw(st.booleans())
    size = w * h * ch + (draw(st.integers(-3, 3)) if broken else 0)
    return Image(w, h, draw(st.binary(min_size=max(0, size), max_size=max(0, size))), ch)


def mutate(data: bytes, cut: int, flips: list[tuple[int, int]]) -> bytes:
    buf = bytearray(data[: max(0, len(data) - cut)])
    for pos, val in flips:
        if buf:
            buf[pos % len(buf)] = val
    return bytes(buf)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    image=st.one_of(st.none(), images()),
    cut=st.integers(0, 400),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8),
    name=st.sampled_from(["", "a.jpg", "b.PNG", "c", ".jpg", "照片.jpeg", "x.y.webp"]),
    region=st.sampled_from(["national", "hubei"]),
    decode_error=st.one_of(st.none(), st.text(max_size=20)),
)
def test_mutated_jpegs_never_raise(rules, image, cut, flips, name, region, decode_error):
    ctx = Context(rules=rules, as_of=date(2026, 12, 15), region=region)
    data = mutate(GOOD, cut, flips)
    for report in (
        photo.check_photo(data, ctx, image, name, decode_error=decode_error),
        scan.check_scan(data, ctx, image, name, material="diploma", decode_error=decode_error),
    ):
        out = report.to_dict()
        assert out["verdict"] in ("pass", "warn", "fail")
        assert all(f["message"] for f in out["findings"])


@SETTINGS
@given(data=st.binary(max_size=600), image=st.one_of(st.none(), images()))
def test_random_bytes_never_raise(rules, data, image):
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    assert photo.check_photo(data, ctx, image, "x.jpg").verdict in ("pass", "warn", "fail")
    assert scan.check_scan(data, ctx, image, "x.jpg").verdict in ("pass", "warn", "fail")
