{{/*
The release's full name: "<release>-orderly-operator", or the release name when it already
contains the chart name. Truncated to 63 characters (a DNS label).
*/}}
{{- define "orderly-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
Selector labels. The name is always "orderly-operator": every platform's RabbitMQ
NetworkPolicy admits the management port from pods with that name label.
*/}}
{{- define "orderly-operator.selectorLabels" -}}
app.kubernetes.io/name: orderly-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The recommended labels on every object of the chart. */}}
{{- define "orderly-operator.labels" -}}
{{ include "orderly-operator.selectorLabels" . }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: orderly
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ include "orderly-operator.imageTag" . | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{- define "orderly-operator.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "orderly-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "orderly-operator.fullname" .) -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Who every binding of the chart grants its role to: the operator's ServiceAccount. */}}
{{- define "orderly-operator.subjects" -}}
- kind: ServiceAccount
  name: {{ include "orderly-operator.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- end -}}

{{/*
The rules the operator needs on OrderPlatforms and the objects it creates for them. The same
list goes into the ClusterRole (all namespaces) or into a Role per watched namespace.
Verbs are the ones the operator uses: children are written with server-side apply (patch, and
create for the first apply), deleted when the spec drops them (an Ingress), and watched.
*/}}
{{- define "orderly-operator.platformRules" -}}
- apiGroups: [orderly.dev]
  resources: [orderplatforms]
  verbs: [get, list, watch, patch, update]
- apiGroups: [orderly.dev]
  resources: [orderplatforms/status]
  verbs: [get, patch, update]
- apiGroups: [""]
  resources: [secrets, configmaps, services]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [apps]
  resources: [deployments, statefulsets]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies, ingresses]
  verbs: [get, list, watch, create, patch, update, delete]
# Each platform's PodMonitor, where the cluster serves the Prometheus Operator's API.
- apiGroups: [monitoring.coreos.com]
  resources: [podmonitors]
  verbs: [get, list, watch, create, patch, update, delete]
# KEDA's objects for the services with scaler: Keda, where KEDA is installed.
- apiGroups: [keda.sh]
  resources: [scaledobjects, triggerauthentications]
  verbs: [get, list, watch, create, patch, update, delete]
# Read only: pod failure reasons (CrashLoopBackOff, ImagePullBackOff) go into the status.
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
# Read only: a store's data claim, looked at when its generated credentials Secret is missing.
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- end -}}
