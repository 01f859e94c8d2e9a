"""A GET of any page writes nothing: crawl the demo as each role and count every table's rows
before and after (issue 12, item 6)."""

import re
from collections import deque

import pytest
from django.apps import apps
from django.urls import reverse

from members.models import User

pytestmark = pytest.mark.django_db

# The demo's login for each role of the permission matrix (seed_demo prints them).
ROLES = {
    "secretariat": "thuky.hlg",
    "leadership": "lanhdao.hlg",
    "head": "dv.ch-neu",
    "deputy": "dv.ch-hvnh",
    "member": "dv.ch-tmu",
    "other_rep": "dv.ch-bnv",
}
PAGES_PER_ROLE = 40
# Logout ends the session (a write by design), the admin is Django's, and documents are
# rendered by WeasyPrint at ~1 s each: skipped to keep the crawl fast. Their data functions
# only read (tests/*/test_documents.py).
SKIP = re.compile(r"^/(admin/|accounts/logout|static/|media/)|\.(pdf|docx|zip)(\?|$)")
HREF = re.compile(r'href="(/[^"#]*)')


def row_counts():
    return {model._meta.db_table: model._base_manager.count()
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy}


def crawl(client):
    """Breadth-first over same-site links from the home page; returns the URLs fetched."""
    start = reverse("portal:home")
    queue, seen, fetched = deque([start]), {start}, []
    while queue and len(fetched) < PAGES_PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        fetched.append((url, response.status_code))
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in HREF.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link not in seen and not SKIP.search(link):
                seen.add(link)
                queue.append(link)
    return fetched


def test_no_page_writes_on_get_for_any_role(seeded, client):
    for role, username in ROLES.items():
        client.logout()
        client.force_login(User.objects.get(username=username))  # the login's own writes
        before = row_counts()
        fetched = crawl(client)
        after = row_counts()
        changed = {table: (before[table], after[table]) for table in before
                   if before[table] != after[table]}
        assert len(fetched) > 10, role
        assert not [u for u, status in fetched if status >= 500], role
        assert changed == {}, f"{role} wrote by GET while crawling {fetched}"
