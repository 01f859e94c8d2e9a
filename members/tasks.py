"""Background jobs about people (run by the django-tasks database worker)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task


@task()
def send_invitations(user_ids):
    """E-mail each new user a link to choose their password (the password-reset link)."""
    from members.models import User

    for user in User.objects.filter(pk__in=user_ids).exclude(email=""):
        _send_invitation(user)


def _send_invitation(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "link": settings.PORTAL_BASE_URL + reverse("password_reset_confirm", args=[uid, token]),
        "base_url": settings.PORTAL_BASE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("members/email/invitation_subject.txt", context).strip()
        text = render_to_string("members/email/invitation.txt", context)
        html = render_to_string("members/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()
