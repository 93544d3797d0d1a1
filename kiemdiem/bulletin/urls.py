from django.contrib.auth.decorators import login_not_required
from django.urls import path

from kiemdiem.bulletin import views
from kiemdiem.bulletin.feeds import CategoryAtomFeed, CategoryRssFeed

app_name = "bulletin"
urlpatterns = [
    # Public: published news, no login (each view is marked @login_not_required).
    path("", views.front, name="front"),
    path("search/", views.search, name="search"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("c/<slug:slug>/rss/", login_not_required(CategoryRssFeed()), name="category_rss"),
    path("c/<slug:slug>/atom/", login_not_required(CategoryAtomFeed()), name="category_atom"),
    path("p/<slug:slug>/", views.post_detail, name="post_detail"),
    path("photos/<int:pk>/", views.photo_file, name="photo"),
    path("photos/<int:pk>/thumb/", views.photo_file, {"size": "thumb"}, name="photo_thumb"),
    # Editing: committee office of the post's unit.
    path("edit/", views.post_manage, name="post_manage"),
    path("edit/new/", views.post_new, name="post_new"),
    path("edit/<int:pk>/", views.post_edit, name="post_edit"),
    path("edit/<int:pk>/preview/", views.post_preview, name="post_preview"),
    path("edit/<int:pk>/publish/", views.post_publish, name="post_publish"),
    path("edit/<int:pk>/unpublish/", views.post_unpublish, name="post_unpublish"),
    path("edit/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("edit/photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
]
