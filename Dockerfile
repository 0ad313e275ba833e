# Two stages: build a wheel from pyproject.toml, install only that wheel in a slim runtime image.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY rules ./rules
COPY conversations ./conversations
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels . \
    && pip wheel --no-cache-dir --wheel-dir /wheels /wheels/fiscale_adviesbot-*.whl

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ADVIESBOT_DATA_DIR=/data
RUN useradd --system --uid 10001 --no-create-home adviesbot \
    && mkdir /data \
    && chown adviesbot /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links=/wheels /wheels/fiscale_adviesbot-*.whl \
    && rm -rf /wheels
USER 10001
# The SQLite file lives here when DATABASE_URL is unset.
VOLUME /data
EXPOSE 8080
# Webhook mode asks /healthz (database reachable); polling mode checks the heartbeat the bot keeps fresh.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["adviesbot", "healthcheck"]
# Exec form: the bot is PID 1 and gets SIGTERM itself, finishing the update in hand before it stops.
CMD ["adviesbot", "run"]
