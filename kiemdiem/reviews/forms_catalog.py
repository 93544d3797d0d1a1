"""The official review forms as data (domain.md §6.1, §6.2, §6.4): sections, items, graded flags.

Pure Python (no Django import). A form code names one form of a rule pack: Mẫu 02 (r132_hd21),
02A/02B (r124_hd25), 2A/2B/2C (r366_hd43), and the collective report Mẫu 01. Answers are stored as
one JSON object per section key:

- a graded section: {"<item key>": {"text": str, "grade": "X"|"T"|"TB"|"K"}, ...}
- a text section: {"text": str}
- the hints section: {"<hint id>": str}
- the score block (366): {"general": {"<item key>": bool}, "tasks": "<0–70>",
  "notes": {"<item key>": str}}
- the header of an individual form: {"party_position": str, "government_position": str,
  "mass_org_position": str, "workplace": str} (domain §6.1 item 3; not required to submit)
- the collective report's section VII: {"level": "HTXSNV"|…|""}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

GRADES: tuple[tuple[str, str], ...] = (
    ("X", "Xuất sắc"),
    ("T", "Tốt"),
    ("TB", "Trung bình"),
    ("K", "Kém"),
)
GRADE_CODES = frozenset(code for code, _label in GRADES)

SectionKind = Literal["graded", "text", "hints", "score", "level"]
LEVEL_CODES = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")

# Domain §6.1 item 3, after "Họ và tên" and "ngày sinh", before "chi bộ".
HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("party_position", "Chức vụ Đảng"),
    ("government_position", "Chức vụ chính quyền"),
    ("mass_org_position", "Chức vụ đoàn thể"),
    ("workplace", "Đơn vị công tác"),
)


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    graded: bool = True
    is_result: bool = False
    """A result criterion (domain §3.2, UNCONFIRMED): needs X for the advisory HTXSNV."""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    kind: SectionKind
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class ScoreItem:
    key: str
    title: str
    points: int


@dataclass(frozen=True)
class FormSpec:
    code: str
    title: str
    subtitle: str
    leader: bool
    sections: tuple[Section, ...]
    civil_servant_level: bool = True
    scored: bool = False
    score_items: tuple[ScoreItem, ...] = field(default=())
    tasks_points: int = 0
    header: bool = True

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


# --- Individual self-review (§6.1) ---------------------------------------------------------

_ITEM_POLITICS = Item(
    "1",
    "Về tư tưởng chính trị; phẩm chất đạo đức, lối sống; ý thức tổ chức kỷ luật; tác phong, lề lối làm việc",
)
_ITEM_DUTIES = Item("2", "Về thực hiện chức trách, nhiệm vụ được giao", is_result=True)
_LEADER_ITEMS = (
    Item("3", "Về kết quả lãnh đạo, quản lý, điều hành", is_result=True),
    Item("4", "Về trách nhiệm, tinh thần đổi mới, sáng tạo, dám nghĩ, dám làm"),
    Item(
        "5",
        "Về thực hiện trách nhiệm nêu gương; đấu tranh phòng, chống tham nhũng, lãng phí, tiêu cực",
    ),
)


def _individual_sections(leader: bool) -> tuple[Section, ...]:
    items = [_ITEM_POLITICS, _ITEM_DUTIES, *(_LEADER_ITEMS if leader else ())]
    items.append(
        Item(
            str(len(items) + 1), "Việc thực hiện cam kết tu dưỡng, rèn luyện hằng năm", graded=False
        )
    )
    return (
        Section("I", "I. Ưu điểm, kết quả đạt được", "graded", tuple(items)),
        Section("II", "II. Hạn chế, khuyết điểm và nguyên nhân", "text"),
        Section(
            "III",
            "III. Kết quả khắc phục những hạn chế, khuyết điểm đã được cấp có thẩm quyền kết luận hoặc được chỉ ra ở các kỳ kiểm điểm trước",
            "graded",
            (Item("1", "Mức độ khắc phục"),),
        ),
        Section(
            "IV",
            "IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)",
            "hints",
        ),
        Section(
            "V",
            "V. Làm rõ trách nhiệm của cá nhân đối với những hạn chế, khuyết điểm của tập thể (nếu có)",
            "text",
        ),
        Section("VI", "VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm", "text"),
    )


SCORE_ITEMS_366 = (
    ScoreItem("politics", "Phẩm chất chính trị, đạo đức, lối sống, ý thức kỷ luật, nêu gương", 18),
    ScoreItem("innovation", "Tư duy đổi mới, sáng tạo, dám nghĩ, dám làm", 4),
    ScoreItem("self_criticism", "Tự phê bình, phê bình và khắc phục hạn chế, khuyết điểm", 8),
)
TASKS_POINTS_366 = 70

_TITLE = "BẢN KIỂM ĐIỂM CÁ NHÂN"
_LEADER_SUBTITLE = "(cá nhân giữ chức vụ lãnh đạo, quản lý)"


def _individual(code: str, leader: bool, *, scored: bool = False, civil: bool = True) -> FormSpec:
    return FormSpec(
        code=code,
        title=_TITLE,
        subtitle=_LEADER_SUBTITLE if leader else "",
        leader=leader,
        sections=_individual_sections(leader),
        civil_servant_level=civil,
        scored=scored,
        score_items=SCORE_ITEMS_366 if scored else (),
        tasks_points=TASKS_POINTS_366 if scored else 0,
    )


# --- Collective report (§6.2) ---------------------------------------------------------------

REPORT_FORM = FormSpec(
    code="01",
    title="BÁO CÁO KIỂM ĐIỂM TẬP THỂ",
    subtitle="",
    leader=False,
    civil_servant_level=False,
    sections=(
        Section(
            "I",
            "I. Ưu điểm, kết quả đạt được",
            "graded",
            (
                Item("1", "Việc thực hiện nguyên tắc tập trung dân chủ, quy chế làm việc"),
                Item(
                    "2",
                    "Kết quả thực hiện các mục tiêu, chỉ tiêu của nghị quyết đại hội và nhiệm vụ năm",
                    is_result=True,
                ),
                Item(
                    "3",
                    "Công tác xây dựng Đảng; phòng, chống tham nhũng; kiểm tra, giám sát, kỷ luật đảng",
                ),
                Item("4", "Trách nhiệm của tập thể lãnh đạo, quản lý"),
            ),
        ),
        Section("II", "II. Hạn chế, khuyết điểm và nguyên nhân", "text"),
        Section(
            "III",
            "III. Kết quả khắc phục những hạn chế, khuyết điểm đã được chỉ ra",
            "graded",
            (Item("1", "Mức độ khắc phục"),),
        ),
        Section("IV", "IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)", "hints"),
        Section("V", "V. Trách nhiệm của tập thể và cá nhân", "text"),
        Section("VI", "VI. Phương hướng, biện pháp khắc phục", "text"),
        Section(
            "VII",
            "VII. Tự nhận mức xếp loại chất lượng (kèm Phiếu phân tích chất lượng, Mẫu 04)",
            "level",
        ),
    ),
    header=False,
)

FORMS: dict[str, FormSpec] = {
    "02": _individual("02", False),
    "02L": _individual("02L", True),
    "02A": _individual("02A", False),
    "02B": _individual("02B", True),
    "2A": _individual("2A", False, scored=True),
    "2B": _individual("2B", True, scored=True),
    "2C": _individual("2C", False, scored=True, civil=False),
    "01": REPORT_FORM,
}
# Mẫu 02 of 2019 is one form; its leader variant ("02L") adds items 3–5 and the subtitle.
FORM_LABELS = {"02L": "02"}


def form_label(code: str) -> str:
    """The form's official name ("Mẫu 02B")."""
    return "Mẫu " + FORM_LABELS.get(code, code)


