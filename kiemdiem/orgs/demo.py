"""The demo organization: a fictional Military Region party committee ("Đảng bộ Quân khu 9X").

It has a Ban Chấp hành and a 13-seat Ban Thường vụ for the 2020–2025 term, ten subordinate
committees (divisions, provincial commands, agencies, a school, a hospital cell), about sixty
cells, about 1,500 members, history for 2016–2019, the default decision edges, and one demo login
per scope. Every person and unit is invented: names are drawn from common name parts with a
fixed seed, and the two real officers named in the seed article are never produced.

`demo_load` is idempotent: when the root exists it writes nothing and returns the logins.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from kiemdiem.accounts.models import Role, RoleGrant, User
from kiemdiem.core.audit import audit_record
from kiemdiem.orgs import services
from kiemdiem.orgs.models import (
    BodyKind,
    CellMembership,
    ClassificationRecord,
    DecisionScope,
    LeadershipBody,
    Person,
    PersonStatus,
    Position,
    Unit,
    UnitKind,
)
from kiemdiem.orgs.naming import name_columns

ROOT_CODE = "QK9X"
ROOT_NAME = "Đảng bộ Quân khu 9X"
DEMO_PASSWORD = "kiemdiem2020"  # noqa: S105 - documented demo-only password, printed by the command
MEMBERS_AT_SIZE_1 = 1500
# The demo is set in the 2020 review season of the seed article.
TODAY = datetime.date(2020, 11, 1)
TERM_STARTS = {0: datetime.date(2020, 10, 15), 1: datetime.date(2020, 8, 15)}
GRASSROOTS_TERM_START = datetime.date(2020, 6, 15)
CELL_TERM_START = datetime.date(2020, 4, 15)
HISTORY_YEARS = range(2016, 2020)
TERM_YEARS = 5  # the 2020–2025 term
# Real people named in the seed article; the generator never produces these names.
FORBIDDEN_NAMES = {"Dương Đình Thông", "Nguyễn Hồng Thái"}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Lương", "Tạ", "Cao"]
FAMILY_WEIGHTS = [38, 11, 9, 7, 5, 2, 4, 4, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Xuân", "Thành", "Công", "Mạnh"]
MIDDLE_MALE += ["Trọng", "Duy", "Anh", "Tuấn", "Đình", "Việt", "Quốc", "Bá", "Khắc", "Tiến"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Lan", "Kim", "Bảo", "Diệu"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Lâm", "Long"]
GIVEN_MALE += ["Nam", "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Hiếu"]
GIVEN_MALE += ["Huy", "Kiên", "Lực", "Mạnh", "Nghĩa", "Phúc", "Quang", "Thành", "Toàn", "Vinh"]
GIVEN_MALE += ["Đông", "Hòa", "Khoa", "Lộc", "Tùng", "Vũ", "Ân", "Ước", "Chiến", "Thịnh"]
GIVEN_FEMALE = ["Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hương", "Lan"]
GIVEN_FEMALE += ["Linh", "Mai", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thủy"]
GIVEN_FEMALE += ["Trang", "Yến", "Ánh", "Uyên", "Vân"]

# Ranks in domain.md §9 order; the index is the seniority used to pick committee members.
RANK_ORDER = ["Trung sĩ", "Thượng sĩ", "Thiếu úy", "Trung úy", "Thượng úy", "Đại úy"]
RANK_ORDER += ["Thiếu tá", "Trung tá", "Thượng tá", "Đại tá", "Thiếu tướng", "Trung tướng"]
QNCN_RANKS = ["Thiếu úy QNCN", "Trung úy QNCN", "Thượng úy QNCN", "Đại úy QNCN", "Thiếu tá QNCN"]
QNCN_RANKS += ["Trung tá QNCN"]
# Officer ranks by age in the demo year: (up to age, ranks to choose from).
OFFICER_BY_AGE = [
    (21, ["Trung sĩ", "Thượng sĩ"]),
    (24, ["Thiếu úy", "Trung úy"]),
    (28, ["Trung úy", "Thượng úy"]),
    (33, ["Thượng úy", "Đại úy"]),
    (38, ["Đại úy", "Thiếu tá"]),
    (43, ["Thiếu tá", "Trung tá"]),
    (48, ["Trung tá", "Thượng tá"]),
    (99, ["Thượng tá", "Đại tá"]),
]
POSTS_BY_RANK = {
    "Trung sĩ": ["Tiểu đội trưởng", "Khẩu đội trưởng"],
    "Thượng sĩ": ["Tiểu đội trưởng", "Khẩu đội trưởng"],
    "Thiếu úy": ["Trung đội trưởng", "Trợ lý"],
    "Trung úy": ["Trung đội trưởng", "Phó Đại đội trưởng", "Trợ lý"],
    "Thượng úy": ["Đại đội trưởng", "Chính trị viên", "Trợ lý"],
    "Đại úy": ["Đại đội trưởng", "Chính trị viên", "Trợ lý", "Phó Tiểu đoàn trưởng"],
    "Thiếu tá": ["Tiểu đoàn trưởng", "Chính trị viên tiểu đoàn", "Trợ lý", "Phó Trưởng ban"],
    "Trung tá": ["Trưởng ban", "Phó Trưởng phòng", "Tiểu đoàn trưởng", "Trợ lý"],
    "Thượng tá": ["Trưởng phòng", "Phó Trưởng phòng", "Trưởng ban"],
    "Đại tá": ["Trưởng phòng", "Phó Cục trưởng"],
}
QNCN_POSTS = ["Nhân viên", "Kỹ thuật viên", "Y sĩ", "Văn thư", "Lái xe"]
CIVILIAN_POST = "Công nhân viên quốc phòng"


@dataclass(frozen=True)
class Node:
    """One unit to create: a committee with its children, or a cell."""

    code: str
    name: str
    kind: str
    children: tuple[Node, ...] = ()
    # Command posts of the committee's secretary and deputy secretary.
    secretary_title: str = ""
    deputy_title: str = ""


def _cells(prefix: str, suffix: str, names: list[str]) -> tuple[Node, ...]:
    return tuple(
        Node(f"{prefix}-C{i + 1}", f"Chi bộ {name} ({suffix})", UnitKind.CELL)
        for i, name in enumerate(names)
    )


def _grassroots(
    code: str, name: str, short: str, cells: list[str], titles: tuple[str, str]
) -> Node:
    return Node(
        code,
        f"Đảng bộ {name}",
        UnitKind.GRASSROOTS_COMMITTEE,
        _cells(code, short, cells),
        *titles,
    )


BATTALIONS = ["Tiểu đoàn 1", "Tiểu đoàn 2", "Tiểu đoàn 3", "Cơ quan Trung đoàn"]
REGIMENT_TITLES = ("Chính ủy Trung đoàn", "Trung đoàn trưởng")
DIVISION_HQ = ["Thủ trưởng Sư đoàn", "Ban Tham mưu", "Ban Chính trị"]
DIVISION_HQ_TITLES = ("Phó Chính ủy Sư đoàn", "Phó Sư đoàn trưởng")
PROVINCE_HQ = ["Thủ trưởng Bộ Chỉ huy", "Phòng Tham mưu", "Phòng Chính trị", "Phòng Hậu cần"]
PROVINCE_HQ_TITLES = ("Phó Chính ủy Bộ Chỉ huy", "Phó Chỉ huy trưởng")
DISTRICT = ["Cơ quan Ban Chỉ huy", "Đại đội Dân quân thường trực", "Trung đội Trinh sát"]
DISTRICT_TITLES = ("Chính trị viên Ban Chỉ huy", "Chỉ huy trưởng Ban Chỉ huy")


def _division(number: str, regiments: list[str]) -> Node:
    code = f"SD-{number}"
    return Node(
        code,
        f"Đảng bộ Sư đoàn {number}",
        UnitKind.PARTY_COMMITTEE,
        (
            _grassroots(
                f"{code}-CQ",
                f"Cơ quan Sư đoàn {number}",
                f"Sư đoàn {number}",
                DIVISION_HQ,
                DIVISION_HQ_TITLES,
            ),
            *(
                _grassroots(
                    f"{code}-E{r}",
                    f"Trung đoàn {r}",
                    f"Trung đoàn {r}",
                    BATTALIONS,
                    REGIMENT_TITLES,
                )
                for r in regiments
            ),
        ),
        f"Chính ủy Sư đoàn {number}",
        f"Sư đoàn trưởng Sư đoàn {number}",
    )


def _province(code: str, province: str, district: str, extra: Node | None = None) -> Node:
    children = [
        _grassroots(
            f"{code}-CQ",
            f"Cơ quan Bộ Chỉ huy Quân sự tỉnh {province}",
            province,
            PROVINCE_HQ,
            PROVINCE_HQ_TITLES,
        ),
        _grassroots(
            f"{code}-H1",
            f"Ban Chỉ huy Quân sự huyện {district}",
            f"huyện {district}",
            DISTRICT,
            DISTRICT_TITLES,
        ),
    ]
    if extra is not None:
        children.append(extra)
    return Node(
        code,
        f"Đảng bộ Bộ Chỉ huy Quân sự tỉnh {province}",
        UnitKind.PARTY_COMMITTEE,
        tuple(children),
        f"Chính ủy Bộ Chỉ huy Quân sự tỉnh {province}",
        f"Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh {province}",
    )


def _agency(code: str, name: str, cells: list[str], titles: tuple[str, str]) -> Node:
    return _grassroots(code, name, name.replace(" Quân khu", ""), cells, titles)


def _grassroots_cell(code: str, name: str) -> Node:
    return Node(code, f"Chi bộ {name}", UnitKind.GRASSROOTS_CELL)


TREE = Node(
    ROOT_CODE,
    ROOT_NAME,
    UnitKind.PARTY_COMMITTEE,
    (
        _agency(
            "CQ-QK",
            "Cơ quan Bộ Tư lệnh Quân khu",
            ["Thủ trưởng Bộ Tư lệnh", "Phòng Tác chiến", "Phòng Quân huấn", "Văn phòng"],
            ("Phó Chính ủy Quân khu", "Phó Tham mưu trưởng"),
        ),
        _division("X1", ["1", "2"]),
        _division("X2", ["3", "4"]),
        _province("BCH-AH", "An Hòa", "Đông Nguyên"),
        _province("BCH-BL", "Bình Lâm", "Tây Hà"),
        _province(
            "BCH-TV",
            "Thạch Vân",
            "Nam Vân",
            _grassroots_cell("BCH-TV-K1", "Đại đội Bộ binh cơ động tỉnh Thạch Vân"),
        ),
        _agency(
            "CQ-CT",
            "Cục Chính trị Quân khu",
            ["Phòng Tổ chức", "Phòng Cán bộ", "Phòng Tuyên huấn", "Phòng Bảo vệ an ninh"],
            ("Chủ nhiệm Chính trị Quân khu", "Phó Chủ nhiệm Chính trị Quân khu"),
        ),
        _agency(
            "CQ-HK",
            "Cục Hậu cần - Kỹ thuật Quân khu",
            ["Phòng Quân nhu", "Phòng Xăng dầu", "Phòng Quân khí", "Kho K9X"],
            ("Chính ủy Cục Hậu cần - Kỹ thuật", "Chủ nhiệm Hậu cần - Kỹ thuật"),
        ),
        _agency(
            "TQS",
            "Trường Quân sự Quân khu",
            ["Khoa Chiến thuật", "Khoa Chính trị", "Tiểu đoàn Học viên 1", "Tiểu đoàn Học viên 2"],
            ("Chính ủy Trường", "Hiệu trưởng"),
        ),
        _grassroots_cell("BV-QK", "Bệnh viện Quân y Quân khu"),
        _grassroots_cell("TD-CB", "Tiểu đoàn Công binh Quân khu"),
    ),
)

# The standing committee: (command title, party position, rank, home cell code).
STANDING = [
    ("Chính ủy Quân khu", Position.SECRETARY, "Trung tướng", "CQ-QK-C1"),
    ("Tư lệnh Quân khu", Position.DEPUTY_SECRETARY, "Trung tướng", "CQ-QK-C1"),
    ("Phó Tư lệnh, Tham mưu trưởng", Position.STANDING_MEMBER, "Thiếu tướng", "CQ-QK-C1"),
    ("Phó Chính ủy Quân khu", Position.STANDING_MEMBER, "Thiếu tướng", "CQ-QK-C1"),
    ("Phó Tư lệnh Quân khu", Position.STANDING_MEMBER, "Thiếu tướng", "CQ-QK-C1"),
    ("Phó Tư lệnh Quân khu", Position.STANDING_MEMBER, "Thiếu tướng", "CQ-QK-C1"),
    ("Chủ nhiệm Chính trị Quân khu", Position.STANDING_MEMBER, "Thiếu tướng", "CQ-CT-C1"),
    ("Chủ nhiệm Hậu cần - Kỹ thuật", Position.STANDING_MEMBER, "Đại tá", "CQ-HK-C1"),
    ("Chủ nhiệm Ủy ban Kiểm tra Đảng ủy", Position.STANDING_MEMBER, "Đại tá", "CQ-QK-C1"),
    ("Sư đoàn trưởng Sư đoàn X1", Position.STANDING_MEMBER, "Đại tá", "SD-X1-CQ-C1"),
    ("Chính ủy Sư đoàn X2", Position.STANDING_MEMBER, "Đại tá", "SD-X2-CQ-C1"),
    (
        "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh An Hòa",
        Position.STANDING_MEMBER,
        "Đại tá",
        "BCH-AH-CQ-C1",
    ),
    (
        "Chính ủy Bộ Chỉ huy Quân sự tỉnh Bình Lâm",
        Position.STANDING_MEMBER,
        "Đại tá",
        "BCH-BL-CQ-C1",
    ),
]
LOGIN_DESCRIPTIONS = {
    "admin": "Quản trị hệ thống: toàn bộ dữ liệu",
    "vanphong": "Văn phòng Đảng ủy Quân khu 9X: toàn bộ cây đơn vị",
    "vanphong_f1": "Văn phòng Đảng ủy Sư đoàn X1: chỉ cây của Sư đoàn X1",
    "bithu_cb1": "Bí thư một chi bộ của Trung đoàn 1: chỉ chi bộ của mình",
    "dangvien": "Một đảng viên: chỉ hồ sơ của mình",
}


@dataclass
class DemoSummary:
    """What `demo_load` did, and the demo logins as (username, what it sees)."""

    created: bool
    units: int = 0
    cells: int = 0
    people: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Draft:
    """A person being generated, before the bulk insert."""

    person: Person
    seniority: int


def _rank_seniority(rank: str) -> int:
    if rank in RANK_ORDER:
        return RANK_ORDER.index(rank) * 2 + 1
    if rank in QNCN_RANKS:
        return (RANK_ORDER.index(rank.removesuffix(" QNCN"))) * 2
    return -1


class _People:
    """Deterministic generator of fictional members."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.card = 20_100_000

    def _name(self, female: bool, born: datetime.date) -> dict[str, str]:
        rng = self.rng
        while True:
            columns = name_columns(
                family_name=rng.choices(FAMILY, FAMILY_WEIGHTS)[0],
                middle_name=rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
                given_name=rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
                date_of_birth=born,
            )
            if columns["full_name"] not in FORBIDDEN_NAMES:
                return columns

    def _day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def make(self, unit: Unit, *, rank: str = "", post: str = "", leader: bool = False) -> _Draft:
        rng = self.rng
        female = not leader and rng.random() < 0.12
        if leader:
            born = self._day(datetime.date(1963, 1, 1), datetime.date(1970, 12, 31))
        else:
            born = self._day(datetime.date(1966, 1, 1), datetime.date(2001, 10, 31))
        age = TODAY.year - born.year
        adult = _years_later(born, 18)
        latest_official = _years_later(TODAY, -1)
        # About one member in twenty was admitted in the last twelve months and is probationary.
        probationary = not leader and (adult > latest_official or rng.random() < 0.05)
        if probationary:
            admitted = self._day(max(adult, latest_official), TODAY - datetime.timedelta(days=20))
        else:
            start = max(adult, min(_years_later(born, 19), latest_official))
            admitted = self._day(start, min(latest_official, _years_later(start, 8)))
        official = None if probationary else _years_later(admitted, 1)
        status = PersonStatus.PROBATIONARY if probationary else PersonStatus.OFFICIAL
        roll = rng.random()
        if not probationary and not leader and roll < 0.006:
            status = PersonStatus.EXEMPT
        elif not probationary and not leader and roll < 0.010:
            status = PersonStatus.SUSPENDED
        if not rank:
            kind = rng.random()
            if kind < 0.05:
                rank, post = "", CIVILIAN_POST
            elif kind < 0.25 and age >= 22:
                rank = QNCN_RANKS[min(len(QNCN_RANKS) - 1, max(0, (age - 22) // 5))]
                post = rng.choice(QNCN_POSTS)
            else:
                rank = rng.choice(next(ranks for top, ranks in OFFICER_BY_AGE if age <= top))
        if not post:
            post = rng.choice(POSTS_BY_RANK.get(rank, ["Trợ lý"]))
        card = None
        if not probationary:
            card = f"{self.card:08d}"
            self.card += rng.randint(1, 40)
        person = Person(
            unit=unit,
            gender="nu" if female else "nam",
            date_of_birth=born,
            admitted_on=admitted,
            official_on=official,
            card_number=card,
            status=status,
            rank=rank,
            position=post,
            **self._name(female, born),
        )
        return _Draft(person, _rank_seniority(rank))


def _years_later(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February."""
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)


def _history_level(rng: random.Random) -> str:
    return rng.choices(["HTXSNV", "HTTNV", "HTNV", "KHTNV"], [12, 70, 16, 2])[0]


def demo_logins() -> list[tuple[str, str]]:
    """The demo logins that exist, each with what it may see (and whose record it is)."""
    users = {
        user.username: user
        for user in User.objects.filter(username__in=LOGIN_DESCRIPTIONS).select_related("person")
    }
    logins = []
    for username, description in LOGIN_DESCRIPTIONS.items():
        user = users.get(username)
        if user is None:
            continue
        if user.person is not None:
            description = f"{description} ({user.person.full_name})"
        logins.append((username, description))
    return logins


@transaction.atomic
def demo_load(*, size: float = 1.0, seed: int = 2020) -> DemoSummary:
    """Build the demo organization once. A second call writes nothing.

    `size` scales the number of members (1.0 is about 1,500); the tree and the standing
    committee are always complete.
    """
    if Unit.objects.filter(code=ROOT_CODE).exists():
        return DemoSummary(created=False, logins=demo_logins())
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    generator = _People(rng)

    units: list[Unit] = []
    by_code: dict[str, Unit] = {}
    nodes: dict[str, Node] = {}

    def create(node: Node, parent: Unit | None) -> None:
        unit = services.unit_create(
            actor=None, code=node.code, name=node.name, kind=node.kind, parent=parent
        )
        units.append(unit)
        by_code[node.code] = unit
        nodes[node.code] = node
        for child in node.children:
            create(child, unit)

    create(TREE, None)
    root = by_code[ROOT_CODE]
    cells = [unit for unit in units if unit.is_cell]

    # Members per cell: random weights around the mean, at least five so each cell can elect a
    # chi ủy of three and still has plain members.
    weights = [rng.uniform(0.6, 1.4) for _ in cells]
    target = MEMBERS_AT_SIZE_1 * size
    drafts: dict[int, list[_Draft]] = {}
    for cell, weight in zip(cells, weights, strict=True):
        count = max(5, round(target * weight / sum(weights)))
        drafts[cell.pk] = [generator.make(cell) for _ in range(count)]
    standing = []
    for title, _position, rank, home in STANDING:
        draft = generator.make(by_code[home], rank=rank, post=title, leader=True)
        drafts[draft.person.unit_id].insert(0, draft)
        standing.append(draft.person)

    # Committee seats are chosen before the insert, so the command posts are written once.
    cell_committees = {
        cell.pk: _pick_committee(drafts[cell.pk], 3, exclude=standing) for cell in cells
    }
    # Upper committees first, so the most senior people sit at the highest level; nobody sits
    # on two of these committees (a cell's chi ủy may overlap).
    committee_seats: dict[int, list[Person]] = {}
    taken = list(standing)
    for unit in sorted(units, key=lambda u: u.depth):
        if unit.is_cell or unit.pk == root.pk:
            continue
        node = nodes[unit.code]
        in_subtree = [
            draft for cell in cells if cell.path.startswith(unit.path) for draft in drafts[cell.pk]
        ]
        heads = {
            p.position: p
            for p in standing
            if p.position in {node.secretary_title, node.deputy_title}
        }
        pool = _pick_committee(in_subtree, 5 - len(heads), exclude=taken)
        seats = []
        for title in (node.secretary_title, node.deputy_title):
            head = heads.get(title) or (pool.pop(0) if pool else None)
            if head is not None:
                head.position = title
                seats.append(head)
        seats += pool
        taken += seats
        committee_seats[unit.pk] = seats

    people = [draft.person for cell in cells for draft in drafts[cell.pk]]
    for person in people:
        for name, value in person.unit.ancestor_values.items():
            setattr(person, name, value)
    Person.objects.bulk_create(people, batch_size=1000)
    services.member_totals_refresh()
    CellMembership.objects.bulk_create(
        [
            CellMembership(
                person=p, unit=p.unit, start=p.admitted_on, reason=CellMembership.Reason.ADMITTED
            )
            for p in people
        ],
        batch_size=1000,
    )
    ClassificationRecord.objects.bulk_create(
        [
            ClassificationRecord(person=p, year=year, level=_history_level(rng))
            for p in people
            if p.official_on is not None
            for year in HISTORY_YEARS
            if p.admitted_on.year < year
        ],
        batch_size=2000,
    )

    _seat_standing_committee(root, standing, committee_seats)
    for unit in units:
        if unit.pk in committee_seats:
            _seat_body(
                unit,
                BodyKind.EXECUTIVE_COMMITTEE,
                TERM_STARTS.get(unit.depth, GRASSROOTS_TERM_START),
                committee_seats[unit.pk],
                [Position.SECRETARY, Position.DEPUTY_SECRETARY],
                Position.EXECUTIVE_MEMBER,
            )
    for cell in cells:
        _seat_body(
            cell,
            BodyKind.CELL_COMMITTEE,
            CELL_TERM_START,
            cell_committees[cell.pk],
            [Position.SECRETARY, Position.DEPUTY_SECRETARY],
            Position.CELL_COMMITTEE_MEMBER,
        )

    # The default competent levels (domain.md §4.2); members only live in cells.
    for unit in units:
        scopes = [DecisionScope.ORGANIZATION]
        if unit.is_cell:
            scopes.append(DecisionScope.MEMBERS)
        for scope in scopes:
            decider = services.default_decider(unit, scope)
            if decider is not None:
                services.decides_for_set(actor=None, decider=decider, subject=unit, scope=scope)

    first_cell = by_code["SD-X1-E1-C1"]
    secretary, *_others = cell_committees[first_cell.pk]
    plain_member = max(
        (d.person for d in drafts[first_cell.pk] if d.person not in cell_committees[first_cell.pk]),
        key=lambda person: person.status == PersonStatus.OFFICIAL,
    )
    password = make_password(DEMO_PASSWORD)
    _login("admin", password=password, superuser=True, role=Role.ADMINISTRATOR)
    _login("vanphong", password=password, role=Role.COMMITTEE_OFFICE, unit=root)
    _login("vanphong_f1", password=password, role=Role.COMMITTEE_OFFICE, unit=by_code["SD-X1"])
    _login(
        "bithu_cb1", password=password, role=Role.CELL_SECRETARY, unit=first_cell, person=secretary
    )
    _login("dangvien", password=password, role=Role.MEMBER, person=plain_member)

    summary = DemoSummary(
        created=True,
        units=len(units),
        cells=len(cells),
        people=len(people),
        logins=demo_logins(),
    )
    audit_record(
        actor=None,
        verb="demo_load",
        instance=root,
        changes={
            "units": summary.units,
            "cells": summary.cells,
            "people": summary.people,
            "size": size,
            "seed": seed,
        },
    )
    return summary


def _pick_committee(drafts: list[_Draft], count: int, *, exclude: list[Person]) -> list[Person]:
    """The most senior official members (rank, then age), for a committee's seats."""
    candidates = [
        draft
        for draft in drafts
        if draft.person.status == PersonStatus.OFFICIAL
        and not any(draft.person is other for other in exclude)
    ]
    candidates.sort(key=lambda d: (-d.seniority, d.person.date_of_birth))
    return [draft.person for draft in candidates[: max(0, count)]]


def _seat_body(
    unit: Unit,
    kind: str,
    term_start: datetime.date,
    people: list[Person],
    heads: list[str],
    member_position: str,
) -> LeadershipBody:
    body = services.body_create(
        actor=None,
        unit=unit,
        kind=kind,
        term_start=term_start,
        term_end=_years_later(term_start, TERM_YEARS),
    )
    for index, person in enumerate(people):
        services.seat_add(
            actor=None,
            body=body,
            person=person,
            position=heads[index] if index < len(heads) else member_position,
            start=term_start,
            command_title=person.position,
        )
    return body


def _seat_standing_committee(
    root: Unit, standing: list[Person], committee_seats: dict[int, list[Person]]
) -> None:
    """BTV of 13; the BCH is the BTV plus the secretary of every subordinate committee."""
    term_start = TERM_STARTS[0]
    standing_body = services.body_create(
        actor=None,
        unit=root,
        kind=BodyKind.STANDING_COMMITTEE,
        term_start=term_start,
        term_end=_years_later(term_start, TERM_YEARS),
    )
    executive = services.body_create(
        actor=None,
        unit=root,
        kind=BodyKind.EXECUTIVE_COMMITTEE,
        term_start=term_start,
        term_end=_years_later(term_start, TERM_YEARS),
    )
    for person, (title, position, _rank, _home) in zip(standing, STANDING, strict=True):
        for body in (standing_body, executive):
            services.seat_add(
                actor=None,
                body=body,
                person=person,
                position=position,
                start=term_start,
                command_title=title,
            )
    for child in root.children.order_by("path"):
        seats = committee_seats.get(child.pk) or []
        for person in seats[:2]:
            if any(person is other for other in standing):
                continue
            services.seat_add(
                actor=None,
                body=executive,
                person=person,
                position=Position.EXECUTIVE_MEMBER,
                start=term_start,
                command_title=person.position,
            )


def _login(
    username: str,
    *,
    password: str,
    role: str,
    unit: Unit | None = None,
    person: Person | None = None,
    superuser: bool = False,
) -> None:
    """Create a demo login with one role grant. An existing account is left untouched.

    `password` is already hashed: the five demo logins share one hash, because hashing is most of
    the demo's run time and the password is public anyway.
    """
    if User.objects.filter(username=username).exists():
        return
    user = User.objects.create(
        username=username,
        password=password,
        person=person,
        is_staff=superuser,
        is_superuser=superuser,
    )
    RoleGrant.objects.create(user=user, role=role, unit=unit)
