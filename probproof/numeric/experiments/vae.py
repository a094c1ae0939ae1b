"""The variational autoencoder of seed 001, Problem 2 (Kingma and Welling, section 3).

Per image x, with q(z|x) = N(mu(x), diag sigma(x)^2) and a Bernoulli decoder,

    ell(x) = E_{z ~ q(z|x)}[log p(x|z)] - KL(q(z|x) || N(0, I)),

the first term estimated with 2 reparametrised draws z = mu + sigma * eps,
the KL in closed form. Encoder d-128 (tanh)-16 (8 means, 8 log-variances),
decoder 8-128 (tanh)-d (sigmoid), d = 196 for 14 x 14 MNIST (64 for the
8 x 8 fallback digits).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from probproof.numeric.experiments.context import Progress, RunContext
from probproof.numeric.experiments.digits import DigitData, load_digits_data
from probproof.numeric.experiments.registry import register

UPDATES = {"quick": 300, "full": 10000}
BATCH = 100
LEARNING_RATE = 1e-3
N_SAMPLES = 2  # draws of z per image, as the seed asks
EVAL_EVERY = 100
IWAE_K = 100


def batched_mean(fn: Any, x: Any, batch: int = 500) -> float:
    """Mean over the rows of ``x`` of the per-row values ``fn(x_batch)``."""
    total = 0.0
    for start in range(0, x.shape[0], batch):
        total += float(fn(x[start : start + batch]).sum())
    return total / x.shape[0]


def minibatches(x: Any, updates: int, batch: int = BATCH) -> Iterator[Any]:
    """Yield ``updates`` minibatches of ``batch`` rows of ``x``, reshuffled each epoch.

    An epoch's permutation is applied once (one gather of the whole set); each
    minibatch is then a slice, a view, instead of a gather per update. The
    random stream is the same as drawing ``torch.randperm(n)`` per epoch and
    indexing ``x[order[pos : pos + batch]]`` at every update.
    """
    import torch

    n = x.shape[0]
    shuffled, pos = x[torch.randperm(n, device=x.device)], 0
    for _ in range(updates):
        if pos + batch > n:
            shuffled, pos = x[torch.randperm(n, device=x.device)], 0
        yield shuffled[pos : pos + batch]
        pos += batch


def adam(params: Any) -> Any:
    """The experiments' optimizer: Adam at ``LEARNING_RATE``, fused where torch has it.

    The fused kernel updates every parameter in one call instead of a dozen
    tensor operations per parameter, whose overhead outweighs their arithmetic
    for networks this small; it computes Adam's update in another order of
    floating-point operations, so results agree with the default loop to float32
    rounding, not bit for bit.
    """
    import torch

    params = list(params)
    try:
        return torch.optim.Adam(params, lr=LEARNING_RATE, fused=True)
    except RuntimeError:  # a device or dtype without the fused kernel
        return torch.optim.Adam(params, lr=LEARNING_RATE)


def fit_vae(model: Any, x_train: Any, x_val: Any, updates: int, bar: Progress | None = None,
            eval_generator: Any = None) -> dict[str, list[float]]:
    """Train ``model`` by Adam on minibatches of ``x_train``; the training loop alone.

    Parameters
    ----------
    model : VAE
        Trained in place.
    x_train, x_val : Tensor
        Training and validation images, on the model's device.
    updates : int
        Number of weight updates (minibatches of ``BATCH`` images).
    bar : Progress, optional
        Advanced once per update.
    eval_generator : torch.Generator, optional
        Source of the validation's draws of z, so that validating does not
        shift the training's random stream.

    Returns
    -------
    dict of lists
        ``recon`` and ``kl`` per update (training minibatch averages),
        ``val_update``, ``val_recon`` and ``val_elbo`` every ``EVAL_EVERY`` updates.
    """
    import torch

    opt = adam(model.parameters())
    # Per-update terms stay tensors until the end: a float() per update would
    # wait for the device at every step.
    recon_hist, kl_hist, val = [], [], []

    def validate(step: int) -> None:
        with torch.inference_mode():
            recon, kl = model.elbo_terms(x_val, N_SAMPLES, eval_generator)
            val.append((step, recon.mean(), (recon - kl).mean()))

    validate(0)
    for step, xb in enumerate(minibatches(x_train, updates), start=1):
        recon_mean, kl_mean = model.mean_elbo_terms(xb, N_SAMPLES)
        loss = kl_mean - recon_mean
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        recon_hist.append(recon_mean.detach())
        kl_hist.append(kl_mean.detach())
        if step % EVAL_EVERY == 0:
            validate(step)
        if bar is not None:
            bar.update()
    stacked = torch.stack([torch.stack(v[1:]) for v in val]).tolist()
    return {
        "recon": torch.stack(recon_hist).tolist() if recon_hist else [],
        "kl": torch.stack(kl_hist).tolist() if kl_hist else [],
        "val_update": [v[0] for v in val],
        "val_recon": [v[0] for v in stacked],
        "val_elbo": [v[1] for v in stacked],
    }


def train_vae(data: DigitData, updates: int, ctx: RunContext, latent: int = 8,
              label: str = "vae") -> tuple[Any, dict[str, list[float]], dict[str, float]]:
    """Build the seed's VAE, train it (:func:`fit_vae`), and evaluate it before and after.

    Parameters
    ----------
    data : DigitData
    updates : int
        Number of weight updates (minibatches of ``BATCH`` images).
    ctx : RunContext
        Device, seed (already applied to torch) and progress bar.
    latent : int
        Dimension of z (8 in seed 001, 2 in seed 004).
    label : str
        Name on the progress bar.

    Returns
    -------
    model : VAE
    curves : dict of lists
        As returned by :func:`fit_vae`.
    summary : dict of float
        ``initial_elbo`` and ``final_elbo`` on the whole training set.
    """
    import torch

    from probproof.numeric.experiments.nets import VAE

    dev = ctx.device
    x_train = torch.as_tensor(data.x_train, device=dev)
    x_val = torch.as_tensor(data.x_val, device=dev)
    model = VAE(x_train.shape[1], 128, latent).to(dev)
    # Evaluation draws from its own stream: the training trajectory is then that
    # of a plain loop from the same seed, however often the model is evaluated.
    eval_gen = torch.Generator(device=dev).manual_seed(ctx.seed)

    def elbo_of(x: Any) -> Any:
        recon, kl = model.elbo_terms(x, N_SAMPLES, eval_gen)
        return recon - kl

    with torch.inference_mode():
        initial = batched_mean(elbo_of, x_train)
    with ctx.progress(updates, label) as bar:
        curves = fit_vae(model, x_train, x_val, updates, bar, eval_gen)
    with torch.inference_mode():
        final = batched_mean(elbo_of, x_train)
    return model, curves, {"initial_elbo": initial, "final_elbo": final}


@register("vae", "VAE on binarised digits, 8-D latent, 2 samples per image (seed 001, Problem 2)")
def run_vae(ctx: RunContext) -> dict[str, Any]:
    """Train the VAE and write the plots (iii)-(vi) of the seed."""
    import torch

    torch.manual_seed(ctx.seed)
    data = load_digits_data(ctx.mnist, np.random.default_rng([ctx.seed, 1]))
    updates = UPDATES["quick" if ctx.quick else "full"]
    model, curves, summary = train_vae(data, updates, ctx)
    x_test = torch.as_tensor(data.x_test, device=ctx.device)
    with torch.no_grad():
        iwae = batched_mean(lambda x: model.iwae_loglik(x, IWAE_K), x_test, batch=100)
        test_elbo = batched_mean(lambda x: torch.sub(*model.elbo_terms(x, N_SAMPLES)), x_test)
    tail = slice(-min(100, updates), None)
    metrics: dict[str, Any] = {
        "dataset": data.dataset,
        "input_dim": int(data.x_train.shape[1]),
        "image_side": data.side,
        "n_train": int(data.x_train.shape[0]),
        "architecture": f"encoder {data.x_train.shape[1]}-128 (tanh)-16, decoder 8-128 (tanh)-"
        f"{data.x_train.shape[1]} (sigmoid)",
        "encoder_output": "16 = 8 means mu + 8 log-variances log sigma^2",
        "optimizer": f"Adam lr {LEARNING_RATE:g}, minibatches of {BATCH}",
        "samples_per_image": N_SAMPLES,
        "updates": updates,
        "initial_elbo": summary["initial_elbo"],
        "final_elbo": summary["final_elbo"],
        "final_recon_loglik": float(np.mean(curves["recon"][tail])),
        "final_kl": float(np.mean(curves["kl"][tail])),
        "val_recon_loglik": curves["val_recon"][-1],
        "val_elbo": curves["val_elbo"][-1],
        "test_elbo": test_elbo,
        "test_loglik_iwae": iwae,
        "iwae_k": IWAE_K,
        "units": "nats per image",
        "val_update": curves["val_update"],
        "val_recon_curve": curves["val_recon"],
        "val_elbo_curve": curves["val_elbo"],
    }
    _figures(ctx, model, data, curves)
    return metrics


def _smooth(values: list[float], width: int = 50) -> np.ndarray:
    v = np.asarray(values)
    width = max(1, min(width, v.size))
    return np.convolve(v, np.ones(width) / width, mode="valid")


def _figures(ctx: RunContext, model: Any, data: DigitData, curves: dict[str, list[float]]
             ) -> None:
    import torch

    from probproof.numeric.experiments.figures import image_grid, pyplot, save

    plt = pyplot()
    steps = np.arange(1, len(curves["recon"]) + 1)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, key, title in ((axes[0], "recon", r"$\mathbb{E}_q[\log p(x|z)]$ (first term)"),
                           (axes[1], "kl",
                            r"$\mathrm{KL}(q(z|x) \,\|\, \mathcal{N}(0, I))$ (second term)")):
        ax.plot(steps, curves[key], c="0.75", lw=0.6, label="per minibatch")
        sm = _smooth(curves[key])
        ax.plot(steps[len(steps) - sm.size :], sm, c="C0", lw=1.5, label="moving average (50)")
        ax.set_xlabel("weight updates")
        ax.set_ylabel("nats per image")
        ax.set_title(title)
        ax.legend(fontsize=8)
    save(fig, ctx.figure_path("vae_elbo_terms.png"))

    side = data.side
    x8 = torch.as_tensor(data.x_test[:8], device=ctx.device)
    with torch.no_grad():
        mu, _ = model.encoder(x8)
        recon = torch.sigmoid(model.decoder(mu)).cpu().numpy()
        prior = torch.sigmoid(model.decoder(torch.randn(64, model.latent, device=ctx.device)))
    fig, ax = plt.subplots(figsize=(8, 2.4))
    ax.imshow(image_grid(np.concatenate([data.x_test[:8], recon]), side, 8), cmap="gray",
              vmin=0, vmax=1)
    ax.set_title(r"top: test images; bottom: decoder output (Bernoulli means) at $z = \mu(x)$")
    ax.axis("off")
    save(fig, ctx.figure_path("vae_reconstructions.png"))

    fig, ax = plt.subplots(figsize=(6, 6))
    ax.imshow(image_grid(prior.cpu().numpy(), side, 8), cmap="gray", vmin=0, vmax=1)
    ax.set_title(r"decoder output for $z \sim \mathcal{N}(0, I)$ (Bernoulli means)")
    ax.axis("off")
    save(fig, ctx.figure_path("vae_prior_samples.png"))

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(steps, curves["recon"], c="0.75", lw=0.6, label="training minibatch, every update")
    ax.plot(curves["val_update"], curves["val_recon"], "o-", c="C3", ms=3,
            label=f"validation ({data.x_val.shape[0]} images), every {EVAL_EVERY} updates")
    ax.set_xlabel("weight updates")
    ax.set_ylabel(r"$\mathbb{E}_q[\log p(x|z)]$, nats per image")
    ax.set_title("Reconstruction log-likelihood")
    ax.legend(fontsize=8)
    save(fig, ctx.figure_path("vae_val_loglik.png"))
