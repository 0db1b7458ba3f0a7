"""Printable PDFs: Decree 30/2020 notices, tri-fold leaflets and one-page procedure guides."""

from .build import build_pdfs

__all__ = ["build_pdfs"]
