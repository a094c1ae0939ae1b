"""What a user would run instead of the experiments, for cross-checks and benchmarks.

* :class:`FixedIdentityGMM`: scikit-learn's ``GaussianMixture`` with its M step
  replaced by one that keeps every covariance at I: scikit-learn's own E step,
  loop and stopping rule on the model of :func:`em.em_fixed_covariance`.
* :func:`plain_vae_loop`: the seed's VAE trained by a plain PyTorch loop, as
  written from the paper, sharing no code with :mod:`vae` and :mod:`nets`.

scikit-learn and torch are imported by the functions that use them.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def fixed_identity_gmm(init_means: np.ndarray, tol: float, max_iter: int) -> Any:
    """An unfitted scikit-learn mixture whose covariances stay at I, started at ``init_means``.

    The starting weights are uniform, as in :func:`em.em_fixed_covariance`.
    After ``fit``, ``before_last_step_`` holds the weights and means at which
    scikit-learn evaluated its last log-likelihood (``lower_bound_``): its loop
    makes one M step after that evaluation, so these, not ``means_``, are the
    parameters that the same stopping rule ends at in probproof.
    """
    from sklearn.mixture import GaussianMixture

    class FixedIdentityGMM(GaussianMixture):
        def _m_step(self, X: np.ndarray, log_resp: np.ndarray, xp: Any = None) -> None:
            # scikit-learn's _estimate_gaussian_parameters without the covariances.
            self.before_last_step_ = (self.weights_.copy(), self.means_.copy())
            resp = np.exp(log_resp)
            nk = resp.sum(axis=0) + 10 * np.finfo(resp.dtype).eps
            self.means_ = resp.T @ X / nk[:, None]
            self.weights_ = nk / nk.sum()
            self.covariances_ = np.ones(self.n_components)

    k = init_means.shape[0]
    # "spherical" with precision 1 is the covariance I; the M step above never
    # changes it.
    return FixedIdentityGMM(
        n_components=k, covariance_type="spherical", tol=tol, max_iter=max_iter,
        means_init=np.array(init_means, dtype=np.float64), weights_init=np.full(k, 1.0 / k),
        precisions_init=np.ones(k),
    )


def plain_vae_loop(
    x_train: Any, updates: int, seed: int, latent: int = 8, hidden: int = 128,
    batch: int = 100, n_samples: int = 2, lr: float = 1e-3,
) -> tuple[Any, list[float]]:
    """Train Kingma and Welling's VAE with a plain PyTorch loop.

    Encoder d-hidden (tanh)-2 latent (means, log-variances), decoder
    latent-hidden (tanh)-d (Bernoulli logits), Adam with torch's defaults,
    ``n_samples`` reparametrised draws per image, minibatches from a
    permutation per epoch: the seed's model, written the way its paper states it.

    Returns
    -------
    params : list of Tensor
        The trained parameters, encoder then decoder, in creation order.
    losses : list of float
        Minus the ELBO per image of every minibatch.
    """
    import torch
    from torch import nn
    from torch.nn import functional as F

    torch.manual_seed(seed)
    d = x_train.shape[1]
    dev = x_train.device
    enc = nn.Sequential(nn.Linear(d, hidden), nn.Tanh(), nn.Linear(hidden, 2 * latent)).to(dev)
    dec = nn.Sequential(nn.Linear(latent, hidden), nn.Tanh(), nn.Linear(hidden, d)).to(dev)
    params = [*enc.parameters(), *dec.parameters()]
    opt = torch.optim.Adam(params, lr=lr)
    n = x_train.shape[0]
    perm, pos, losses = torch.randperm(n, device=dev), 0, []
    for _ in range(updates):
        if pos + batch > n:
            perm, pos = torch.randperm(n, device=dev), 0
        xb = x_train[perm[pos : pos + batch]]
        pos += batch
        mu, logvar = enc(xb).split(latent, dim=-1)
        eps = torch.randn(n_samples, *mu.shape, device=xb.device)
        logits = dec(mu + torch.exp(0.5 * logvar) * eps)
        bce = F.binary_cross_entropy_with_logits(logits, xb.expand_as(logits), reduction="none")
        recon = -bce.sum(-1).mean(0)
        kl = -0.5 * (1 + logvar - mu**2 - logvar.exp()).sum(-1)
        loss = (kl - recon).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return params, losses
