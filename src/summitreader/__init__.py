"""summitreader: read, highlight and tag articles in the terminal."""

__version__ = "0.1.0"
