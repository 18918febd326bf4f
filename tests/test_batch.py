"""Batch checks for review staff: --jobs (a process pool), --recursive (one folder per
candidate), --csv (UTF-8 with BOM, one row per file)."""

from __future__ import annotations

import csv
import io
import json

from tests.gen.photos import FILENAMES, FIXTURES
from validator.cli import main

AS_OF = "2026-12-15"


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def candidates(root):
    """Two candidates' folders and a loose file; a hidden file that must be skipped."""
    layout = {"张三": ("photo_good", "photo_31k"), "李四": ("photo_blue",), ".": ("photo_29_5k",)}
    for folder, names in layout.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (root / folder / FILENAMES[name]).write_bytes(FIXTURES[name]())
    (root / "张三" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    return root


def test_recursive_walks_the_candidate_folders_and_csv_has_one_row_per_file(tmp_path):
    root = candidates(tmp_path / "in")
    table = tmp_path / "结果.csv"
    code, out, _ = run("photo", str(root), "--recursive", "-j", "2", "--csv", str(table), "--as-of", AS_OF)
    assert code == 1  # one photo is over 30 KB
    raw = table.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["文件", "结论", "问题代码", "说明"]
    by_path = {row[0]: row for row in rows[1:]}
    assert sorted(by_path) == [
        "photo_29_5k.jpg",
        "张三/photo_31k.jpg",
        "张三/photo_good.jpg",
        "李四/photo_blue.jpg",
    ]
    assert by_path["张三/photo_31k.jpg"][1] == "不通过"
    assert "photo.size.too_large" in by_path["张三/photo_31k.jpg"][2]
    assert "31,948" in by_path["张三/photo_31k.jpg"][3]
    # 官方写"白底" (SEED4 §二.7); a saturated blue is past any reading of white: it fails
    assert by_path["李四/photo_blue.jpg"][1] == "不通过"
    assert "photo.background.blue" in by_path["李四/photo_blue.jpg"][2]
    assert by_path["张三/photo_good.jpg"][1] == "通过"
    assert "张三/photo_31k.jpg" in out, "the summary table shows the candidate's folder"


def test_without_recursive_only_the_folder_itself(tmp_path):
    root = candidates(tmp_path / "in")
    _, out, _ = run("photo", str(root), "--json", "--as-of", AS_OF)
    assert [r["subject"] for r in json.loads(out)["reports"]] == ["photo_29_5k.jpg"]


def test_without_recursive_the_subfolders_left_out_are_counted_and_r_is_named(tmp_path):
    """Review: a folder's sub-folders were skipped silently without -r."""
    root = candidates(tmp_path / "in")
    (root / ".git").mkdir()  # hidden: not a candidate's folder, not counted
    _code, out, err = run("photo", str(root), "--as-of", AS_OF)
    assert "photo_29_5k.jpg" in out and "张三" not in out
    assert err == (
        "注意：有 2 个子文件夹没有检查，只检查了这个文件夹里的文件。要连同子文件夹里的文件一起检查"
        "（例如每位考生一个文件夹），请在命令后面加上 -r（--recursive）。\n"
    )
    _, _, err = run("photo", str(root), "-r", "--as-of", AS_OF)
    assert "子文件夹" not in err


def test_a_folder_of_only_subfolders_says_r_checks_them(tmp_path):
    root = candidates(tmp_path / "in")
    (root / "photo_29_5k.jpg").unlink()
    code, out, err = run("photo", str(root), "--as-of", AS_OF)
    assert code == 2 and out == ""
    assert err == (
        f"文件夹里没有可检查的文件：{root}。它有 2 个子文件夹，没有加 -r 时不检查子文件夹里的文件；"
        "要连同子文件夹一起检查，请在命令后面加上 -r（--recursive）。\n"
    )


def test_a_pool_gives_the_same_reports_in_the_same_order(tmp_path):
    root = candidates(tmp_path / "in")
    one = json.loads(run("photo", str(root), "-r", "--json", "--jobs", "1", "--as-of", AS_OF)[1])
    four = json.loads(run("photo", str(root), "-r", "--json", "--jobs", "4", "--as-of", AS_OF)[1])
    assert one == four and len(one["reports"]) == 4


def test_jobs_below_one_is_a_usage_error_in_chinese(tmp_path):
    candidates(tmp_path)
    code, _, err = run("photo", str(tmp_path), "--jobs", "0", "--as-of", AS_OF)
    assert code == 2 and "--jobs" in err and "收到的是：0" in err


def test_each_file_has_the_browsers_time_budget_in_the_cli_too(tmp_path):
    """Issue 17: past file.check_seconds a file's check stops and its report says so (a warning: the
    file was not judged); the next file is still checked; the pool gets the same budget."""
    import signal

    from tests.test_eligibility import with_param
    from validator import batch
    from validator.ruleset import load_default

    big = tmp_path / "big.jpg"
    big.write_bytes(FIXTURES["photo_phone_12mp"]())
    small = tmp_path / "small.jpg"
    small.write_bytes(FIXTURES["photo_good"]())
    rules = load_default()
    # content/rules/file.yaml: 20 s since 2026-12-04, the same value the browser uses
    assert batch.check_seconds(rules, "national", "2026-12-15") == 20.0
    tight = with_param(rules, "file.check_seconds", 0.001, "inferred")
    before = signal.getsignal(signal.SIGALRM)
    for jobs in (1, 2):
        reports = batch.check_many(tight, "photo", [big, small], "2026-12-15", "national", jobs=jobs)
        assert [r["subject"] for r in reports] == ["big.jpg", "small.jpg"]
        for report in reports:
            assert [f["code"] for f in report["findings"]] == ["file.too_complex"]
            assert report["verdict"] == "warn"
            assert "无法在 0.001 秒内检查完" in report["findings"][0]["message"]
    assert signal.getsignal(signal.SIGALRM) is before  # the timer's handler is put back
    ordinary = batch.check_many(rules, "photo", [big], "2026-12-15", "national")[0]
    assert "file.too_complex" not in {f["code"] for f in ordinary["findings"]}
