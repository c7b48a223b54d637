"""Thin integrations with engines that already run elsewhere (Dask)."""
