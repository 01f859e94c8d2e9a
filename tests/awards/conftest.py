from tests.voting.conftest import five, session  # noqa: F401  (shared fixtures)
