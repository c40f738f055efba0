"""rehearse: practise a phone call out loud before making it for real."""

__version__ = "0.1.0"
