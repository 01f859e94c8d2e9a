"""The user guide: its files are complete, and the help pages render them safely."""

import pytest
from django.urls import reverse

from portal import guide

ROLE_PAGES = ["ban-thu-ky", "cum-truong", "cum-pho", "dai-dien-don-vi", "nguoi-bo-phieu",
              "lanh-dao"]


# --- the files ------------------------------------------------------------------------

def test_the_index_lists_a_page_for_every_role():
    assert set(ROLE_PAGES) <= set(guide.linked_pages(guide.INDEX))


def test_every_page_the_index_lists_exists():
    missing = [s for s in guide.linked_pages(guide.INDEX) if guide.page_path(s) is None]
    assert missing == []


def test_every_link_between_guide_pages_points_at_a_page_that_exists():
    broken = [(page, target) for page in guide.page_slugs()
              for target in guide.linked_pages(page) if guide.page_path(target) is None]
    assert broken == []


def test_every_image_the_guide_shows_exists():
    missing = [(page, name) for page in guide.page_slugs()
               for name in guide.referenced_images(page) if guide.image_path(name) is None]
    assert missing == []


def test_every_role_page_shows_screenshots():
    assert all(guide.referenced_images(slug) for slug in ROLE_PAGES)


# --- the pages --------------------------------------------------------------------------

@pytest.fixture
def member(world, client_for):
    return client_for(world.users["member"])


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("portal:guide_index"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_index_renders_with_links_to_the_role_pages(member):
    html = member.get(reverse("portal:guide_index")).content.decode()
    link = reverse("portal:guide_page", args=["cum-truong"])
    assert f'href="{link}"' in html and "Hướng dẫn sử dụng ThiĐua" in html


def test_a_role_page_shows_its_screenshots_from_the_image_view(member):
    html = member.get(reverse("portal:guide_page", args=["cum-truong"])).content.decode()
    image = reverse("portal:guide_image", args=["cum-truong-trang-chu.png"])
    assert f'src="{image}"' in html


def test_the_menu_has_the_help_item(member):
    html = member.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:guide_index")}"' in html and "Hướng dẫn" in html


def test_an_unknown_page_is_404(member):
    assert member.get(reverse("portal:guide_page", args=["khong-co"])).status_code == 404


def test_the_index_has_only_one_address(member):
    assert member.get(reverse("portal:guide_page", args=["index"])).status_code == 404


def test_a_screenshot_is_served_as_png(member):
    name = guide.referenced_images(guide.INDEX)[0]
    response = member.get(reverse("portal:guide_image", args=[name]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


@pytest.mark.parametrize("name", [
    "../index.md", "..%2Findex.md", "%2e%2e%2f%2e%2e%2fconfig%2fsettings%2fbase.py",
    "..%2F..%2F..%2Fmanage.py", "khong-co.png", "CUM.png", "anh.png.md", ".png",
])
def test_the_image_view_serves_nothing_outside_its_folder(member, name):
    response = member.get(f"/huong-dan/anh/{name}")
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["../index.md", "../../manage.py", "x/../../index.md",
                                  "/etc/passwd", "a.PNG", "a.png/..", "a.png\x00"])
def test_image_path_refuses_names_that_could_leave_the_folder(name):
    assert guide.image_path(name) is None


# --- safe rendering -----------------------------------------------------------------------

@pytest.fixture
def guide_dir(tmp_path, monkeypatch):
    """A guide folder of the test's own: write pages into it with write(slug, text)."""
    (tmp_path / "anh").mkdir()
    monkeypatch.setattr(guide, "GUIDE_DIR", tmp_path)
    monkeypatch.setattr(guide, "IMAGE_DIR", tmp_path / "anh")

    def write(slug, text):
        (tmp_path / f"{slug}.md").write_text(text, encoding="utf-8")

    return write


def test_raw_html_in_the_markdown_is_escaped(guide_dir):
    guide_dir("trang", "# T\n\n<script>alert(1)</script>\n\nChữ <b onclick=x>đậm</b>\n")
    html = guide.render_page("trang").html
    assert "<script" not in html and "<b" not in html and "&lt;script&gt;" in html


def test_a_javascript_link_loses_its_address(guide_dir):
    guide_dir("trang", "# T\n\n[bấm](javascript:alert(1)) [web](https://example.org)\n")
    html = guide.render_page("trang").html
    assert "javascript:" not in html and 'href="https://example.org"' in html


def test_an_image_from_outside_the_folder_is_not_shown(guide_dir):
    guide_dir("trang", "# T\n\n![a](https://example.org/x.png) ![b](anh/../../x.png)\n")
    assert "src=" not in guide.render_page("trang").html


def test_the_output_has_no_inline_style(guide_dir):
    guide_dir("trang", "# T\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    html = guide.render_page("trang").html
    assert "style=" not in html and "<table" in html


def test_the_title_is_the_first_heading(guide_dir):
    guide_dir("trang", "# Cụm trưởng & Cụm phó\n\nChữ.\n")
    assert guide.render_page("trang").title == "Cụm trưởng & Cụm phó"


def test_a_screenshot_links_to_itself_at_full_size(guide_dir):
    (guide.IMAGE_DIR / "anh-1.png").write_bytes(b"png")
    guide_dir("trang", "# T\n\nXem ![ảnh](anh/anh-1.png) ở đây.\n")
    image = reverse("portal:guide_image", args=["anh-1.png"])
    assert f'<a href="{image}"><img' in guide.render_page("trang").html
