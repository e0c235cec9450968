"""The few errors a user of qa can see; each message is one plain sentence."""

from store.errors import StoreBroken, StoreError, StoreUnavailable


class QAError(Exception):
    """Base of the errors `answer()` raises; the UI and CLI show str(err) and nothing else."""


class StoreProblem(QAError):
    """The store could not be opened or queried (server down, files damaged)."""


class PromptError(QAError):
    """A prompt template in prompts/ is missing or needs a value that was not given."""


__all__ = ["PromptError", "QAError", "StoreBroken", "StoreError", "StoreProblem", "StoreUnavailable"]
