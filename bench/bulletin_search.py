"""News search benchmark: `bulletin.selectors.post_search` over 100,000 published posts.

Builds fictional posts with raw inserts (titles, leads and bodies drawn from a Vietnamese word
list with a long-tailed frequency, so common words match tens of thousands of posts and rare
ones a handful), filling the folded search columns with `bulletin.services.search_columns`, the
function the services use; the index then follows as it does in production (FTS5 triggers on
SQLite, the generated tsvector on PostgreSQL). Times `post_search(q)` and
`post_search(q, category)` for a set of queries typed without diacritics, 20 results a page,
and prints p50 / p95 per case, the hit count of the ranked query, and two baselines in the same
run: the selector's ranked-id SQL alone, and a naive `LIKE '%…%'` scan of the folded text.

    .venv/bin/python bench/bulletin_search.py                  # SQLite (fresh temporary file)
    .venv/bin/python bench/bulletin_search.py --posts 20000 --runs 10
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bulletin_search.py
        # SQLite, then PostgreSQL in its own database bench_bulletin on that server (created)
    ... bench/bulletin_search.py --only postgresql             # one backend

Target: p95 ≤ 100 ms per search.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "bench_bulletin"
BATCH = 5_000
WORDS_TEXT = (
    "hội nghị kiểm điểm tự phê bình và phê bình năm đảng ủy chi bộ ban thường vụ quân khu "
    "đảng viên xếp loại chất lượng tổ chức lãnh đạo chỉ đạo thực hiện nhiệm vụ quân sự quốc "
    "phòng huấn luyện sẵn sàng chiến đấu xây dựng đơn vị vững mạnh toàn diện chính trị tư tưởng "
    "đạo đức lối sống phong cách nghị quyết chỉ thị kết luận cấp trên cơ quan bộ tư lệnh sư đoàn "
    "trung đoàn tiểu đoàn đại đội thi đua khen thưởng kỷ luật kiểm tra giám sát ủy ban diễn tập "
    "chiến thuật bắn đạn thật hội thao dân vận giúp dân mưa lũ hậu cần kỹ thuật tổng kết sơ kết "
    "phương hướng kế hoạch báo cáo dự thảo thảo luận đóng góp ý kiến thẳng thắn nghiêm túc dân "
    "chủ đoàn kết thống nhất hạn chế khuyết điểm nguyên nhân chủ quan khách quan trách nhiệm "
    "biện pháp khắc phục kết quả đạt được bài học kinh nghiệm tập thể cá nhân đồng chí bí thư "
    "chính ủy tư lệnh phó tham mưu trưởng chủ nhiệm văn phòng tỉnh huyện xã biên giới hải đảo "
    "thanh niên phụ nữ công đoàn cựu chiến binh học tập làm theo tấm gương điển hình tiên tiến "
    "kết nạp quần chúng ưu tú bồi dưỡng nghiệp vụ phần mềm hồ sơ quản lý tiếp nhận bàn giao"
)
WORDS = WORDS_TEXT.split()
QUERIES = [
    "hoi nghi kiem diem",  # the seed article's phrase: common words together
    "xep loai chat luong dang vien",
    "ban thuong vu dang uy quan khu",
    "huan luyen",
    "dien tap chien thuat ban dan that",
    "ket nap quan chung uu tu",
    "tiep nhan ban giao ho so",  # rarer words
    "nam",  # one very common word
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per case")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="run one backend")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    return parser.parse_args()


def create_database(url: str) -> str:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists:
            conn.execute(f'DROP DATABASE "{BENCH_DB}"')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return urlunsplit(urlsplit(url)._replace(path=f"/{BENCH_DB}"))


def sentence(rng: random.Random, weights: list[float], length: int) -> str:
    return " ".join(rng.choices(WORDS, weights=weights, k=length))


def word_weights() -> list[float]:
    """Zipf-like frequencies over a fixed shuffle of the word list (a common word is ~40 times
    as frequent as a rare one)."""
    order = list(range(len(WORDS)))
    random.Random(7).shuffle(order)
    return [1 / (rank + 5) for rank in order]


def generate(posts: int) -> dict[str, Any]:
    """Categories and a unit through the services, then the posts by raw inserts."""
    from django.db import connection, transaction

    from kiemdiem.bulletin import services
    from kiemdiem.bulletin.models import Post
    from kiemdiem.orgs import services as org_services

    rng = random.Random(100_000)
    weights = word_weights()
    unit = org_services.unit_create(
        actor=None, code="BENCH", name="Đảng bộ Bench", kind="dang_bo", parent=None
    )
    parents = [
        services.category_create(actor=None, name=name, slug=f"c{index}")
        for index, name in enumerate(["Xây dựng Đảng", "Quân sự", "Đời sống"])
    ]
    children = [
        services.category_create(
            actor=None, name=f"{parent.name} {n}", slug=f"{parent.slug}-{n}", parent=parent
        )
        for parent in parents
        for n in (1, 2)
    ]
    leaves = [*parents, *children]
    fields = [f.column for f in Post._meta.concrete_fields if f.column != "id"]
    sql = (
        f"INSERT INTO {Post._meta.db_table} ({', '.join(fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    start = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    now = datetime.datetime.now(datetime.UTC)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        batch: list[tuple[Any, ...]] = []
        for number in range(posts):
            title = sentence(rng, weights, rng.randint(7, 14)).capitalize()
            lead = sentence(rng, weights, rng.randint(20, 35)).capitalize() + "."
            body = "".join(
                f"<p>{sentence(rng, weights, rng.randint(30, 60)).capitalize()}.</p>"
                for _ in range(3)
            )
            author = rng.choice(["Thu Hà", "Minh Khôi", "Văn Lực", "Ngọc Lan", "Hoàng Minh"])
            title_folded, search_text = services.search_columns(
                title=title, lead=lead, body_html=body, byline=f"{author} {author}", captions=[]
            )
            published = start + datetime.timedelta(minutes=number * 40 + rng.randint(0, 30))
            row = {
                "category_id": rng.choice(leaves).pk,
                "unit_id": unit.pk,
                "conference_id": None,
                "title": title[:255],
                "slug": f"tin-{number}",
                "lead": lead,
                "body": body,
                "author": author,
                "photographer": author,
                "status": "published",
                "published_at": published,
                "title_folded": title_folded,
                "search_text": search_text,
                "created_by_id": None,
                "created_at": now,
                "updated_at": now,
            }
            batch.append(tuple(row[field] for field in fields))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO bulletin_post_fts(bulletin_post_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE bulletin_post")
    return {"seconds": time.perf_counter() - started, "categories": parents}


def timed(fn: Callable[[], object], runs: int, budget: float = 20.0) -> tuple[list[float], object]:
    fn()  # warm the caches once
    times: list[float] = []
    result: object = None
    deadline = time.perf_counter() + budget
    for _ in range(runs):
        began = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - began) * 1000)
        if time.perf_counter() > deadline:
            break
    return times, result


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def child(args: argparse.Namespace) -> None:
    scratch = None
    if args.child == "sqlite":
        scratch = Path(tempfile.mkdtemp(prefix="kiemdiem-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bulletin.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="kiemdiem-bench-media-"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kiemdiem.bulletin import richtext, selectors

    try:
        call_command("migrate", verbosity=0)
        built = generate(args.posts)
        print(
            f"\n== {connection.vendor}: {args.posts:,} posts inserted and indexed in {built['seconds']:.1f} s"
        )
        category = built["categories"][0]  # a parent: the search covers it and its children
        print(
            f"{'query':<36} {'scope':<9} {'matches':>7} {'p50 ms':>8} {'p95 ms':>8} {'ids p95':>8} {'LIKE p95':>9}"
        )
        worst = 0.0
        for query in QUERIES:
            for scope in (None, category):
                label = "all" if scope is None else "category"
                times, hits = timed(lambda q=query, s=scope: selectors.post_search(q, s), args.runs)
                terms = richtext.search_terms(query)
                ids = None if scope is None else selectors._category_ids(scope)
                id_times, _ = timed(
                    lambda t=terms, i=ids: selectors._search_ids(t, i, 20, 0), args.runs
                )
                total = match_count(terms, ids)
                phrase = " ".join(terms)
                like_times, _ = timed(lambda q=phrase, i=ids: naive_like(q, i), 3, budget=10)
                worst = max(worst, p95(times))
                print(
                    f"{query:<36} {label:<9} {total:>7} {statistics.median(times):>8.1f} "
                    f"{p95(times):>8.1f} {p95(id_times):>8.1f} {p95(like_times):>9.1f}"
                )
                assert isinstance(hits, list)
        print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end)")
        verdict = "meets" if worst <= 100 else "misses"
        print(f"worst p95 {worst:.1f} ms: {verdict} the 100 ms target")
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def match_count(terms: list[str], category_ids: list[int] | None) -> int:
    """How many published posts match every term (all of them, before the candidate cap)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        sql = (
            "SELECT count(*) FROM bulletin_post_fts JOIN bulletin_post p "
            "ON p.id = bulletin_post_fts.rowid WHERE bulletin_post_fts MATCH %s"
        )
        params: list[Any] = [" ".join(f'"{term}"' for term in terms)]
    else:
        sql = (
            "SELECT count(*) FROM bulletin_post p "
            "WHERE p.search_vector @@ plainto_tsquery('simple', %s)"
        )
        params = [" ".join(terms)]
    if category_ids is not None:
        sql += f" AND p.category_id IN ({', '.join(['%s'] * len(category_ids))})"
        params += category_ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


def naive_like(folded: str, category_ids: list[int] | None) -> int:
    """Baseline without the index: a substring scan of the folded text."""
    from django.db import connection

    sql = "SELECT count(*) FROM bulletin_post WHERE (title_folded LIKE %s OR search_text LIKE %s)"
    params: list[Any] = [f"%{folded}%", f"%{folded}%"]
    if category_ids is not None:
        sql += f" AND category_id IN ({', '.join(['%s'] * len(category_ids))})"
        params += category_ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


def main() -> None:
    args = parse_args()
    if args.child:
        child(args)
        return
    command = [sys.executable, __file__, "--posts", str(args.posts), "--runs", str(args.runs)]
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    if args.only != "postgresql":
        subprocess.run([*command, "--child", "sqlite"], env=env, check=True)
    url = os.environ.get("DATABASE_URL", "")
    if args.only == "sqlite":
        return
    if url.startswith("postgres"):
        env["DATABASE_URL"] = create_database(url)
        subprocess.run([*command, "--child", "postgresql"], env=env, check=True)
    else:
        print("\n(DATABASE_URL is not a PostgreSQL URL: PostgreSQL skipped)")


if __name__ == "__main__":
    main()
