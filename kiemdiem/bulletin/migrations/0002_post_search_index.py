"""The full-text index over the folded search columns of posts, one per database vendor.

SQLite: an FTS5 table with bulletin_post as its external content, kept in sync by triggers.
PostgreSQL: a stored generated tsvector ('simple' config: the text is already folded) with a
GIN index. Each statement runs only on its vendor and has its reverse.

A later migration that alters bulletin_post on SQLite rebuilds the table and drops the
triggers with it: recreate them there (kiemdiem/bulletin/tests/test_search.py checks they exist).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE bulletin_post_fts USING fts5(
        title_folded, search_text,
        content='bulletin_post', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER bulletin_post_fts_ai AFTER INSERT ON bulletin_post BEGIN
        INSERT INTO bulletin_post_fts(rowid, title_folded, search_text)
        VALUES (new.id, new.title_folded, new.search_text);
    END""",
    """CREATE TRIGGER bulletin_post_fts_ad AFTER DELETE ON bulletin_post BEGIN
        INSERT INTO bulletin_post_fts(bulletin_post_fts, rowid, title_folded, search_text)
        VALUES ('delete', old.id, old.title_folded, old.search_text);
    END""",
    """CREATE TRIGGER bulletin_post_fts_au AFTER UPDATE OF title_folded, search_text
    ON bulletin_post BEGIN
        INSERT INTO bulletin_post_fts(bulletin_post_fts, rowid, title_folded, search_text)
        VALUES ('delete', old.id, old.title_folded, old.search_text);
        INSERT INTO bulletin_post_fts(rowid, title_folded, search_text)
        VALUES (new.id, new.title_folded, new.search_text);
    END""",
    "INSERT INTO bulletin_post_fts(bulletin_post_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS bulletin_post_fts_au",
    "DROP TRIGGER IF EXISTS bulletin_post_fts_ad",
    "DROP TRIGGER IF EXISTS bulletin_post_fts_ai",
    "DROP TABLE IF EXISTS bulletin_post_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE bulletin_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_folded, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(search_text, '')), 'B')
    ) STORED""",
    "CREATE INDEX bulletin_post_search_gin ON bulletin_post USING gin (search_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS bulletin_post_search_gin",
    "ALTER TABLE bulletin_post DROP COLUMN IF EXISTS search_vector",
]


class RunSQLOnVendor(migrations.RunSQL):
    """RunSQL that runs only when the database is of `vendor` ('sqlite', 'postgresql')."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql, elidable=False)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, self.sql, self.reverse_sql], {}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("bulletin", "0001_news_posts"),
    ]

    operations = [
        RunSQLOnVendor("sqlite", SQLITE_FORWARD, SQLITE_REVERSE),
        RunSQLOnVendor("postgresql", POSTGRES_FORWARD, POSTGRES_REVERSE),
    ]
