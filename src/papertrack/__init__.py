"""papertrack: turn the paper listings researchers copy and save into one clean list."""

__version__ = "0.1.0"
