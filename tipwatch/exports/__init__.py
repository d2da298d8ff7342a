"""Exports of reviewed data: CSV, JSON Lines and FollowTheMoney entities."""
