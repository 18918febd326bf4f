"""Hubei's 学信网备案表 is typed in as its 在线验证码, not uploaded (issue 21 item 6).

Seed 000 §二(二)3: in Hubei's 省网, choosing 《教育部学历证书电子注册备案表》 as the proof
of a degree means "填写在线验证码完成学历验证，并上传毕业证书" (the screenshot:
"在线验证码: 未填写 毕业证书: 未上传"). So where the 考区 uses Hubei's 省网 the 备案表 is a
code field; the national module and the 考区 whose upload system is not known keep the
upload slot (no source says they take the code). The code's format is the form check's
(16 upper-case letters and digits, G1/G2/E3; a 12-digit legacy form only warns). Expected values by hand.
"""

from __future__ import annotations

import io
import json

import pytest

from tests.eligibility_profiles import AS_OF, PROFILES
from validator.api import run
from validator.cli import main
from validator.ruleset import load_default

CODE_LABEL = "备案表的在线验证码"  # content/materials.yaml chsi-record code.label


def cli(query: str, *flags: str) -> str:
    out = io.StringIO()
    assert main(["pathway", query, *flags, "--as-of", AS_OF], out=out, err=io.StringIO()) == 0
    return out.getvalue()


def with_region(query: str, region: str) -> str:
    return query.replace("rg=national", f"rg={region}")


def test_the_rule_set_says_which_upload_system_takes_the_code():
    rules = load_default()
    code = rules.data["materials"]["chsi-record"]["code"]
    assert code["kind"] == "chsi_code"
    assert code["typed_in"] == ["hubei-site"]  # Hubei's 省网 (SEED0)
    assert code["confidence"] == "seed"
    assert rules.typed_code("chsi-record", "hubei")["label"] == CODE_LABEL
    # the national module (北京, 江苏), an unknown upload system (上海, 广东), and no 考区 chosen yet
    for region in ("beijing", "jiangsu", "shanghai", "guangdong", "national"):
        assert rules.typed_code("chsi-record", region) is None, region
    # in Hubei the 毕业证书 is still uploaded, and the 认证报告 has no code
    assert rules.typed_code("diploma", "hubei") is None
    assert rules.typed_code("cert-report", "hubei") is None


@pytest.mark.parametrize(
    ("region", "code"),
    [("hubei", CODE_LABEL), ("beijing", ""), ("shanghai", ""), ("national", "")],
)
def test_cli_json_names_the_code_only_where_it_is_typed_in(region, code):
    query = with_region(PROFILES["bachelor-2025"]["query"], region)
    out = json.loads(cli(query, "--json"))
    materials = {m["id"]: m for m in out["materials"]}
    assert materials["chsi-record"]["applies"] == "yes"
    assert materials["chsi-record"]["code"] == code
    assert materials["diploma"]["code"] == ""  # uploaded everywhere
    assert all(m["code"] == "" for k, m in materials.items() if k != "chsi-record")


def test_cli_text_says_to_type_the_code_in_hubei_only():
    query = PROFILES["bachelor-2025"]["query"]
    hubei = cli(with_region(query, "hubei")).splitlines()
    at = hubei.index("  [需要] 教育部学历证书电子注册备案表（chsi-record）")
    assert hubei[at + 1].startswith("    本考区的上传系统不收这份文件，而是填写备案表的在线验证码")
    assert "不收这份文件" not in cli(with_region(query, "shanghai"))
    assert "不收这份文件" not in cli(query)


@pytest.mark.parametrize(
    ("value", "verdict", "code"),
    [
        ("ACY3RBVSBQQDN6Z1", "pass", None),  # a G2 example: 16 characters of A-Z and 0-9
        ("acy3-rbvs-bqqd-n6z1", "pass", "chsi.code.tidied"),  # dashes dropped and upper-cased: one finding
        ("828264861563", "warn", "chsi.code.legacy"),  # 12 digits: the older form, weak source
        ("ACY3RBVSBQQDN6Z", "fail", "chsi.code.length"),  # 15 characters
        ("ACY3RBVSBQQDN6Z1。", "fail", "chsi.code.chars"),
    ],
)
def test_the_code_is_checked_by_format_for_hubei(value, verdict, code):
    report = run("field", {"kind": "chsi_code", "value": value, "region": "hubei", "as_of": AS_OF})
    assert report["verdict"] == verdict
    if code:
        assert code in [f["code"] for f in report["findings"]]