def individual_form_code(
    rule_pack: str, *, leader: bool, outside_political_system: bool = False
) -> str:
    """The self-review form of a member under a rule pack (domain §6, §12 item 24)."""
    if rule_pack == "r132_hd21":
        return "02L" if leader else "02"
    if rule_pack == "r124_hd25":
        return "02B" if leader else "02A"
    if rule_pack == "r366_hd43":
        if outside_political_system:
            return "2C"
        return "2B" if leader else "2A"
    raise KeyError(rule_pack)


def get_form(code: str) -> FormSpec:
    return FORMS[code]


def default_score_groups() -> dict[str, Any]:
    """The 366 score groups (domain §3.5, §12 item 5): 30 general (18/4/8) + 70 task results."""
    return {
        "general": {item.key: item.points for item in SCORE_ITEMS_366},
        "tasks": TASKS_POINTS_366,
    }


def _filled(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def missing_parts(form: FormSpec, answers: dict[str, Any], hint_ids: list[int]) -> list[str]:
    """Titles of the parts a submission still lacks (empty when complete)."""
    missing: list[str] = []
    for section in form.sections:
        data = answers.get(section.key) or {}
        if section.kind == "graded":
            for item in section.items:
                entry = data.get(item.key) or {}
                if not _filled(entry.get("text")) or (
                    item.graded and entry.get("grade") not in GRADE_CODES
                ):
                    missing.append(f"{section.key}.{item.key}")
        elif section.kind == "text":
            if not _filled(data.get("text")):
                missing.append(section.key)
        elif section.kind == "hints":
            missing.extend(
                f"IV.{hint_id}" for hint_id in hint_ids if not _filled(data.get(str(hint_id)))
            )
        elif section.kind == "level" and data.get("level") not in LEVEL_CODES:
            missing.append(section.key)
    return missing


def compute_score(
    form: FormSpec, answers: dict[str, Any], groups: dict[str, Any]
) -> Decimal | None:
    """The self-score of a 366 form: each general item all-or-nothing at its weight, plus the task
    points entered (0 to the task weight). None when the task points are missing or invalid."""
    if not form.scored:
        return None
    block = answers.get("score") or {}
    general = block.get("general") or {}
    weights = groups.get("general") or {}
    total = Decimal(0)
    for key, points in weights.items():
        if general.get(key) is True:
            total += Decimal(points)
    try:
        tasks = Decimal(str(block.get("tasks", "")).replace(",", "."))
    except InvalidOperation:
        return None
    if not tasks.is_finite() or tasks < 0 or tasks > Decimal(groups.get("tasks", 0)):
        return None
    return (total + tasks).quantize(Decimal("0.01"))


def suggested_level(form: FormSpec, answers: dict[str, Any]) -> str | None:
    """The advisory level from the criterion grades (domain §3.2); None until every graded item
    has a grade."""
    grades: list[tuple[str, bool]] = []
    for section in form.sections:
        if section.kind != "graded":
            continue
        data = answers.get(section.key) or {}
        for item in section.items:
            if not item.graded:
                continue
            grade = (data.get(item.key) or {}).get("grade")
            if grade not in GRADE_CODES:
                return None
            grades.append((grade, item.is_result))
    if any(grade == "K" for grade, _r in grades):
        return "KHTNV"
    order = {"X": 4, "T": 3, "TB": 2, "K": 1}
    results = [order[g] for g, is_result in grades if is_result]
    others = [order[g] for g, is_result in grades if not is_result]
    if all(r == 4 for r in results) and all(o >= 3 for o in others):
        return "HTXSNV"
    if all(r >= 3 for r in results) and all(o >= 2 for o in others):
        return "HTTNV"
    return "HTNV"
