"""The programming parts of the seeds, run by ``probproof run NAME``.

One module per experiment (``em``, ``kde``, ``ebm``, ``vlb``, ``vae``,
``latent2d``), with the shared pieces beside them: the mixture model
(``gmm``), importance-sampling diagnostics (``importance``), digit loading
(``digits``), torch networks (``nets``), figures (``figures``), the run
context with its progress bar (``context``) and the registry of names
(``registry``). Only numpy and scipy are imported at module level; torch and
matplotlib are imported inside the functions that need them.
"""
