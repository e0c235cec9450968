"""Errors a user of the store can meet; each message says what to do."""


class StoreError(Exception):
    """Base of the store's errors; shown to users as one sentence."""


class StoreUnavailable(StoreError):
    """The Chroma server cannot be reached (the message names its URL)."""


class StoreBroken(StoreError):
    """The store could not be read or rebuilt; the message says where it is."""
