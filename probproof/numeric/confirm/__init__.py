"""Numeric confirmations of catalog results: ``<topic>.py`` confirms the results whose ids
start with ``<topic>`` (``is_.py``: ``is.*``); ``_``-prefixed modules are shared helpers
(see ``probproof.numeric.confirmations``)."""
