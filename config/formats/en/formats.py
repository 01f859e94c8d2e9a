# The English interface keeps Vietnamese dd/mm/yyyy dates and numbers: the documents the
# portal produces are Vietnamese, and people switch language, not conventions.
from config.formats.vi.formats import *  # noqa: F403
