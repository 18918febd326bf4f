"""A CLI staff can trust on big folders (issue 17 item 6): CSV cells never run as formulas, file
names with control characters are escaped in every output, FIFOs, devices and symlink loops are
named and skipped (never opened), --jobs is capped by cores and memory, results stream with a
progress line on a terminal, and memory stays flat with the number of files.

Files are generated here; expected values written by hand from the issue and cli.yaml.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tracemalloc

import pytest

from tests.gen import jpegs
from validator import batch, cli

AS_OF = "2026-12-15"
SMALL = jpegs.jpeg(24, 32)


def run(*argv, tty: bool = False) -> tuple[int, str, str]:
    out = io.StringIO()
    err = _Tty() if tty else io.StringIO()
    code = cli.main([*argv, "--as-of", AS_OF], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("name", ["=HYPERLINK(\"x\").jpg", "+1.jpg", "-2.jpg", "@SUM(A1).jpg"])
def test_csv_cells_never_start_a_formula(tmp_path, name):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(SMALL)
    (folder / "plain.jpg").write_bytes(SMALL)
    table = tmp_path / "out.csv"
    run("photo", str(folder), "--csv", str(table), "--jobs", "1")
    rows = list(csv.reader(table.open(encoding="utf-8-sig")))
    paths = [r[0] for r in rows[1:]]
    assert "'" + name in paths and "plain.jpg" in paths
    assert not any(c.startswith(("=", "+", "-", "@")) for r in rows for c in r)


def test_a_newline_in_a_file_name_cannot_forge_a_row(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\n通过  pass.jpg").write_bytes(SMALL)
    (folder / "b\t\x1b[2Jc.jpg").write_bytes(SMALL)
    _code, out, err = run("photo", str(folder), "--jobs", "1")
    assert "\x1b" not in out + err and "\t" not in out
    assert "a\\u000a通过" in out and "b\\u0009\\u001b[2Jc.jpg" in out
    table = out[out.rindex("文件  ") if "文件  " in out else 0 :]
    assert len([line for line in table.splitlines() if line.strip()]) == 4  # head, 2 files, total
    _, text, _ = run("photo", str(folder), "--jobs", "1", "--json")
    reports = json.loads(text)["reports"]
    assert sorted(r["path"] for r in reports) == ["a\\u000a通过  pass.jpg", "b\\u0009\\u001b[2Jc.jpg"]


@pytest.fixture
def specials(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.jpg").write_bytes(SMALL)
    os.mkfifo(folder / "pipe.jpg")
    os.symlink("loop.jpg", folder / "loop.jpg")  # points at itself
    os.symlink("gone.jpg", folder / "dangling.jpg")
    return folder


def test_fifos_and_symlink_loops_are_named_and_skipped(specials):
    _code, out, err = run("photo", str(specials), "--jobs", "1")
    assert "跳过 pipe.jpg：这是命名管道（FIFO）" in err
    assert "跳过 loop.jpg：这是循环的符号链接" in err
    assert "跳过 dangling.jpg：这是指向不存在文件的符号链接" in err
    assert "找不到" not in out + err
    assert "good.jpg" in out and "共 1 个文件" in out


@pytest.mark.parametrize(("target", "words"), [("pipe.jpg", "命名管道"), ("loop.jpg", "循环的符号链接")])
def test_a_special_path_is_a_usage_error_naming_its_kind(specials, target, words):
    code, _out, err = run("photo", str(specials / target))
    assert code == cli.EXIT_USAGE and words in err and "找不到" not in err and "Traceback" not in err


def test_a_device_is_named(tmp_path):
    code, _, err = run("photo", "/dev/null")
    assert code == cli.EXIT_USAGE and "设备文件" in err


def test_jobs_are_capped_by_cores_and_memory():
    gib = 1024**3
    assert batch.cap_jobs(64, cores=2, memory=16 * gib) == 2
    assert batch.cap_jobs(8, cores=16, memory=1 * gib) == 2  # 512 MiB a worker
    assert batch.cap_jobs(3, cores=16, memory=64 * gib) == 3
    assert batch.cap_jobs(4, cores=4, memory=100) == 1


def test_too_many_jobs_are_capped_with_a_note(tmp_path):
    (tmp_path / "a.jpg").write_bytes(SMALL)
    _code, out, err = run("photo", str(tmp_path), "--jobs", "4096")
    assert "--jobs 4096" in err and "a.jpg" in out


def test_results_stream_in_order_with_a_progress_line_on_a_terminal(tmp_path):
    for i in range(6):
        (tmp_path / f"{i:02d}.jpg").write_bytes(SMALL)
    _code, out, err = run("photo", str(tmp_path), "--jobs", "2", tty=True)
    assert "已检查 6/6 个文件" in err and "\r" in err
    heads = [line for line in out.splitlines() if ".jpg" in line and "照片" in line]
    assert heads == sorted(heads) and len(heads) == 6
    _, _out_pipe, err_pipe = run("photo", str(tmp_path), "--jobs", "2")
    assert "已检查" not in err_pipe  # no progress line into a file or a pipe


def test_check_stream_yields_every_file_once_with_a_pool(tmp_path):
    paths = []
    for i in range(30):
        path = tmp_path / f"{i:02d}.jpg"
        path.write_bytes(SMALL)
        paths.append(path)
    rules = cli.load_default()
    seen = sorted(i for i, _ in batch.check_stream(rules, "photo", paths, AS_OF, "national", jobs=2))
    assert seen == list(range(30))


@pytest.mark.slow  # files through the CLI under tracemalloc: ~30 s on a quiet runner, more under load
def test_memory_stays_flat_with_the_number_of_files(tmp_path):
    def peak(n: int) -> int:
        folder = tmp_path / f"n{n}"
        folder.mkdir()
        for i in range(n):
            (folder / f"{i:04d}.jpg").write_bytes(SMALL)
        tracemalloc.start()
        argv = ["photo", str(folder), "--jobs", "1", "--csv", str(tmp_path / f"{n}.csv"), "--as-of", AS_OF]
        cli.main(argv, out=_Discard(), err=_Discard())  # the output itself is not kept by the test either
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    peak(5)  # a first run fills what is loaded once (rules, face models, caches): not a per-file cost
    small, large = peak(20), peak(100)
    # 80 more files: the reports are written and dropped, one small summary row each is kept
    assert large - small < 80 * 1024, (small, large)  # under 1 KB a file (20,000 files: < 20 MB)


class _Discard(io.StringIO):
    def write(self, text: str) -> int:
        return len(text)
