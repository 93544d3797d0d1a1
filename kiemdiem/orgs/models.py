"""The organization: units in a tree, who decides for whom, leadership bodies, people.

The unit tree is a materialized path of fixed-width, zero-padded primary keys (digits only), so
"everything under this unit" is one indexed range query that orders the same way under every
database collation, and a move rewrites the paths of the subtree in one UPDATE.

The member list of a subtree is the hot read (a unit page, the people API). Two derived columns,
kept by the services in the same transaction as the write they follow, make it cheap at a
million members:

- `Person.ancestor<d>`: the id of the person's ancestor unit at depth d (their cell included),
  for d < ANCESTOR_DEPTHS, each in a partial index (ancestor<d>, sort_key, id). A page of a
  subtree is then a range of one index, already in name order.
- `Unit.member_total`: the people in the unit's whole subtree, so a page count is one row read.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kiemdiem.core.levels import Level

PATH_SEGMENT = 10
# Depths 0..7 carry an ancestor column. Deeper units are small; their lists use the path range.
ANCESTOR_DEPTHS = 8
ANCESTOR_FIELDS = tuple(f"ancestor{depth}" for depth in range(ANCESTOR_DEPTHS))


def path_lineage(path: str) -> list[int]:
    """The unit ids a materialized path names, root first."""
    return [int(path[i : i + PATH_SEGMENT]) for i in range(0, len(path), PATH_SEGMENT)]


def ancestor_values(path: str) -> dict[str, int | None]:
    """The Person ancestor columns for a cell with this path (None below the cell)."""
    lineage = path_lineage(path)
    return {
        name: lineage[depth] if depth < len(lineage) else None
        for depth, name in enumerate(ANCESTOR_FIELDS)
    }


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "dang_bo", _("Đảng bộ")
    GRASSROOTS_COMMITTEE = "dang_bo_co_so", _("Đảng bộ cơ sở")
    GRASSROOTS_CELL = "chi_bo_co_so", _("Chi bộ cơ sở")
    PARTIAL_COMMITTEE = "dang_bo_bo_phan", _("Đảng bộ bộ phận")
    CELL = "chi_bo", _("Chi bộ")


# Vietnamese labels as the roster file writes them (domain.md §10), whatever the UI language.
UNIT_KIND_LABELS: dict[str, str] = {
    UnitKind.PARTY_COMMITTEE: "Đảng bộ",
    UnitKind.GRASSROOTS_COMMITTEE: "Đảng bộ cơ sở",
    UnitKind.GRASSROOTS_CELL: "Chi bộ cơ sở",
    UnitKind.PARTIAL_COMMITTEE: "Đảng bộ bộ phận",
    UnitKind.CELL: "Chi bộ",
}
CELL_KINDS = {UnitKind.GRASSROOTS_CELL, UnitKind.CELL}
GRASSROOTS_KINDS = {UnitKind.GRASSROOTS_COMMITTEE, UnitKind.GRASSROOTS_CELL}


class Unit(models.Model):
    """A party organization: a đảng bộ at any level or a chi bộ."""

    code = models.CharField(_("mã đơn vị"), max_length=64, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("loại"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn cây"), max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("cấp"), default=0, editable=False)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False, default="")
    member_total = models.PositiveIntegerField(
        _("số đảng viên (cả cấp dưới)"), default=0, db_default=0, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "code"], name="orgs_unit_parent_code_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def path_upper_bound(self) -> str:
        """The smallest path after every descendant's: the last segment plus one."""
        head, last = self.path[:-PATH_SEGMENT], self.path[-PATH_SEGMENT:]
        return head + str(int(last) + 1).zfill(PATH_SEGMENT)

    @property
    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to this unit's parent."""
        segments = [self.path[i : i + PATH_SEGMENT] for i in range(0, len(self.path), PATH_SEGMENT)]
        return [int(segment) for segment in segments[:-1]]

    @property
    def lineage_ids(self) -> list[int]:
        """Primary keys from the root down to this unit itself."""
        return path_lineage(self.path)

    @property
    def ancestor_values(self) -> dict[str, int | None]:
        """The ancestor columns of a person whose cell is this unit."""
        return ancestor_values(self.path)

    @property
    def ancestor_field(self) -> str | None:
        """The Person column holding this unit for everyone under it (None if too deep)."""
        return ANCESTOR_FIELDS[self.depth] if self.depth < ANCESTOR_DEPTHS else None


