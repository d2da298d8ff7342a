"""Coverage-bias metrics."""
