"""Which results of the catalog get a figure, and the data behind each figure.

A figure is attached to the result that answers a question of the seeds,
looked up by id or by source (seed and question), so that a figure appears
as soon as its result is in the catalog and is skipped while it is not.
The numbers are computed here from the result's own formulas or from small
models of the seeds; plotting is :mod:`probproof.reports.figures`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sympy as sp
from scipy import stats
from scipy.special import logsumexp

from probproof.derivations.result import Let, Result, Text, divergence, package_path, plain
from probproof.reports import figures


@dataclass(frozen=True)
class Figure:
    """A PNG written for a result: its file name (relative to the report) and caption,
    prose and SymPy objects (a :data:`~probproof.derivations.result.Text`), so that its
    mathematics is typeset like the key's."""

    result_id: str
    filename: str
    caption: Text

    @property
    def caption_plain(self) -> str:
        """The caption as one line of plain text (JSON, terminal, an image's alt text)."""
        return plain(self.caption)


def _filename(result: Result, kind: str) -> str:
    """``kl-gaussian-standard-mc.png``: no dots before the extension, which
    LaTeX's graphicx would misread."""
    return f"{result.id.replace('.', '-')}-{kind}.png"


def answers(result: Result, seed_prefix: str, question: str) -> bool:
    """Whether ``result`` answers ``question`` (``"2.2"``, ``"4"``) of the seed whose
    file name starts with ``seed_prefix``; a leading ``Q`` and sub-parts
    (``Q4.1``) are ignored."""
    want = question.lstrip("Qq")
    for s in result.sources:
        label = s.question.lstrip("Qq")
        if s.seed.startswith(seed_prefix) and re.fullmatch(re.escape(want) + r"([.a-z].*)?", label):
            return True
    return False


def find(results: Mapping[str, Result], *, ids: tuple[str, ...] = (), seed: str = "",
         question: str = "") -> Result | None:
    """The first result with one of ``ids``, else the first answering ``seed``/``question``."""
    for rid in ids:
        if rid in results:
            return results[rid]
    if seed:
        for r in results.values():
            if answers(r, seed, question):
                return r
    return None


# -- Monte Carlo convergence -------------------------------------------------

#: Results whose statement equates a Gaussian functional with a closed form.
MC_RESULTS = ("kl.gaussian.standard", "vfe.free_energy.posterior_gap")
MC_SIZES = (100, 300, 1_000, 3_000, 10_000, 30_000, 100_000)


def mc_convergence_data(result: Result, seed: int) -> dict:
    """Estimates of the statement's stochastic side at growing n, and the other side.

    The side whose evaluation has a Monte Carlo standard error is the estimate;
    the other is evaluated by quadrature (exact for the closed form). Sample sizes at
    which the evaluator does not trust the standard error are left out.
    """
    from probproof.numeric.evaluate import Context, Unevaluable, evaluate
    from probproof.numeric.sampling import draw_point

    st = result.statement
    rng = np.random.default_rng(seed)
    point = draw_point(st.lhs.free_symbols | st.rhs.free_symbols, result.domains, rng)

    def mc(expr: sp.Basic, n: int):
        e = evaluate(expr, point, Context(seed=seed, monte_carlo=True, mc_samples=n))
        return float(e.real), e.stderr

    _, lhs_se = mc(st.lhs, MC_SIZES[-1])
    noisy, exact = (st.lhs, st.rhs) if lhs_se > 0 else (st.rhs, st.lhs)
    ns, est = [], []
    for n in MC_SIZES:
        try:
            est.append(mc(noisy, n))
        except Unevaluable:  # a sample too small for its standard error to be trusted
            continue
        ns.append(n)
    closed = float(evaluate(exact, point, Context()).real)
    return {"ns": ns, "estimates": [e[0] for e in est],
            "stderrs": [e[1] for e in est], "closed_form": closed,
            "point": {s.name: round(v, 4) for s, v in point.items()},
            "at": tuple(Let(s, sp.Float(round(v, 4), 5)) for s, v in sorted(
                point.items(), key=lambda item: item[0].name))}


def _listed(objects: tuple[sp.Basic, ...]) -> tuple[str | sp.Basic, ...]:
    """``a, b, c`` as prose and objects."""
    out: list[str | sp.Basic] = []
    for i, obj in enumerate(objects):
        out += [", "] * bool(i) + [obj]
    return tuple(out)


