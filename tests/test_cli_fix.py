"""``python -m validator scan FOLDER --fix OUTDIR`` (issue 16): the fixed files and the CSV.

Expected values by hand from content/rules/scan.yaml (Hubei 省网: jpg, 102,400–500,000 bytes under the
stricter readings, 450–1300 px per side; the legibility floor 1000 px) and content/messages/cli.yaml
(the CSV's headers and outcomes).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from PIL import Image

from tests.gen import documents
from tests.test_fixplan import assert_meets

AS_OF = "2026-12-15"


def run_cli(*args):
    done = subprocess.run([sys.executable, "-m", "validator", *args], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return done


def test_fix_writes_passing_files_and_a_csv_of_before_and_after(tmp_path):
    src = tmp_path / "in"
    (src / "zhang").mkdir(parents=True)
    files = documents.all_files()
    (src / "zhang" / "scan.png").write_bytes(files["png_scan"][1])
    (src / "zhang" / "rotated.jpg").write_bytes(files["exif_rotated"][1])
    good = io.BytesIO()
    documents.document(900, 1273, noise=5, seed=3).save(good, "JPEG", quality=90)  # passes as it is
    (src / "zhang" / "good.jpg").write_bytes(good.getvalue())
    out = tmp_path / "out"
    done = run_cli(
        "scan",
        str(src),
        "-r",
        "--region",
        "hubei",
        "--material",
        "diploma",
        "--as-of",
        AS_OF,
        "--fix",
        str(out),
        "--jobs",
        "1",
        "--json",
    )
    reports = {r["path"]: r for r in json.loads(done.stdout)["reports"]}
    assert reports["zhang/scan.png"]["fix"]["output"] == "zhang/scan.jpg"
    assert reports["zhang/rotated.jpg"]["fix"]["output"] == "zhang/rotated.jpg"
    assert reports["zhang/good.jpg"]["fix"]["outcome"] == "not_needed"
    assert not (out / "zhang" / "good.jpg").exists()
    for name in ("scan.jpg", "rotated.jpg"):
        data = (out / "zhang" / name).read_bytes()
        assert_meets(data, "hubei", upright_portrait=True)
        assert reports[f"zhang/{name.replace('scan.jpg', 'scan.png')}"]["fix"]["verdict_after"] in (
            "pass",
            "warn",
        )
    with Image.open(out / "zhang" / "rotated.jpg") as im:
        assert im.getexif().get(0x0112) in (None, 1)  # upright in its pixels, no orientation mark left
    with open(out / "修正结果.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:4] == ["文件", "修正前结论", "修正结果", "修正前大小（字节）"]
    by_path = {row[0]: row for row in rows[1:]}
    assert by_path["zhang/good.jpg"][2] == "无需修正"
    scan = by_path["zhang/scan.png"]
    assert scan[2] == "已修正" and scan[5] == "zhang/scan.jpg" and scan[4] == "1700×2400 像素"
    assert int(scan[6]) == len((out / "zhang" / "scan.jpg").read_bytes())
    assert "PNG" in scan[9] and "1300" in scan[9]  # the reasons, in Chinese


def test_fix_text_output_says_where_the_file_went(tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(documents.all_files()["png_scan"][1])
    done = run_cli("scan", str(path), "--region", "beijing", "--as-of", AS_OF, "--fix", str(tmp_path / "out"))
    assert "已修正：scan.jpg" in done.stdout and "Traceback" not in done.stderr
    assert len((tmp_path / "out" / "scan.jpg").read_bytes()) <= 200000


def test_fix_into_a_file_is_a_usage_error(tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(documents.all_files()["png_scan"][1])
    (tmp_path / "taken").write_text("x")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "validator",
            "scan",
            str(path),
            "--as-of",
            AS_OF,
            "--fix",
            str(tmp_path / "taken"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "是一个文件" in done.stderr
