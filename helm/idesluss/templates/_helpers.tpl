{{/* Names ------------------------------------------------------------------ */}}

{{- define "idesluss.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "idesluss.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* <fullname>-<suffix>, kept within the 63 characters of a DNS label. */}}
{{- define "idesluss.componentName" -}}
{{- printf "%s-%s" (include "idesluss.fullname" .root) .suffix | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "idesluss.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels: call with (dict "root" $ "component" "web") --------------------- */}}

{{- define "idesluss.selectorLabels" -}}
app.kubernetes.io/name: {{ include "idesluss.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "idesluss.labels" -}}
helm.sh/chart: {{ include "idesluss.chart" .root }}
{{ include "idesluss.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: idesluss
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/* Image ------------------------------------------------------------------ */}}

{{- define "idesluss.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Secret and ConfigMap names --------------------------------------------- */}}

{{/* The Secret the pods read: made by the chart or existing, same default name. */}}
{{- define "idesluss.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- include "idesluss.fullname" . }}
{{- end }}
{{- end }}

{{/*
The migrate hook runs before the release's own ConfigMap and Secret exist (on
install) or are updated (on upgrade), so it reads hook copies of them, made
just before it and deleted once it has succeeded. An existing Secret is
read directly.
*/}}
{{- define "idesluss.migrateConfigName" -}}
{{- include "idesluss.componentName" (dict "root" . "suffix" "migrate") }}
{{- end }}

{{- define "idesluss.migrateSecretName" -}}
{{- if .Values.secrets.create }}
{{- include "idesluss.componentName" (dict "root" . "suffix" "migrate") }}
{{- else }}
{{- include "idesluss.secretName" . }}
{{- end }}
{{- end }}

{{/* ConfigMap data: settings only, never a secret. */}}
{{- define "idesluss.configData" -}}
DJANGO_SETTINGS_MODULE: config.settings.production
IDESLUSS_BASE_DOMAIN: {{ required "baseDomain is required" .Values.baseDomain | quote }}
LOG_LEVEL: {{ .Values.config.logLevel | quote }}
SENTRY_ENVIRONMENT: {{ .Values.config.sentryEnvironment | quote }}
TENANT_MIGRATION_PROCESSES: {{ .Values.migrate.processes | quote }}
MEDIA_ROOT: {{ .Values.media.mountPath | quote }}
PORTAL_TRUSTED_PROXY_HOPS: {{ .Values.config.trustedProxyHops | quote }}
{{- with .Values.config.organizationSchemaStrategy }}
ORGANIZATION_SCHEMA_STRATEGY: {{ . | quote }}
{{- end }}
{{- with .Values.config.allowedHosts }}
DJANGO_ALLOWED_HOSTS: {{ . | quote }}
{{- end }}
{{- with .Values.config.defaultFromEmail }}
DEFAULT_FROM_EMAIL: {{ . | quote }}
{{- end }}
{{- with .Values.config.emailBackend }}
EMAIL_BACKEND: {{ . | quote }}
{{- end }}
{{- range $name, $value := .Values.config.extra }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* Secret data: only the keys that have a value (optional keys stay unset). */}}
{{- define "idesluss.secretData" -}}
DATABASE_URL: {{ required "secrets.databaseUrl is required when secrets.create is true" .Values.secrets.databaseUrl | b64enc | quote }}
CELERY_BROKER_URL: {{ required "secrets.celeryBrokerUrl is required when secrets.create is true" .Values.secrets.celeryBrokerUrl | b64enc | quote }}
DJANGO_SECRET_KEY: {{ required "secrets.djangoSecretKey is required when secrets.create is true" .Values.secrets.djangoSecretKey | b64enc | quote }}
CACHE_URL: {{ required "secrets.cacheUrl is required when secrets.create is true" .Values.secrets.cacheUrl | b64enc | quote }}
{{- with .Values.secrets.sentryDsn }}
SENTRY_DSN: {{ . | b64enc | quote }}
{{- end }}
{{- with .Values.secrets.databaseReplicaUrl }}
DATABASE_REPLICA_URL: {{ . | b64enc | quote }}
{{- end }}
{{- with .Values.secrets.celeryResultBackend }}
CELERY_RESULT_BACKEND: {{ . | b64enc | quote }}
{{- end }}
{{- end }}

{{/* Pod pieces ------------------------------------------------------------- */}}

{{/*
Environment of a container: the ConfigMap whole, the secrets key by key.
Call with (dict "root" $ "configMap" NAME "secret" NAME).
*/}}
{{- define "idesluss.env" -}}
envFrom:
  - configMapRef:
      name: {{ .configMap }}
{{- with .root.Values.extraEnvFrom }}
{{ toYaml . | indent 2 }}
{{- end }}
env:
{{- /* The production settings refuse to start without any of these. */}}
{{- range list "DATABASE_URL" "CELERY_BROKER_URL" "CACHE_URL" "DJANGO_SECRET_KEY" }}
  - name: {{ . }}
    valueFrom:
      secretKeyRef:
        name: {{ $.secret }}
        key: {{ . }}
{{- end }}
{{- range list "SENTRY_DSN" "DATABASE_REPLICA_URL" "CELERY_RESULT_BACKEND" }}
  - name: {{ . }}
    valueFrom:
      secretKeyRef:
        name: {{ $.secret }}
        key: {{ . }}
        optional: true
{{- end }}
{{- with .root.Values.extraEnv }}
{{ toYaml . | indent 2 }}
{{- end }}
{{- end }}

{{/* Environment of the long-running pods (web, workers, beat). */}}
{{- define "idesluss.appEnv" -}}
{{- include "idesluss.env" (dict "root" . "configMap" (include "idesluss.fullname" .) "secret" (include "idesluss.secretName" .)) }}
{{- end }}

{{/* Rolls the pods when the ConfigMap or the chart-made Secret changes. */}}
{{- define "idesluss.checksums" -}}
checksum/config: {{ include "idesluss.configData" . | sha256sum }}
{{- if .Values.secrets.create }}
checksum/secret: {{ include "idesluss.secretData" . | sha256sum }}
{{- end }}
{{- end }}

{{/*
Pod-level settings shared by every pod. Call with (dict "root" $ "component"
VALUES) where VALUES may carry its own nodeSelector, tolerations, affinity.
*/}}
{{- define "idesluss.podSettings" -}}
{{- $values := .root.Values -}}
automountServiceAccountToken: false
enableServiceLinks: false
{{- with $values.serviceAccountName }}
serviceAccountName: {{ . }}
{{- end }}
{{- with $values.imagePullSecrets }}
imagePullSecrets:
{{ toYaml . | indent 2 }}
{{- end }}
securityContext:
{{ toYaml $values.podSecurityContext | indent 2 }}
{{- with (default $values.nodeSelector .component.nodeSelector) }}
nodeSelector:
{{ toYaml . | indent 2 }}
{{- end }}
{{- with (default $values.tolerations .component.tolerations) }}
tolerations:
{{ toYaml . | indent 2 }}
{{- end }}
{{- with (default $values.affinity .component.affinity) }}
affinity:
{{ toYaml . | indent 2 }}
{{- end }}
{{- end }}

{{/* Container settings shared by every container (image, user, filesystem). */}}
{{- define "idesluss.containerSettings" -}}
image: {{ include "idesluss.image" . }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
securityContext:
{{ toYaml .Values.securityContext | indent 2 }}
{{- end }}

{{/* Volumes: a writable /tmp, and MEDIA_ROOT when withMedia. */}}
{{- define "idesluss.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .root.Values.tmp.sizeLimit }}
{{- if .withMedia }}
- name: media
{{- if .root.Values.media.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .root.Values.media.existingClaim }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- end }}
{{- end }}

{{- define "idesluss.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .withMedia }}
- name: media
  mountPath: {{ .root.Values.media.mountPath }}
{{- end }}
{{- end }}
