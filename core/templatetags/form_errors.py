"""The error summary shown at the top of a form that came back with errors (GOV.UK's pattern):
one list naming every wrong field, each a link that moves the focus to it."""

from django import forms, template
from django.forms.utils import flatatt

from core.forms import upload_limit_attrs

register = template.Library()


def _label(bound):
    """What a person calls the field: its label, or the aria-label of a grid's input
    (score-sheet cells have no visible label of their own)."""
    return bound.field.widget.attrs.get("aria-label") or bound.label or bound.name


def _anchor(bound):
    # Choice groups (radios, checkboxes) have no element with the field's own id: link the first.
    return bound.id_for_label or (f"{bound.auto_id}_0" if bound.auto_id else "")


def _form_errors(form):
    items = [{"text": str(text), "anchor": ""} for text in form.non_field_errors()]
    for name in form.errors:
        if name not in form.fields:
            continue
        bound = form[name]
        items += [{"label": _label(bound), "text": str(text), "anchor": _anchor(bound)}
                  for text in bound.errors]
    return items


def summary_items(*forms_or_formsets):
    """Every error of the given forms and formsets, in page order, with the id to link to."""
    items = []
    for thing in forms_or_formsets:
        if isinstance(thing, forms.BaseFormSet):
            if not thing.is_bound:
                continue
            items += [{"text": str(text), "anchor": ""} for text in thing.non_form_errors()]
            for form in thing.forms:
                items += _form_errors(form)
        elif isinstance(thing, forms.BaseForm) and thing.is_bound:
            items += _form_errors(thing)
    return items


@register.inclusion_tag("core/_error_summary.html")
def error_summary(*forms_or_formsets):
    """{% error_summary form %} or {% error_summary form formset %}: nothing when all is well."""
    return {"items": summary_items(*forms_or_formsets)}


@register.simple_tag
def upload_limit():
    """The data-max-bytes attributes of core.forms.FileField, for inputs written by hand."""
    return flatatt(upload_limit_attrs())
