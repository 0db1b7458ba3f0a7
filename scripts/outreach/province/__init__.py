"""Province scale: overlay explanations, open data, batch builds, CI matrix, list import."""
