"""Numerics: samplers, quadrature, Monte Carlo with error bars, autograd, experiments."""