def _mc_figure(result: Result, outdir: Path, seed: int) -> Figure:
    from probproof.reports.latex import tex

    data = mc_convergence_data(result, seed)
    name = _filename(result, "mc")
    # matplotlib's mathtext reads the simple LaTeX of a point (mu = -2.76)
    title = "at " + ", ".join(f"${tex(let)}$" for let in data["at"])
    figures.mc_convergence(data["ns"], data["estimates"], data["stderrs"], data["closed_form"],
                           outdir / name, title=title)
    return Figure(result.id, name, ("Monte Carlo estimates (2 standard errors) converging onto "
                                    "the closed form, at ", *_listed(data["at"]), "."))


# -- Seed 000, question 2.2: KL(p||q) >> KL(q||p) ------------------------------

def _law_label(d: sp.Basic) -> str:
    """A one-dimensional normal or mixture of normals as matplotlib's mathtext writes
    it, ``$\\mathcal{N}(\\mu, \\sigma^2)$``, with the variance, as the key does."""
    from probproof.derivations.vocabulary import Mixture, Normal

    if isinstance(d, Normal):
        mu, sigma = d.args
        return rf"\mathcal{{N}}({sp.latex(mu)}, {sp.latex(sigma**2)})"
    if isinstance(d, Mixture):
        weights, components = d.args
        return " + ".join(f"{sp.latex(w)}\\,{_law_label(c)}"
                          for w, c in zip(weights, components, strict=True))
    return sp.latex(d)


def kl_pair_example(result: Result, n: int = 2001) -> dict:
    """The densities of the two laws of the result's claim ``KL(p, q) > ...`` on a
    grid covering both, from the laws' own SymPy densities."""
    p_law, q_law = result.statement.lhs.args
    x = sp.Symbol("x", real=True)
    grid = np.linspace(-9.0, 9.0, n)
    p = np.broadcast_to(sp.lambdify(x, p_law.pdf(x), "numpy")(grid), grid.shape)
    q = np.broadcast_to(sp.lambdify(x, q_law.pdf(x), "numpy")(grid), grid.shape)
    return {"x": grid, "p": np.asarray(p, float), "q": np.asarray(q, float),
            "p_label": f"$p = {_law_label(p_law)}$", "q_label": f"$q = {_law_label(q_law)}$"}


def _kl_figure(result: Result, outdir: Path, seed: int) -> Figure:
    d = kl_pair_example(result)
    name = _filename(result, "densities")
    _, kl_pq, kl_qp = figures.densities_and_kl(
        d["x"], d["p"], d["q"], outdir / name, p_label=d["p_label"], q_label=d["q_label"])
    p, q, kl = sp.Symbol("p"), sp.Symbol("q"), divergence()
    return Figure(result.id, name, (
        "The claim's bimodal ", p, " and the ", q, " on one of its modes: ",
        Let(kl(p, q), sp.Float(kl_pq, 3)), " is much larger than ", Let(kl(q, p), sp.Float(
            kl_qp, 3)), ", about ", sp.log(2, evaluate=False), ". Right: the integrands of the "
        "two divergences."))


# -- Seed 002, question 4: receptive fields of masked convolutions ------------

#: The seed's masks (rows i, columns j from 1): A has 1 for i < 2 and for
#: i = 2, j < 2; B also keeps the centre (i = 2, j <= 2).
MASK_A = np.array([[1, 1, 1], [1, 0, 0], [0, 0, 0]])
MASK_B = np.array([[1, 1, 1], [1, 1, 0], [0, 0, 0]])


def receptive_field(first: np.ndarray, second: np.ndarray, size: int = 5,
                    pixel: tuple[int, int] = (2, 2)) -> np.ndarray:
    """The receptive field of one output pixel after two masked 3x3 convolutions.

    No kernel flipping, padding 1 (so a ``size`` x ``size`` map keeps its size).

    Returns
    -------
    ndarray of int, shape (size, size)
        0 outside the field, 1 inside, 2 the output pixel itself when it is in
        its own field.
    """
    def parents(cells: set[tuple[int, int]], mask: np.ndarray) -> set[tuple[int, int]]:
        out = set()
        for r, c in cells:
            for (i, j), m in np.ndenumerate(mask):
                rr, cc = r + i - 1, c + j - 1
                if m and 0 <= rr < size and 0 <= cc < size:  # padding carries no input
                    out.add((rr, cc))
        return out

    field = parents(parents({pixel}, second), first)
    grid = np.zeros((size, size), dtype=int)
    for r, c in field:
        grid[r, c] = 2 if (r, c) == pixel else 1
    return grid


