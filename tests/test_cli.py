"""The command line: exit codes, Chinese output, JSON, folders, usage errors (never a traceback)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from functools import cache

import pytest

from tests.conftest import ROOT
from tests.gen.photos import FILENAMES, FIXTURES
from validator.cli import main

AS_OF = "2026-12-15"


@cache
def fixture_bytes(name: str) -> bytes:
    return FIXTURES[name]()


def write(folder, *names):
    for name in names:
        (folder / FILENAMES[name]).write_bytes(fixture_bytes(name))
    return folder


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_photo_pass_exits_0_with_chinese_verdict(tmp_path, rules):
    write(tmp_path, "photo_good")
    code, out, _ = run("photo", str(tmp_path / "photo_good.jpg"), "--as-of", AS_OF)
    assert code == 0
    assert rules.fmt("cli.verdict.pass") in out
    assert rules.text("notice.photo") in out


def test_photo_warn_exits_0(tmp_path):
    write(tmp_path, "photo_29_5k")
    code, out, _ = run("photo", str(tmp_path / "photo_29_5k.jpg"), "--as-of", AS_OF)
    assert code == 0
    assert "photo.size.unclear_large" in out  # 30 200 bytes: over 30K only if K means 1000 bytes
    assert "说明：" in out and "依据：国家系统报名操作指南 · 二.7、本站推断（未确认）" in out
    assert "SEED4" not in out and "INF" not in out


def test_photo_fail_exits_1_and_shows_measured_value(tmp_path):
    write(tmp_path, "photo_31k")
    code, out, _ = run("photo", str(tmp_path / "photo_31k.jpg"), "--as-of", AS_OF)
    assert code == 1
    assert "31,948" in out


def test_json_is_one_report_object(tmp_path):
    write(tmp_path, "photo_31k")
    code, out, _ = run("photo", str(tmp_path / "photo_31k.jpg"), "--as-of", AS_OF, "--json")
    report = json.loads(out)
    assert code == 1
    assert report["verdict"] == "fail"
    assert {"code", "severity", "message"} <= set(report["findings"][0])
    assert report["findings"][0]["code"] == "photo.size.too_large"


def test_region_hubei_is_passed_through(tmp_path):
    write(tmp_path, "photo_31k")
    _, out, _ = run("photo", str(tmp_path / "photo_31k.jpg"), "--as-of", AS_OF, "--region", "hubei", "--json")
    assert "photo.size.provincial_ok" in {f["code"] for f in json.loads(out)["findings"]}


def test_as_of_changes_the_metadata_rule(tmp_path):
    write(tmp_path, "photo_exif_old")
    path = str(tmp_path / "photo_exif_old.jpg")
    assert run("photo", path, "--as-of", AS_OF)[0] == 0
    _, late, _ = run("photo", path, "--as-of", AS_OF, "--json")
    _, early, _ = run("photo", path, "--as-of", "2025-02-01", "--json")
    assert "photo.meta.old" in late
    assert "photo.meta.old" not in early


def test_folder_prints_summary_table_and_worst_exit(tmp_path, rules):
    write(tmp_path, "photo_good", "photo_31k", "photo_png", "photo_empty")
    code, out, _ = run("photo", str(tmp_path), "--as-of", AS_OF)
    assert code == 1
    assert rules.fmt("cli.table.file") in out
    for name in ("photo_good.jpg", "photo_31k.jpg", "photo_png.jpg", "photo_empty.jpg"):
        assert name in out
    assert rules.fmt("cli.table.total", n=4, passed=1, warned=0, failed=3) in out


def test_folder_json_is_one_object(tmp_path):
    write(tmp_path, "photo_good", "photo_29_5k")
    code, out, _ = run("photo", str(tmp_path), "--as-of", AS_OF, "--json")
    batch = json.loads(out)
    assert code == 0
    assert batch["verdict"] == "warn"
    assert [r["subject"] for r in batch["reports"]] == ["photo_29_5k.jpg", "photo_good.jpg"]


def test_scan_with_region_and_material(tmp_path):
    write(tmp_path, "scan_good", "scan_big_px")
    ok = run("scan", str(tmp_path / "scan_good.jpg"), "--region", "hubei", "--material", "diploma", "--json")
    assert ok[0] == 0
    assert json.loads(ok[1])["facts"]["material"] == "diploma"
    code, out, _ = run("scan", str(tmp_path / "scan_big_px.jpg"), "--region", "hubei")
    assert code == 0  # Hubei's 450–1300 px come from one undated repost: a warning
    assert "919×1300" in out and "没有日期的转载" in out


def test_hubei_takes_the_chsi_record_as_a_code(tmp_path):
    """SEED0 §二(二)3: Hubei's 省网 takes the 备案表's 在线验证码, not its image. The scan of the file
    is still checked (a reviewer may hold it), with a note that does not change the verdict; 北京
    (national upload module) uploads the file and gets no such note."""
    write(tmp_path, "scan_good")
    path = str(tmp_path / "scan_good.jpg")
    code, out, _ = run("scan", path, "--region", "hubei", "--material", "chsi-record", "--as-of", AS_OF)
    assert code == 0 and "在线验证码" in out and "不收这份材料的图片" in out
    report = json.loads(run("scan", path, "--region", "hubei", "--material", "chsi-record", "--json")[1])
    note = [f for f in report["findings"] if f["code"] == "scan.material.typed_code"]
    assert len(note) == 1 and note[0]["severity"] == "info"
    plain = json.loads(run("scan", path, "--region", "hubei", "--material", "diploma", "--json")[1])
    assert report["verdict"] == plain["verdict"]  # the note alone never changes the verdict
    other = json.loads(run("scan", path, "--region", "beijing", "--material", "chsi-record", "--json")[1])
    assert "scan.material.typed_code" not in {f["code"] for f in other["findings"]}


def test_the_typed_code_note_points_to_what_the_command_line_has(tmp_path):
    """The note on a Hubei 备案表 scan names the command that checks the code (not a web form), and a
    scan with no problem still says so below the note (a note is no problem)."""
    write(tmp_path, "scan_good")
    path = str(tmp_path / "scan_good.jpg")
    args = ("scan", path, "--region", "hubei", "--material", "chsi-record", "--as-of", AS_OF)
    code, out, _ = run(*args)
    report = json.loads(run(*args, "--json")[1])
    lines = out.splitlines()
    note = next(i for i, line in enumerate(lines) if "scan.material.typed_code" in line)
    assert "python -m validator code 验证码 --region hubei" in out
    assert "报名表填写自查" not in out
    assert [f["severity"] for f in report["findings"]] == ["info"]  # a good scan: nothing but the note
    assert "  没有发现问题。" in lines[note:]
    # the command it names exists and checks the code by the pages' rule
    code, out, _ = run("code", "acy3 rbvs-bqqd n6z1", "--region", "hubei", "--as-of", AS_OF)
    assert code == 0 and out.startswith("【验证码】学信网在线验证码")
    assert out.count("填表时输入") == 1 and "填表时输入：ACY3RBVSBQQDN6Z1" in out
    assert "没有发现问题。" in out  # the tidy-up note is no problem


@pytest.mark.parametrize(
    ("value", "exit_code", "verdict", "finding"),
    [
        ("ACY3RBVSBQQDN6Z1", 0, "pass", None),  # 16 upper-case letters and digits (G1, G2)
        ("828264861563", 0, "warn", "chsi.code.legacy"),  # 12 digits: the older form, one weak source
        ("ACY3RBVSBQQDN6Z", 1, "fail", "chsi.code.length"),  # 15 characters
    ],
)
def test_code_command_checks_the_online_verification_code(value, exit_code, verdict, finding):
    code, out, _ = run("code", value, "--region", "hubei", "--as-of", AS_OF, "--json")
    report = json.loads(out)
    assert code == exit_code and report["verdict"] == verdict
    if finding:
        assert finding in {f["code"] for f in report["findings"]}


def test_bomb_is_not_decoded(tmp_path):
    write(tmp_path, "photo_bomb")
    code, out, _ = run("photo", str(tmp_path / "photo_bomb.jpg"), "--as-of", AS_OF, "--json")
    report = json.loads(out)
    assert code == 0  # the decoder's size guard is the site's own limit: a warning, nothing decoded
    assert "file.dimensions.absurd" in {f["code"] for f in report["findings"]}
    assert "photo.integrity.undecodable" not in {f["code"] for f in report["findings"]}


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["photo"],
        ["nonsense", "x"],
        ["photo", "x.jpg", "--region", "mars"],
        ["photo", "x.jpg", "--as-of", "2026-13-01"],
        ["photo", "/no/such/file.jpg"],
    ],
)
def test_usage_errors_exit_2_with_chinese_message(argv, rules):
    code, out, err = run(*argv)
    assert code == 2
    assert "Traceback" not in out + err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err), err


def test_empty_folder_is_a_usage_error(tmp_path):
    code, _, err = run("photo", str(tmp_path))
    assert code == 2 and err


def test_id_command_calls_the_field_rules():
    code, out, _ = run("id", "11010519491231002X", "--as-of", AS_OF, "--json")
    report = json.loads(out)
    assert code == 0
    assert report["verdict"] in ("pass", "warn")
    code, out, _ = run("id", "110105194912310021", "--as-of", AS_OF, "--json")
    assert code == 1
    assert json.loads(out)["verdict"] == "fail"


def test_python_dash_m_validator_end_to_end(tmp_path):
    write(tmp_path, "photo_31k")
    proc = subprocess.run(
        [sys.executable, "-m", "validator", "photo", str(tmp_path / "photo_31k.jpg"), "--as-of", AS_OF],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1
    assert "photo.size.too_large" in proc.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "validator", "scan", str(tmp_path / "nope.jpg")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr and missing.stderr.strip()


def checkout_copy(tmp_path, with_rules: bool):
    """A source checkout in miniature: the validator package and content/messages/cli.yaml."""
    import shutil

    ignore = shutil.ignore_patterns("__pycache__", *(() if with_rules else ("_data",)))
    shutil.copytree(ROOT / "validator", tmp_path / "validator", ignore=ignore)
    messages = tmp_path / "content" / "messages"
    messages.mkdir(parents=True)
    shutil.copyfile(ROOT / "content" / "messages" / "cli.yaml", messages / "cli.yaml")
    return tmp_path


def run_in(folder, *argv) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "validator", *argv]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)


def test_missing_rules_are_explained_in_chinese(tmp_path):
    result = run_in(checkout_copy(tmp_path, with_rules=False), "id", "110101199003074514")

    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("还没有编译规则文件 validator/_data/rules.json（")
    assert "请先在项目目录运行 make rules" in result.stderr


def test_rules_older_than_content_give_a_warning(tmp_path):
    import os

    folder = checkout_copy(tmp_path, with_rules=True)
    rules_time = (folder / "validator" / "_data" / "rules.json").stat().st_mtime
    cli_yaml = folder / "content" / "messages" / "cli.yaml"
    os.utime(cli_yaml, (rules_time - 60, rules_time - 60))  # compiled after the last edit
    fresh = run_in(folder, "id", "110101199003074514")
    os.utime(cli_yaml, (rules_time + 60, rules_time + 60))  # an edit after the last `make rules`

    stale = run_in(folder, "id", "110101199003074514")

    assert fresh.returncode == 0 and "make rules" not in fresh.stderr
    assert stale.returncode == 0 and "【证件号码】" in stale.stdout
    assert stale.stderr.startswith("注意：content/ 里的文件比编译好的规则（validator/_data/rules.json）新")
    assert "请先运行 make rules，再检查（包括用 --as-of 核对新取值）" in stale.stderr
