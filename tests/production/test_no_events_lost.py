"""No event is lost in the production profile, even when a Daphne process dies mid-stream.

The real stack (``scripts/production.sh``: PostgreSQL, Redis, two Daphne processes behind
nginx): members follow one case's discussion over websockets while comments are posted over HTTP
by several members (their connections spread over both Daphne processes) and by a separate
process through the service. Halfway, one Daphne process is killed with SIGKILL and restarted by
the script; its followers reconnect with their last seen id. In the end every follower holds
every comment of the case exactly once, in id order, and the database holds every comment a
member was told was posted.
"""

from __future__ import annotations

import asyncio
import json
import time

from tests.production_stack import (
    Browser,
    Follower,
    HttpError,
    production_marks,
    production_stack,
    setup_code,
)

pytestmark = production_marks()

MEMBERS = 5
TABS_PER_MEMBER = 4  # 20 followers
HTTP_POSTERS = 3
POSTS_EACH = 20
SERVICE_POSTS = 20
KILL_AFTER = 15  # acknowledged HTTP posts
# nginx's answers when the Daphne it sent a POST to died before answering (never resent).
CUT_OFF = {502, 504}

SERVICE_POSTER = """
import json, sys, time
from django.contrib.auth.models import User
from leernetwerk.casework import services
from leernetwerk.casework.models import CasePage
case = CasePage.objects.get(pk={case_id})
author = User.objects.get(username={author!r})
for n in range({count}):
    services.comment_create(
        case=case, author=author, body=f"Reactie dienst nummer {{n}}: de termijnen botsen."
    )
    time.sleep(0.1)
print(json.dumps({{"posted": {count}}}))
"""

DATABASE_STATE = """
import json
from leernetwerk.kernel.live.models import LiveStream
from leernetwerk.kernel.live.streams import case_stream
from leernetwerk.casework.models import Comment
comments = list(Comment.objects.filter(case_id={case_id}).values_list("pk", "body"))
stream = LiveStream.objects.get(key=case_stream({case_id}))
print(json.dumps({{"comments": comments, "last_id": stream.last_id}}))
"""


def test_every_follower_gets_every_comment_across_a_daphne_crash():
    with production_stack(daphnes=2) as stack:
        info = stack.django_json(setup_code(members=MEMBERS, cases=1, prefix="volger"))
        result = asyncio.run(asyncio.wait_for(scenario(stack, info), timeout=150))
        database = stack.django_json(DATABASE_STATE.format(case_id=info["cases"][0]["id"]))

    db_ids = {pk for pk, _body in database["comments"]}
    db_bodies = [body for _pk, body in database["comments"]]
    acked, failed = result["acked"], result["failed"]
    # Every post a member saw succeed is stored; a post cut off by the crash may or may not be.
    stored = "\n".join(db_bodies)
    assert all(body in stored for body in acked)
    assert len(acked) + SERVICE_POSTS <= len(db_ids) <= len(acked) + len(failed) + SERVICE_POSTS
    assert result["restarted"], "the killed Daphne process was not restarted"
    assert result["reconnects"] > 0, "no follower lost its connection: the kill missed"

    for follower in result["followers"]:
        # Exactly once, in order: the ids run without a gap from where it joined to the end.
        assert follower["duplicates"] == 0
        assert follower["reloads"] == 0
        assert follower["ids"] == list(range(follower["joined_at"] + 1, database["last_id"] + 1))
        assert set(follower["comments"]) == db_ids
        assert len(follower["comments"]) == len(db_ids)


async def scenario(stack, info) -> dict:
    case = info["cases"][0]
    path = f"/ws/live/case/{case['id']}/"
    browsers = []
    for username in info["members"]:
        browser = Browser(stack.url)
        await browser.login(username, info["password"])
        browsers.append(browser)

    followers = []
    for browser in browsers:
        for _tab in range(TABS_PER_MEMBER):
            follower = Follower(browser, path)
            follower.start()
            followers.append(follower)
    await asyncio.wait_for(asyncio.gather(*(f.ready.wait() for f in followers)), 30)
    joined_at = [f.last_id for f in followers]

    acked: list[str] = []
    failed: list[str] = []
    enough_acked = asyncio.Event()

    async def post_comments(poster: int) -> None:
        browser = Browser(stack.url)  # its own connection: spread over the Daphne processes
        browser.cookies = dict(browsers[poster].cookies)
        for n in range(POSTS_EACH):
            body = f"Reactie {poster} nummer {n}: de regels sluiten niet aan."
            try:
                answer = await browser.post(
                    f"/netwerk/casussen/{case['id']}/reacties/", {"body": body}
                )
            except HttpError:
                failed.append(body)  # cut off by the crash: stored or not, we cannot know
            else:
                if answer.status in CUT_OFF:
                    failed.append(body)  # nginx lost its Daphne mid-request: the same
                    continue
                assert answer.status == 200 and answer.json()["ok"], answer.text[:500]
                acked.append(body)
                if len(acked) >= KILL_AFTER:
                    enough_acked.set()
            await asyncio.sleep(0.05)
        await browser.close()

    service_poster = asyncio.create_task(
        asyncio.to_thread(
            stack.django,
            SERVICE_POSTER.format(case_id=case["id"], author=info["owner"], count=SERVICE_POSTS),
        )
    )
    posters = [asyncio.create_task(post_comments(i)) for i in range(HTTP_POSTERS)]

    await asyncio.wait_for(enough_acked.wait(), 60)
    killed_pid = stack.kill_daphne(0)
    restarted = await asyncio.to_thread(stack.wait_daphne_back, 0, killed_pid, 60)

    await asyncio.gather(*posters)
    assert json.loads((await service_poster).strip().splitlines()[-1])["posted"] == SERVICE_POSTS

    # Wait until every follower caught up with the stream's last id (or time runs out).
    last_id = stack.django_json(DATABASE_STATE.format(case_id=case["id"]))["last_id"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(f.last_id != last_id for f in followers):
        await asyncio.sleep(0.2)

    for follower in followers:
        await follower.stop()
    for browser in browsers:
        await browser.close()
    return {
        "acked": acked,
        "failed": failed,
        "restarted": restarted["pid"] != killed_pid,
        "reconnects": sum(f.reconnects for f in followers),
        "followers": [
            {
                "joined_at": joined,
                "ids": [e["id"] for e in f.events],
                "comments": [
                    e["data"]["comment"] for e in f.events if e["event"] == "comment.created"
                ],
                "duplicates": f.duplicates,
                "reloads": f.reloads,
            }
            for f, joined in zip(followers, joined_at, strict=True)
        ],
    }
