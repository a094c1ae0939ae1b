"""The verifier: claims, verdicts, the claim-file language, checkers, the pytest plugin."""
