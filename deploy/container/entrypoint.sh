#!/usr/bin/env bash
# Start one part of Idésluss inside the container.
#
#   entrypoint.sh web        gunicorn (sync workers) serving config.wsgi
#   entrypoint.sh worker     a Celery worker for the queues in CELERY_QUEUES
#   entrypoint.sh beat       the Celery beat scheduler (run exactly one)
#   entrypoint.sh migrate    migrate_fleet: public schema, then every organisation schema
#   entrypoint.sh manage …   any other manage.py command (seed_demo, shell, …)
#
# Extra arguments after the subcommand go to the program it starts.
set -euo pipefail

APP_DIR="${APP_DIR:-/app}"
cd "${APP_DIR}"

# config/ (settings, celery, wsgi) lives in platform/, a plain directory on the
# path; it is never a package (it would hide the standard library's platform).
case ":${PYTHONPATH:-}:" in
    *":${APP_DIR}/platform:"*) ;;
    *) export PYTHONPATH="${APP_DIR}/platform${PYTHONPATH:+:${PYTHONPATH}}" ;;
esac
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.production}"

usage() {
    echo "usage: entrypoint.sh {web|worker|beat|migrate|manage ARGS…}" >&2
}

if [[ $# -eq 0 ]]; then
    set -- web
fi
command="$1"
shift

case "${command}" in
    web)
        exec gunicorn config.wsgi:application \
            --config "${APP_DIR}/deploy/container/gunicorn.conf.py" "$@"
        ;;
    worker)
        # Concurrency is explicit: Celery's default (the CPU count it sees)
        # is the node's, not the container's limit.
        exec celery -A config worker \
            --queues "${CELERY_QUEUES:-default,mail,provisioning}" \
            --concurrency "${CELERY_CONCURRENCY:-2}" \
            --loglevel "${LOG_LEVEL:-INFO}" \
            "$@"
        ;;
    beat)
        # The schedule file is state of this one process; /tmp is writable
        # when the root filesystem is read-only.
        exec celery -A config beat \
            --schedule "${CELERY_BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}" \
            --loglevel "${LOG_LEVEL:-INFO}" \
            "$@"
        ;;
    migrate)
        # The public schema, then every organisation schema (and the template and
        # the schema pool) in parallel processes, each with one connection; how
        # many is TENANT_MIGRATION_PROCESSES (settings: FLEET_MIGRATION_CONNECTIONS).
        exec python manage.py migrate_fleet "$@"
        ;;
    manage)
        exec python manage.py "$@"
        ;;
    -h | --help | help)
        usage
        ;;
    *)
        echo "entrypoint.sh: unknown subcommand '${command}'" >&2
        usage
        exit 64
        ;;
esac
