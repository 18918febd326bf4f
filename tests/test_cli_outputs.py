"""Where the command line writes, found by a fresh staff review (issue 17 item 6).

The table and the fixed files never overwrite a candidate's file or join the files checked; a place that
cannot be written is named before the run in plain Chinese; Ctrl-C (and `kill`) stops the run saying how far
it got and leaves no worker behind; a sound photo over Pillow's default pixel guard is not called damaged.
Files are generated here; expected texts by hand from content/messages/cli.yaml and photo.yaml.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.gen import documents, jpegs
from validator import cli

AS_OF = "2026-12-15"
SMALL = jpegs.jpeg(24, 32)


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([*argv, "--as-of", AS_OF], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def png_scan(folder: Path, name: str = "diploma.png") -> Path:
    path = folder / name
    path.write_bytes(documents.all_files()["png_scan"][1])
    return path


def test_fixed_files_never_go_into_the_checked_folder(tmp_path):
    folder = tmp_path / "zhang"
    folder.mkdir()
    original = png_scan(folder)
    before = digest(original)

    for outdir in (folder, folder / "fixed"):
        code, out, err = run("scan", str(folder), "--region", "hubei", "--fix", str(outdir))
        assert code == 2
        assert "--fix 的文件夹" in err and "原件" in err and "zhang-修正" in err
        assert out == ""
    assert digest(original) == before and sorted(p.name for p in folder.iterdir()) == ["diploma.png"]


def test_the_fixer_never_writes_over_a_file_already_in_its_folder(tmp_path):
    folder, outdir = tmp_path / "zhang", tmp_path / "fixed"
    folder.mkdir()
    outdir.mkdir()
    png_scan(folder)
    (outdir / "diploma.jpg").write_bytes(b"staff's own file")

    code, _out, err = run("scan", str(folder), "--region", "hubei", "--fix", str(outdir), "--jobs", "1")

    assert code in (0, 1), err
    assert (outdir / "diploma.jpg").read_bytes() == b"staff's own file"
    assert (outdir / "diploma-2.jpg").read_bytes()[:2] == b"\xff\xd8"


def test_the_table_is_never_written_over_a_file_being_checked(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    photo = folder / "b.csv"  # --csv takes a name ending in .csv: a file checked by name may have one
    photo.write_bytes(SMALL)
    (folder / "a.jpg").write_bytes(SMALL)

    code, out, err = run("photo", str(photo), "--csv", str(photo))

    assert code == 2 and out == ""
    assert "--csv 的文件" in err and "覆盖" in err
    assert photo.read_bytes() == SMALL


def test_the_table_inside_the_checked_folder_is_not_checked(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(SMALL)
    (folder / "b.jpg").write_bytes(SMALL)
    (folder / "修正结果.csv").write_text(
        "文件,结论\n", encoding="utf-8"
    )  # the fixer's table from an earlier run
    table = folder / "结果.csv"

    run("photo", str(folder), "--csv", str(table), "--jobs", "1")

    rows = list(csv.reader(table.open(encoding="utf-8-sig")))
    assert [r[0] for r in rows[1:]] == ["a.jpg", "b.jpg"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [("missing/结果.csv", "它所在的文件夹不存在"), ("folder.csv", "是一个文件夹")],
)
def test_a_table_that_cannot_be_written_is_named_before_the_run(tmp_path, target, reason):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(SMALL)
    (tmp_path / "folder.csv").mkdir()

    code, out, err = run("photo", str(folder), "--csv", str(tmp_path / target))

    assert code == 2 and out == ""
    assert reason in err and "内部错误" not in err and "Error" not in err


def test_a_fix_folder_that_cannot_be_made_is_said_plainly(tmp_path):
    """Review: the OS's English text (an internal error) when --fix's folder could not be made."""
    scan = png_scan(tmp_path)
    (tmp_path / "a-file").write_bytes(b"")
    outdir = tmp_path / "a-file" / "修正后"

    code, out, err = run("scan", str(scan), "--fix", str(outdir))

    assert code == 2 and out == ""
    assert err == f"无法写入 {outdir}：它所在的文件夹不存在。请换一个位置，再运行一次。\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_said_plainly_after_the_results(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(SMALL)
    (folder / "b.jpg").write_bytes(SMALL)

    full = tmp_path / "满.csv"  # --csv takes a name ending in .csv
    full.symlink_to("/dev/full")

    code, out, err = run("photo", str(folder), "--csv", str(full), "--jobs", "1")

    assert code == 2
    assert "a.jpg" in out and "b.jpg" in out  # the results were shown
    assert "磁盘已满" in err and "内部错误" not in err


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _start_long_run(tmp_path: Path) -> subprocess.Popen:
    folder = tmp_path / "many"
    folder.mkdir()
    big = jpegs.jpeg(1600, 1200)
    for i in range(400):
        (folder / f"{i:03d}.jpg").write_bytes(big)
    cmd = [sys.executable, "-m", "validator", "photo", str(folder), "--jobs", "2", "--as-of", AS_OF,
           "--csv", str(tmp_path / "t.csv")]  # fmt: skip
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    for _ in range(600):  # until the pool runs (its processes exist) and a first result is out
        if len(_children(proc.pid)) >= 2 and (tmp_path / "t.csv").stat().st_size > 100:
            break
        time.sleep(0.1)
    return proc


@pytest.mark.slow  # 400 photos written, a pool started and stopped
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_ctrl_c_stops_the_run_and_says_how_far_it_got(tmp_path):
    proc = _start_long_run(tmp_path)
    workers = _children(proc.pid)

    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole group
    _out, err = proc.communicate(timeout=120)

    assert proc.returncode == 130, err
    assert "已中断：检查了 " in err and "/400 个文件" in err and "表格只含已检查的这些文件" in err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert workers and not any(_alive(w) for w in workers)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_kill_of_the_main_process_leaves_no_worker_behind(tmp_path):
    proc = _start_long_run(tmp_path)
    workers = _children(proc.pid)

    proc.terminate()  # SIGTERM to the main process only
    proc.communicate(timeout=120)
    deadline = time.monotonic() + 30
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)

    assert proc.returncode == 130
    assert workers and not any(_alive(w) for w in workers)


def test_a_sound_photo_over_pillows_default_pixel_guard_is_not_called_damaged(tmp_path):
    # 10000 × 9000 = 90,000,000 pixels: over Pillow's default guard (89,478,485) and under the content's
    # file.max_pixels (250,000,000): the photo is decoded (scaled down) and judged, never "无法打开"
    path = tmp_path / "big.jpg"
    Image.new("L", (10000, 9000), 245).save(path, "JPEG", quality=50)

    code, out, err = run("photo", str(path), "--json")

    assert "photo.integrity.undecodable" not in out and "无法解码" not in out
    assert '"verdict"' in out and code in (0, 1), err


def test_in_a_run_over_candidates_folders_each_result_names_the_folder(tmp_path):
    for who in ("cand1", "cand3"):
        (tmp_path / who).mkdir()
        (tmp_path / who / "a.jpg").write_bytes(SMALL)

    _code, out, _err = run("photo", str(tmp_path), "-r", "--jobs", "1")

    headings = [line for line in out.splitlines() if line.startswith("【")]
    assert len(headings) == 2
    assert "cand1/a.jpg" in headings[0] and "cand3/a.jpg" in headings[1]
