from django.conf import settings
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class ChosenLanguageMiddleware(MiddlewareMixin):
    """Vietnamese unless the person chose another language (the set_language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on most
    office computers is English; the portal's working language is Vietnamese.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than the upload limit before Django reads it.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams files of any size to
    disk first; each upload form also checks its own limit and the file's real type.
    """

    MARGIN = 64 * 1024  # multipart boundaries and the other form fields

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > settings.UPLOAD_MAX_BYTES + self.MARGIN:
            from core.views import too_large_response

            return too_large_response(request)
        return self.get_response(request)
