"""The Helm chart renders objects Kubernetes accepts, and runs Idésluss the way it must run.

Rendered offline with helm-python-sdk (Helm's own Go code, no helm binary) and
checked against Kubernetes' schemas with kubernetes-validate.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

from tests import production

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHART_DIR = PROJECT_DIR / "helm" / "idesluss"
OPERATIONS_GUIDE = PROJECT_DIR / "docs" / "operations.md"
RELEASE = "idesluss"
NAMESPACE = "idesluss"
# A recent Kubernetes release that kubernetes-validate ships schemas for.
KUBERNETES_VERSION = "1.33.0"

SECRET_VALUES = {
    "create": True,
    "databaseUrl": "postgres://idesluss:db-password-0xA1@db.internal:5432/idesluss",
    "celeryBrokerUrl": "redis://:broker-password-0xB2@redis.internal:6379/0",
    "djangoSecretKey": "django-secret-key-0xC3-" + "k" * 40,
    "sentryDsn": "https://sentry-key-0xD4@sentry.example.org/7",
    "databaseReplicaUrl": "postgres://reader:replica-password-0xE5@replica.internal/idesluss",
    "cacheUrl": "redis://:cache-password-0xF6@redis.internal:6379/1",
}
# The one writable path besides MEDIA_ROOT when the root filesystem is read-only.
TMP = "/tmp"  # noqa: S108
# What the production settings refuse to start without (all of it secret).
REQUIRED_SECRET_KEYS = set(production.required_environment())

Manifest = dict[str, Any]


def render(values: dict[str, Any] | None = None) -> list[Manifest]:
    """Render the chart as ``helm template`` would; return every object in it."""
    with helm.Chart.load(CHART_DIR) as chart:
        rendered = chart.render(values, name=RELEASE, namespace=NAMESPACE)
    manifests: list[Manifest] = []
    for path, text in sorted(rendered.items()):
        if path.endswith(".yaml"):
            manifests.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return manifests


def guide_examples() -> dict[str, dict[str, Any]]:
    """Return the example values files of docs/operations.md by name (``values-county.yaml``)."""
    example = re.compile(r"```yaml\n# (values-[\w-]+\.yaml)\n(.*?)```", re.DOTALL)
    blocks = example.findall(OPERATIONS_GUIDE.read_text())
    return {name: yaml.safe_load(body) for name, body in blocks}


def validate(manifests: list[Manifest]) -> None:
    for manifest in manifests:
        try:
            kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            kind, name = manifest["kind"], manifest["metadata"]["name"]
            pytest.fail(f"{kind} {name}: {str(error).splitlines()[0]}")


def of_kind(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [manifest for manifest in manifests if manifest["kind"] == kind]


def named(manifests: list[Manifest], kind: str, name: str) -> Manifest:
    (found,) = [m for m in of_kind(manifests, kind) if m["metadata"]["name"] == name]
    return found


def pod_specs(manifests: list[Manifest]) -> Iterator[tuple[str, Manifest]]:
    """Yield (object name, pod spec) of every Deployment and Job."""
    for manifest in manifests:
        if manifest["kind"] in {"Deployment", "Job"}:
            yield manifest["metadata"]["name"], manifest["spec"]["template"]["spec"]


def env_of(container: Manifest) -> dict[str, Manifest]:
    return {variable["name"]: variable for variable in container.get("env", [])}


def workers(manifests: list[Manifest]) -> dict[str, Manifest]:
    return {
        m["metadata"]["name"]: m
        for m in of_kind(manifests, "Deployment")
        if m["metadata"]["labels"]["app.kubernetes.io/component"].startswith("worker-")
    }


def environment_of(container: Manifest, manifests: list[Manifest]) -> dict[str, str]:
    """Return the environment a container starts with: its ConfigMaps, then its env entries.

    Secret references are resolved against the chart-made Secrets; an optional
    reference to a key the Secret lacks leaves the variable unset, as Kubernetes does.
    """
    environment: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            config_map = named(manifests, "ConfigMap", source["configMapRef"]["name"])
            environment.update(config_map["data"])
    for variable in container.get("env", []):
        if "value" in variable:
            environment[variable["name"]] = variable["value"]
            continue
        reference = variable["valueFrom"]["secretKeyRef"]
        data = named(manifests, "Secret", reference["name"])["data"]
        if reference["key"] in data:
            environment[variable["name"]] = base64.b64decode(data[reference["key"]]).decode()
        else:
            assert reference.get("optional") is True, variable["name"]
    return environment


def queues_of(deployment: Manifest) -> str:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return env_of(container)["CELERY_QUEUES"]["value"]


class TestHelmChart:
    def test_lints_without_warnings_or_errors(self):
        report = helm.lint(CHART_DIR, strict=True, kube_version=f"v{KUBERNETES_VERSION}")

        assert report["errors"] == []
        # Severity 1 is information ("icon is recommended"); 2 and 3 are warnings and errors.
        assert [m for m in report["messages"] if m["severity"] >= 2] == []

    def test_renders_with_its_default_values(self):
        kinds = {manifest["kind"] for manifest in render()}

        assert {
            "ConfigMap",
            "Deployment",
            "Service",
            "Ingress",
            "Job",
            "PodDisruptionBudget",
        } <= kinds

    @pytest.mark.parametrize(
        "values",
        [
            pytest.param(None, id="defaults"),
            pytest.param({"secrets": SECRET_VALUES}, id="chart-made-secret"),
            pytest.param(
                {
                    "secrets": SECRET_VALUES,
                    "web": {"autoscaling": {"enabled": True}},
                    "media": {"existingClaim": "idesluss-media"},
                    "ingress": {"className": "nginx", "extraHosts": ["ideer.tranas.example"]},
                    "image": {"digest": "sha256:" + "0" * 64},
                    "imagePullSecrets": [{"name": "registry"}],
                    "serviceAccountName": "idesluss",
                    "extraEnv": [{"name": "EMAIL_HOST", "value": "smtp.internal"}],
                    "extraEnvFrom": [{"secretRef": {"name": "idesluss-mail"}}],
                    "workers": {"provisioning": {"nodeSelector": {"pool": "batch"}}},
                },
                id="everything-switched-on",
            ),
        ],
    )
    def test_renders_only_objects_kubernetes_accepts(self, values):
        validate(render(values))

    def test_renders_the_example_values_of_the_operations_guide(self):
        examples = guide_examples()

        assert set(examples) == {"values-county.yaml", "values-sweden.yaml"}
        for values in examples.values():
            validate(render(values))

    def test_runs_a_single_beat(self):
        beat = named(render(), "Deployment", "idesluss-beat")

        assert beat["spec"]["replicas"] == 1
        assert beat["spec"]["strategy"] == {"type": "Recreate"}
        assert beat["spec"]["template"]["spec"]["containers"][0]["args"] == ["beat"]

    def test_refuses_values_that_ask_for_more_than_one_beat(self):
        with pytest.raises(helm.HelmValuesError, match="replicas"):
            render({"beat": {"replicas": 2}})

    def test_runs_one_worker_deployment_per_configured_queue_group(self):
        deployments = workers(render())

        assert {name: queues_of(d) for name, d in deployments.items()} == {
            "idesluss-worker-default": "default",
            "idesluss-worker-mail": "mail",
            "idesluss-worker-provisioning": "provisioning",
        }
        for deployment in deployments.values():
            assert deployment["spec"]["template"]["spec"]["containers"][0]["args"] == ["worker"]

    def test_gives_each_worker_deployment_its_own_replicas(self):
        deployments = workers(
            render(
                {
                    "workers": {
                        "default": {"replicas": 6},
                        "mail": None,
                        "provisioning": {"enabled": False},
                        "notifications": {"queues": ["mail", "default"], "replicas": 3},
                    }
                }
            )
        )

        assert {name: d["spec"]["replicas"] for name, d in deployments.items()} == {
            "idesluss-worker-default": 6,
            "idesluss-worker-notifications": 3,
        }
        assert queues_of(deployments["idesluss-worker-notifications"]) == "mail,default"

    def test_probes_web_on_the_health_endpoints_without_a_tenant_host(self):
        web = named(render(), "Deployment", "idesluss-web")
        (container,) = web["spec"]["template"]["spec"]["containers"]

        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            assert "host" not in container[probe]["httpGet"]
            assert "httpHeaders" not in container[probe]["httpGet"]

    def test_migrates_in_a_pre_install_and_pre_upgrade_hook(self):
        job = named(render(), "Job", "idesluss-migrate")
        pod = job["spec"]["template"]["spec"]

        assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
        assert pod["containers"][0]["args"] == ["migrate"]
        assert pod["restartPolicy"] == "Never"

    def test_gives_the_migrate_hook_settings_that_exist_before_the_release_does(self):
        manifests = render({"secrets": SECRET_VALUES})
        job = named(manifests, "Job", "idesluss-migrate")
        (container,) = job["spec"]["template"]["spec"]["containers"]
        config_map = named(manifests, "ConfigMap", container["envFrom"][0]["configMapRef"]["name"])
        secret_names = {v["valueFrom"]["secretKeyRef"]["name"] for v in container["env"]}
        (secret,) = [named(manifests, "Secret", name) for name in secret_names]
        job_weight = int(job["metadata"]["annotations"]["helm.sh/hook-weight"])

        for dependency in (config_map, secret):
            annotations = dependency["metadata"]["annotations"]
            assert annotations["helm.sh/hook"] == "pre-install,pre-upgrade"
            assert int(annotations["helm.sh/hook-weight"]) < job_weight

    def test_keeps_secret_values_out_of_every_config_map(self):
        manifests = render({"secrets": SECRET_VALUES})
        config_maps = of_kind(manifests, "ConfigMap")

        assert config_maps
        for config_map in config_maps:
            text = yaml.safe_dump(config_map)
            assert not REQUIRED_SECRET_KEYS & set(config_map["data"])
            for key, secret in SECRET_VALUES.items():
                if isinstance(secret, str):
                    assert secret not in text, f"{key} in {config_map['metadata']['name']}"

    def test_makes_the_secret_from_values_when_asked(self):
        manifests = render({"secrets": SECRET_VALUES})
        secret = named(manifests, "Secret", "idesluss")

        decoded = {key: base64.b64decode(value).decode() for key, value in secret["data"].items()}
        assert decoded["DATABASE_URL"] == SECRET_VALUES["databaseUrl"]
        assert decoded["DJANGO_SECRET_KEY"] == SECRET_VALUES["djangoSecretKey"]
        assert decoded["DATABASE_REPLICA_URL"] == SECRET_VALUES["databaseReplicaUrl"]
        assert decoded["CACHE_URL"] == SECRET_VALUES["cacheUrl"]
        assert "CELERY_RESULT_BACKEND" not in decoded  # optional keys without a value stay unset

    @pytest.mark.parametrize(
        "value", ["databaseUrl", "celeryBrokerUrl", "cacheUrl", "djangoSecretKey"]
    )
    def test_refuses_to_make_a_secret_without_a_required_value(self, value):
        values = {"secrets": {**SECRET_VALUES, value: ""}}

        with pytest.raises(helm.HelmRenderError, match=value):
            render(values)

    def test_gives_every_pod_each_variable_the_production_settings_require(self):
        for name, spec in pod_specs(render()):
            for container in spec["containers"]:
                env = env_of(container)
                for variable in REQUIRED_SECRET_KEYS:
                    reference = env[variable]["valueFrom"]["secretKeyRef"]
                    assert reference["key"] == variable, (name, variable)
                    assert not reference.get("optional", False), (name, variable)

    def test_starts_the_production_settings_in_every_pod(self):
        manifests = render({"secrets": SECRET_VALUES})
        environments: dict[str, dict[str, str]] = {}
        for name, spec in pod_specs(manifests):
            (container,) = spec["containers"]
            environment = environment_of(container, manifests)
            # Nothing may report to Sentry from a test.
            environment.pop("SENTRY_DSN", None)
            environments[name] = environment

        assert set(environments) >= {
            "idesluss-web",
            "idesluss-worker-default",
            "idesluss-beat",
            "idesluss-migrate",
        }
        for name in ("idesluss-web", "idesluss-worker-default", "idesluss-beat"):
            assert environments[name]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        # The pods differ only in settings the start does not read; one start per
        # distinct environment.
        distinct = {tuple(sorted(env.items())): name for name, env in environments.items()}
        for environment, name in distinct.items():
            result = production.starts(dict(environment))
            assert result.returncode == 0, f"{name}: {result.stderr.splitlines()[-1:]}"

    def test_reads_every_secret_from_the_existing_secret_when_it_makes_none(self):
        manifests = render({"secrets": {"create": False, "existingSecret": "tranas-secrets"}})

        assert of_kind(manifests, "Secret") == []
        specs = dict(pod_specs(manifests))
        assert set(specs) >= {"idesluss-web", "idesluss-beat", "idesluss-migrate"}
        for name, spec in specs.items():
            for container in spec["containers"]:
                env = env_of(container)
                assert set(env) >= REQUIRED_SECRET_KEYS, name
                references = {
                    variable: value["valueFrom"]["secretKeyRef"]
                    for variable, value in env.items()
                    if "secretKeyRef" in value.get("valueFrom", {})
                }
                assert {r["name"] for r in references.values()} == {"tranas-secrets"}, name
                assert all(r["key"] == variable for variable, r in references.items()), name

    def test_passes_the_read_replica_url_from_the_secret_to_every_pod(self):
        for name, spec in pod_specs(render()):
            replica = env_of(spec["containers"][0])["DATABASE_REPLICA_URL"]
            assert replica["valueFrom"]["secretKeyRef"]["key"] == "DATABASE_REPLICA_URL", name
            assert replica["valueFrom"]["secretKeyRef"]["optional"] is True

    def test_serves_the_base_domain_and_every_organisation_subdomain(self):
        ingress = named(render({"baseDomain": "idesluss.se"}), "Ingress", "idesluss")

        hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
        assert hosts == ["idesluss.se", "*.idesluss.se"]
        assert ingress["spec"]["tls"][0]["hosts"] == hosts
        for rule in ingress["spec"]["rules"]:
            backend = rule["http"]["paths"][0]["backend"]["service"]
            assert backend == {"name": "idesluss-web", "port": {"name": "http"}}

    def test_runs_every_container_unprivileged_on_a_read_only_root_filesystem(self):
        for name, spec in pod_specs(render()):
            assert spec["securityContext"]["runAsNonRoot"] is True, name
            assert spec["automountServiceAccountToken"] is False, name
            volumes = {volume["name"]: volume for volume in spec["volumes"]}
            for container in spec["containers"]:
                security = container["securityContext"]
                assert security["readOnlyRootFilesystem"] is True, name
                assert security["allowPrivilegeEscalation"] is False, name
                assert security["capabilities"]["drop"] == ["ALL"], name
                mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
                assert "emptyDir" in volumes[mounts[TMP]], name

    def test_sets_requests_and_a_memory_limit_on_every_container(self):
        for name, spec in pod_specs(render()):
            for container in spec["containers"]:
                resources = container["resources"]
                assert {"cpu", "memory"} <= set(resources["requests"]), name
                assert "memory" in resources["limits"], name

    def test_keeps_web_available_through_node_drains(self):
        manifests = render()
        budget = named(manifests, "PodDisruptionBudget", "idesluss-web")
        web = named(manifests, "Deployment", "idesluss-web")

        pod_labels = web["spec"]["template"]["metadata"]["labels"]
        assert budget["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
        assert budget["spec"]["maxUnavailable"] == 1
        assert web["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0

    def test_scales_web_with_an_autoscaler_only_when_asked(self):
        assert of_kind(render(), "HorizontalPodAutoscaler") == []

        manifests = render({"web": {"autoscaling": {"enabled": True, "maxReplicas": 12}}})
        (autoscaler,) = of_kind(manifests, "HorizontalPodAutoscaler")
        assert autoscaler["spec"]["scaleTargetRef"]["name"] == "idesluss-web"
        assert autoscaler["spec"]["maxReplicas"] == 12
        assert "replicas" not in named(manifests, "Deployment", "idesluss-web")["spec"]

    def test_restarts_the_pods_when_the_settings_change(self):
        def checksum(values: dict[str, Any] | None) -> str:
            web = named(render(values), "Deployment", "idesluss-web")
            return web["spec"]["template"]["metadata"]["annotations"]["checksum/config"]

        assert checksum(None) != checksum({"config": {"logLevel": "DEBUG"}})
