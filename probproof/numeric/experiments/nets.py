"""The torch networks of the experiments: a shallow energy, VAE and autoencoder.

Imported only by the experiment functions, so that listing experiments does
not import torch.
"""

from __future__ import annotations

import math

import torch
from torch import nn


class ShallowEnergy(nn.Module):
    """Energy ``E(x) = w^T tanh(W x / scale + b) + c - ||x||^2 / (2 s^2)``.

    The network part is bounded by ``||w||_1 + |c|``, so ``exp(E)`` is at most
    a constant times a Gaussian of standard deviation ``s`` and
    ``A = log int exp(E)`` is finite for every parameter value.

    Parameters
    ----------
    hidden : int
        Width of the single hidden layer.
    scale : float
        Inputs are divided by it, so the tanh units start in their linear range.
    envelope_std : float
        s, the standard deviation of the Gaussian envelope.
    """

    def __init__(self, hidden: int = 128, scale: float = 5.0, envelope_std: float = 8.0) -> None:
        super().__init__()
        self.scale = scale
        self.envelope_std = envelope_std
        self.net = nn.Sequential(nn.Linear(2, hidden), nn.Tanh(), nn.Linear(hidden, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        envelope = (x**2).sum(dim=-1) / (2.0 * self.envelope_std**2)
        return self.net(x / self.scale).squeeze(-1) - envelope


class Encoder(nn.Module):
    """``d -> hidden (tanh) -> 2 * latent``: means and log-variances.

    The second half of the output is ``log sigma^2``, so sigma is positive
    without a constraint and the KL term has ``log sigma^2`` directly.
    """

    def __init__(self, d: int, hidden: int, latent: int) -> None:
        super().__init__()
        self.latent = latent
        self.net = nn.Sequential(nn.Linear(d, hidden), nn.Tanh(), nn.Linear(hidden, 2 * latent))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mu, logvar = self.net(x).split(self.latent, dim=-1)
        return mu, logvar


class Decoder(nn.Module):
    """``latent -> hidden (tanh) -> d``, returning Bernoulli logits.

    The seed's sigmoid output is ``torch.sigmoid`` of these logits; the
    log-likelihood is computed from the logits for numerical stability.
    """

    def __init__(self, d: int, hidden: int, latent: int) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(latent, hidden), nn.Tanh(), nn.Linear(hidden, d))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)


def bernoulli_loglik(logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """``sum_i x_i log y_i + (1 - x_i) log(1 - y_i)`` with ``y = sigmoid(logits)``."""
    return -nn.functional.binary_cross_entropy_with_logits(
        logits, x.expand_as(logits), reduction="none"
    ).sum(dim=-1)


def gaussian_kl(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """``KL(N(mu, diag exp(logvar)) || N(0, I)) = -1/2 sum (1 + logvar - mu^2 - exp(logvar))``."""
    return -0.5 * (1.0 + logvar - mu**2 - logvar.exp()).sum(dim=-1)


class VAE(nn.Module):
    """Kingma and Welling's VAE with a Bernoulli decoder (seed 001, Problem 2).

    Parameters
    ----------
    d : int
        Number of pixels.
    hidden : int
        Width of the hidden layer of encoder and decoder.
    latent : int
        Dimension of z.
    """

    def __init__(self, d: int, hidden: int = 128, latent: int = 8) -> None:
        super().__init__()
        self.latent = latent
        self.encoder = Encoder(d, hidden, latent)
        self.decoder = Decoder(d, hidden, latent)

    def elbo_terms(
        self, x: torch.Tensor, n_samples: int = 2, generator: torch.Generator | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Both ELBO terms per image, by the reparametrisation trick.

        ``generator`` is the source of eps (torch's global one when None).

        Returns
        -------
        recon : Tensor, shape (n,)
            ``(1/S) sum_s log p(x | z_s)``, ``z_s = mu + sigma * eps_s``.
        kl : Tensor, shape (n,)
            ``KL(q(z|x) || N(0, I))`` in closed form.
        """
        mu, logvar = self.encoder(x)
        eps = torch.randn((n_samples, *mu.shape), device=x.device, dtype=mu.dtype,
                          generator=generator)
        z = mu + (0.5 * logvar).exp() * eps
        recon = bernoulli_loglik(self.decoder(z), x).mean(dim=0)
        return recon, gaussian_kl(mu, logvar)

    def mean_elbo_terms(self, x: torch.Tensor, n_samples: int = 2) -> tuple[torch.Tensor,
                                                                             torch.Tensor]:
        """Both ELBO terms averaged over the images of ``x``: the parts of the training loss.

        The values of ``elbo_terms(x, n_samples)`` averaged, up to float rounding.
        Each sum is reduced inside one kernel (the Bernoulli term by
        ``reduction="sum"``), which saves the autograd graph two nodes per
        term: a tenth of an update's time for networks this small.

        Returns
        -------
        recon : Tensor, scalar
            ``(1/(n S)) sum_i sum_s log p(x_i | z_is)``.
        kl : Tensor, scalar
            ``(1/n) sum_i KL(q(z|x_i) || N(0, I))``.
        """
        mu, logvar = self.encoder(x)
        std = (0.5 * logvar).exp()
        eps = torch.randn((n_samples, *mu.shape), device=x.device, dtype=mu.dtype)
        logits = self.decoder(mu + std * eps)
        n = x.shape[0]
        recon = -nn.functional.binary_cross_entropy_with_logits(
            logits, x.expand_as(logits), reduction="sum") / (n_samples * n)
        kl = -0.5 * (1.0 + logvar - mu**2 - std * std).sum() / n
        return recon, kl

    @torch.no_grad()
    def iwae_loglik(self, x: torch.Tensor, k: int = 100) -> torch.Tensor:
        """Importance-weighted estimate of ``log p(x)`` with ``k`` draws from q(z|x).

        ``log p(x) ~ logsumexp_j [log p(x|z_j) + log p(z_j) - log q(z_j|x)] - log k``
        (Burda et al. 2016); a lower bound in expectation, tightening as k grows.
        """
        mu, logvar = self.encoder(x)
        std = (0.5 * logvar).exp()
        eps = torch.randn((k, *mu.shape), device=x.device, dtype=mu.dtype)
        z = mu + std * eps
        log_px_z = bernoulli_loglik(self.decoder(z), x)
        log_pz = -0.5 * (z**2).sum(-1) - 0.5 * self.latent * math.log(2 * math.pi)
        log_qz = (-0.5 * eps**2 - 0.5 * logvar).sum(-1) - 0.5 * self.latent * math.log(
            2 * math.pi
        )
        return torch.logsumexp(log_px_z + log_pz - log_qz, dim=0) - math.log(k)


class Autoencoder(nn.Module):
    """A deterministic autoencoder ``d -> hidden -> latent -> hidden -> d``."""

    def __init__(self, d: int, hidden: int = 128, latent: int = 2) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(d, hidden), nn.Tanh(), nn.Linear(hidden, latent))
        self.decoder = Decoder(d, hidden, latent)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(x))
