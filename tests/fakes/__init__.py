"""Fakes of external services that speak the real protocol over loopback (see fake_wecom.py)."""
