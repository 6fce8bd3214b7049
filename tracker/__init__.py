"""tracker: follow toezeggingen and moties through Dutch government letters to parliament."""

__version__ = "0.1.0"
