"""Benchmark-only Django app: the synthetic notices as a Wagtail developer would model them for
Wagtail's own search (benchmarks/settings.py installs it; the site never does)."""
