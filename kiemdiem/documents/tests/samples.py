"""Sample inputs for every builder: fictional units and people, the seed conference's date."""

from __future__ import annotations

import datetime

from kiemdiem.documents import builders as b
from kiemdiem.documents.model import Letterhead, PartyDocument

DAY = datetime.date(2020, 11, 20)
LETTERHEAD = Letterhead(
    superior_body="Đảng ủy Quân sự Trung ương",
    issuing_body="Đảng ủy Quân khu 10",
    place="Hà Nội",
    issuer_code="ĐU",
    signer_name="Trần Văn Minh",
)
RECIPIENTS = ("Đảng ủy Quân sự Trung ương", "Các đảng ủy trực thuộc")


def plan() -> PartyDocument:
    return b.campaign_plan(
        b.PlanData(
            letterhead=LETTERHEAD,
            number=9,
            date=DAY,
            year=2020,
            rule_pack_basis="Quy định số 132-QĐ/TW ngày 08/3/2018 của Bộ Chính trị",
            purposes=("Đánh giá đúng thực chất chất lượng tổ chức đảng, đảng viên.",),
            forms=("01", "02", "04"),
            deadlines=(
                b.Deadline("Chi bộ", "Hội nghị kiểm điểm chi bộ", datetime.date(2020, 12, 5)),
            ),
            recipients=RECIPIENTS,
        )
    )


def self_review(form: str = "02B") -> PartyDocument:
    return b.self_review(
        b.SelfReviewData(
            superior_body="Đảng bộ Sư đoàn 1",
            issuing_body="Chi bộ Tiểu đoàn 2",
            place="Hà Nội",
            date=datetime.date(2021, 2, 5),
            year=2020,
            form=form,
            full_name="Nguyễn Văn An",
            date_of_birth=datetime.date(1980, 3, 7),
            party_position="Bí thư chi bộ",
            answers=b.SelfReviewAnswers(
                strengths=(b.GradedAnswer("Luôn tuyệt đối trung thành.", "X"),),
                self_level_party="HTXSNV",
            ),
        )
    )


def collective_report() -> PartyDocument:
    return b.collective_report(
        b.CollectiveReportData(
            letterhead=LETTERHEAD,
            number=12,
            date=DAY,
            year=2020,
            collective_name="Ban Thường vụ Đảng ủy Quân khu",
            items=(b.GradedAnswer("Thực hiện nghiêm nguyên tắc tập trung dân chủ.", "T"),),
            proposed_level="HTTNV",
            recipients=RECIPIENTS,
        )
    )


def minutes() -> PartyDocument:
    return b.minutes(
        b.MinutesData(
            letterhead=LETTERHEAD,
            number=3,
            date=DAY,
            year=2020,
            conference_name="Ban Thường vụ Đảng ủy Quân khu",
            start="7 giờ 30 phút, ngày 20/11/2020",
            end="17 giờ 00 phút cùng ngày",
            venue="Hội trường Bộ Tư lệnh Quân khu",
            chair="Trần Văn Minh",
            secretary="Lê Thị Hoa",
            called=13,
            present=12,
            absent=(("Phạm Văn Đức", "đi công tác"),),
            comments=(b.Speech("Hoàng Văn Nam", "Nhất trí với dự thảo báo cáo."),),
            reviews=(b.PersonReview("Trần Văn Minh", conclusion="Hoàn thành xuất sắc nhiệm vụ."),),
            votes=(b.VoteRow("Trần Văn Minh", (10, 2, 0, 0), "HTXSNV"),),
        )
    )


def results_notice() -> PartyDocument:
    return b.results_notice(
        b.ResultsNoticeData(
            letterhead=LETTERHEAD,
            number=15,
            date=DAY,
            year=2020,
            decided_at="Hội nghị Ban Thường vụ ngày 20/11/2020",
            rows=(b.ResultRow("Nguyễn Văn An", "Chi bộ Tiểu đoàn 2", "HTXSNV"),),
            recipients=RECIPIENTS,
        )
    )


def quality_analysis() -> PartyDocument:
    return b.quality_analysis(
        b.QualityAnalysisData(
            superior_body="Đảng ủy Quân sự Trung ương",
            issuing_body="Đảng ủy Quân khu 10",
            place="Hà Nội",
            date=DAY,
            year=2020,
            evaluator="Nguyễn Văn An",
            subject="Ban Thường vụ Đảng ủy Quân khu",
            grades=("X", "T", "T", "TB", "K"),
        )
    )


def commendation_decision() -> PartyDocument:
    return b.commendation_decision(
        b.CommendationDecisionData(
            letterhead=LETTERHEAD,
            number=21,
            date=DAY,
            year=2020,
            form_of_award="Giấy khen",
            bases=("Điều lệ Đảng Cộng sản Việt Nam",),
            rows=(
                b.AwardRow(
                    "Nguyễn Văn An",
                    "Chi bộ Tiểu đoàn 2",
                    "Hoàn thành xuất sắc nhiệm vụ 5 năm liền (2016–2020)",
                    "0,3 × lương cơ sở = 447.000 đ",
                ),
            ),
            recipients=RECIPIENTS,
        )
    )


def statistics_report() -> PartyDocument:
    return b.statistics_report(
        b.StatisticsReportData(
            letterhead=LETTERHEAD,
            number=30,
            date=DAY,
            year=2020,
            scope_name="Đảng bộ Quân khu 10",
            total=b.StatisticsRow("Đảng bộ Quân khu 10", 120, (18, 80, 15, 2), 5),
            previous=b.StatisticsRow("Đảng bộ Quân khu 10", 110, (15, 75, 14, 3), 3),
            children=(
                b.StatisticsRow("Sư đoàn 1", 70, (10, 48, 8, 1), 3),
                b.StatisticsRow("Sư đoàn 2", 50, (8, 32, 7, 1), 2),
            ),
            recipients=RECIPIENTS,
        )
    )


ALL = {
    "plan": plan,
    "self_review": self_review,
    "collective_report": collective_report,
    "minutes": minutes,
    "results_notice": results_notice,
    "quality_analysis": quality_analysis,
    "commendation_decision": commendation_decision,
    "statistics_report": statistics_report,
}
