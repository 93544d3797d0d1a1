"""The text of the minutes (biên bản, domain.md §6.5), from the data of the run-sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from kiemdiem.conferences.models import AgendaItem, Attendance, Conference
from kiemdiem.reviews.models import ReportState

if TYPE_CHECKING:
    from kiemdiem.conferences.selectors import ReportAtConference

CONCLUSION_LABELS = (
    ("results", "Kết quả đạt được"),
    ("limitations", "Hạn chế, khuyết điểm"),
    ("causes_subjective", "Nguyên nhân chủ quan"),
    ("causes_objective", "Nguyên nhân khách quan"),
    ("responsibility_collective", "Trách nhiệm của tập thể"),
    ("responsibility_individuals", "Trách nhiệm của cá nhân"),
    ("remedies", "Biện pháp khắc phục"),
    ("directions", "Phương hướng năm tới"),
)


def _report_lines(report: ReportAtConference) -> list[str]:
    if report.report is None:
        return []
    if report.report.state == ReportState.ADOPTED:
        return ["   Hội nghị đã thông qua báo cáo kiểm điểm tập thể (có sửa đổi, bổ sung)."]
    return [f"   Báo cáo kiểm điểm tập thể: {report.report.get_state_display()}."]


def render(data: dict[str, object]) -> str:
    """Plain text minutes in Vietnamese (official wording, not a UI string)."""
    conference: Conference = data["conference"]  # type: ignore[assignment]
    attendance: list[Attendance] = data["attendance"]  # type: ignore[assignment]
    agenda: list[AgendaItem] = data["agenda"]  # type: ignore[assignment]
    quorum = data["quorum"]
    start = timezone.localtime(conference.starts_at)
    lines = [
        f"BIÊN BẢN HỘI NGHỊ KIỂM ĐIỂM {str(conference.body or conference.unit).upper()} "
        f"NĂM {conference.year}",
        "",
        f"Thời gian: {start:%H} giờ {start:%M}, ngày {start:%d/%m/%Y}.",
        f"Địa điểm: {conference.place}.",
        f"Chủ trì: đồng chí {conference.chair.full_name}. Thư ký: đồng chí {conference.secretary.full_name}.",
    ]
    if conference.guests:
        lines.append(f"Đại biểu cấp trên: {conference.guests}.")
    absent = [a for a in attendance if a.status == Attendance.Status.ABSENT]
    exempt = [a for a in attendance if a.status == Attendance.Status.EXEMPT]
    lines += [
        f"Tổng số đảng viên được triệu tập: {len(attendance)}; có mặt: "
        f"{sum(1 for a in attendance if a.status == Attendance.Status.PRESENT)}; vắng mặt: {len(absent)}; "
        f"miễn sinh hoạt: {len(exempt)}. Đủ số lượng: {'có' if quorum.reached else 'không'} "  # type: ignore[attr-defined]
        f"({quorum.present}/{quorum.denominator}).",
    ]
    for entry in absent:
        lines.append(f"  - Vắng: đồng chí {entry.person.full_name} ({entry.reason}).")
    lines.append("")
    for item in agenda:
        lines.append(f"{item.order}. {item.title}")
        if item.notes:
            lines.append(f"   {item.notes}")
        report = data.get("report")
        if item.kind == AgendaItem.Kind.READ_REPORT and report is not None:
            lines += _report_lines(report)  # type: ignore[arg-type]
        if item.kind == AgendaItem.Kind.COMMENTS and report is not None:
            for comment in report.comments:  # type: ignore[attr-defined]
                quoted = f" («{comment.quote}»)" if comment.quote else ""
                resolved = f" — {comment.resolution_label}" if comment.resolution_label else ""
                lines.append(f"   - {comment.author}{quoted}: {comment.text}{resolved}")
        if item.kind == AgendaItem.Kind.CONCLUSIONS:
            for field, label in CONCLUSION_LABELS:
                value = getattr(conference, field)
                if value:
                    lines.append(f"   {label}: {value}")
        for criticism in item.criticisms.all():
            lines.append(f"   - Đồng chí {criticism.speaker.full_name}: {criticism.text}")
        if item.kind == AgendaItem.Kind.VOTES:
            for subject, votes, result in data.get("votes") or []:  # type: ignore[attr-defined]
                counted = ", ".join(f"{level} {n}" for level, n in votes.items() if n)
                passed = result or "không mức nào đạt"
                lines.append(f"   - {subject}: {counted or 'không có phiếu'}; kết quả: {passed}.")
            for correction in data.get("corrections") or []:  # type: ignore[attr-defined]
                lines.append(
                    f"   Đính chính số phiếu «{correction.field}»: {correction.old_value} → "
                    f"{correction.new_value} (lý do: {correction.reason})."
                )
        if item.reply:
            lines.append(f"   Ý kiến tiếp thu, giải trình: {item.reply}")
        if item.conclusion:
            lines.append(f"   Kết luận: {item.conclusion}")
    if conference.ended_at:
        end = timezone.localtime(conference.ended_at)
        lines += ["", f"Hội nghị kết thúc lúc {end:%H} giờ {end:%M} cùng ngày."]
    lines += [
        "",
        "THƯ KÝ" + " " * 40 + "CHỦ TRÌ",
        f"{conference.secretary.full_name}" + " " * 24 + f"{conference.chair.full_name}",
    ]
    return "\n".join(lines)
