"""An office clerk uploads a roster with an error, sees the error table, uploads the fixed file,
sees the progress bar and then the members."""

from __future__ import annotations

from conftest import PASSWORD
from kiemdiem.orgs.tests.roster_files import MEMBERS, good_roster
from tests.e2e.conftest import login, screenshot


def test_import_with_an_error_then_the_fixed_file(page, live_server, cast, tmp_path):
    broken_rows = [list(row) for row in MEMBERS]
    broken_rows[3][1] = "31/02/1995"
    broken = tmp_path / "danh-sach-loi.xlsx"
    broken.write_bytes(good_roster(Đảng_viên=broken_rows))
    fixed = tmp_path / "danh-sach.xlsx"
    fixed.write_bytes(good_roster())

    login(page, live_server, "quantri", PASSWORD)
    page.click("text=Nhập danh sách")
    page.set_input_files("#id_files", str(broken))
    page.click("#roster-submit")
    page.wait_for_selector("#import-errors")
    errors = page.inner_text("#import-errors")
    assert "Đảng viên" in errors
    assert "Ngày «31/02/1995» không hợp lệ (dd/mm/yyyy)" in errors
    assert page.inner_text("#import-errors tbody tr td:nth-child(2)") == "4"
    assert page.inner_text("#import-errors tbody tr td:nth-child(3)") == "Ngày sinh"
    screenshot(page, "import-errors")

    page.click("text=Nhập tệp đã sửa")
    page.set_input_files("#id_files", str(fixed))
    page.click("#roster-submit")
    assert page.locator("#job-progress").count() == 1
    page.wait_for_selector("#import-summary")
    assert page.get_attribute("#job-progress", "value") == "100"
    screenshot(page, "import-summary")

    page.click("#to-units")
    page.click("text=Đảng bộ Trung đoàn 1")
    page.wait_for_selector("#member-search")
    page.fill("#member-search", "tran thi bich")
    page.wait_for_function(
        "document.querySelector('#member-list').innerText.includes('Trần Thị Bích')"
    )
    screenshot(page, "imported-members")
