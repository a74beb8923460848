"""The WSGI entry point for production servers: `gunicorn socialmap.wsgi:app` (docs/deploy.md)."""

from socialmap import create_app

app = create_app()
