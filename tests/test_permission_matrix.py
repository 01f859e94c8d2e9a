"""Every URL × every role → expected status.

A new URL that is not listed here makes `test_matrix_covers_every_url` fail; removing a
permission check from a view makes at least one of the parametrised cases fail.
Ten columns (world and ROLES in tests/conftest.py), the last three after the "|":

    anon     anonymous
    sec      the organisation's secretariat
    lead     leadership of the whole organisation
    head     staff of cluster A's head unit (UH)
    deputy   staff of cluster A's deputy unit (UD)
    member   representative of the member unit UM, whose work the URLs point at
    other    representative of a unit in cluster B
    | lim_b  leadership limited to cluster B: every cluster-A object is 404 (organisation-wide
    |        pages answer 200 but list cluster B only; whole-organisation files are 403)
    | org2   another organisation's secretariat: nothing of ours (404); organisation-wide pages
    |        answer 200 with their own organisation (see test_other_organisation_...)
    | cross  cross-check verifier: staff of UV, a member of cluster A assigned to verify UM's
    |        sheet (the `cross_check` fixture); a peer member otherwise

The table is in cross-check mode, so the head's staff do not verify UM's sheet here (head
mode is tested in tests/scoring).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from clusters.models import RegistryImport
from members.models import Representative
from tests.conftest import ROLES, build_campaign, build_cross_check, build_world
from tests.helpers import built_once

# name: (method, args(world) → url args,
#        "anon sec lead head deputy member other | lim_b org2 cross")
MATRIX = {
    "portal:home": ("get", None, "302 200 200 200 200 200 200 | 200 200 200"),
    "portal:audit_log": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "portal:guide_index": ("get", None, "302 200 200 200 200 200 200 | 200 200 200"),
    "portal:guide_page": ("get", lambda w: ["cum-truong"], "302 200 200 200 200 200 200 | 200 200 200"),
    "portal:guide_image": ("get", lambda w: ["dang-nhap.png"], "302 200 200 200 200 200 200 | 200 200 200"),
    "portal:audit_export": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "login": ("get", None, "200 200 200 200 200 200 200 | 200 200 200"),
    "logout": ("post", None, "302 302 302 302 302 302 302 | 302 302 302"),
    "password_change": ("get", None, "302 200 200 200 200 200 200 | 200 200 200"),
    "password_change_done": ("get", None, "302 200 200 200 200 200 200 | 200 200 200"),
    "password_reset": ("get", None, "200 200 200 200 200 200 200 | 200 200 200"),
    "password_reset_done": ("get", None, "200 200 200 200 200 200 200 | 200 200 200"),
    "password_reset_confirm": ("get", lambda w: ["MQ", "bad-token"],
                               "200 200 200 200 200 200 200 | 200 200 200"),
    "password_reset_complete": ("get", None, "200 200 200 200 200 200 200 | 200 200 200"),
    "set_language": ("post", None, "302 302 302 302 302 302 302 | 302 302 302"),
    "clusters:cluster_list": ("get", None, "302 200 200 200 200 200 200 | 200 200 200"),
    "clusters:cluster_create": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "clusters:cluster_detail": ("get", lambda w: [w.cluster_a.pk],
                       "302 200 200 200 200 200 404 | 404 404 200"),
    "clusters:cluster_edit": ("get", lambda w: [w.cluster_a.pk],
                     "302 200 403 403 403 403 404 | 404 404 403"),
    "clusters:cluster_members": ("get", lambda w: [w.cluster_a.pk, w.year],
                        "302 200 403 403 403 403 404 | 404 404 403"),
    "clusters:unit_list": ("get", None, "302 200 200 403 403 403 403 | 200 200 403"),
    "clusters:unit_create": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "clusters:unit_detail": ("get", lambda w: [w.member_unit.pk],
                    "302 200 200 200 200 200 404 | 404 404 200"),
    "dashboards:unit_history_chart": ("get", lambda w: [w.member_unit.pk],
                           "302 200 200 200 200 200 404 | 404 404 200"),
    "dashboards:unit_history_xlsx": ("get", lambda w: [w.member_unit.pk],
                          "302 200 200 200 200 200 404 | 404 404 200"),
    "clusters:unit_edit": ("get", lambda w: [w.member_unit.pk], "302 200 403 403 403 403 404 | 404 404 403"),
    "clusters:unit_merge": ("get", lambda w: [w.member_unit.pk],
                   "302 200 403 403 403 403 404 | 404 404 403"),
    "members:representative_add": ("get", lambda w: [w.member_unit.pk],
                           "302 200 403 403 403 403 404 | 404 404 403"),
    "members:representative_make_voter": ("post", lambda w: [_rep_of(w.member_unit)],
                                  "302 302 403 403 403 403 404 | 404 404 403"),
    "members:representative_remove": ("post", lambda w: [_rep_of(w.member_unit)],
                              "302 302 403 403 403 403 404 | 404 404 403"),
    "clusters:membership_copy": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "clusters:organisation_settings": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "clusters:trust_root_list": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    # No file sent: back to the list with the reason (other_org: on its own organisation).
    "clusters:trust_root_add": ("post", None, "302 302 403 403 403 403 403 | 403 302 403"),
    "clusters:seal_upload": ("post", None, "302 302 403 403 403 403 403 | 403 302 403"),
    "clusters:trust_root_remove": ("post", lambda w: [w.objects["trust_root"]],
                                   "302 302 403 404 404 404 404 | 403 404 404"),
    "clusters:registry_import": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "clusters:registry_import_preview": ("get", lambda w: [_import_of(w)],
                                "302 200 403 404 404 404 404 | 403 404 404"),
    "clusters:registry_export": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "clusters:registry_template": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    # --- the campaign year (w.campaign: cluster A this year, launched) ---
    "campaigns:campaign_create": ("get", lambda w: [w.cluster_a.pk, w.year],
                        "302 302 403 302 403 403 404 | 404 404 403"),
    "campaigns:cluster_calendar": ("get", lambda w: [w.cluster_a.pk],
                         "302 200 200 200 200 200 404 | 404 404 200"),
    "campaigns:organisation_calendar": ("get", None, "302 200 200 403 403 403 403 | 200 200 403"),
    "campaigns:campaign_detail": ("get", lambda w: [w.campaign.pk],
                        "302 200 200 200 200 200 404 | 404 404 200"),
    "campaigns:campaign_edit": ("get", lambda w: [w.campaign.pk],
                      "302 200 403 200 403 403 404 | 404 404 403"),
    # Closing the year: refused (not at the dossier stage) → back to the page with the reason.
    "campaigns:campaign_close_year": ("post", lambda w: [w.campaign.pk],
                                      "302 302 403 302 403 403 404 | 404 404 403"),
    # Next year's campaign: whoever runs the cluster next year (no one's unit heads it yet).
    "scoring:campaign_next_year": ("get", lambda w: [w.campaign.pk],
                                   "302 200 403 403 403 403 404 | 404 404 403"),
    "campaigns:campaign_close": ("post", lambda w: [w.campaign.pk, "semiannual"],
                       "302 302 403 302 403 403 404 | 404 404 403"),
    "campaigns:campaign_extend": ("get", lambda w: [w.campaign.pk],
                        "302 200 403 200 403 403 404 | 404 404 403"),
    "campaigns:campaign_file_add": ("post", lambda w: [w.campaign.pk],
                          "302 302 403 302 403 403 404 | 404 404 403"),
    "campaigns:campaign_file_download": ("get", lambda w: [w.objects["campaign_file"]],
                               "302 200 200 200 200 200 404 | 404 404 200"),
    "campaigns:campaign_recording": ("post", lambda w: [w.campaign.pk],
                           "302 302 403 403 403 403 404 | 404 404 403"),
    "campaigns:pledge_finalise": ("post", lambda w: [w.campaign.pk],
                        "302 302 403 302 403 403 404 | 404 404 403"),
    "campaigns:pledge_download": ("get", lambda w: [w.campaign.pk, "pdf"],
                        "302 200 200 200 200 200 404 | 404 404 200"),
    # A unit's own work (the member unit): its representative acts, the head's staff and the
    # organisation read; peers are refused (see test_peer_cannot_see_another_units_report).
    "campaigns:pledge_edit": ("get", lambda w: [w.campaign.pk, w.member_unit.pk],
                    "302 200 200 200 200 200 404 | 404 404 403"),
    "campaigns:pledge_sign": ("post", lambda w: [w.campaign.pk, w.member_unit.pk],
                    "302 403 403 403 403 302 404 | 404 404 403"),
    "reports:report_edit": ("get", lambda w: [w.campaign.pk, w.member_unit.pk, "semiannual"],
                    "302 200 200 200 200 200 404 | 404 404 403"),
    "reports:report_start": ("post", lambda w: [w.campaign.pk, w.member_unit.pk, "yearend"],
                             "302 403 403 403 403 302 404 | 404 404 403"),
    "reports:attachment_add": ("post", lambda w: [w.objects["report"]],
                       "302 403 403 403 403 302 404 | 404 404 403"),
    "reports:attachment_download": ("get", lambda w: [w.objects["attachment"]],
                            "302 200 200 200 200 200 404 | 404 404 403"),
    "reports:attachment_remove": ("post", lambda w: [w.objects["attachment"]],
                          "302 403 403 403 403 302 404 | 404 404 403"),
    "reports:report_return": ("post", lambda w: [w.objects["report"]],
                      "302 302 403 302 403 403 404 | 404 404 403"),
    "reports:report_accept": ("post", lambda w: [w.objects["report"]],
                      "302 302 403 302 403 403 404 | 404 404 403"),
    "reports:activity_list": ("get", lambda w: [w.member_unit.pk],
                      "302 200 200 200 200 200 404 | 404 404 403"),
    "reports:activity_remove": ("post", lambda w: [w.objects["activity"]],
                        "302 403 403 403 403 302 404 | 404 404 403"),
    "reports:activity_file": ("get", lambda w: [w.objects["activity"]],
                      "302 200 200 200 200 200 404 | 404 404 403"),
    "reports:summary_edit": ("get", lambda w: [w.campaign.pk, "semiannual"],
                     "302 200 200 200 200 403 404 | 404 404 403"),
    "reports:summary_correct": ("post", lambda w: [w.campaign.pk, "semiannual"],
                                "302 302 403 302 403 403 404 | 404 404 403"),
    "reports:summary_download": ("get", lambda w: [w.campaign.pk, "semiannual", "pdf"],
                         "302 200 200 200 200 403 404 | 404 404 403"),
    # Public: the page a printout's QR code leads to, and its check (400: no file sent).
    "reports:verify": ("get", lambda w: [w.objects["token"]],
                       "200 200 200 200 200 200 200 | 200 200 200"),
    "reports:verify_check": ("post", lambda w: [w.objects["token"]],
                             "400 400 400 400 400 400 400 | 400 400 400"),
    # Token signing (JSON): the head's staff and the secretariat; 400 = no certificate sent /
    # the session is already finished.
    "reports:token_sign_begin": ("post", lambda w: [w.objects["issued"]],
                                 "302 400 403 400 403 403 404 | 404 404 403"),
    "reports:token_sign_finish": ("post", lambda w: [w.objects["issued"],
                                                     w.objects["signing_session"]],
                                  "302 400 403 400 403 403 404 | 404 404 403"),
    "reports:token_signed_download": ("get", lambda w: [w.objects["issued"],
                                                        w.objects["signing_session"]],
                                      "302 200 200 200 200 200 404 | 404 404 200"),
    "reports:issued_download": ("get", lambda w: [w.objects["issued"], "pdf"],
                                "302 200 200 200 200 200 404 | 404 404 200"),
    "reports:organisation_board": ("get", None, "302 200 200 403 403 403 403 | 200 200 403"),
    # The head's review queue and "remind now": the head's staff and the secretariat.
    "reports:review_queue": ("get", lambda w: [w.campaign.pk],
                             "302 200 403 200 403 403 404 | 404 404 403"),
    "reports:review_accept_many": ("get", lambda w: [w.campaign.pk],
                                   "302 302 403 302 403 403 404 | 404 404 403"),
    "reports:review_accept": ("post", lambda w: [w.objects["report"]],
                              "302 302 403 302 403 403 404 | 404 404 403"),
    "reports:review_return": ("post", lambda w: [w.objects["report"]],
                              "302 200 403 200 403 403 404 | 404 404 403"),
    "reports:remind_now": ("post", lambda w: [w.campaign.pk, w.member_unit.pk, "semiannual"],
                           "302 302 403 302 403 403 404 | 404 404 403"),
    # --- scoring (the member unit's sheet; the head unit verifies it) ---
    # The launch creates pledges, reports and the criteria table: its view is scoring's.
    "scoring:campaign_launch": ("post", lambda w: [w.campaign.pk],
                                "302 302 403 302 403 403 404 | 404 404 403"),
    "scoring:scoring_table": ("get", lambda w: [w.campaign.pk],
                      "302 200 200 200 200 200 404 | 404 404 200"),
    "scoring:scoring_table_create": ("post", lambda w: [w.campaign.pk],
                                     "302 302 403 302 403 403 404 | 404 404 403"),
    # Open to the head's staff and the secretariat; here the table is locked (self-scoring
    # is open), so the page shows why instead of the forms.
    "scoring:table_edit": ("get", lambda w: [w.campaign.pk],
                           "302 200 403 200 403 403 404 | 404 404 403"),
    "scoring:table_load_template": ("post", lambda w: [w.campaign.pk],
                                    "302 302 403 302 403 403 404 | 404 404 403"),
    "scoring:scoring_open": ("post", lambda w: [w.campaign.pk],
                     "302 302 403 302 403 403 404 | 404 404 403"),
    "scoring:scoring_reopen": ("post", lambda w: [w.campaign.pk],
                       "302 302 403 302 403 403 404 | 404 404 403"),
    "scoring:scoring_export": ("get", lambda w: [w.campaign.pk],
                       "302 200 200 200 200 200 404 | 404 404 200"),
    "scoring:scoring_import": ("post", lambda w: [w.campaign.pk],
                       "302 302 403 302 403 403 404 | 404 404 403"),
    "scoring:sheet_detail": ("get", lambda w: [w.objects["sheet"]],
                     "302 200 200 200 200 200 404 | 404 404 200"),
    "scoring:sheet_self_score": ("post", lambda w: [w.objects["sheet"]],
                         "302 403 403 403 403 302 404 | 404 404 403"),
    "scoring:sheet_verify": ("post", lambda w: [w.objects["sheet"]],
                     "302 403 403 403 403 403 404 | 404 404 200"),
    "scoring:score_contest": ("post", lambda w: [w.objects["score"]],
                      "302 403 403 403 403 200 404 | 404 404 403"),
    "scoring:score_resolve": ("post", lambda w: [w.objects["score"]],
                      "302 200 403 200 403 403 404 | 404 404 403"),
    # Before the lock, results are for the head's staff and the organisation only.
    "scoring:results_page": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 403 404 | 404 404 403"),
    "scoring:results_lock": ("post", lambda w: [w.campaign.pk],
                     "302 302 403 302 403 403 404 | 404 404 403"),
    "scoring:results_download": ("get", lambda w: [w.campaign.pk, "pdf"],
                         "302 200 200 200 200 403 404 | 404 404 403"),
    # --- the vote (a closed session: the documents exist; actions are refused politely;
    # a form's POST comes back with its errors: 200) ---
    "voting:voting_session": ("get", lambda w: [w.campaign.pk],
                       "302 200 200 200 200 200 404 | 404 404 200"),
    "voting:voting_prepare": ("post", lambda w: [w.campaign.pk],
                       "302 302 403 302 403 403 404 | 404 404 403"),
    "voting:voting_conference": ("post", lambda w: [w.campaign.pk],
                          "302 302 403 302 403 403 404 | 404 404 403"),
    "voting:voting_attendance": ("post", lambda w: [w.campaign.pk],
                          "302 200 403 200 403 403 404 | 404 404 403"),
    # The secretary's record of the tracker check (an empty POST comes back with its errors).
    "voting:tracker_check": ("post", lambda w: [w.campaign.pk], "302 200 403 200 403 403 404 | 404 404 403"),
    "voting:voting_open": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404 | 404 404 403"),
    "voting:voting_close": ("post", lambda w: [w.campaign.pk],
                     "302 302 403 302 403 403 404 | 404 404 403"),
    "voting:records_issue": ("post", lambda w: [w.campaign.pk],
                             "302 302 403 302 403 403 404 | 404 404 403"),
    "voting:vote_document": ("get", lambda w: [w.campaign.pk, "kiem-phieu", "pdf"],
                      "302 200 200 200 200 200 404 | 404 404 200"),
    # Only a member unit's designated voter reaches a ballot.
    "voting:ballot": ("get", lambda w: [w.objects["question"]],
               "302 403 403 200 200 200 404 | 404 404 200"),
    # A designated voter's "my unit does not vote on the question about itself" page (the
    # closed session: shown with the refusal).
    "voting:abstain": ("get", lambda w: [w.objects["question"]],
                "302 403 403 200 200 200 404 | 404 404 200"),
    # The counting board's page and actions: its members only (the default board of the
    # closed session: a person of UH, of UD, of one other member unit); actions refused
    # politely once closed.
    "voting:board": ("get", lambda w: [w.campaign.pk], "302 403 403 200 200 200 404 | 404 404 403"),
    "voting:board_share": ("post", lambda w: [w.campaign.pk], "302 403 403 302 302 302 404 | 404 404 403"),
    "voting:board_decrypt": ("post", lambda w: [w.objects["question"]], "302 403 403 302 302 302 404 | 404 404 403"),
    # The bulletin board and its JSON: whoever sees the vote.
    "voting:bulletin": ("get", lambda w: [w.objects["question"]], "302 200 200 200 200 200 404 | 404 404 200"),
    "voting:bulletin_json": ("get", lambda w: [w.objects["question"]], "302 200 200 200 200 200 404 | 404 404 200"),
    # The head's "end voting early" confirmation page.
    "voting:question_end_early": ("get", lambda w: [w.objects["question"]], "302 200 403 200 403 403 404 | 404 404 403"),
    # "A board member's share is lost": the head, or the member (here the chief, of UH).
    "voting:share_lost": ("get", lambda w: [w.objects["board_member"]], "302 200 403 200 403 403 404 | 404 404 403"),
    "voting:candidate_add": ("post", lambda w: [w.objects["question"]],
                      "302 200 403 200 403 403 404 | 404 404 403"),
    "voting:candidate_remove": ("post", lambda w: [w.objects["candidate"]],
                         "302 200 403 200 403 403 404 | 404 404 403"),
    "voting:question_close": ("post", lambda w: [w.objects["question"]],
                       "302 302 403 302 403 403 404 | 404 404 403"),
    "voting:runoff_open": ("post", lambda w: [w.objects["question"]],
                    "302 302 403 302 403 403 404 | 404 404 403"),
    "voting:paper_counts": ("post", lambda w: [w.objects["question"]],
                     "302 200 403 200 403 403 404 | 404 404 403"),
    "voting:voting_details": ("post", lambda w: [w.campaign.pk],
                       "302 200 403 200 403 403 404 | 404 404 403"),
    # Paper ballots exist for a paper vote only: this session votes online (404 once allowed).
    "voting:paper_ballots": ("get", lambda w: [w.campaign.pk],
                      "302 404 403 404 403 403 404 | 404 404 403"),
    # --- nominations and awards ---
    "awards:nominations_page": ("get", lambda w: [w.campaign.pk],
                         "302 200 200 200 200 200 404 | 404 404 200"),
    "awards:nominations_from_vote": ("post", lambda w: [w.campaign.pk],
                                     "302 302 403 302 403 403 404 | 404 404 403"),
    "awards:nominations_submit": ("post", lambda w: [w.campaign.pk],
                                  "302 302 403 302 403 403 404 | 404 404 403"),
    "awards:nomination_save": ("post", lambda w: [w.objects["nomination"]],
                               "302 200 403 200 403 403 404 | 404 404 403"),
    "awards:dossier_download": ("get", lambda w: [w.campaign.pk, "pdf"],
                         "302 200 200 200 200 200 404 | 404 404 200"),
    "awards:council_page": ("get", None, "302 200 200 403 403 403 403 | 200 200 403"),
    "awards:decision_create": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "awards:past_outcomes_import": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "awards:past_outcomes_template": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    # The council's workflow: the organisation's secretariat only (representatives and the
    # other organisation have no standing in it: 404).
    "awards:nomination_approve": ("post", lambda w: [w.objects["received"]],
                                  "302 302 403 404 404 404 404 | 403 404 404"),
    "awards:nomination_return": ("post", lambda w: [w.objects["received"]],
                                 "302 302 403 404 404 404 404 | 403 404 404"),
    # Decisions belong to the organisation: representatives have no standing there.
    "awards:decision_download": ("get", lambda w: [w.objects["decision"], "pdf"],
                          "302 200 200 404 404 404 404 | 404 404 404"),
    "awards:certificates": ("get", lambda w: [w.objects["decision"]],
                     "302 200 200 404 404 404 404 | 404 404 404"),
    "awards:certificate_options": ("get", lambda w: [w.objects["decision"]],
                                   "302 200 200 404 404 404 404 | 404 404 404"),
    # --- the award catalogue: the secretariat's; representatives have no standing there ---
    "campaigns:award_list": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "campaigns:award_create": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "campaigns:award_edit": ("get", lambda w: [w.objects["award"]],
                             "302 200 403 404 404 404 404 | 403 404 404"),
    "campaigns:award_deactivate": ("post", lambda w: [w.objects["award"]],
                                   "302 302 403 404 404 404 404 | 403 404 404"),
    "campaigns:award_activate": ("post", lambda w: [w.objects["award"]],
                                 "302 302 403 404 404 404 404 | 403 404 404"),
    "campaigns:award_delete": ("post", lambda w: [w.objects["award"]],
                               "302 302 403 404 404 404 404 | 403 404 404"),
    # --- criteria templates: the secretariat's, like the award catalogue ---
    "scoring:template_list": ("get", None, "302 200 403 403 403 403 403 | 403 200 403"),
    "scoring:template_create": ("post", None, "302 302 403 403 403 403 403 | 403 302 403"),
    "scoring:template_edit": ("get", lambda w: [w.objects["template"]],
                              "302 200 403 404 404 404 404 | 403 404 404"),
    "scoring:template_copy": ("post", lambda w: [w.objects["template"]],
                              "302 302 403 404 404 404 404 | 403 404 404"),
    "scoring:template_rename": ("post", lambda w: [w.objects["template"]],
                                "302 302 403 404 404 404 404 | 403 404 404"),
    "scoring:template_default": ("post", lambda w: [w.objects["template"]],
                                 "302 302 403 404 404 404 404 | 403 404 404"),
    "scoring:template_delete": ("post", lambda w: [w.objects["template"]],
                                "302 302 403 404 404 404 404 | 403 404 404"),
    "scoring:template_export": ("get", lambda w: [w.objects["template"]],
                                "302 200 403 404 404 404 404 | 403 404 404"),
    "scoring:template_import": ("post", lambda w: [w.objects["template"]],
                                "302 302 403 404 404 404 404 | 403 404 404"),
    "scoring:cluster_template": ("post", lambda w: [w.cluster_a.pk],
                                 "302 302 403 404 404 404 404 | 403 404 404"),
    # --- dashboards ---
    "dashboards:organisation_dashboard": ("get", None, "302 200 200 403 403 403 403 | 200 200 403"),
    "dashboards:dashboard_chart": ("get", lambda w: ["ratings"], "302 200 200 403 403 403 403 | 200 200 403"),
    "health": ("get", None, "200 200 200 200 200 200 200 | 200 200 200"),
    "request_too_large": ("get", None, "413 413 413 413 413 413 413 | 413 413 413"),
    "jobs:year_files": ("get", None, "302 200 200 403 403 403 403 | 403 200 403"),
    "jobs:job_status": ("get", lambda w: [w.objects["job"]],
                   "302 200 200 404 404 404 404 | 403 404 404"),
    "jobs:job_download": ("get", lambda w: [w.objects["job"]],
                     "302 200 200 404 404 404 404 | 403 404 404"),
    "dashboards:cluster_dashboard": ("get", lambda w: [w.campaign.pk],
                          "302 200 200 200 200 403 404 | 404 404 403"),
    # --- two-factor sign-in: each person's own account (members/twofactor_views.py) ---
    "twofactor:security": ("get", None, "302 200 200 200 200 200 200 | 200 200 200"),
    # Nobody here has a second factor: the verification step sends them on.
    "twofactor:verify": ("get", None, "302 302 302 302 302 302 302 | 302 302 302"),
    "twofactor:totp_start": ("post", None, "302 302 302 302 302 302 302 | 302 302 302"),
    "twofactor:totp_confirm": ("get", None, "302 302 302 302 302 302 302 | 302 302 302"),
    "twofactor:recovery_codes": ("post", None, "302 302 302 302 302 302 302 | 302 302 302"),
    # The member's authenticator app: 404 for everybody else; the owner (not yet past the
    # second factor in this client) is sent to it first.
    "twofactor:device_remove": ("post", lambda w: ["totp", _app_of(w.users["member"])],
                                "302 404 404 404 404 302 404 | 404 404 404"),
    # django-otp-webauthn's JSON endpoints: 403 without a session (no passwordless login),
    # 400 for a ceremony that was never begun.
    "otp_webauthn:credential-registration-begin": ("post", None,
                                                   "403 200 200 200 200 200 200 | 200 200 200"),
    "otp_webauthn:credential-registration-complete": ("post", None,
                                                      "403 400 400 400 400 400 400 | 400 400 400"),
    "otp_webauthn:credential-authentication-begin": ("post", None,
                                                     "403 200 200 200 200 200 200 | 200 200 200"),
    "otp_webauthn:credential-authentication-complete": ("post", None,
                                                        "403 400 400 400 400 400 400 | 400 400 400"),
    "otp_webauthn:js-i18n-catalog": ("get", None, "200 200 200 200 200 200 200 | 200 200 200"),
    # Django's admin guards itself (staff only); none of these roles is staff.
    "admin:index": ("get", None, "302 302 302 302 302 302 302 | 302 302 302"),
}


def _rep_of(unit):
    return Representative.objects.get(unit=unit).pk


def _app_of(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="app", confirmed=True).pk


def _import_of(world):
    return RegistryImport.objects.create(
        organisation=world.org, uploaded_by=world.users["secretariat"], file_name="x.xlsx",
        content=b"", status=RegistryImport.Status.INVALID, summary={"file_error": "x"}).pk


def _all_url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _all_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_matrix_covers_every_url():
    # The admin's own pages are Django's, guarded by its staff check: admin:index stands
    # for them in the matrix.
    ours = {name for name in _all_url_names() if not name.startswith("admin:")}
    assert ours | {"admin:index"} == set(MATRIX)


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.fixture(scope="module")
def unit_work(django_db_setup, django_db_blocker):
    """Built once for the module's ~1,200 cases (each runs in its own savepoint, rolled back):
    the world and its campaign; a report of the member unit with evidence, an activity with a
    file, a campaign file; the scoring table in cross-check mode (UV verifies UM), a closed
    vote, a decision, a year file."""
    with built_once(django_db_blocker):
        yield _unit_work()


def _unit_work():
    from django.core.files.base import ContentFile

    from campaigns.models import CampaignFile
    from reports.models import Activity, Report, ReportAttachment

    world = build_world()
    campaign = build_campaign(world)
    cross_check = build_cross_check(world, campaign)
    report = Report.objects.create(campaign=campaign, unit=world.member_unit,
                                   period="semiannual")
    member = world.users["member"]
    attachment = ReportAttachment.objects.create(
        report=report, file=ContentFile(b"%PDF-1.4", name="a.pdf"), original_name="a.pdf",
        kind="pdf", size=8, uploaded_by=member)
    activity = Activity.objects.create(unit=world.member_unit, date=campaign.pledge_due,
                                       title="Hội thảo", created_by=member,
                                       file=ContentFile(b"x", name="b.pdf"), original_name="b.pdf")
    campaign_file = CampaignFile.objects.create(
        campaign=campaign, kind="plan", file=ContentFile(b"%PDF", name="kh.pdf"),
        original_name="kh.pdf", size=4, uploaded_by=world.users["head"])
    sheet = cross_check.sheets.get(unit=world.member_unit)

    from voting import services as voting_services
    from voting.models import VotingSession

    # The vote is prepared from locked results only; the scoring rows above want the table
    # still open, so it is locked just for the preparation, as the session is closed below.
    type(cross_check).objects.filter(pk=cross_check.pk).update(results_locked_at=timezone.now())
    session = voting_services.session_prepare(campaign=campaign)
    type(cross_check).objects.filter(pk=cross_check.pk).update(results_locked_at=None)
    from voting import python_client

    python_client.board_keys_seed(session)  # the board's shares: the bulletin exists
    VotingSession.objects.filter(pk=session.pk).update(status="closed", closed_at=timezone.now())
    head_question = session.questions.get(kind="head")
    import datetime

    from awards.models import AwardDecision, AwardGrant, Nomination
    from campaigns.models import AwardType

    award = AwardType.objects.filter(organisation=world.org).first()
    nomination = Nomination.objects.create(campaign=campaign, award=award,
                                           unit=world.member_unit, achievements="Thành tích")
    # A nomination the council has received: the secretariat approves or returns it.
    received = Nomination.objects.create(
        campaign=campaign, award=AwardType.objects.filter(organisation=world.org).last(),
        unit=world.member_unit, achievements="Thành tích", status="submitted")
    decision = AwardDecision.objects.create(
        organisation=world.org, award=award, year=world.year, number="1/QĐ",
        signed_on=datetime.date(world.year, 12, 30), issuer="Hội đồng",
        recorded_by=world.users["secretariat"])
    AwardGrant.objects.create(decision=decision, unit=world.member_unit)
    from jobs.models import FileJob
    from scoring.models import CriteriaTable

    job = FileJob.objects.create(organisation=world.org, year=world.year, kind="dossiers_zip",
                                 status="done", file=ContentFile(b"PK", name="h.zip"),
                                 requested_by=world.users["secretariat"])
    from documents.models import StoredDocument
    from reports.models import IssuedDocument

    stored = StoredDocument.objects.create(
        folder="issued/x", file_stem="bc", pdf_sha256="-", docx_sha256="-",
        pdf=ContentFile(b"%PDF-1.4", name="bc.pdf"), docx=ContentFile(b"PK", name="bc.docx"))
    issued = IssuedDocument.objects.create(
        cluster=world.cluster_a, year=world.year, number=1, type_code="BC", title="BC",
        issued_on=campaign.pledge_due, issued_by=world.users["head"], stored=stored)
    world.campaign = campaign
    from clusters.models import TrustRoot

    trust_root = TrustRoot.objects.create(
        organisation=world.org, name="Root", certificate_pem="-", fingerprint_sha256="ab" * 32,
        not_after=timezone.now(), added_by=world.users["secretariat"])
    from documents.models import ExternalSigningSession

    signing_session = ExternalSigningSession.objects.create(
        stored=stored, certificate_pem="-", signer_name="-", prepared_pdf=b"-",
        document_digest=b"-", reserved_start=0, reserved_end=0, signed_attributes=b"-",
        created_by=world.users["head"], expires_at=timezone.now(), completed_at=timezone.now(),
        signed_pdf=ContentFile(b"%PDF-1.4", name="signed.pdf"))
    world.objects = {"issued": issued.pk, "token": stored.verify_token,
                     "signing_session": signing_session.pk,
                     "trust_root": trust_root.pk, "report": report.pk, "attachment": attachment.pk,
                     "activity": activity.pk, "campaign_file": campaign_file.pk,
                     "sheet": sheet.pk, "score": sheet.scores.first().pk,
                     "question": head_question.pk, "decision": decision.pk, "job": job.pk,
                     "board_member": session.board_members.first().pk,
                     "candidate": head_question.candidates.first().pk,
                     "nomination": nomination.pk, "award": award.pk,
                     "received": received.pk,
                     "template": CriteriaTable.objects.get(organisation=world.org,
                                                           campaign=None).pk}
    return world


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_status_for_role(unit_work, db, client_for, name, role):
    world = unit_work
    method, args, expected = MATRIX[name]
    expected_status = int(expected.replace("|", " ").split()[ROLES.index(role)])
    url = reverse(name, args=args(world) if args else None)
    client = client_for(world.users[role])
    response = getattr(client, method)(url)
    assert response.status_code == expected_status, f"{method.upper()} {url} as {role}"


# Organisation-wide pages act on the user's organisation, or on the one named by ?org=.
ORGANISATION_WIDE = ["portal:audit_log", "portal:audit_export", "clusters:cluster_create", "clusters:unit_list", "clusters:unit_create", "clusters:membership_copy",
                     "clusters:organisation_settings", "clusters:trust_root_list", "clusters:registry_import", "clusters:registry_export",
                     "clusters:registry_template", "campaigns:organisation_calendar", "reports:organisation_board",
                     "awards:council_page", "awards:decision_create", "awards:past_outcomes_import",
                     "awards:past_outcomes_template", "campaigns:award_list", "campaigns:award_create", "scoring:template_list", "dashboards:organisation_dashboard",
                     "dashboards:dashboard_chart", "jobs:year_files"]


@pytest.mark.parametrize("name", ORGANISATION_WIDE)
def test_other_organisation_cannot_name_ours(unit_work, db, client_for, name):
    world = unit_work
    args = ["ratings"] if name == "dashboards:dashboard_chart" else None
    response = client_for(world.users["other_org"]).get(reverse(name, args=args),
                                                        {"org": world.org.code})
    assert response.status_code == 404


def test_other_organisation_lists_only_its_own_clusters(unit_work, db, client_for):
    world = unit_work
    page = client_for(world.users["other_org"]).get(reverse("clusters:cluster_list")).text
    assert world.cluster_a.name not in page and world.cluster_b.name not in page
