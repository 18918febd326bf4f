"""Batch checks for review staff: --jobs (a process pool), --recursive (one folder per
candidate), --csv (UTF-8 with BOM, one row per file)."""

from __future__ import annotations

import csv
import errno
import io
import json
import os

import pytest

from tests.gen import hostile
from tests.gen.photos import FILENAMES, FIXTURES
from validator import batch
from validator.cli import main
from validator.host_files import read_problem
from validator.ruleset import load_default

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


# A file this machine cannot read (review: the OS's English text "Permission denied" was shown, as a
# candidate's 不通过): a warning that names the reason and what to do, in Chinese; the file is not judged.
READ_WORDS = {
    "no_permission": (
        "没有读取权限",
        "运行这条命令的用户没有读取这个文件的权限。请让电脑管理员给这个文件加上读取权限，"
        "或者把文件复制到自己的文件夹里，再检查一次。",
    ),
    "gone": (
        "文件不存在或已被移走",
        "文件可能在检查时被移走、改名或删除了。请确认文件还在原处，再检查一次。",
    ),
    "other": (
        "读取出错",
        "请确认文件所在的硬盘、U 盘或网络文件夹连接正常，再检查一次；"
        "仍然出错时，把文件复制到这台电脑的硬盘上再检查。",
    ),
}


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "no_permission"),
        (PermissionError(errno.EPERM, "Operation not permitted"), "no_permission"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "gone"),
        (OSError(errno.EIO, "Input/output error"), "other"),
        (OSError("no errno at all"), "other"),
    ],
)
def test_a_file_that_cannot_be_read_is_said_in_chinese_by_its_kind(exc, kind):
    assert read_problem(exc) == kind
    report = batch.read_error(load_default(), "photo", "unread.jpg", kind)
    reason, fix = READ_WORDS[kind]
    assert report["verdict"] == "warn" and report["subject"] == "unread.jpg"
    [finding] = report["findings"]
    assert finding["code"] == "cli.read_error" and finding["severity"] == "warn"
    assert finding["message"] == (
        f"无法读取这个文件（{reason}），所以没有检查它。这是这台电脑读取文件时的问题，文件本身合不合格还不知道。"
    )
    assert finding["fix"] == fix


def test_a_file_gone_before_its_check_is_a_warning_and_the_others_are_checked(tmp_path):
    (tmp_path / "ok.jpg").write_bytes(FIXTURES["photo_good"]())
    rules = load_default()
    files = [tmp_path / "gone.jpg", tmp_path / "ok.jpg"]
    gone, ok = batch.check_many(rules, "photo", files, AS_OF, "national")
    assert gone["verdict"] == "warn" and [f["code"] for f in gone["findings"]] == ["cli.read_error"]
    assert gone["findings"][0]["fix"] == READ_WORDS["gone"][1]
    assert ok["verdict"] == "pass"


def _unread_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    unread = folder / "unread.jpg"
    unread.write_bytes(FIXTURES["photo_good"]())
    return folder, unread


def _said_in_chinese(code, out, table):
    assert code == 0  # not judged: a warning, as a file too complex to check in time
    assert "[提醒] 无法读取这个文件（没有读取权限），所以没有检查它。" in out
    assert "怎么改：运行这条命令的用户没有读取这个文件的权限。" in out
    assert "Permission" not in out
    rows = list(csv.reader(table.open(encoding="utf-8-sig")))
    assert rows[1][:3] == ["unread.jpg", "需注意", "cli.read_error"]
    assert "没有读取权限" in rows[1][3] and "Permission" not in rows[1][3]


def test_an_unreadable_file_says_why_in_chinese_in_the_text_and_the_table(tmp_path, monkeypatch):
    """The whole run, with the OS's refusal made by hand (root reads a chmod 000 file)."""
    folder, _ = _unread_folder(tmp_path)

    def refuse(fh, size):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("validator.fileinfo.source.file_source", refuse)
    table = tmp_path / "结果.csv"
    code, out, _ = run("photo", str(folder), "--csv", str(table), "--jobs", "1", "--as-of", AS_OF)
    _said_in_chinese(code, out, table)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_a_chmod_000_file_says_why_in_chinese(tmp_path):
    folder, unread = _unread_folder(tmp_path)
    unread.chmod(0)
    table = tmp_path / "结果.csv"
    try:
        code, out, _ = run("photo", str(folder), "--csv", str(table), "--as-of", AS_OF)
    finally:
        unread.chmod(0o644)
    _said_in_chinese(code, out, table)


def _big_png_folder(tmp_path):
    """A PNG whose header claims 7000×7000 (too many pixels to decode here: a note that colour,
    sharpness and brightness were not checked) and an ordinary PNG scan."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.png").write_bytes(hostile.png_claims(7000, 7000, bit_depth=8, interlace=0))
    (folder / "scan.png").write_bytes(FIXTURES["scan_png"]())
    return folder


def test_the_csv_says_which_finding_failed_warned_or_is_a_note(tmp_path):
    """Review: the 说明 cell joined several findings' messages without their severity."""
    folder = _big_png_folder(tmp_path)
    table = tmp_path / "结果.csv"
    argv = ("scan", str(folder), "--material", "diploma", "--csv", str(table), "-j", "1", "--as-of", AS_OF)
    run(*argv, "--region", "hubei")
    rows = {r[0]: r for r in csv.reader(table.open(encoding="utf-8-sig"))}
    assert rows["big.png"][2] == "scan.format.not_allowed，scan.size.too_small"
    assert rows["big.png"][3].split("\n") == [
        "[不通过] 这个文件的实际格式是 PNG，这里只接受 JPEG。",
        "[提醒] 图片是 74 字节，小于下限 100,000 字节，通常说明压缩过度、字迹不清。",
    ]
    run(*argv)  # national: the big PNG has only a note
    rows = {r[0]: r for r in csv.reader(table.open(encoding="utf-8-sig"))}
    assert rows["big.png"][3] == (
        "[说明] 这张图片的文件或像素太多，在这台设备上打开它的画面会占用过多内存，所以颜色、清晰度和亮度"
        "没有检查。这不表示文件损坏；格式、大小等其他项目已经检查。"
    )


def test_the_summary_table_lists_every_code_notes_too(tmp_path):
    """Review: the table left out notes that matter (scan.pixels.too_big: 颜色、清晰度和亮度没有检查)."""
    folder = _big_png_folder(tmp_path)
    _, out, _ = run("scan", str(folder), "--material", "diploma", "-j", "1", "--as-of", AS_OF)
    assert out.split("\n")[-5:] == [
        "文件      结论    问题代码",
        "big.png   通过    scan.pixels.too_big",
        "scan.png  需注意  scan.size.too_large",
        "共 2 个文件：通过 1 个，需注意 1 个，不通过 0 个。",
        "",
    ]
