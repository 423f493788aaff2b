"""A spot fleet in miniature: workers in threads, each with its own instance id and IMDS, on one mocked
account; spot interruptions on a seeded random schedule, delivered both through IMDS and through the
real spot-interruption handler (functions/spot-interruption) in a random order; replacements start
as Auto Scaling would. Every job must complete exactly once, none lost, each resume from a checkpoint.

Repeat a run with WORKER_SIMULATION_SEED=<the printed seed>: the schedule (jobs, victims, orders,
delays) is the same; the threads' timing is not.
"""

import json
import os
import random
import time

from trainkit.worker.runner import Outcome
from worker_support import REGION, new_instance_id, spot_warning

JOBS = 24
DIRECT_JOBS = 4          # sent straight to the queue: no record yet, no task token
FLEET = 4
INTERRUPTIONS = (6, 8)   # how many, at random within these bounds
TIME_LIMIT_SECONDS = 50
GRACE_SECONDS = 1.0      # the workers' RELEASE_GRACE_SECONDS
ORDERS = ("handler first", "notice first")


def test_simulation_of_a_spot_fleet_every_job_completes_exactly_once(account, workers, interruption_handler,
                                                                      journal, tmp_path):
    seed = int(os.environ.get("WORKER_SIMULATION_SEED") or random.SystemRandom().randrange(1_000_000))
    print(f"\nsimulation seed {seed} (repeat: WORKER_SIMULATION_SEED={seed})")
    rng = random.Random(seed)
    started = time.monotonic()

    steps, tokens = {}, {}
    for n in range(JOBS):
        job_id = f"job-{n:02d}"
        steps[job_id] = rng.randint(30, 60)
        direct = n < DIRECT_JOBS
        tokens[job_id] = account.submit(job_id, {"trainer": "watched", "tag": job_id, "steps": steps[job_id],
                                                 "stepSeconds": 0.02}, token=not direct, record=not direct)

    settings = dict(release_grace_seconds=GRACE_SECONDS, checkpoint_interval_seconds=0.3)
    fleet = [workers(instance_id=new_instance_id(rng), **settings) for _ in range(FLEET)]
    launched = len(fleet)
    # The whole schedule is drawn up front, so that a seed gives the same one whatever the timing:
    # (pause before it, which candidate, which order, the handler's delay after the notice).
    schedule = [(rng.uniform(0.3, 0.8), rng.random(), rng.choice(ORDERS),
                 rng.uniform(0.0, 0.6) if n % 3 else rng.uniform(GRACE_SECONDS + 0.3, GRACE_SECONDS + 0.6))
                for n in range(rng.randint(*INTERRUPTIONS))]
    orders = {order: 0 for order in ORDERS}
    delivered = mid_job = requeued_by_handler = released_by_worker = 0

    def all_finished():
        return all((account.job(j) or {}).get("status") == "succeeded" for j in steps)

    while not all_finished():
        assert time.monotonic() - started < TIME_LIMIT_SECONDS, "the simulation did not finish in time"
        if delivered == len(schedule):
            time.sleep(0.2)
            continue
        pause, pick, order, delay = schedule[delivered]
        time.sleep(pause)
        # A victim holding a job with some progress checkpointed (a job that has not started
        # checkpointing would resume from step 0, which proves nothing about resuming).
        candidates = []
        for running in sorted(fleet, key=lambda r: r.instance_id):
            job_id = (account.instance(running.instance_id) or {}).get("jobId")
            job_dir = tmp_path / "checkpoints" / str(job_id)
            if job_id and job_dir.is_dir() and any(p.suffix == ".json" for p in job_dir.iterdir()):
                candidates.append(running)
        if not candidates:
            continue
        victim = candidates[int(pick * len(candidates))]
        event = spot_warning(victim.instance_id, f"warning-{seed}-{delivered}")
        if order == "handler first":
            result = interruption_handler(event, None)
            victim.imds.interrupt()
        else:
            # Within the worker's grace the handler requeues; after it, the worker has given the
            # job back itself and the handler finds nothing to requeue.
            victim.imds.interrupt()
            time.sleep(delay)
            result = interruption_handler(event, None)
        victim.thread.join(15)
        assert victim.exit_code == 0 and victim.error is None
        requeued_by_handler += result["action"] == "requeued"
        released_by_worker += Outcome.RELEASED in victim.worker.outcomes
        mid_job += victim.worker.outcomes[-1] in (Outcome.RELEASED, Outcome.LEFT)
        delivered += 1
        orders[order] += 1
        fleet.remove(victim)
        fleet.append(workers(instance_id=new_instance_id(rng), **settings))  # Auto Scaling replaces it
        launched += 1

    for running in fleet:
        running.stop()
    wall = time.monotonic() - started

    resumes = {job_id: starts[1:] for job_id, starts in journal.starts.items() if len(starts) > 1}
    print(f"jobs {JOBS} ({DIRECT_JOBS} straight on the queue), workers {launched}, interruptions {delivered} "
          f"({orders['handler first']} handler first, {orders['notice first']} notice first; "
          f"{requeued_by_handler} requeued by the handler, {released_by_worker} given back by the worker), resumes {sum(len(s) for s in resumes.values())} "
          f"in {len(resumes)} jobs, refused repeat reports {len(account.sfn.refused)}, wall time {wall:.1f} s")

    assert delivered >= 5
    for job_id, total in steps.items():
        job = account.job(job_id)
        # One result, and the right one: the state carried over every resume.
        assert job["status"] == "succeeded", job
        assert json.loads(job["result"]["output"]) == {"sum": sum(range(total)), "steps": total}, job_id
        if tokens[job_id]:
            assert account.sfn.successes.get(tokens[job_id]) == [{"sum": sum(range(total)), "steps": total}]
    assert account.sfn.failures == {}
    assert account.sfn.refused == []  # nobody even tried to report a job a second time
    # Every resume continued from a checkpoint, and each interruption in the middle of a job was resumed.
    assert all(start > 0 for starts in resumes.values() for start in starts), resumes
    assert sum(len(s) for s in resumes.values()) == mid_job
    # The handler's requeues are the interruptions the records counted; nothing waits or died.
    assert sum(int(account.job(j)["interruptions"]) for j in steps) == requeued_by_handler
    assert account.depth() == 0 and account.depth(account.dlq_url) == 0
    assert wall < 60
