"""Fill Person.ancestor<d> and Unit.member_total for the rows that exist (data only)."""

from django.db import migrations

SEGMENT = 10
DEPTHS = 8


def _lineage(path):
    return [int(path[i : i + SEGMENT]) for i in range(0, len(path), SEGMENT)]


def fill(apps, schema_editor):
    Unit = apps.get_model("orgs", "Unit")
    Person = apps.get_model("orgs", "Person")
    paths = dict(Unit.objects.values_list("pk", "path"))
    totals = dict.fromkeys(paths, 0)
    direct = {}
    for unit_id in Person.objects.values_list("unit_id", flat=True).iterator():
        direct[unit_id] = direct.get(unit_id, 0) + 1
    for unit_id, count in direct.items():
        lineage = _lineage(paths[unit_id])
        Person.objects.filter(unit_id=unit_id).update(
            **{
                f"ancestor{depth}": lineage[depth] if depth < len(lineage) else None
                for depth in range(DEPTHS)
            }
        )
        for ancestor in lineage:
            totals[ancestor] += count
    for unit_id, total in totals.items():
        if total:
            Unit.objects.filter(pk=unit_id).update(member_total=total)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_person_ancestors_unit_member_total")]

    # The reverse has nothing to undo: reversing 0002 drops the columns.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
