"""Logging that never leaks the bot token or what users typed.

Three layers: a filter that replaces every configured secret in every record, libraries that would log
message texts or rows kept above DEBUG, and database errors without their statement parameters
(`hide_parameters`, bot/database.py)."""

from __future__ import annotations

import logging


class RedactSecrets(logging.Filter):
    """Replace every configured secret in a log record with a placeholder, wherever it appears."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if self._secrets:
            message = record.getMessage()
            for secret in self._secrets:
                message = message.replace(secret, "[verborgen]")
            record.msg, record.args = message, None
        return True


def configure_logging(level: str, secrets: list[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    for noisy in ("httpx", "httpcore", "apscheduler", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # At DEBUG, python-telegram-bot logs every call with its text: personal data, whatever ADVIESBOT_LOG_LEVEL
    # says; its INFO and above carry none. SQLAlchemy echoes every statement from INFO on, and rows at DEBUG.
    logging.getLogger("telegram").setLevel(max(logging.INFO, root.level))
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