class DecisionScope(models.TextChoices):
    ORGANIZATION = "organization", _("Xếp loại tổ chức")
    MEMBERS = "members", _("Xếp loại đảng viên")


class DecidesFor(models.Model):
    """The competent level: `decider` decides the classification of `subject` (or its members).

    Kept apart from the parent link because the deciding body is often not the direct parent
    (domain.md §4.2).
    """

    decider = models.ForeignKey(
        Unit, verbose_name=_("cấp quyết định"), on_delete=models.CASCADE, related_name="decides_for"
    )
    subject = models.ForeignKey(
        Unit, verbose_name=_("đối tượng"), on_delete=models.CASCADE, related_name="decided_by"
    )
    scope = models.CharField(_("phạm vi"), max_length=16, choices=DecisionScope.choices)

    class Meta:
        verbose_name = _("thẩm quyền quyết định")
        verbose_name_plural = _("thẩm quyền quyết định")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "scope"], name="orgs_decidesfor_one_decider"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decider} → {self.subject} ({self.get_scope_display()})"


class Gender(models.TextChoices):
    MALE = "nam", _("Nam")
    FEMALE = "nu", _("Nữ")


class PersonStatus(models.TextChoices):
    OFFICIAL = "official", _("Chính thức")
    PROBATIONARY = "probationary", _("Dự bị")
    EXEMPT = "exempt", _("Miễn công tác và sinh hoạt đảng")
    SUSPENDED = "suspended", _("Đình chỉ sinh hoạt đảng")
    TEMPORARY = "temporary", _("Sinh hoạt tạm thời")
    TRANSFERRED_OUT = "transferred_out", _("Chuyển đi")
    DECEASED = "deceased", _("Từ trần")
    LEFT = "left", _("Ra khỏi Đảng")


ACTIVE_STATUSES = [
    PersonStatus.OFFICIAL,
    PersonStatus.PROBATIONARY,
    PersonStatus.EXEMPT,
    PersonStatus.SUSPENDED,
    PersonStatus.TEMPORARY,
]


