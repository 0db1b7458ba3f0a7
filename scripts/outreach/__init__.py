"""outreach: one catalogue of procedures -> guidance site, print and broadcast audio."""

__version__ = "0.1.0"
