"""The user guide (docs/huong-dan/*.md) rendered as pages of the portal.

The guide is Markdown so that it reads on GitHub and in any editor as well as in the portal;
its screenshots are written by tests/browser/test_user_guide.py. Rendering is Python-Markdown
with raw HTML escaped (the files are ours, but a page of the portal never passes HTML through
unchecked) and a tree pass that keeps only links and images we can vouch for: another guide
page, an anchor, an http(s) or mailto address, and screenshots from the guide's own folder.
"""

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from django.conf import settings
from django.urls import reverse
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "huong-dan"
IMAGE_DIR = GUIDE_DIR / "anh"
INDEX = "index"
# What a page or image name may look like: no dots, slashes or capitals, so a name can never
# reach outside the folder, whatever the URL converter lets through.
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.png$")
PAGE_LINK = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]*)\.md(?P<fragment>#[\w-]*)?$")
SAFE_SCHEMES = {"http", "https", "mailto"}
TABLE_CLASSES = "table table-sm table-bordered align-top bg-body"


@dataclass(frozen=True)
class GuidePage:
    slug: str
    title: str
    html: str


def page_path(slug):
    """The Markdown file of a guide page, or None when there is no such page."""
    if not SLUG.match(slug):
        return None
    path = GUIDE_DIR / f"{slug}.md"
    return path if path.is_file() else None


def image_path(name):
    """The screenshot file `name` inside docs/huong-dan/anh, or None (never outside it)."""
    if not IMAGE_NAME.match(name):
        return None
    path = (IMAGE_DIR / name).resolve()
    if not path.is_relative_to(IMAGE_DIR.resolve()) or not path.is_file():
        return None
    return path


def page_url(slug):
    if slug == INDEX:
        return reverse("portal:guide_index")
    return reverse("portal:guide_page", args=[slug])


def render_page(slug):
    """The guide page `slug` as HTML with its title (its first heading), or None."""
    path = page_path(slug)
    if path is None:
        return None
    text = path.read_text(encoding="utf-8")
    md = markdown.Markdown(extensions=["tables", "sane_lists", "toc", _SafeGuide()],
                           output_format="html")
    body = md.convert(text)
    title = html.unescape(md.toc_tokens[0]["name"]) if md.toc_tokens else slug
    return GuidePage(slug=slug, title=title, html=body)


class _SafeGuide(Extension):
    """Raw HTML escaped, links and images checked and pointed at the portal's URLs."""

    def extendMarkdown(self, md):
        # Python-Markdown 3 has no safe mode: dropping the two HTML handlers makes every tag
        # in the source come out as escaped text (the documented replacement).
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_LinksAndImages(md), "guide_links", 0)


class _LinksAndImages(Treeprocessor):
    def run(self, root):
        for element in list(root.iter()):
            element.attrib.pop("style", None)  # the CSP allows no inline style
            if element.tag == "a":
                self._link(element)
            elif element.tag == "img":
                self._image(element)
            elif element.tag == "table":
                element.set("class", TABLE_CLASSES)
        self._open_images_full_size(root)

    @staticmethod
    def _open_images_full_size(root):
        """A screenshot is a link to itself: on a phone, a tap shows it at full size."""
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "img" and child.get("src") and parent.tag != "a":
                    link = etree.Element("a", {"href": child.get("src")})
                    link.tail, child.tail = child.tail, None
                    parent.remove(child)
                    link.append(child)
                    parent.insert(index, link)

    def _link(self, element):
        href = element.get("href", "")
        if match := PAGE_LINK.match(href):
            element.set("href", page_url(match["slug"]) + (match["fragment"] or ""))
        elif href.startswith("#"):
            pass
        elif urlsplit(href).scheme in SAFE_SCHEMES:
            element.set("rel", "noopener")
        else:
            element.attrib.pop("href", None)

    def _image(self, element):
        src = element.get("src", "")
        name = src.removeprefix("anh/")
        if src.startswith("anh/") and IMAGE_NAME.match(name):
            element.set("src", reverse("portal:guide_image", args=[name]))
            element.set("class", "img-fluid border rounded shadow-sm guide-shot")
            element.set("loading", "lazy")
        else:
            element.attrib.pop("src", None)


MD_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<src>[^)\s]+)")
MD_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<href>[^)\s]+)")


def page_slugs():
    """Every page of the guide, the index first."""
    others = sorted(p.stem for p in GUIDE_DIR.glob("*.md") if p.stem != INDEX)
    return [INDEX, *others]


def linked_pages(slug):
    """The guide pages that page `slug` links to (their slugs, in order, once each)."""
    text = page_path(slug).read_text(encoding="utf-8")
    found = (PAGE_LINK.match(m["href"]) for m in MD_LINK.finditer(text))
    return list(dict.fromkeys(m["slug"] for m in found if m))


def referenced_images(slug):
    """The screenshot names that page `slug` shows (anh/<name>.png)."""
    text = page_path(slug).read_text(encoding="utf-8")
    return [m["src"].removeprefix("anh/") for m in MD_IMAGE.finditer(text)]