class Person(models.Model):
    """A party member. `unit` is the current cell; `memberships` keeps the dated history."""

    family_name = models.CharField(_("họ"), max_length=64, blank=True)
    middle_name = models.CharField(_("tên đệm"), max_length=128, blank=True)
    given_name = models.CharField(_("tên"), max_length=64)
    full_name = models.CharField(_("họ và tên"), max_length=255)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    # Searched with LIKE '%word%', which no B-tree serves: no index (it only slowed inserts).
    name_folded = models.CharField(max_length=255, editable=False)
    date_of_birth = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices)
    # NULL, not "", for probationary members without a card: the unique constraint skips NULLs.
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=32, null=True, blank=True)  # noqa: DJ001
    admitted_on = models.DateField(_("ngày vào Đảng"))
    official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=32, choices=PersonStatus.choices, default=PersonStatus.OFFICIAL
    )
    rank = models.CharField(_("cấp bậc"), max_length=64, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    # No index of its own: orgs_person_unit_sort_idx (unit, sort_key) serves every unit lookup.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("chi bộ"),
        on_delete=models.PROTECT,
        related_name="people",
        db_index=False,
    )
    # The cell's lineage (see the module docstring); plain ids, the path of `unit` is the truth.
    ancestor0 = models.BigIntegerField(null=True, blank=True, editable=False)
    ancestor1 = models.BigIntegerField(null=True, blank=True, editable=False)
    ancestor2 = models.BigIntegerField(null=True, blank=True, editable=False)
    ancestor3 = models.BigIntegerField(null=True, blank=True, editable=False)
    ancestor4 = models.BigIntegerField(null=True, blank=True, editable=False)
    ancestor5 = models.BigIntegerField(null=True, blank=True, editable=False)
    ancestor6 = models.BigIntegerField(null=True, blank=True, editable=False)
    ancestor7 = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["card_number"],
                condition=models.Q(card_number__isnull=False),
                name="orgs_person_unique_card_number",
                violation_error_message=_("Số thẻ đảng viên đã tồn tại."),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "sort_key"], name="orgs_person_unit_sort_idx"),
            # Partial: a person has no ancestor below their cell, and NULLs would only add size.
            *(
                models.Index(
                    fields=[name, "sort_key", "id"],
                    condition=models.Q(**{f"{name}__isnull": False}),
                    name=f"orgs_person_{name}_sort_idx",
                )
                for name in ANCESTOR_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_official(self) -> bool:
        return self.official_on is not None


class CellMembership(models.Model):
    """A dated stay of a person in a cell. A transfer ends one row and starts another."""

    class Reason(models.TextChoices):
        ADMITTED = "admitted", _("Kết nạp / nhập danh sách")
        TRANSFER = "transfer", _("Chuyển sinh hoạt")
        TEMPORARY = "temporary", _("Sinh hoạt tạm thời")

    person = models.ForeignKey(
        Person, verbose_name=_("đảng viên"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="memberships"
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(
        _("lý do"), max_length=16, choices=Reason.choices, default=Reason.ADMITTED
    )

    class Meta:
        verbose_name = _("quá trình sinh hoạt")
        verbose_name_plural = _("quá trình sinh hoạt")
        ordering = ["person", "start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(end__isnull=True),
                name="orgs_cellmembership_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.unit} ({self.start}–{self.end or ''})"


class BodyKind(models.TextChoices):
    EXECUTIVE_COMMITTEE = "ban_chap_hanh", _("Ban Chấp hành")
    STANDING_COMMITTEE = "ban_thuong_vu", _("Ban Thường vụ")
    CELL_COMMITTEE = "chi_uy", _("Chi ủy")


class LeadershipBody(models.Model):
    """A leadership body of a unit for one term (nhiệm kỳ)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="bodies"
    )
    kind = models.CharField(_("loại"), max_length=32, choices=BodyKind.choices)
    term_start = models.DateField(_("đầu nhiệm kỳ"))
    term_end = models.DateField(_("cuối nhiệm kỳ"), null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan lãnh đạo")
        verbose_name_plural = _("cơ quan lãnh đạo")
        ordering = ["unit", "kind", "-term_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "term_start"], name="orgs_leadershipbody_unique_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit}"


class Position(models.TextChoices):
    SECRETARY = "bi_thu", _("Bí thư")
    DEPUTY_SECRETARY = "pho_bi_thu", _("Phó Bí thư")
    STANDING_MEMBER = "uy_vien_btv", _("Ủy viên Ban Thường vụ")
    EXECUTIVE_MEMBER = "uy_vien_bch", _("Ủy viên Ban Chấp hành")
    CELL_COMMITTEE_MEMBER = "chi_uy_vien", _("Chi ủy viên")


POSITION_ORDER = {
    Position.SECRETARY: 0,
    Position.DEPUTY_SECRETARY: 1,
    Position.STANDING_MEMBER: 2,
    Position.EXECUTIVE_MEMBER: 3,
    Position.CELL_COMMITTEE_MEMBER: 3,
}


class BodyMembership(models.Model):
    """A person's seat in a leadership body, dated, with the party position and a command post."""

    body = models.ForeignKey(
        LeadershipBody, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="seats"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("đảng viên"), on_delete=models.CASCADE, related_name="seats"
    )
    position = models.CharField(_("chức vụ Đảng"), max_length=32, choices=Position.choices)
    position_rank = models.PositiveSmallIntegerField(default=9, editable=False)
    command_title = models.CharField(_("chức vụ chính quyền"), max_length=128, blank=True)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên cơ quan lãnh đạo")
        verbose_name_plural = _("thành viên cơ quan lãnh đạo")
        ordering = ["body", "position_rank", "person__sort_key"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_position_display()} · {self.body}"


class ClassificationRecord(models.Model):
    """A person's classification result for one year, as imported or decided."""

    person = models.ForeignKey(
        Person, verbose_name=_("đảng viên"), on_delete=models.CASCADE, related_name="results"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("mức xếp loại"), max_length=8, choices=Level.choices, blank=True)
    award = models.CharField(_("khen thưởng"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kết quả xếp loại")
        verbose_name_plural = _("kết quả xếp loại")
        ordering = ["person", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"], name="orgs_classificationrecord_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.level or '—'}"
