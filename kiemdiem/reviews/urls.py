from django.urls import path

from kiemdiem.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/plan/", views.campaign_plan, name="campaign_plan"),
    path("campaigns/<int:pk>/transition/", views.campaign_transition, name="campaign_transition"),
    path("campaigns/<int:pk>/deadlines/", views.unit_deadline_set, name="unit_deadline_set"),
    path("campaigns/<int:pk>/open/", views.campaign_open, name="campaign_open"),
    path("campaigns/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("campaigns/<int:pk>/dashboard.xlsx", views.dashboard_export, name="dashboard_export"),
    path("campaigns/<int:pk>/hints/", views.hint_list, name="hint_list"),
    path("campaigns/<int:pk>/reviews/", views.review_list, name="review_list"),
    path("jobs/<int:pk>/", views.open_job, name="open_job"),
    path("<int:pk>/", views.self_review, name="self_review"),
    path("<int:pk>/save/", views.self_review_save, name="self_review_save"),
    path("<int:pk>/submit/", views.self_review_submit, name="self_review_submit"),
    path("<int:pk>/return/", views.self_review_return, name="self_review_return"),
    path("<int:pk>/lock/", views.self_review_lock, name="self_review_lock"),
    path(
        "<int:pk>/not-required/",
        views.self_review_not_required,
        name="self_review_not_required",
    ),
    path("<int:pk>/report/", views.report_detail, name="report_detail"),
    path("<int:pk>/report/save/", views.report_save, name="report_save"),
    path("<int:pk>/report/circulate/", views.report_circulate, name="report_circulate"),
    path("reports/<int:pk>/comment/", views.report_comment, name="report_comment"),
    path("reports/<int:pk>/revise/", views.report_revise, name="report_revise"),
    path("reports/<int:pk>/adopt/", views.report_adopt, name="report_adopt"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("reports/<int:pk>/diff/", views.report_diff, name="report_diff"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
]
