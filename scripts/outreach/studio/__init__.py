"""The staff studio: a small local web app to keep procedures and announcements current."""
