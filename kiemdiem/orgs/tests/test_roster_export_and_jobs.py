"""Export round-trips; the command line, the background job, the pages and the API."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from python_calamine import CalamineWorkbook

from kiemdiem.core.models import Job
from kiemdiem.orgs.models import Person, Unit
from kiemdiem.orgs.roster.exporter import roster_export
from kiemdiem.orgs.roster.importer import roster_import
from kiemdiem.orgs.tests.roster_files import MEMBER_HEADER, MEMBERS, UNITS, good_roster, xlsx

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def sheet_rows(data: bytes, name: str) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name).to_python()


def test_export_then_import_reports_everything_unchanged(cast):
    roster_import(actor=None, files=[("r.xlsx", good_roster())])
    exported = roster_export(for_user=cast.admin)
    report = roster_import(actor=None, files=[("export.xlsx", exported)])
    assert report.ok, report.errors
    assert not report.changed
    assert report.counts["Đảng viên"].unchanged == Person.objects.count()


def test_export_lists_parents_first_and_members_by_unit_then_name(cast):
    roster_import(actor=None, files=[("r.xlsx", good_roster())])
    data = roster_export(for_user=cast.admin)
    codes = [row[0] for row in sheet_rows(data, "Đơn vị")[1:]]
    assert codes.index("DB-01") < codes.index("CB-A") < codes.index("CB-B")
    assert codes.index("F1") < codes.index("F1-C1") < codes.index("F1-C2")
    members = sheet_rows(data, "Đảng viên")
    assert members[0] == MEMBER_HEADER
    in_c1 = [row[0] for row in members if row[6] == "F1-C1"]
    assert in_c1 == ["Nguyễn Văn An", "Trần Thị Bích"]
    an = next(row for row in members if row[3] == "01000001")
    assert an[1] == "02/01/1980"
    assert an[3] == "01000001"


def test_export_holds_only_what_the_user_may_see(cast):
    data = roster_export(for_user=cast.secretary_a)
    codes = [row[0] for row in sheet_rows(data, "Đơn vị")[1:]]
    assert codes == ["CB-A"]


def test_command_imports_and_exits_0(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(good_roster())
    out = io.StringIO()
    call_command("import_roster", str(path), stdout=out, stderr=io.StringIO())
    assert "Đảng viên: thêm 4" in out.getvalue()
    assert Person.objects.count() == 4


def test_command_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(good_roster())
    call_command(
        "import_roster", str(path), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert Person.objects.count() == 0


def test_command_exits_1_and_prints_every_error(tmp_path):
    bad = [list(row) for row in MEMBERS]
    bad[1][2] = "X"
    bad[2][1] = "30/02/1990"
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx({"Đơn vị": UNITS, "Đảng viên": bad}))
    err = io.StringIO()
    with pytest.raises(SystemExit) as raised:
        call_command("import_roster", str(path), stdout=io.StringIO(), stderr=err)
    assert raised.value.code == 1
    assert "dòng 2\tGiới tính" in err.getvalue()
    assert "dòng 3\tNgày sinh" in err.getvalue()
    assert Unit.objects.count() == 0


def test_command_line_program_exit_code_is_1_on_rejection(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx({"Đơn vị": [["Mã đơn vị"], ["X"]]}))
    db = tmp_path / "db.sqlite3"
    env = {
        "DATABASE_URL": f"sqlite:///{db}",
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    completed = subprocess.run(
        [sys.executable, "manage.py", "import_roster", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1
    assert "Thiếu cột «Tên đơn vị»" in completed.stderr


def _named(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def test_upload_page_runs_the_job_and_shows_the_summary(cast, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/orgs/roster/import/", {"files": _named(good_roster(), "roster.xlsx")}
        )
    job = Job.objects.get()
    assert response["Location"] == f"/orgs/roster/import/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-summary"' in page
    assert job.state == Job.State.SUCCEEDED
    assert job.done == job.total == 10


def test_upload_with_errors_shows_the_error_table_and_writes_nothing(
    cast, django_capture_on_commit_callbacks
):
    bad = [list(row) for row in MEMBERS]
    bad[4][2] = "Không rõ"
    client = Client()
    client.force_login(cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/orgs/roster/import/", {"files": _named(good_roster(Đảng_viên=bad), "roster.xlsx")}
        )
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-errors"' in page
    assert "Giới tính phải là «Nam» hoặc «Nữ»" in page
    assert not Unit.objects.filter(code="F1").exists()


def test_a_cell_secretary_cannot_import(cast):
    client = Client()
    client.force_login(cast.secretary_a)
    assert client.get("/orgs/roster/import/").status_code == 404


def test_someone_elses_job_is_not_found(cast, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/orgs/roster/import/", {"files": _named(good_roster(), "roster.xlsx")})
    job = Job.objects.get()
    other = Client()
    other.force_login(cast.officer)
    assert other.get(f"/orgs/roster/import/{job.pk}/").status_code == 404
    assert other.get(f"/api/v1/imports/{job.pk}").status_code == 404


def test_api_starts_a_job_and_reports_its_errors(cast, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(cast.officer)
    bad = xlsx(
        {
            "Đơn vị": [
                ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"],
                ["X", "X", "Lạ", ""],
            ]
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/imports/", {"files": _named(bad, "bad.xlsx")})
    assert response.status_code == 202
    status = client.get(f"/api/v1/imports/{response.json()['id']}").json()
    assert status["state"] == "failed"
    assert status["errors"] == [
        {
            "sheet": "Đơn vị",
            "row": 2,
            "column": "Loại",
            "value": "Lạ",
            "message": "Loại đơn vị «Lạ» không hợp lệ",
        }
    ]


def test_api_refuses_a_file_that_is_not_a_roster(cast):
    client = Client()
    client.force_login(cast.officer)
    response = client.post("/api/v1/imports/", {"files": _named(b"hello", "notes.txt")})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["files"]


def test_api_export_downloads_xlsx(cast):
    client = Client()
    client.force_login(cast.officer)
    response = client.get("/api/v1/imports/export")
    assert response.status_code == 200
    assert sheet_rows(response.content, "Đơn vị")[1][0] == "DB-01"
