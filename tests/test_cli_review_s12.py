"""Review s12 (F5, F6, F13) on the command line review staff use. Expected lines are written by hand
from content/messages/cli.yaml and content/regions.yaml."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.gen import jpegs
from validator import cli

AS_OF = "2026-12-15"
SMALL = jpegs.jpeg(24, 32)


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([*argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# F13 -----------------------------------------------------------------------------------------------
def test_a_table_written_into_the_checked_folder_is_not_checked_on_the_next_run(tmp_path):
    folder = tmp_path / "照片"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(SMALL)
    (folder / "b.jpg").write_bytes(SMALL)
    table = folder / "结果.csv"
    _, out, _ = run("photo", "--csv", str(table), str(folder), "--as-of", AS_OF, "--jobs", "1")
    assert out.strip().splitlines()[-1].startswith("共 2 个文件：")  # no tables yet: nothing said of them
    assert table.exists()
    (folder / "名单.CSV").write_text("姓名,身份证号\n", encoding="utf-8")  # staff's own list

    _, out, _ = run("photo", str(folder), "--as-of", AS_OF, "--jobs", "1")

    assert "【照片】结果.csv" not in out and "名单.CSV" not in out.split("共 ")[0]
    lines = out.strip().splitlines()
    assert lines[-2].startswith("共 2 个文件：")
    assert lines[-1] == "另有 2 个表格文件（.csv）没有检查，不算在内：名单.CSV、结果.csv"
    report = json.loads(run("photo", str(folder), "--as-of", AS_OF, "--jobs", "1", "--json")[1])
    assert [r["subject"] for r in report["reports"]] == ["a.jpg", "b.jpg"]


def test_a_table_in_a_candidates_sub_folder_is_not_checked_either(tmp_path):
    one = tmp_path / "all" / "张三"
    one.mkdir(parents=True)
    (one / "a.jpg").write_bytes(SMALL)
    (one / "结果.csv").write_bytes(b"\xef\xbb\xbf\xe6\x96\x87\xe4\xbb\xb6\n")

    _, out, _ = run("photo", str(tmp_path / "all"), "-r", "--as-of", AS_OF, "--jobs", "1", "--csv",
                       str(tmp_path / "t.csv"))  # fmt: skip

    rows = list(csv.reader((tmp_path / "t.csv").open(encoding="utf-8-sig")))
    assert [r[0] for r in rows[1:]] == ["张三/a.jpg"]
    assert out.strip().splitlines()[-1] == "另有 1 个表格文件（.csv）没有检查，不算在内：张三/结果.csv"


# F5 ------------------------------------------------------------------------------------------------
NAME = "用法有误：--csv 后面要写表格的文件名，以 .csv 结尾，但写的是 {value}"
ORDER = "。要检查的文件或文件夹写在 --csv 前面，例如：python -m validator {command} 照片.jpg --csv 结果.csv"
HELP = "。运行 python -m validator {command} --help 查看用法。"


def test_csv_says_the_order_only_when_its_value_looks_like_the_file_to_check(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jpg").write_bytes(SMALL)
    (tmp_path / "files").mkdir()
    cases = [
        (["photo", "a.jpg", "--csv", "结果"], "结果", False),  # order already right, a plain name
        (["scan", "a.jpg", "--csv", "表格.xlsx"], "表格.xlsx", False),
        (["photo", "--csv", "a.jpg", "b.jpg"], "a.jpg", True),  # an existing file
        (["photo", "--csv", "files", "a.jpg"], "files", True),  # an existing folder
        (["scan", "--csv", "不在这里.JPEG", "a.jpg"], "不在这里.JPEG", True),  # an image's name
        (["photo", "--csv", "扫描件.pdf", "a.jpg"], "扫描件.pdf", True),
    ]
    for argv, value, order in cases:
        code, out, err = run(*argv)
        command = argv[0]
        expected = NAME.format(value=value) + (ORDER.format(command=command) if order else "")
        assert code == cli.EXIT_USAGE and out == ""
        assert err.strip() == expected + HELP.format(command=command), argv


def test_every_usage_error_points_to_the_help_of_the_command_it_was_made_in():
    """The top help does not show a sub-command's options (--csv, --region …); a mistake made before
    any sub-command still points to the top help."""
    cases = [
        (["photo"], "python -m validator photo"),
        (["scan", "a.jpg", "--bogus"], "python -m validator scan"),  # argparse's top parser says this one
        (["id", "1", "--type", "x"], "python -m validator id"),
        (["code"], "python -m validator code"),
        (["photo", "a.jpg", "--jobs", "abc"], "python -m validator photo"),
        (["pathway", "--bogus"], "python -m validator pathway"),
        (["bogus"], "python -m validator"),
    ]
    for argv, prog in cases:
        code, _, err = run(*argv)
        assert code == cli.EXIT_USAGE
        assert err.strip().endswith(f"。运行 {prog} --help 查看用法。"), (argv, err)


# F6 ------------------------------------------------------------------------------------------------
def test_region_takes_the_chinese_short_and_full_names(tmp_path):
    photo = tmp_path / "a.jpg"
    photo.write_bytes(SMALL)
    cases = [
        ("河南", "henan"), ("河南省", "henan"), ("河南考区", "henan"), ("henan", "henan"), ("Henan", "henan"),
        ("广西壮族自治区", "guangxi"), ("广西", "guangxi"), ("北京市", "beijing"),
        ("新疆维吾尔自治区", "xinjiang"), ("内蒙古自治区", "neimenggu"), ("宁夏回族自治区", "ningxia"),
    ]  # fmt: skip
    for value, region in cases:
        code, out, err = run("scan", str(photo), "--region", value, "--as-of", AS_OF, "--json")
        assert code in (0, 1), (value, err)
        assert json.loads(out)["facts"]["region"]["id"] == region, value


# an unknown --region or --material: a usage error naming what can be written, each id with its name
REGION_SAID = "没有这个考区：{}。可以写考区 id 或省份名（例如 henan、河南、河南省），可用的考区 id："
MATERIAL_SAID = "没有这种材料：{}。可以写材料 id 或材料名称（例如 diploma、毕业证书），可用的材料 id："
MATERIALS_LISTED = ["diploma（毕业证书）", "id-card（居民身份证）"]
UNKNOWN_CHOICES = [
    *(("photo", "--region", v, REGION_SAID, ["henan（河南）"]) for v in ["河", "河南市场", "火星", "省"]),
    ("photo", "--region", "mars", REGION_SAID, ["henan（河南）"]),
    # review: --material foo only added a note under a confident check
    *(("scan", "--material", v, MATERIAL_SAID, MATERIALS_LISTED) for v in ["foo", "毕业", "Diploma证书"]),
]


@pytest.mark.parametrize(("op", "option", "value", "said", "listed"), UNKNOWN_CHOICES)
def test_an_unknown_region_or_material_is_a_clear_usage_error(tmp_path, op, option, value, said, listed):
    path = tmp_path / "a.jpg"
    path.write_bytes(SMALL)
    code, out, err = run(op, str(path), option, value)
    assert code == cli.EXIT_USAGE and out == ""
    assert err.startswith(said.format(value))
    assert all(item in err for item in listed), err


# --material is checked as --region is (review: --material foo only added a note under a confident check)
@pytest.mark.parametrize(
    ("value", "material"),
    [("diploma", "diploma"), ("DIPLOMA", "diploma"), ("毕业证书", "diploma"), ("居民身份证", "id-card")],
)
def test_material_takes_its_id_or_its_chinese_name(tmp_path, value, material):
    scan = tmp_path / "a.jpg"
    scan.write_bytes(SMALL)
    code, out, err = run("scan", str(scan), "--material", value, "--as-of", AS_OF, "--json")
    assert code in (0, 1), err
    assert json.loads(out)["facts"]["material"] == material


# pathway: a key the finder does not ask is a usage error (review: "foo=bar" was answered confidently)
def test_pathway_names_the_keys_it_does_not_know_and_lists_the_known_ones():
    code, out, err = run("pathway", "foo=bar&id=mainland&lv=bachelor&Mj=clinical", "--as-of", AS_OF)
    assert code == cli.EXIT_USAGE and out == ""
    assert err == (
        "查询里有报考路径查询不认识的项：foo、Mj。请从查询页面复制完整的网址，或者只写这些项："
        "id、lv、mj、md、en、cg、gr、md2、en2、ct、cc、cr、xz、rg、tl、tc、tw。\n"
    )


def test_pathway_takes_a_shared_links_date_and_step_as_known():
    link = "https://example.org/tools/pathway/?id=mainland&lv=bachelor&mj=clinical&as_of=2026-12-15&step=3"
    code, _out, err = run("pathway", link, "--as-of", AS_OF)
    assert code in (0, 1) and "不认识" not in err
