"""The fields a browser would send from a page's form, for the load and fault tests."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields a browser would send from one form (inputs and textareas)."""

    def __init__(self, form_id=None):
        super().__init__()
        self.form_id, self.inside, self.fields, self._textarea = form_id, False, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") not in ("checkbox", "submit", "button"):
                self.fields[attrs["name"]] = attrs.get("value", "")
        elif self.inside and tag == "textarea":
            self._textarea = attrs.get("name")
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.inside:
            self.inside = False

    @classmethod
    def of(cls, html, form_id=None):
        parser = cls(form_id)
        parser.feed(html)
        return parser.fields
