"""Real file format by magic bytes, whatever the file name says.

>>> sniff(b"\\xff\\xd8\\xff\\xe0")
('jpeg', '')
>>> sniff(b"\\x89PNG\\r\\n\\x1a\\n")
('png', '')
>>> sniff(b"\\x00\\x00\\x00\\x1cftypavif\\x00\\x00\\x00\\x00avifmif1miaf")
('avif', 'avif')
>>> sniff(b"\\x00\\x00\\x00\\x18ftypheic\\x00\\x00\\x00\\x00mif1heic")
('heic', 'heic')
>>> sniff(b"")
('empty', '')
"""

from __future__ import annotations

# ISO BMFF brands (ftyp box) of HEIF stills and sequences; mif1/msf1 are generic HEIF.
HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
)
AVIF_BRANDS = frozenset({b"avif", b"avis"})
FTYP_WINDOW = 256  # brands read from the ftyp box (real boxes are a few dozen bytes)
PDF_WINDOW = 1024  # PDF 1.7 §7.5.2 readers accept the header within the first 1024 bytes
SNIFF_BYTES = max(FTYP_WINDOW, PDF_WINDOW)  # what sniff() looks at: the start of the file only

MAGIC = (
    (b"\xff\xd8", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),  # BigTIFF
    (b"MM\x00+", "tiff"),
    (b"BM", "bmp"),
)


def sniff(data: bytes) -> tuple[str, str]:
    """Return (format, detail); detail names the brand for ISO BMFF files."""
    if not data:
        return "empty", ""
    for magic, name in MAGIC:
        if data.startswith(magic):
            return name, ""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp", ""
    if data[4:8] == b"ftyp":
        return _ftyp(data)
    if b"%PDF-" in data[:PDF_WINDOW]:
        return "pdf", ""
    return "other", ""


def _ftyp(data: bytes) -> tuple[str, str]:
    """AVIF or HEIC/HEIF by the ftyp box's major and compatible brands; video is "other"."""
    size = int.from_bytes(data[0:4], "big")
    major = data[8:12]
    end = min(len(data), max(size, 16), FTYP_WINDOW)
    brands = {major} | {data[i : i + 4] for i in range(16, end - 3, 4)}
    label = major.decode("latin-1").strip()
    if brands & AVIF_BRANDS and major not in HEIF_BRANDS - {b"mif1", b"msf1"}:
        return "avif", label
    if brands & HEIF_BRANDS:
        return "heic", label
    return "other", label
