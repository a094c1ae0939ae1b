"""Numeric confirmations of catalog results, one module per topic (see ``confirmations``)."""
