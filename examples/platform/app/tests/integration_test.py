"""Integration tests against the live stack, run inside the app container (drydock.yml runs it as an exec probe):
every service answers over the platform network and the data path works end to end. Exit 0 only when all pass."""
import json
import os
import sys
import urllib.request

sys.path.insert(0, "/app")
from platform_app.redis_client import command  # noqa: E402

API = "http://127.0.0.1:8000"


def get(url):
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.status, json.loads(answer.read() or b"null")


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=5) as answer:
        return answer.status, json.loads(answer.read())


def secret(name):
    with open(f"/run/secrets/{name}", encoding="utf-8") as handle:
        return handle.read().strip()


def test_api_health():
    status, body = get(f"{API}/health")
    assert status == 200 and body == {"status": "ok", "postgres": "ok", "redis": "pong"}, body


def test_item_round_trip_through_postgres():
    _, created = post(f"{API}/api/items", {"name": "integration"})
    _, read = get(f"{API}/api/items/{created['id']}")
    assert read == created, (created, read)


def test_cache_round_trip_through_redis():
    post(f"{API}/api/cache", {"key": "integration", "value": "42"})
    assert command("redis", 6379, secret("redis_password"), "GET", "platform:cache:integration") == "42"


def test_redis_refuses_without_the_password():
    try:
        command("redis", 6379, None, "GET", "platform:cache:integration")
    except Exception as error:  # noqa: BLE001 - the error reply is what we want
        assert "NOAUTH" in str(error), error
        return
    raise AssertionError("redis answered without a password")


def test_prometheus_scrapes_every_target():
    _, body = get("http://prometheus:9090/api/v1/targets")
    targets = body["data"]["activeTargets"]
    jobs = sorted(t["labels"]["job"] for t in targets)
    assert jobs == ["alertmanager", "app", "collector", "prometheus"], jobs
    down = [t["labels"]["job"] for t in targets if t["health"] != "up"]
    assert not down, f"down: {down}"


def test_prometheus_sends_to_alertmanager():
    _, body = get("http://prometheus:9090/api/v1/alertmanagers")
    assert body["data"]["activeAlertmanagers"], body


def test_alertmanager_is_ready():
    _, body = get("http://alertmanager:9093/api/v2/status")
    assert body["cluster"]["status"] in ("disabled", "ready"), body["cluster"]


def test_traces_reach_the_collector():
    _, body = get("http://collector:4318/api/traces")
    assert "platform-app" in body["services"] and body["spans"] > 0, body


def test_dashboard_reads_prometheus():
    _, body = get("http://dashboard:3000/api/health")
    assert body == {"status": "ok", "prometheus": "ok"}, body


if __name__ == "__main__":
    tests = [(name, test) for name, test in sorted(globals().items()) if name.startswith("test_")]
    failed = 0
    for name, test in tests:
        try:
            test()
            print(f"PASS {name}")
        except Exception as error:  # noqa: BLE001 - report every failure, then exit non-zero
            failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}")
    print(f"integration: {len(tests) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
