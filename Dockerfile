# Production image: the same install as the README (scripts/bootstrap.sh), without dev tools.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHON=python3.11 KOPERASI_EXTRAS=""
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
       postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 koperasi

WORKDIR /app
COPY --chown=koperasi:koperasi . /app
USER koperasi
RUN scripts/bootstrap.sh && .venv/bin/python manage.py collectstatic --noinput
ENV PATH=/app/.venv/bin:$PATH

EXPOSE 8000
CMD ["gunicorn", "koperasi.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
