"""The wrong ELBO of test_elbo.toml (swapped KL in step 3) in a test file: it fails
naming step 3."""

import probproof

MODEL = {"x": "real", "m": "real", "s": "positive"}
Q = "Normal(m, s)"


def test_elbo_decomposition():
    probproof.assert_derivation(
        "logpdf(Normal(0, sqrt(2)), x)",
        [
            (f"Expect(logpdf(Normal(0, sqrt(2)), x), z, {Q})", "log p(x) does not depend on z"),
            (f"Expect(logpdf(Normal(0, 1), z) + logpdf(Normal(z, 1), x)"
             f" - logpdf(Normal(x/2, sqrt(2)/2), z), z, {Q})", "Bayes' rule"),
            (f"Expect(logpdf(Normal(z, 1), x), z, {Q}) - KL(Normal(0, 1), {Q})"
             f" + KL({Q}, Normal(x/2, sqrt(2)/2))", "add and subtract log q(z)"),
            (">=", f"Expect(logpdf(Normal(z, 1), x), z, {Q}) - KL(Normal(0, 1), {Q})",
             "KL(q, p(z|x)) >= 0"),
        ],
        MODEL,
    )
