"""Background jobs through both real brokers; nothing lost between commit and enqueue; exactly once after SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace

import psycopg
import pytest
from sqlmodel import select

from sankofa.core import mail as mail_service
from sankofa.core.db.engine import sync_url
from sankofa.core.models import Mail, OutboxMessage
from sankofa.jobs.worker import running_worker
from tests.conftest import ROOT, require_service

REDIS_URL = "redis://127.0.0.1:6379/15"


async def _queue_mail(db, to: str) -> Mail:
    queued = await mail_service.queue(
        db,
        to=to,
        template="verify_email",
        locale="fr",
        context={"name": "Test", "link": "http://x/verify/t", "hours": 48},
    )
    await db.commit()
    return queued


async def _wait_status(db, mail_id, status: str, timeout: float = 20.0) -> Mail:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.expire_all()
        row = (await db.exec(select(Mail).where(Mail.id == mail_id))).one()
        if row.status == status:
            return row
        time.sleep(0.1)
    raise AssertionError(f"mail {mail_id} never reached {status} (is {row.status})")


async def test_mail_job_runs_through_the_postgresql_broker(db, smtp, settings, database_url):
    queued = await _queue_mail(db, "pg-broker@example.org")
    with running_worker(settings, database_url=database_url, threads=2, fast_recovery=True):
        smtp.wait_for("pg-broker@example.org")
        row = await _wait_status(db, queued.id, "sent")
    assert row.attempts == 1
    assert len(smtp.to("pg-broker@example.org")) == 1


async def test_mail_job_runs_through_the_redis_broker(db, smtp, settings, database_url):
    require_service("Redis", "127.0.0.1", 6379)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    queued = await _queue_mail(db, "redis-broker@example.org")
    redis_settings = replace(settings, broker_url=REDIS_URL)
    with running_worker(redis_settings, database_url=database_url, threads=2, fast_recovery=True) as worker:
        smtp.wait_for("redis-broker@example.org")
        await _wait_status(db, queued.id, "sent")
        assert type(worker.broker).__name__ == "RedisBroker"


async def test_a_job_committed_while_no_worker_runs_is_relayed_later(db, smtp, settings, database_url):
    # The web process dies right after commit: the job exists only as an outbox row.
    queued = await _queue_mail(db, "later@example.org")
    pending = (await db.exec(select(OutboxMessage).where(OutboxMessage.enqueued_at.is_(None)))).all()
    assert len(pending) == 1
    with running_worker(settings, database_url=database_url, threads=1, fast_recovery=True):
        smtp.wait_for("later@example.org")
        await _wait_status(db, queued.id, "sent")
    db.expire_all()
    assert (await db.exec(select(OutboxMessage).where(OutboxMessage.enqueued_at.is_(None)))).all() == []


async def test_a_job_for_an_actor_this_worker_does_not_know_holds_back_no_other_job(db, smtp, settings, database_url):
    # A newer web process (rolling deploy) wrote a job that this older worker has no actor for.
    db.add(OutboxMessage(actor="events.from_a_newer_release", args={}))
    await db.commit()
    queued = await _queue_mail(db, "behind@example.org")
    with running_worker(settings, database_url=database_url, threads=1, fast_recovery=True):
        smtp.wait_for("behind@example.org")
        await _wait_status(db, queued.id, "sent")
    db.expire_all()
    pending = (await db.exec(select(OutboxMessage).where(OutboxMessage.enqueued_at.is_(None)))).all()
    assert [row.actor for row in pending] == ["events.from_a_newer_release"], "kept for a worker that knows it"


async def test_delivering_the_same_mail_twice_sends_it_once(db, smtp, settings):
    queued = await _queue_mail(db, "twice@example.org")
    assert await mail_service.deliver(db, mail_id=queued.id, settings=settings) == "sent"
    assert await mail_service.deliver(db, mail_id=queued.id, settings=settings) == "sent"
    assert len(smtp.to("twice@example.org")) == 1


async def test_without_smtp_mail_is_held_for_the_admin_outbox(db, settings):
    queued = await _queue_mail(db, "held@example.org")
    assert await mail_service.deliver(db, mail_id=queued.id, settings=replace(settings, smtp_host=None)) == "held"
    assert [m.to_address for m in await mail_service.held(db)] == ["held@example.org"]


def _worker_process(settings, database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "SANKOFA_DATABASE_URL": database_url,
        "SANKOFA_SECRET_KEY": settings.secret_key,
        "SANKOFA_SMTP_HOST": "127.0.0.1",
        "SANKOFA_SMTP_PORT": str(settings.smtp_port),
        "SANKOFA_VAR_DIR": str(settings.var_dir),
    }
    env.pop("SANKOFA_BROKER_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "sankofa", "worker", "--threads", "1", "--fast-recovery"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_ready(process: subprocess.Popen) -> None:
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if "sankofa worker: ready" in line:
            return
    raise AssertionError("worker did not start")


async def test_worker_killed_mid_job_completes_it_exactly_once_after_restart(db, smtp, settings, database_url):
    smtp.stall_seconds = 4.0  # the SMTP server is slow: the job is in the middle of sending
    try:
        first = _worker_process(settings, database_url)
        _wait_ready(first)
        queued = await _queue_mail(db, "killed@example.org")
        with psycopg.connect(sync_url(database_url)) as conn:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:  # wait until the worker has claimed the message
                claimed = conn.execute(
                    "SELECT count(*) FROM dramatiq.queue q JOIN outbox_message o ON o.id = q.message_id "
                    "WHERE q.state = 'consumed' AND o.args ->> 'mail_id' = %s",
                    (str(queued.id),),
                ).fetchone()[0]
                conn.commit()
                if claimed:
                    break
                time.sleep(0.05)
            assert claimed == 1
        time.sleep(0.5)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert smtp.to("killed@example.org") == []  # the interrupted SMTP transaction delivered nothing

        smtp.stall_seconds = 0.0
        second = _worker_process(settings, database_url)
        try:
            _wait_ready(second)
            smtp.wait_for("killed@example.org", timeout=30)
            row = await _wait_status(db, queued.id, "sent")
            time.sleep(1.0)  # leave room for a duplicate, if there were one
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=20)
        assert len(smtp.to("killed@example.org")) == 1
        assert row.sent_at is not None
    finally:
        smtp.stall_seconds = 0.0
        if first.poll() is None:
            first.kill()


@pytest.mark.parametrize("broker_url", [None, REDIS_URL])
async def test_readiness_checks_database_and_broker(client, app, broker_url):
    if broker_url:
        require_service("Redis", "127.0.0.1", 6379)
    original = app.state.settings
    app.state.settings = replace(original, broker_url=broker_url)
    try:
        response = await client.get("/health/ready")
    finally:
        app.state.settings = original
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


async def test_readiness_fails_when_the_broker_is_unreachable(client, app):
    original = app.state.settings
    app.state.settings = replace(original, broker_url="redis://127.0.0.1:1/0")
    try:
        response = await client.get("/health/ready")
    finally:
        app.state.settings = original
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")
