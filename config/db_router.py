"""Send the reports app's reads to the read replica (DATABASE_REPLICA_URL, docs/scale.md); every
write and every other read goes to the primary, so pages always read their own writes."""

from __future__ import annotations

from typing import Any

REPLICA = "replica"


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if model._meta.app_label == "reports" else None

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        return db == "default"
