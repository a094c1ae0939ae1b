"""The questions answered in words: interpretations, comparisons and the
numbers and figures of the seeds' experiments.

A question that asks for a derivation is answered by a checked result of the
catalog (``probproof.derivations``). The others (interpret, compare, plot,
report a number) are answered here, in prose that contains no formula: every
number is formatted from an experiment's ``metrics.json`` (``probproof run``)
or computed below, never typed, and formulas are referred to by the id of the
checked result that carries them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from probproof.derivations.result import Source, Text

S000 = "000_ff966f29da14a2c6.txt"
S001 = "001_6664ac7dfb33b96a.txt"
S002 = "002_744d3837ef1c38b7.txt"
S004 = "004_ed75a671ee0e2e4a.txt"

Metrics = Mapping[str, Any]


@dataclass(frozen=True)
class ProseAnswer:
    """One answer in words.

    Attributes
    ----------
    id : str
        Dotted, its first component the topic (as the catalog's ids).
    title : str
        A short title, in words.
    sources : tuple of Source
        The seed questions answered.
    write : callable
        ``metrics -> text``: the answer, with the experiment's numbers
        formatted in (``metrics`` is empty when there is no experiment).
    experiment : str or None
        The ``probproof run`` experiment whose outputs it reports.
    figures : tuple of (str, Text)
        Figure files of that run, each with its caption (prose and SymPy objects).
    uses : tuple of str
        Ids of the checked results whose formulas the text refers to.
    """

    id: str
    title: str
    sources: tuple[Source, ...]
    write: Callable[[Metrics], str]
    experiment: str | None = None
    figures: tuple[tuple[str, Text], ...] = ()
    uses: tuple[str, ...] = ()


def _f(value: float, digits: int = 3) -> str:
    """A computed number for prose: fixed digits, and a minus sign (U+2212), not a
    hyphen (the key's preamble maps it to LaTeX's minus)."""
    return f"{value:.{digits}f}".replace("-", "\u2212")


def _pair(values: Sequence[float]) -> str:
    """Two coordinates for prose, ``(a, b)`` at two digits."""
    return f"({_f(values[0], 2)}, {_f(values[1], 2)})"


def _e(value: float) -> str:
    """A small computed number in scientific notation, ``8.9e\u221215``."""
    return f"{value:.1e}".replace("-", "\u2212")


def _provenance(m: Metrics) -> str:
    size = "the quick (CI) size" if m.get("quick") else "the full size"
    return (f"Numbers and figures from the run of the experiment {m['experiment']} at {size}, "
            f"seed {m['seed']}, on {m['device']}.")


# -- seed 000 -----------------------------------------------------------------

def _neighbour_distance(radius: float, k: int = 10) -> float:
    """Distance between neighbouring centres of the ring mixture (chord of angle 2 pi / K)."""
    return 2 * radius * math.sin(math.pi / k)


def _em(m: Metrics) -> str:
    a, b = m["R=10"], m["R=1"]
    steps_b = (f"converged in {b['iterations']} iterations" if b["converged"]
               else f"was stopped after {b['iterations']} iterations without converging")
    return (
        f"EM estimated the weights and means (covariances fixed to the identity) from "
        f"{a['n_init']} starting points for each radius, keeping the best. "
        f"Radius 10: neighbouring centres are {_f(_neighbour_distance(10), 2)} standard deviations "
        f"apart, so the components barely overlap; EM converged in {a['iterations']} iterations, "
        f"the largest error of a mean is {_f(a['mean_error'])} and of a weight "
        f"{_f(a['weights_error'])}, and the test log-likelihood of the fit is "
        f"{_f(a['test_loglik'])} nats per point against the true model's "
        f"{_f(a['true_test_loglik'])}. "
        f"Radius 1: neighbouring centres are only {_f(_neighbour_distance(1), 2)} standard "
        f"deviations apart, the mixture is one broad blob, and many settings of the parameters "
        f"give nearly the same density. EM {steps_b}, its means are off by up to "
        f"{_f(b['mean_error'])} and its weights by up to {_f(b['weights_error'])}, yet its "
        f"test log-likelihood ({_f(b['test_loglik'])}) is within "
        f"{_f(abs(b['test_loglik'] - b['true_test_loglik']))} nats of the true model's "
        f"({_f(b['true_test_loglik'])}). Interpretation: with well separated components the "
        f"likelihood has a sharp maximum at the true parameters and EM finds them quickly; with "
        f"overlapping components the density is still learned but the parameters are not "
        f"identifiable in practice, and EM's progress is slow because the responsibilities "
        f"hardly change from one iteration to the next. " + _provenance(m))


def _kde(m: Metrics) -> str:
    return (
        f"The bandwidth was tuned on a fresh validation sample by maximising its "
        f"log-likelihood (a bounded scalar search over the logarithm of the bandwidth, "
        f"{m['search_evaluations']} evaluations). The tuned "
        f"kernel standard deviation is {_f(m['sigma'])}, that is a kernel covariance of "
        f"{_f(m['sigma_variance'])} times the identity (the seed's parameter, a variance). "
        f"Validation log-likelihood {_f(m['val_loglik'])}, test log-likelihood "
        f"{_f(m['test_loglik'])} nats per point, against {_f(m['true_test_loglik'])} for the "
        f"true mixture on the same test points (scikit-learn's kernel density estimate at "
        f"the same bandwidth: {_f(m['sklearn_test_loglik'])}). " + _provenance(m))


def _units(architecture: str) -> str:
    """The number of hidden units, read from the run's description of its network."""
    found = re.search(r"(\d+) tanh units", architecture)
    return found.group(1) if found else "some"


def _ebm_training(m: Metrics) -> str:
    return (
        f"Energy: a shallow network of {_units(m['architecture'])} hyperbolic-tangent units, "
        f"plus a wide Gaussian envelope that keeps the partition function finite. The "
        f"gradient of the log-likelihood needs the "
        f"expectation of the energy's gradient under the model; it is estimated at every step "
        f"by the self-normalised importance sampling estimator (results is.self_normalised and "
        f"is.grad_a) with {m['n_is']} draws (the seed's M) from the true mixture, drawn "
        f"once and reused for every step. Optimiser: {m['optimizer']}. At the end of "
        f"training the importance weights have an effective sample size of "
        f"{_f(m['ess'], 0)} out of {m['n_is']} and a "
        f"Pareto shape estimate of {_f(m['pareto_khat'], 2)} (below 0.7: usable). Training "
        f"log-likelihood {_f(m['train_loglik'])} nats per point. " + _provenance(m))


def _ebm_test(m: Metrics) -> str:
    diff = m["test_loglik"] - m["kde_test_loglik"]
    verdict = ("better than" if diff > 0 else "worse than")
    return (
        f"The log-partition function estimated by importance sampling (result "
        f"is.log_partition) with {m['n_is']} fresh draws from the mixture is "
        f"{_f(m['logZ_is'])} with a standard error of {_f(m['logZ_is_stderr'])}; a midpoint "
        f"rule on a fine grid of the plane gives {_f(m['logZ_quadrature'])}. Test "
        f"log-likelihood, nats per point: EBM {_f(m['test_loglik'])} (with the quadrature's value "
        f"{_f(m['test_loglik_quadrature'])}), kernel density estimate {_f(m['kde_test_loglik'])}, "
        f"true mixture {_f(m['true_test_loglik'])}. The EBM is {verdict} the kernel density "
        f"estimate by {_f(abs(diff))} nats per point"
        + ("; both stay below the true model, which neither knows. "
           if max(m["test_loglik"], m["kde_test_loglik"]) < m["true_test_loglik"] else ". ")
        + _provenance(m))


def _log_i0(x: float) -> float:
    from scipy.special import i0e

    return float(math.log(i0e(x)) + x)  # i0e(x) = exp(-x) I0(x): no overflow


def _vlb_k10(m: Metrics) -> str:
    k = m["K=10"]
    radius = m["R"]
    at_centre = radius**2 - math.log(10)
    return (
        f"On {m['n_points']} points drawn from the ring mixture of radius {radius:g} with 10 "
        f"components, averaged per point: log-evidence {_f(k['logp'])}; the bound with q the "
        f"posterior {_f(k['elbo_posterior'])} (equal to it up to "
        f"{_e(k['max_abs_posterior_gap'])}, rounding, as result vi.gmm_bounds.posterior "
        f"derives); the bound with q uniform {_f(k['elbo_uniform'])}, a gap of "
        f"{_f(k['gap_uniform'], 2)} nats, which is the average KL divergence of the uniform "
        f"distribution from the posterior ({_f(k['kl_uniform_posterior'], 2)}). The gap at a "
        f"point sitting on a centre is {_f(at_centre, 2)} nats (result vi.gmm_bounds); the data "
        f"average is close to it. Interpretation: the posterior knows which component produced "
        f"the point and the bound is exact; the uniform q spreads its mass over the components "
        f"that are far away and pays for each. " + _provenance(m))


def _vlb_sweep(m: Metrics) -> str:
    sweep = m["sweep_K"]
    pairs = ", ".join(f"{int(kk)}: {_f(g, 2)}" for kk, g in
                      zip(sweep["K"], sweep["gap_uniform"], strict=True))
    radius = m["R"]
    return (
        f"Gap of the uniform bound, in nats per point, on the ring of radius {radius:g}, for "
        f"each number of components (components: gap): {pairs}. It neither grows like the "
        f"logarithm of the number of components nor vanishes: it tends to a constant. For a "
        f"point on the ring result vi.gmm_limit gives the limit "
        f"{_f(_log_i0(radius**2), 1)} nats (the log of the Bessel function at {radius**2:g}); "
        f"averaged over the data it is {_f(sweep['gap_uniform'][-1], 1)} with "
        f"{int(sweep['K'][-1])} components. The bound with q the posterior stays exact for "
        f"every number of components (largest difference "
        f"{_e(max(sweep['max_abs_posterior_gap']))}). Interpretation: as the number of "
        f"components grows the mixture becomes a continuous latent angle on the circle; the "
        f"uniform q ignores the point and never learns its angle, so more components cannot "
        f"help it, while the posterior locates the angle. " + _provenance(m))


# -- seed 001 -----------------------------------------------------------------

def _dataset(m: Metrics) -> str:
    """The run's data set in words, from its description and sizes."""
    name = ("scikit-learn's bundled digits (no MNIST was given)"
            if m["dataset"].startswith("sklearn") else "MNIST")
    return (f"{name}, {m['n_train']} training images of {m['image_side']} by "
            f"{m['image_side']} pixels, binarised")


def _vae_terms(m: Metrics) -> str:
    return (
        f"Data: {_dataset(m)}. Model: {m['architecture']}; the encoder outputs a mean and a "
        f"log-variance for each of the {int(m['encoder_output'].split()[0]) // 2} latent "
        f"dimensions. Training: {m['optimizer']}, "
        f"{m['samples_per_image']} samples of z per image, {m['updates']} weight updates. The "
        f"figure plots the two terms of the objective (5) separately against the number of "
        f"updates: the expected reconstruction log-likelihood rises as the decoder learns; the "
        f"KL term measures how much information the codes carry about their image, and grows "
        f"while the encoder learns to use the latent space. At the end: reconstruction "
        f"{_f(m['final_recon_loglik'], 2)}, KL {_f(m['final_kl'], 2)}, "
        f"objective {_f(m['final_elbo'], 2)} nats per image (it started at "
        f"{_f(m['initial_elbo'], 2)}). " + _provenance(m))


def _vae_reconstructions(m: Metrics) -> str:
    return ("Eight test images (top row) and the decoder's output for each (bottom row, the "
            "Bernoulli means at the posterior mean of z). " + _provenance(m))


def _vae_samples(m: Metrics) -> str:
    return ("Images synthesised by drawing z from the standard normal prior in one mini-batch "
            "and running the decoder (Bernoulli means). " + _provenance(m))


#: A training curve this many nats above the validation one is called overfitting.
OVERFIT_NATS = 2.0


def _vae_validation(m: Metrics) -> str:
    gap = m["final_recon_loglik"] - m["val_recon_loglik"]
    closeness = ("above" if gap > 0 else "below")
    return (
        f"The validation log-likelihood is computed every 100 updates on held-out images "
        f"(reading the seed's \"synthesized\" images as images the model did not train on), "
        f"as the reconstruction term of the objective. "
        f"At the last update the training mini-batch scores {_f(m['final_recon_loglik'], 2)} and "
        f"the validation images {_f(m['val_recon_loglik'], 2)} nats per image: the training "
        f"curve lies {_f(abs(gap), 2)} nats {closeness} the validation one. "
        + (("The two curves rise together and stay close: the model generalises and does not "
            "overfit at this size. " if abs(gap) < OVERFIT_NATS else
            "The training curve pulls away from the validation one: the model starts to fit "
            "its training images better than new ones (overfitting). ")
           + "A validation curve that turned down while the training one kept rising would be "
           "the sign of overfitting. ") + _provenance(m))


# -- seed 002 -----------------------------------------------------------------

def _amortised_bias(m: Metrics) -> str:
    return (
        "In the best case each approach is optimal in its own family. The instance-wise "
        "distribution maximises each data point's bound separately, so its bound is at least "
        "the amortised encoder's at every point, and its KL divergence to the posterior at most "
        "the encoder's (result vi.amortised.gap). The amortised estimate of the marginal "
        "likelihood is therefore at least as biased; the difference, the amortisation gap, "
        "vanishes only when the encoder can output every instance-wise optimum.")


def _amortised_compute(m: Metrics) -> str:
    return (
        "Amortised: training fits one encoder for the whole data set, and a new data point "
        "costs one forward pass. Instance-wise: an optimisation of its own (many gradient "
        "steps) for every data point, repeated for each new one at test time. The amortised "
        "encoder is much cheaper to apply; its training cost is shared by all the data.")


def _amortised_memory(m: Metrics) -> str:
    return (
        "Amortised: the encoder's parameters only, a number fixed by the network whatever the "
        "size of the data set. Instance-wise: one set of variational parameters for every data "
        "point (for a diagonal normal, a mean and a standard deviation per latent dimension), "
        "so the memory grows linearly with the number of data points.")


# -- seed 004 -----------------------------------------------------------------

def _elbo_terms(m: Metrics) -> str:
    return (
        "The first term, the expected log-likelihood of the data point under the decoder for "
        "codes drawn from the encoder, rewards codes from which the input can be "
        "reconstructed: it is the reconstruction term. The second, minus the KL divergence of "
        "the encoder's distribution from the prior, pulls every encoder distribution towards "
        "the prior: a regulariser that keeps the codes where the prior puts its mass, so that "
        "decoding prior samples gives data-like outputs, and that charges for every bit of "
        "information the code carries. Their sum is the bound of result elbo.decomposition; the "
        "two curves of seed 001, question 2.iii show the trade-off during training.")


def _joint_training(m: Metrics) -> str:
    return (
        "Encoder and decoder are trained together, by stochastic gradient ascent on the bound "
        "averaged over the data: the reparameterisation (result elbo.reparam_estimator) makes "
        "the Monte Carlo estimate differentiable in the encoder's parameters, and the decoder's "
        "gradient is ordinary back-propagation, so one optimiser updates both end to end. An "
        "autoencoder learns a deterministic code by reconstruction alone: it has no "
        "distribution over codes and nothing to sample from. A VAE's encoder outputs a "
        "distribution, the KL term ties the codes to the prior, and drawing from the prior and "
        f"decoding generates new data: a generative model. In the 2-D experiment the "
        f"autoencoder reconstructs test images to {_f(m['ae_test_recon_loglik'], 2)} nats per "
        f"image, the VAE to {_f(m['vae_test_recon_loglik'], 2)}"
        + (": the VAE gives up some reconstruction for a latent space it can sample. "
           if m["vae_test_recon_loglik"] < m["ae_test_recon_loglik"] else ". ")
        + _provenance(m))


def _latent_ae(m: Metrics) -> str:
    mean, std = m["ae_latent_mean"], m["ae_latent_std"]
    return (
        f"Left panel: the 2-D codes of the test images under the autoencoder, coloured by "
        f"digit. Similar digits lie near each other, but the codes have an arbitrary centre "
        f"{_pair(mean)} and spreads {_pair(std)}, and "
        f"some clusters are stretched and scattered: it is unclear where to draw codes from to "
        f"generate. A nearest-centroid classifier on the codes is right for "
        f"{_f(100 * m['ae_centroid_accuracy'], 1)}% of the test digits. " + _provenance(m))


def _encoder_outputs(m: Metrics) -> str:
    return (
        "The encoder gets twice as many outputs: a mean and a variance (in practice its "
        "logarithm, which can take any real value) for every latent dimension of a diagonal "
        "normal; for the 2-D latent, four outputs instead of two. The decoder is unchanged: it "
        "still takes one code as input, now a sample from the encoder's distribution.")


def _reparam_covariance(m: Metrics) -> str:
    return (
        "The sample is the encoder's mean plus its standard deviation times a standard normal "
        "noise, elementwise (results reparam.gaussian.moments and elbo.reparam_estimator): the "
        "noise does not depend on the parameters, so gradients flow through the mean and the "
        "standard deviation. A full covariance would need a symmetric matrix whose number of "
        "free entries grows with the square of the latent dimension, and which must stay "
        "positive definite (for instance through a triangular factor); a diagonal covariance "
        "needs one number per dimension, which is why VAEs use it.")


def _latent_vae(m: Metrics) -> str:
    mean, std = m["vae_latent_mean"], m["vae_latent_std"]
    return (
        f"Right panel: the posterior means of the test images under the VAE. The KL term pulls "
        f"the codes towards the standard normal prior: centre {_pair(mean)}, spreads "
        f"{_pair(std)}, against {_pair(m['ae_latent_mean'])} and {_pair(m['ae_latent_std'])} "
        f"for the autoencoder. "
        f"The digits share a compact region around the origin, which makes sampling easy; a "
        f"nearest-centroid classifier on the codes is right for "
        f"{_f(100 * m['vae_centroid_accuracy'], 1)}% of the test digits. " + _provenance(m))


def _generate(m: Metrics) -> str:
    return (
        "To generate, draw a code from the standard normal prior and decode it. The figure "
        "decodes a grid of codes at the normal quantiles of both coordinates, so that it "
        "covers the prior's mass evenly; the KL term has kept the training codes in that "
        "region, so every code of the grid is one the decoder has learned to decode. "
        + ("At the quick size the model is barely trained and its images are blurry. "
           if m.get("quick") else "") + _provenance(m))


#: The number of components, as the captions print it.
_K = sp.Symbol("K", integer=True, positive=True)


def _src(seed: str, *labels: str) -> tuple[Source, ...]:
    return tuple(Source(seed, label) for label in labels)


#: Every answer in words, in the order of the seeds.
PROSE_ANSWERS: tuple[ProseAnswer, ...] = (
    ProseAnswer("gmm.em.experiment", "EM on the ring mixture: radius 10 against radius 1",
                _src(S000, "1.2"), _em, "gmm-em",
                (("gmm_em_fits.png", "Data and fitted densities with the true and the EM means, "
                                     "radius 10 (left) and 1 (right)."),
                 ("gmm_em_loglik.png", "Log-likelihood over the EM iterations, every start.")),
                ("gmm.em.mean", "gmm.em.weights")),
    ProseAnswer("kde.experiment", "The kernel density estimate: tuned bandwidth and test "
                "log-likelihood", _src(S000, "1.3"), _kde, "kde",
                (("kde_validation.png", "Validation log-likelihood against the kernel's "
                                        "standard deviation; the dashed line is the choice."),),
                ("kde.density",)),
    ProseAnswer("ebm.experiment.training", "The EBM trained with the importance-sampling "
                "gradient", _src(S000, "1.6"), _ebm_training, "ebm",
                (("ebm_training.png", "Training log-likelihood per step, with the test "
                                      "log-likelihoods of the EBM, the KDE and the true model."),
                 ("ebm_density.png", "The learned density beside the true mixture.")),
                ("is.self_normalised", "is.grad_a")),
    ProseAnswer("ebm.experiment.comparison", "Test log-likelihood of the EBM against the KDE",
                _src(S000, "1.7"), _ebm_test, "ebm", (), ("is.log_partition",)),
    ProseAnswer("vi.experiment.ring_bounds", "The two bounds on data from the ring mixture",
                _src(S000, "2.3"), _vlb_k10, "vlb", (),
                ("vi.gmm_bounds", "vi.gmm_bounds.posterior")),
    ProseAnswer("vi.experiment.growing_k", "The two bounds as the number of components grows",
                _src(S000, "2.4"), _vlb_sweep, "vlb",
                (("vlb_vs_K.png", ("Left: log-evidence and the two bounds against ", _K,
                                   ". Right: the gap of the uniform bound against ", _K,
                                   ", beside ", sp.log(_K), ".")),),
                ("vi.gmm_limit",)),
    ProseAnswer("vae.experiment.terms", "The data set, and the two terms of the objective "
                "during training", _src(S001, "2.i", "2.iii"), _vae_terms, "vae",
                (("vae_elbo_terms.png", "The reconstruction term and the KL term of (5) against "
                                        "the number of weight updates."),),
                ("vae.objective.kl_term", "vae.objective.bernoulli_loglik")),
    ProseAnswer("vae.experiment.reconstructions", "Eight images and their reconstructions",
                _src(S001, "2.iv"), _vae_reconstructions, "vae",
                (("vae_reconstructions.png", "Test images (top) and decoder outputs (bottom)."),)),
    ProseAnswer("vae.experiment.samples", "Images synthesised from the prior",
                _src(S001, "2.v"), _vae_samples, "vae",
                (("vae_prior_samples.png", "Decoder outputs for codes drawn from the prior."),)),
    ProseAnswer("vae.experiment.validation", "Training against validation log-likelihood",
                _src(S001, "2.vi"), _vae_validation, "vae",
                (("vae_val_loglik.png", "Reconstruction log-likelihood on every training "
                                        "mini-batch and on the validation images every 100 "
                                        "updates."),)),
    ProseAnswer("vi.amortised.compare_bias", "Amortised against instance-wise inference: bias",
                _src(S002, "Q2.3a"), _amortised_bias, uses=("vi.amortised.gap",)),
    ProseAnswer("vi.amortised.compare_compute", "Amortised against instance-wise inference: "
                "computation", _src(S002, "Q2.3b"), _amortised_compute),
    ProseAnswer("vi.amortised.compare_memory", "Amortised against instance-wise inference: "
                "memory", _src(S002, "Q2.3c"), _amortised_memory),
    ProseAnswer("elbo.terms.roles", "What the two terms of the ELBO do", _src(S004, "1.3"),
                _elbo_terms, uses=("elbo.decomposition",)),
    ProseAnswer("vae.training.joint", "Joint training; autoencoder against VAE",
                _src(S004, "1.6"), _joint_training, "latent-2d", (),
                ("elbo.reparam_estimator",)),
    ProseAnswer("vae.latent2d.autoencoder", "The latent space of an autoencoder",
                _src(S004, "2.1", "2.2"), _latent_ae, "latent-2d",
                (("latent2d_scatter.png", "Test digits in the 2-D latent space: autoencoder codes "
                                          "(left), VAE posterior means (right)."),)),
    ProseAnswer("vae.latent2d.encoder_outputs", "What changes in the encoder and the decoder",
                _src(S004, "2.3"), _encoder_outputs),
    ProseAnswer("vae.latent2d.reparameterisation", "The reparameterisation; full against "
                "diagonal covariance", _src(S004, "2.4"), _reparam_covariance,
                uses=("reparam.gaussian.moments", "elbo.reparam_estimator")),
    ProseAnswer("vae.latent2d.vae", "The latent space of a VAE", _src(S004, "2.5", "2.6"),
                _latent_vae, "latent-2d", (), ()),
    ProseAnswer("vae.latent2d.generate", "Generating digits", _src(S004, "2.7"), _generate,
                "latent-2d",
                (("latent2d_vae_grid.png", "Decoded codes on a grid of normal quantiles."),)),
)


def experiments_needed(answers: tuple[ProseAnswer, ...] | list[ProseAnswer]) -> list[str]:
    """The experiments the ``answers`` report, each once, in order."""
    return list(dict.fromkeys(a.experiment for a in answers if a.experiment))


def by_id() -> dict[str, ProseAnswer]:
    return {a.id: a for a in PROSE_ANSWERS}
