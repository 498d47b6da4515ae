"""hotline-tui: the terminal hotline desk of a software after-sales service center."""

__version__ = "0.1.0"
