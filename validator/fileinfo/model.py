"""The facts read from a file's bytes: :class:`FileInfo` and :class:`JpegInfo`.

Everything here is plain data; the parsers in this package fill it in and the
rules (photo, scan) read it. ``to_dict()`` gives JSON-ready facts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class JpegInfo:
    """What a JPEG marker walk found (see :mod:`validator.fileinfo.jpeg`)."""

    sof: int | None = None  # frame marker low byte, 0xC0..0xCF
    coding: str = ""  # baseline | extended | progressive | lossless | arithmetic | hierarchical
    progressive: bool = False
    arithmetic: bool = False
    lossless: bool = False
    hierarchical: bool = False
    precision: int = 0
    width: int = 0
    height: int = 0
    components: int = 0
    component_ids: list[int] = field(default_factory=list)
    sampling: list[list[int]] = field(default_factory=list)  # [h, v] per component
    colourspace: str = ""  # grey | ycbcr | rgb | cmyk | ycck | other
    adobe_transform: int | None = None
    jfif: dict | None = None  # {version, units, x_density, y_density}
    exif: dict | None = None  # see validator.fileinfo.exif
    orientation: int | None = None
    datetime_original: str | None = None  # "YYYY:MM:DD HH:MM:SS" as written (DateTime as fallback)
    icc: bool = False
    qtables: list[dict] = field(default_factory=list)  # [{id, precision, values (natural order)}]
    quality: int | None = None  # estimated IJG quality
    quality_exact: bool = False  # the tables are exactly IJG's standard tables scaled
    restart_interval: int = 0
    scans: int = 0
    sos: bool = False
    eoi: bool = False
    notes: list[str] = field(default_factory=list)  # tolerated oddities (not errors)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["qtables"] = [{"id": t["id"], "precision": t["precision"]} for t in self.qtables]
        return out


@dataclass
class FileInfo:
    """Facts about one file, whatever its name says.

    ``format`` is the real format by magic bytes: jpeg, png, gif, webp, heic,
    bmp, tiff, pdf, other, or empty. ``problems`` are fatal structure errors
    (codes such as ``no_frame``); ``truncated`` carries its own reason.
    """

    size: int = 0
    format: str = "empty"
    detail: str = ""  # e.g. the ftyp brand, the PNG colour type name
    width: int | None = None
    height: int | None = None
    colour: str = ""  # grey | ycbcr | rgb | cmyk | ycck | palette | rgba | greya | other
    bit_depth: int | None = None
    interlaced: bool = False  # PNG Adam7: decoders keep a second full-size buffer
    truncated: bool = False
    truncation: str = ""  # no_eoi | scan_cut | segment_cut | header_cut | chunk_cut
    truncated_at: int | None = None
    problems: list[str] = field(default_factory=list)
    trailing_bytes: int = 0
    trailing_kind: str = ""  # "" | zero | jpeg_image | other_data
    limits_exceeded: list[str] = field(default_factory=list)  # max_pixels | max_side | max_scans
    capped: bool = False  # larger than max_bytes_analyzed: only the head was read
    analyzed_bytes: int = 0
    head_hex: str = ""  # the first bytes, for messages about unknown formats
    jpeg: JpegInfo | None = None

    @property
    def pixels(self) -> int | None:
        if self.width is None or self.height is None:
            return None
        return self.width * self.height

    def to_dict(self) -> dict:
        out = asdict(self)
        out["pixels"] = self.pixels
        out["jpeg"] = self.jpeg.to_dict() if self.jpeg else None
        return out
