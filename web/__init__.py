"""The Flask app. Gunicorn runs `web:create_app()`."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then the environment, then test overrides, then blueprints."""
    from web import api, pages, people, quotes
    from web.config import Config

    app = Flask(__name__)
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    api.init_app(app)
    pages.init_app(app)
    people.init_app(app)
    quotes.init_app(app)
    return app
