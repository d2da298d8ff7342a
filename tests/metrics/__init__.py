"""Tests of the coverage-bias metrics."""
