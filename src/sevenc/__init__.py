"""sevenc: the vCIO platform for MSPs on the 7C IT Management Framework."""

__version__ = "0.1.0"
