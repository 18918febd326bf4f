"""A usage error on the command line is said in Chinese (a review, s11: review staff read
用法有误：the following arguments are required: PATH, argparse's English). Expected lines are
written by hand from content/messages/cli.yaml."""

from __future__ import annotations

import io

import pytest

from validator import cli

TAIL = "。运行 python -m validator --help 查看用法。"


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
    assert err.getvalue().strip() == said + TAIL


def test_an_unforeseen_usage_error_gives_no_english():
    from validator.ruleset import load_default

    said = cli.usage_detail(load_default(), "argument --x: not allowed with argument --y")
    assert said == "参数写得不对"
