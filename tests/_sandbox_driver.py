"""Run as a script by test_sandbox_load.py: send N requests of every kind to a sandbox, from a process
of its own (so that the test process holds the sandbox only), and print how many got each status.

    python tests/_sandbox_driver.py CONFIG_JSON

CONFIG_JSON: {"api": port, "media": port, "auth": "Basic ...", "sid": ..., "media_path": ..., "count": N}.
Keep-alive connections, one for the API and one for the media origin, replaced every 50 requests so that
connections come and go too.
"""

from __future__ import annotations

import http.client
import json
import sys
from collections import Counter


def main() -> int:
    config = json.loads(sys.argv[1])
    auth = {"Authorization": config["auth"]}
    sid = config["sid"]
    form = {**auth, "Content-Type": "application/x-www-form-urlencoded"}
    kinds: list[tuple[str, str, str, dict[str, str], str | None]] = [
        ("fetch", "GET", f"/v1/Compositions/{sid}", auth, None),
        ("unknown", "GET", "/v1/Compositions/CJ" + "0" * 32, auth, None),
        ("list", "GET", "/v1/Compositions?PageSize=2", auth, None),
        ("no auth", "GET", f"/v1/Compositions/{sid}", {}, None),
        ("media route", "GET", f"/v1/Compositions/{sid}/Media", auth, None),
        ("invalid create", "POST", "/v1/Compositions", form, "RoomSid=nope"),
        ("preflight", "OPTIONS", "/v1/Compositions", {}, None),
        ("media file", "GET", config["media_path"], {}, None),
    ]
    statuses: Counter[str] = Counter()
    api: http.client.HTTPConnection | None = None
    media: http.client.HTTPConnection | None = None
    try:
        for n in range(config["count"]):
            if n % 50 == 0:
                for old in (api, media):
                    if old is not None:
                        old.close()
                api = http.client.HTTPConnection("127.0.0.1", config["api"], timeout=30)
                media = http.client.HTTPConnection("127.0.0.1", config["media"], timeout=30)
            assert api is not None and media is not None
            name, method, path, headers, body = kinds[n % len(kinds)]
            connection = media if name == "media file" else api
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses[f"{name} {response.status}"] += 1
    finally:
        for old in (api, media):
            if old is not None:
                old.close()
    print(json.dumps(statuses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
