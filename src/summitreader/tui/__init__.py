"""The Textual client of the core. Nothing outside this package imports Textual."""