def _receptive_figure(result: Result, outdir: Path, seed: int) -> Figure:
    masks = {"A": MASK_A, "B": MASK_B}
    grids = {f"{a} then {b}": receptive_field(masks[a], masks[b])
             for a in "AB" for b in "AB"}
    name = _filename(result, "receptive")
    figures.receptive_fields(grids, (2, 2), outdir / name)
    return Figure(result.id, name, "Receptive field of output pixel 33 (outlined) for the four "
                  "choices of masks at the first and second layer; dark: pixel 33 is in its own "
                  "field.")


# -- Seed 003, question 1.2: sparsity of the coupling block's Jacobian ---------

def sparsity_pattern(matrix: sp.MatrixBase) -> np.ndarray:
    """0 for entries identically zero, 1 for nonzero constants, 2 for the rest."""
    out = np.zeros(matrix.shape, dtype=int)
    for (r, c), _ in np.ndenumerate(out):
        e = sp.simplify(matrix[r, c])
        out[r, c] = 0 if e == 0 else (1 if not e.free_symbols else 2)
    return out


def _sparsity_figure(result: Result, outdir: Path, seed: int) -> Figure:
    from probproof.derivations.flow import jacobian_at
    from probproof.reports.latex import tex

    # the statement's general entries placed at every coordinate of a block with d = 6
    jac, matrix = jacobian_at(3, result.statement.rhs)
    cols = [f"${tex(v)}$" for v in jac.variables]
    rows = [f"$y_{{{i + 1}}}$" for i in range(matrix.shape[0])]
    name = _filename(result, "sparsity")
    figures.sparsity(sparsity_pattern(matrix), outdir / name, row_labels=rows, col_labels=cols)
    return Figure(result.id, name, (
        "Sparsity of the coupling block's Jacobian at ", Let(sp.Symbol("d"), 6), " (white: "
        "identically zero; grey: a nonzero constant; dark: depends on the inputs through the "
        "networks). Nothing below the diagonal: it is triangular, so its determinant is the "
        "product of the diagonal."))


# -- Seed 002, question 3: importance-weighted bounds against log p(x) --------

IWAE_KS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


def iwae_bounds(x: float = 1.5, mu: float = 0.0, sigma: float = 1.5, seed: int = 0,
                replicates: int = 2000, ks: tuple[int, ...] = IWAE_KS) -> dict:
    """L_K for the catalog's model z ~ N(0, 1), x | z ~ N(z, 1), q = N(mu, sigma^2).

    Returns the Monte Carlo estimate of each L_K (mean of ``replicates``
    independent log-mean-weights) with its standard error, and the exact
    log p(x) = log N(x; 0, 2).
    """
    rng = np.random.default_rng(seed)
    est, se = [], []
    for k in ks:
        z = mu + sigma * rng.standard_normal((replicates, k))
        logw = (stats.norm.logpdf(x, z, 1) + stats.norm.logpdf(z, 0, 1)
                - stats.norm.logpdf(z, mu, sigma))
        lk = logsumexp(logw, axis=1) - np.log(k)
        est.append(float(lk.mean()))
        se.append(float(lk.std(ddof=1) / np.sqrt(replicates)))
    return {"ks": list(ks), "estimates": est, "stderrs": se,
            "log_px": float(stats.norm.logpdf(x, 0, np.sqrt(2))), "x": x, "mu": mu,
            "sigma": sigma}


