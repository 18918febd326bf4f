"""A usage error on the command line is said in Chinese (a review, s11: review staff read
用法有误：the following arguments are required: PATH, argparse's English). Expected lines are
written by hand from content/messages/cli.yaml."""

from __future__ import annotations

import io

import pytest

from validator import cli

# a usage error points to the help of the command it was made in (review s12 F5: the top help has no --csv)
TAIL = "。运行 python -m validator photo --help 查看用法。"
TOP_TAIL = "。运行 python -m validator --help 查看用法。"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["photo"], "用法有误：缺少必须写的参数 PATH"),
        (["bogus"], "用法有误：命令 没有 bogus 这一项，可以写 photo、scan、id、code、pathway"),
        (["photo", "a.jpg", "--bogus"], "用法有误：不认识这些参数：--bogus"),
        (["photo", "a.jpg", "--jobs"], "用法有误：--jobs/-j 后面要写一个值"),
        (["photo", "a.jpg", "--jobs", "abc"], "用法有误：--jobs/-j 的值 abc 写得不对"),
        (["photo", "a.jpg", "--re", "x"], "用法有误：--re 可能是 --recursive、--region 中的任何一个，请写全"),
    ],
    ids=["required", "choice", "unrecognized", "one_value", "bad_value", "ambiguous"],
)
def test_a_usage_error_is_said_in_chinese(argv, said):
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, out=out, err=err)
    assert code == cli.EXIT_USAGE
    assert err.getvalue().strip() == said + (TOP_TAIL if argv[0] == "bogus" else TAIL)


def test_an_unforeseen_usage_error_gives_no_english():
    from validator.ruleset import load_default

    said = cli.usage_detail(load_default(), "argument --x: not allowed with argument --y")
    assert said == "参数写得不对"


def test_csv_does_not_take_the_file_to_check_for_its_table(tmp_path):
    """`photo --csv 照片.jpg` took the photo as the table's name and said PATH was missing (review m7):
    --csv takes a name ending in .csv, and says so; the photo is not written over."""
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    for argv, value in (
        (["photo", "--csv", str(photo)], str(photo)),
        (["scan", "--csv", "结果.png", str(photo)], "结果.png"),
    ):
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(argv, out=out, err=err)
        assert code == cli.EXIT_USAGE and out.getvalue() == ""
        command = argv[0]
        assert err.getvalue().strip() == (
            f"用法有误：--csv 后面要写表格的文件名，以 .csv 结尾，但写的是 {value}。要检查的文件或文件夹写在"
            f" --csv 前面，例如：python -m validator {command} 照片.jpg --csv 结果.csv"
            f"。运行 python -m validator {command} --help 查看用法。"
        )
    assert photo.read_bytes() == b"\xff\xd8\xff"


def test_fix_does_not_take_the_file_to_check_for_its_folder(tmp_path):
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    out, err = io.StringIO(), io.StringIO()

    code = cli.main(["scan", "--fix", str(scan)], out=out, err=err)

    assert code == cli.EXIT_USAGE
    assert err.getvalue().strip() == (
        f"用法有误：--fix 后面要写放修正结果的文件夹，但 {scan} 是一个文件。"
        "要检查的文件或文件夹写在 --fix 前面，例如：python -m validator scan 扫描件文件夹 --fix 修正后"
        "。运行 python -m validator scan --help 查看用法。"
    )
