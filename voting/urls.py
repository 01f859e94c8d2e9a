"""URLs of voting: the voting session, ballots, paper counts, the vote's documents."""

from django.urls import path

from core import converters  # noqa: F401  (registers the path converters used below)
from voting import views

app_name = "voting"

urlpatterns = [
    path("campaigns/<int:pk>/vote/", views.session_page, name="voting_session"),
    path("campaigns/<int:pk>/vote/prepare/", views.session_prepare, name="voting_prepare"),
    path("campaigns/<int:pk>/vote/conference/", views.conference, name="voting_conference"),
    path("campaigns/<int:pk>/vote/attendance/", views.attendance, name="voting_attendance"),
    path("campaigns/<int:pk>/vote/details/", views.session_details, name="voting_details"),
    path("campaigns/<int:pk>/vote/trackers/", views.tracker_check, name="tracker_check"),
    path("campaigns/<int:pk>/vote/ballots.pdf", views.paper_ballots, name="paper_ballots"),
    path("campaigns/<int:pk>/vote/open/", views.session_open, name="voting_open"),
    path("campaigns/<int:pk>/vote/close/", views.session_close, name="voting_close"),
    path("campaigns/<int:pk>/vote/records/issue/", views.records_issue, name="records_issue"),
    path(
        "campaigns/<int:pk>/vote/<votedoc:kind>.<docfmt:fmt>",
        views.vote_document,
        name="vote_document",
    ),
    path("campaigns/<int:pk>/vote/board/", views.board, name="board"),
    path("campaigns/<int:pk>/vote/board/share/", views.board_share, name="board_share"),
    path("board-members/<int:pk>/share-lost/", views.share_lost, name="share_lost"),
    path("questions/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("questions/<int:pk>/abstain/", views.abstain, name="abstain"),
    path("questions/<int:pk>/bulletin/", views.bulletin, name="bulletin"),
    path("questions/<int:pk>/bulletin.json", views.bulletin_json, name="bulletin_json"),
    path("questions/<int:pk>/decrypt/", views.board_decrypt, name="board_decrypt"),
    path("questions/<int:pk>/end-early/", views.question_end_early, name="question_end_early"),
    path("questions/<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("candidates/<int:pk>/remove/", views.candidate_remove, name="candidate_remove"),
    path("questions/<int:pk>/close/", views.question_close, name="question_close"),
    path("questions/<int:pk>/runoff/", views.runoff_open, name="runoff_open"),
    path("questions/<int:pk>/paper/", views.paper_counts, name="paper_counts"),
]
