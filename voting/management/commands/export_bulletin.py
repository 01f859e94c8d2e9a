"""`python manage.py export_bulletin QUESTION_ID [-o FILE]`: the question's bulletin board as
deterministic JSON bytes (docs/ballot.md §3), the same file the closed vote's page links;
`python -m voting.verifier FILE` checks it."""

import sys

from django.core.management.base import BaseCommand, CommandError

from voting import selectors
from voting.models import Question


class Command(BaseCommand):
    help = "Write a question's bulletin board (JSON, byte-for-byte deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("question_id", type=int)
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, question_id, output=None, **options):
        question = Question.objects.select_related("session__campaign").filter(
            pk=question_id).first()
        if question is None:
            raise CommandError(f"No question {question_id}.")
        data = selectors.bulletin_bytes(question)
        if data is None:
            raise CommandError(f"Question {question_id} has no bulletin (paper, counted under "
                               "the earlier scheme, or no key yet).")
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
