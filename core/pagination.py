from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, queryset, per_page=PAGE_SIZE):
    """A page of `queryset` for ?page=; out-of-range or junk page numbers give the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
