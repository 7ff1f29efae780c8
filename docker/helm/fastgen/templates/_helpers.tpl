{{/* Name prefix of every resource: the release name, with "-fastgen" unless it says fastgen already. */}}
{{- define "fastgen.fullname" -}}
{{- if contains "fastgen" .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-fastgen" .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "fastgen.labels" -}}
app.kubernetes.io/name: fastgen
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: fastgen-webhooks
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector of one service's pods. Call with (dict "root" $ "app" "gateway"). */}}
{{- define "fastgen.selector" -}}
app.kubernetes.io/name: fastgen
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .app }}
{{- end -}}

{{- define "fastgen.image" -}}
{{- $img := .root.Values.image -}}
{{- $app := index .root.Values.apps .app -}}
{{- $repo := printf "%s/%s" $img.repository .app -}}
{{- if $img.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" $img.registry) $repo }}{{ end -}}
{{- $digest := "" -}}
{{- if and $app.image $app.image.digest }}{{ $digest = $app.image.digest }}{{ end -}}
{{- if $digest -}}
{{ $repo }}@{{ $digest }}
{{- else -}}
{{ $repo }}:{{ $img.tag | default .root.Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{- define "fastgen.secretName" -}}
{{- required "secrets.existingSecret is required: the name of a Secret holding ADMIN_TOKEN, SECRETS_MASTER_KEY and DATABASE_URL (docs/deploy.md)" .Values.secrets.existingSecret -}}
{{- end -}}

{{/*
The environment of one service (its pods and its migration), as a container `env` list.
Call with (dict "root" $ "app" "gateway").
*/}}
{{- define "fastgen.env" -}}
{{- $v := .root.Values -}}
{{- $app := .app -}}
{{- $secret := include "fastgen.secretName" .root -}}
- name: NODE_ENV
  value: {{ $v.nodeEnv | quote }}
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
- name: HOST
  value: "0.0.0.0"
- name: PORT
  value: "8080"
- name: METRICS_PORT
  value: {{ $v.metrics.port | quote }}
- name: SHUTDOWN_TIMEOUT_MS
  value: {{ $v.shutdownTimeoutMs | quote }}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers is required" $v.kafka.brokers | quote }}
- name: KAFKA_TOPIC_PREFIX
  value: {{ $v.kafka.topicPrefix | quote }}
{{- if $v.kafka.ssl }}
- name: KAFKA_SSL
  value: "true"
{{- if $v.kafka.caSecret.name }}
- name: KAFKA_SSL_CA
  value: /etc/fastgen/kafka-ca/{{ $v.kafka.caSecret.key }}
{{- end }}
{{- end }}
{{- with $v.kafka.sasl }}
{{- if .mechanism }}
{{- if not (has .mechanism (list "plain" "scram-sha-256" "scram-sha-512")) }}
{{- fail (printf "kafka.sasl.mechanism must be plain, scram-sha-256 or scram-sha-512, not %q" .mechanism) }}
{{- end }}
- name: KAFKA_SASL_MECHANISM
  value: {{ .mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ required "kafka.sasl.username is required with kafka.sasl.mechanism" .username | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.passwordSecret.name is required with kafka.sasl.mechanism" .passwordSecret.name }}
      key: {{ .passwordSecret.key }}
{{- end }}
{{- end }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $v.secrets.keys.databaseUrl }}
- name: DATABASE_POOL_SIZE
  value: {{ $v.database.poolSize | quote }}
{{- if $v.database.ssl }}
- name: DATABASE_SSL
  value: "true"
{{- if $v.database.caSecret.name }}
- name: DATABASE_SSL_CA
  value: /etc/fastgen/postgres-ca/{{ $v.database.caSecret.key }}
{{- end }}
{{- end }}
{{- if eq $app "gateway" }}
- name: ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $v.secrets.keys.adminToken }}
{{- end }}
{{- if has $app (list "config" "dispatcher") }}
- name: SECRETS_MASTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $v.secrets.keys.secretsMasterKey }}
{{- if not (has $v.urlPolicy.policy (list "public-only" "any")) }}
{{- fail (printf "urlPolicy.policy must be public-only or any, not %q" $v.urlPolicy.policy) }}
{{- end }}
- name: ENDPOINT_URL_POLICY
  value: {{ $v.urlPolicy.policy | quote }}
- name: ENDPOINT_URL_ALLOWLIST
  value: {{ $v.urlPolicy.allowlist | quote }}
{{- end }}
- name: OTEL_SERVICE_NAME
  value: {{ index $v.otel.env "OTEL_SERVICE_NAME" | default (printf "fastgen-%s" $app) | quote }}
{{- range $name, $value := $v.otel.env }}
{{- if not (hasPrefix "OTEL_" $name) }}
{{- fail (printf "otel.env passes OTEL_* variables only, not %s" $name) }}
{{- end }}
{{- if ne $name "OTEL_SERVICE_NAME" }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}
{{- range $name, $ref := $v.otel.secretEnv }}
{{- if not (hasPrefix "OTEL_" $name) }}
{{- fail (printf "otel.secretEnv passes OTEL_* variables only, not %s" $name) }}
{{- end }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.name }}
      key: {{ $ref.key }}
{{- end }}
{{- range $name, $value := (index $v.apps $app).env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Read-only mounts of the CA bundles, when given. */}}
{{- define "fastgen.caVolumeMounts" -}}
{{- if and .Values.kafka.ssl .Values.kafka.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/fastgen/kafka-ca
  readOnly: true
{{- end }}
{{- if and .Values.database.ssl .Values.database.caSecret.name }}
- name: postgres-ca
  mountPath: /etc/fastgen/postgres-ca
  readOnly: true
{{- end }}
{{- end -}}

{{- define "fastgen.caVolumes" -}}
{{- if and .Values.kafka.ssl .Values.kafka.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.caSecret.name }}
{{- end }}
{{- if and .Values.database.ssl .Values.database.caSecret.name }}
- name: postgres-ca
  secret:
    secretName: {{ .Values.database.caSecret.name }}
{{- end }}
{{- end -}}

{{- define "fastgen.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "fastgen.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* The app names, in start order. */}}
{{- define "fastgen.apps" -}}
config log dispatcher gateway
{{- end -}}
