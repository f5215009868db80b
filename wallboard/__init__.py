"""Promoter Wallboard: the office wall that makes happy customers visible."""

__version__ = "0.1.0"