def _iwae_figure(result: Result, outdir: Path, seed: int) -> Figure:
    d = iwae_bounds(seed=seed)
    name = _filename(result, "bounds")
    figures.bounds_vs_k(d["ks"], d["estimates"], d["stderrs"], d["log_px"], outdir / name)
    from probproof.derivations.vocabulary import Normal

    k = sp.Symbol("K", integer=True, positive=True)
    mu, sigma, x = sp.Symbol("mu"), sp.Symbol("sigma", positive=True), sp.Symbol("x")
    return Figure(result.id, name, (
        "The importance-weighted bounds ", sp.Function("L")(k), " rise with ", k, " towards ",
        sp.log(sp.Function("p")(x)), " on the linear-Gaussian model of the notes, with ",
        Let(sp.Symbol("q"), Normal(mu, sigma)), " at ", Let(mu, sp.Float(d["mu"], 3)), ", ",
        Let(sigma, sp.Float(d["sigma"], 3)), " and ", Let(x, sp.Float(d["x"], 3)),
        "; 2000 replicates per ", k, "."))


# -- Seed 003, question 2.4: the computation graph of equations (2) -----------

#: The seed's equations (2), node by node: position and label.
REPARAM_GRAPH = {
    "mu": (0.08, 0.82, r"$\mu_i$"),
    "sigma": (0.08, 0.5, r"$\sigma_i$"),
    "eps": (0.08, 0.15, r"$\epsilon_i$"),
    "z": (0.38, 0.5, r"$z_i = \mu_i + \sigma_i \epsilon_i$"),
    "r": (0.68, 0.78, r"$r_i = \log q_i(z_i)$"),
    "s": (0.68, 0.22, r"$s_i = \log p_i(z_i)$"),
    "t": (0.92, 0.5, r"$t_i = r_i - s_i$"),
}
REPARAM_EDGES = (("mu", "z"), ("sigma", "z"), ("eps", "z"), ("z", "r"), ("mu", "r"),
                 ("sigma", "r"), ("z", "s"), ("r", "t"), ("s", "t"))


def _graph_figure(result: Result, outdir: Path, seed: int) -> Figure:
    name = _filename(result, "graph")
    figures.computation_graph(REPARAM_GRAPH, REPARAM_EDGES, outdir / name,
                              inputs=("mu", "sigma", "eps"),
                              title="forward pass along the arrows; backpropagation against them")
    t, mu, sigma, z, r, q, eps = sp.symbols("t_i mu_i sigma_i z_i r_i q_i epsilon_i")
    return Figure(result.id, name, (
        "The computation graph of equations (2). Backpropagation walks it backwards from ", t,
        ": the gradient reaches ", mu, " and ", sigma, " along the paths through ", z,
        " (the reparameterised sample) and along the direct arrows into ", r, ", since ", q,
        " depends on them; the noise ", eps, " is a leaf with no gradient. Averaging over "
        "draws of the noise gives the stochastic gradient."))


FigureFn = Callable[[Result, Path, int], Figure]

#: (lookup, figure function): a lookup is ``find``'s keyword arguments.
PLAN: tuple[tuple[dict, FigureFn], ...] = (
    *(({"ids": (rid,)}, _mc_figure) for rid in MC_RESULTS),
    ({"seed": "000", "question": "2.2"}, _kl_figure),
    ({"seed": "002", "question": "4"}, _receptive_figure),
    ({"ids": ("flow.coupling.jacobian",)}, _sparsity_figure),
    ({"ids": ("iwae.bound.monotone", "iwae.bound.upper")}, _iwae_figure),
    ({"seed": "003", "question": "2.4"}, _graph_figure),
)


def figures_for(result_id: str, results: Mapping[str, Result]) -> list[tuple[str, str]]:
    """The figures drawn for ``result_id`` by :func:`catalog_figures`: for each, the name
    of the function that draws it and its ``file:line``, so that ``probproof show``
    finds a result's figures from its id."""
    out = []
    for lookup, fn in PLAN:
        found = find(results, **lookup)
        if found is not None and found.id == result_id:
            code = fn.__code__
            out.append((fn.__name__.strip("_"),
                        f"{package_path(code.co_filename)}:{code.co_firstlineno}"))
    return out


def catalog_figures(results: Mapping[str, Result], outdir: Path, seed: int = 0
                    ) -> dict[str, list[Figure]]:
    """Write the figures of those ``results`` that have one into ``outdir``.

    Returns
    -------
    dict
        result id -> its figures (ids without a figure are absent).
    """
    outdir.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[Figure]] = {}
    for lookup, fn in PLAN:
        result = find(results, **lookup)
        if result is not None:
            out.setdefault(result.id, []).append(fn(result, outdir, seed))
    return out
