"""The nomination dossier of one campaign: the documents the council receives, in order."""

from awards.documents import achievement_document, submission_document
from documents.text import file_slug
from scoring.documents import results_document
from voting.documents import minutes_document, vote_count_document
from voting.models import VotingSession


def dossier_documents(campaign, user):
    """Submission, each unit's achievement report, the minutes with the vote, the vote-count
    record and the results table ([] when the campaign has no nomination)."""
    nominations = list(campaign.nominations.select_related("award", "unit"))
    if not nominations:
        return []
    documents = [submission_document(campaign, nominations, user)]
    documents += [achievement_document(n, user) for n in nominations]
    session = VotingSession.objects.filter(campaign=campaign, status="closed").first()
    if session is not None:
        documents += [minutes_document(session, user), vote_count_document(session, user)]
    table = getattr(campaign, "criteria_table", None)
    if table is not None:
        documents.append(results_document(table, user))
    return documents


def dossier_stem(campaign):
    return file_slug("ho so de nghi khen thuong", campaign.cluster.name, campaign.year)
