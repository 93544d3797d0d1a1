"""RSS and Atom feeds of a category's published posts (public)."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from kiemdiem.bulletin import selectors
from kiemdiem.bulletin.models import Category, Post

FEED_SIZE = 30


class CategoryRssFeed(Feed):  # type: ignore[type-arg]
    """The latest published posts of a category (and its sub-categories)."""

    def get_object(self, request: HttpRequest, slug: str) -> Category:
        return selectors.category_get(slug=slug)

    def title(self, obj: Category) -> str:
        return obj.name

    def link(self, obj: Category) -> str:
        return reverse("bulletin:category", args=[obj.slug])

    def description(self, obj: Category) -> str:
        return obj.description or obj.name

    def items(self, obj: Category) -> QuerySet[Post]:
        return selectors.post_list_published(category=obj)[:FEED_SIZE]

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.lead

    def item_link(self, item: Post) -> str:
        return reverse("bulletin:post_detail", args=[item.slug])

    def item_pubdate(self, item: Post) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Post) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Post) -> str:
        return item.author


class CategoryAtomFeed(CategoryRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Category) -> str:
        return self.description(obj)
