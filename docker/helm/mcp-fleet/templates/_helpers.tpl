{{/*
Names: every object is "<release>-<unit>" (mcp-slack, mcp-gateway), kebab-case, at most 63 characters.
Call with (list $ "<unit name>").
*/}}
{{- define "mcp-fleet.fullname" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
{{- printf "%s-%s" $root.Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mcp-fleet.selectorLabels" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
app.kubernetes.io/name: {{ $name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end -}}

{{- define "mcp-fleet.labels" -}}
{{- $root := index . 0 -}}
{{ include "mcp-fleet.selectorLabels" . }}
app.kubernetes.io/part-of: mcp-fleet
app.kubernetes.io/component: {{ if eq (index . 1) "gateway" }}gateway{{ else }}service{{ end }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "mcp-fleet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default .Release.Name .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
One unit (a service or the gateway) with serviceDefaults applied. Maps merge deeply;
scalars are taken with dig because mergeOverwrite ignores false and 0 in the override
(so `enabled: false` or `autoscaling.enabled: false` would otherwise be lost).
Call with (dict "root" $ "name" <name> "values" <the unit's values>).
*/}}
{{- define "mcp-fleet.unit" -}}
{{- $d := .root.Values.serviceDefaults -}}
{{- $v := default (dict) .values -}}
{{- $u := mergeOverwrite (deepCopy $d) (deepCopy $v) -}}
{{- range $key := list "enabled" "replicas" "drainSeconds" "preStopSeconds" "allowPublicBind" "automountServiceAccountToken" -}}
{{- $_ := set $u $key (dig $key (get $d $key) $v) -}}
{{- end -}}
{{- $_ := set $u.autoscaling "enabled" (dig "autoscaling" "enabled" $d.autoscaling.enabled $v) -}}
{{- $_ := set $u.autoscaling "minReplicas" (dig "autoscaling" "minReplicas" $d.autoscaling.minReplicas $v) -}}
{{- $_ := set $u.podDisruptionBudget "enabled" (dig "podDisruptionBudget" "enabled" $d.podDisruptionBudget.enabled $v) -}}
{{- $_ := set $u.secret "optional" (dig "secret" "optional" $d.secret.optional $v) -}}
{{- $_ := set $u "name" .name -}}
{{- $_ := set $u "port" (required (printf "services.%s.port is required" .name) $u.port) -}}
{{- toYaml $u -}}
{{- end -}}

{{/* Every enabled unit, name → unit (as YAML: use with fromYaml). */}}
{{- define "mcp-fleet.units" -}}
{{- $units := dict -}}
{{- range $name, $values := .Values.services -}}
{{- if eq $name "gateway" -}}{{- fail "services: \"gateway\" is the gateway's name; configure it under gateway:" -}}{{- end -}}
{{- if not (regexMatch "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$" $name) -}}{{- fail (printf "services.%s: names are kebab-case" $name) -}}{{- end -}}
{{- $u := include "mcp-fleet.unit" (dict "root" $ "name" $name "values" $values) | fromYaml -}}
{{- if $u.enabled -}}{{- $_ := set $units $name $u -}}{{- end -}}
{{- end -}}
{{- if .Values.gateway.enabled -}}
{{- $g := include "mcp-fleet.unit" (dict "root" $ "name" "gateway" "values" (omit .Values.gateway "database" "redis" "service")) | fromYaml -}}
{{- $_ := set $g "enabled" true -}}
{{- $_ := set $units "gateway" $g -}}
{{- end -}}
{{- toYaml $units -}}
{{- end -}}

{{- define "mcp-fleet.image" -}}
{{- $root := index . 0 -}}{{- $u := index . 1 -}}
{{- $image := default (dict) $u.image -}}
{{- $registry := default $root.Values.image.registry $image.registry -}}
{{- $repository := default (printf "mcp-fleet/%s" $u.name) $image.repository -}}
{{- $tag := default (default $root.Chart.AppVersion $root.Values.image.tag) $image.tag -}}
{{- if $registry }}{{ printf "%s/%s:%s" (trimSuffix "/" $registry) $repository $tag }}{{ else }}{{ printf "%s:%s" $repository $tag }}{{ end -}}
{{- end -}}

{{/* The registry the gateway serves: every enabled service at its in-cluster URL. */}}
{{- define "mcp-fleet.gatewayRegistry" -}}
{{- $servers := dict -}}
{{- range $name, $u := include "mcp-fleet.units" . | fromYaml -}}
{{- if ne $name "gateway" -}}
{{- $entry := dict "type" "http" "url" (printf "http://%s:%v/mcp" (include "mcp-fleet.fullname" (list $ $name)) $u.port) -}}
{{- if $u.description }}{{ $_ := set $entry "description" $u.description }}{{ end -}}
{{- if $u.package }}{{ $_ := set $entry "package" $u.package }}{{ end -}}
{{- $_ := set $servers $name $entry -}}
{{- end -}}
{{- end -}}
{{- dict "mcpServers" $servers | toPrettyJson -}}
{{- end -}}
