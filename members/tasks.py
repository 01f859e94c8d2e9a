"""Background jobs about people (run by the django-tasks database worker)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task


@task()
def send_invitations(user_ids):
    """E-mail each new user a link to choose their password (the password-reset link)."""
    from members.models import User

    # An import invites thousands at once: resolve the URL and load the templates once.
    link = settings.PORTAL_BASE_URL + reverse("password_reset_confirm",
                                              args=[_UID, _TOKEN])
    with translation.override(settings.LANGUAGE_CODE):
        templates = [get_template(f"members/email/{name}") for name in
                     ("invitation_subject.txt", "invitation.txt", "invitation.html")]
        for user in User.objects.filter(pk__in=user_ids).exclude(email=""):
            _send_invitation(user, link, templates)


# Placeholders reverse() leaves as they are, replaced by each user's values.
_UID, _TOKEN = "UID0PLACEHOLDER", "TOKEN0PLACEHOLDER"


def _send_invitation(user, link, templates):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {"user": user, "link": link.replace(_UID, uid).replace(_TOKEN, token),
               "base_url": settings.PORTAL_BASE_URL}
    subject, text, html = (template.render(context) for template in templates)
    message = EmailMultiAlternatives(subject.strip(), text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()
