"""The firm's staff dashboard under /beheer: leads, their status, the CSV export and the funnel charts.

Server-rendered (Jinja2, no JavaScript), behind a staff sign-in. `web.build_dashboard` makes the ASGI app that the
webhook server mounts and `adviesbot beheer` serves on its own (`cli.py`).
"""
