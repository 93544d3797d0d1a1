"""The same cases through the console command and the API."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from kiemdiem.classification.rules import check
from kiemdiem.classification.tests.cases import case, discipline, many, member
from kiemdiem.classification.tests.test_rules_worked_cases import WORKED

ROOT = Path(__file__).resolve().parents[3]
CASES = [
    case([member("DV-1", "HTTNV", discipline=discipline())]),
    case(
        many(5, "HTTNV", "T") + many(2, "HTXSNV", "X"),
        stage="proposal",
        kind="leadership_collective",
    ),
    case([member("DV-1", "HTXSNV", score=89.99)], pack="r366_hd43", kind="leadership_collective"),
]


@pytest.mark.parametrize("data", CASES)
def test_command_prints_the_same_json_as_the_engine(tmp_path, data):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("check_rules", str(path), stdout=out)
    assert json.loads(out.getvalue()) == check(data)


def test_command_reads_standard_input_and_exits_0():
    completed = subprocess.run(
        [sys.executable, "manage.py", "check_rules", "-"],
        input=json.dumps(CASES[0]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 0
    assert json.loads(completed.stdout) == check(CASES[0])


def test_command_exits_2_naming_the_field_on_invalid_input():
    bad = case([member("A"), member("B"), member("C"), member("D", admitted_on="2020-13-01")])
    completed = subprocess.run(
        [sys.executable, "manage.py", "check_rules", "-"],
        input=json.dumps(bad),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 2
    assert "members[3].admitted_on: not a date" in completed.stderr


def test_command_exits_2_on_text_that_is_not_json(tmp_path):
    path = tmp_path / "case.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit) as raised:
        call_command("check_rules", str(path), stderr=io.StringIO())
    assert raised.value.code == 2


@pytest.mark.django_db
@pytest.mark.parametrize("data", CASES)
def test_api_answers_the_same_json(cast, data):
    client = Client()
    client.force_login(cast.officer)
    response = client.post("/api/v1/rules/check", data, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == check(data)


@pytest.mark.django_db
def test_api_answers_422_with_the_location_of_the_bad_field(cast):
    client = Client()
    client.force_login(cast.officer)
    bad = case([member("A"), member("B"), member("C"), member("D", admitted_on="nope")])
    response = client.post("/api/v1/rules/check", bad, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["members", 3, "admitted_on"], "msg": "not a date"}
    ]


@pytest.mark.django_db
def test_api_requires_authentication():
    assert (
        Client().post("/api/v1/rules/check", CASES[0], content_type="application/json").status_code
        == 401
    )


@pytest.mark.django_db
def test_openapi_documents_the_endpoint_with_an_example():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/rules/check"]["post"]
    assert (
        operation["requestBody"]["content"]["application/json"]["example"]["rule_pack"]
        == "r132_hd21"
    )


WORKED_DATA = [param.values[0] for param in WORKED]


@pytest.mark.parametrize("data", WORKED_DATA)
def test_command_and_api_agree_with_the_engine_on_the_worked_cases(tmp_path, cast, data):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("check_rules", str(path), stdout=out)
    client = Client()
    client.force_login(cast.officer)
    response = client.post("/api/v1/rules/check", data, content_type="application/json")
    assert json.loads(out.getvalue()) == response.json() == check(data)


def test_command_prints_vietnamese_as_is_with_two_space_indent(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASES[0]), encoding="utf-8")
    out = io.StringIO()
    call_command("check_rules", str(path), stdout=out)
    text = out.getvalue()
    assert "bị kỷ luật" in text
    assert '\n  "not_classified"' in text


def test_command_exits_2_when_the_file_cannot_be_read(tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as raised:
        call_command("check_rules", str(tmp_path / "missing.json"), stderr=err)
    assert raised.value.code == 2
    assert "missing.json" in err.getvalue()


def test_command_exits_2_on_standard_input_that_is_not_json():
    completed = subprocess.run(
        [sys.executable, "manage.py", "check_rules", "-"],
        input="[1, 2",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""


def test_command_lists_every_bad_field_on_its_own_line(tmp_path):
    bad = case([member("A", level="TOT")], pack="r000")
    path = tmp_path / "case.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_rules", str(path), stderr=err)
    lines = err.getvalue().strip().splitlines()
    assert "rule_pack: unknown rule pack" in lines
    assert any(line.startswith("members[0].level: ") for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (json.dumps(case(pack="r000")), ["rule_pack"]),
        (json.dumps([1, 2]), []),
        ("{not json", []),
        (
            json.dumps({**case(), "members": [member("A", sick_leave_days=-1)]}),
            ["members", 0, "sick_leave_days"],
        ),
    ],
)
def test_api_answers_422_for_each_kind_of_bad_body(cast, body, loc):
    client = Client()
    client.force_login(cast.officer)
    response = client.post("/api/v1/rules/check", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc


@pytest.mark.django_db
def test_any_logged_in_user_may_check_a_case(cast):
    client = Client()
    client.force_login(cast.outsider)
    assert (
        client.post("/api/v1/rules/check", CASES[0], content_type="application/json").status_code
        == 200
    )


# A score just below 90 written with more digits than a float holds: decoded as a float it would
# round to 90.0 and pass the HTXSNV band.
NEARLY_90 = json.dumps(
    case([member("DV-1", "HTXSNV")], pack="r366_hd43", kind="leadership_collective")
).replace('"score": null, "admitted_on"', '"score": 89.9999999999999999, "admitted_on"')


def test_command_compares_a_long_decimal_score_exactly(tmp_path):
    assert "89.9999999999999999" in NEARLY_90
    path = tmp_path / "case.json"
    path.write_text(NEARLY_90, encoding="utf-8")
    out = io.StringIO()
    call_command("check_rules", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["ceilings"] == {"DV-1": "HTTNV"}
    assert [(f["code"], f["subject"]) for f in result["findings"]] == [
        ("QUOTA_HTXSNV", "CB-01"),
        ("SCORE_BAND", "DV-1"),
    ]


def test_api_compares_a_long_decimal_score_exactly(cast):
    client = Client()
    client.force_login(cast.officer)
    response = client.post("/api/v1/rules/check", NEARLY_90, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["ceilings"] == {"DV-1": "HTTNV"}
