"""URLs of members: representatives of a unit."""

from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path(
        "units/<int:unit_pk>/representatives/add/",
        views.representative_add,
        name="representative_add",
    ),
    path(
        "representatives/<int:pk>/voter/",
        views.representative_make_voter,
        name="representative_make_voter",
    ),
    path(
        "representatives/<int:pk>/remove/",
        views.representative_remove,
        name="representative_remove",
    ),
]
