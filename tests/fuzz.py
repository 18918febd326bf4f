"""Shared hypothesis settings for the bounded fuzz tests: deterministic, no example database."""

from hypothesis import HealthCheck, settings

FUZZ = settings(
    max_examples=300,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
