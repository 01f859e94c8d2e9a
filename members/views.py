"""A unit's representatives: the secretariat adds, removes and picks the designated voter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members import permissions, services
from members.forms import RepresentativeForm
from members.models import Representative
from members.permissions import Action


@login_required
@require_http_methods(["GET", "POST"])
def representative_add(request, unit_pk):
    unit, _roles = permissions.get_unit_for(request.user, unit_pk, Action.MANAGE_REGISTRY)
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_add(unit=unit, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Representative added; an invitation e-mail is on its "
                                        "way if the person is new."))
            return redirect("clusters:unit_detail", pk=unit.pk)
    return render(request, "members/representative_form.html", {"form": form, "unit": unit})


def _representative_for(user, pk):
    representative = get_object_or_404(Representative.objects.select_related("unit", "user"),
                                       pk=pk)
    permissions.get_unit_for(user, representative.unit_id, Action.MANAGE_REGISTRY)
    return representative


@login_required
@require_POST
def representative_make_voter(request, pk):
    representative = _representative_for(request.user, pk)
    services.representative_set_voter(representative=representative)
    messages.success(request, _("%(user)s is now the designated voter.")
                     % {"user": representative.user})
    return redirect("clusters:unit_detail", pk=representative.unit_id)


@login_required
@require_POST
def representative_remove(request, pk):
    representative = _representative_for(request.user, pk)
    services.representative_remove(representative=representative)
    messages.success(request, _("%(user)s no longer represents this unit.")
                     % {"user": representative.user})
    return redirect("clusters:unit_detail", pk=representative.unit_id)
