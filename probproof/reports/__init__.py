"""Rendering of what the checks produced: LaTeX, Markdown/HTML, figures, JSON."""
