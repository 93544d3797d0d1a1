from django.apps import AppConfig


class WorklistConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kiemdiem.worklist"
    verbose_name = "Việc cần làm"
