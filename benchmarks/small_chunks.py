#!/usr/bin/env python3
"""Small-chunk load against a running server: SENDERS threads send CHUNKS chunks of 64 KiB spread over TASKS tasks,
md5 declared, then merge every task. Prints chunks/s, p50/p99 latency, 429s, errors and merges right.
A 429 is retried after its Retry-After, as a client would; its latency counts from the first try.
Usage: small_chunks.py http://127.0.0.1:PORT/go-uploader [senders] [chunks] [tasks]"""
import hashlib, http.client, os, sys, threading, time, urllib.parse, json, queue

base = sys.argv[1]
senders = int(sys.argv[2]) if len(sys.argv) > 2 else 64
chunks = int(sys.argv[3]) if len(sys.argv) > 3 else 1600
tasks = int(sys.argv[4]) if len(sys.argv) > 4 else 16
size = 64 * 1024
per_task = chunks // tasks
run = os.urandom(4).hex()
url = urllib.parse.urlparse(base)
data = {t: [os.urandom(size) for _ in range(per_task)] for t in range(tasks)}
work = queue.Queue()
for i in range(per_task):
    for t in range(tasks):
        work.put((t, i))
lat, lock, stats = [], threading.Lock(), {"429": 0, "errors": 0}

def body(t, i):
    b = "----b" + os.urandom(8).hex()
    chunk = data[t][i]
    fields = {"file_id": f"s{run}-{t}", "chunk_index": str(i), "total_chunks": str(per_task),
              "file_size": str(per_task * size), "chunk_size": str(size), "md5": hashlib.md5(chunk).hexdigest(),
              "filename": f"small-{run}-{t}.bin"}
    parts = [f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(f'--{b}\r\nContent-Disposition: form-data; name="chunk"; filename="c"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode() + chunk + f"\r\n--{b}--\r\n".encode())
    return b, b"".join(parts)

def sender():
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    while True:
        try:
            t, i = work.get_nowait()
        except queue.Empty:
            return
        b, payload = body(t, i)
        start = time.monotonic()
        while True:
            try:
                conn.request("POST", url.path + "/upload_chunk", payload, {"Content-Type": f"multipart/form-data; boundary={b}"})
                r = conn.getresponse(); r.read()
            except Exception:
                conn.close(); conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
                with lock: stats["errors"] += 1
                break
            if r.status == 429:
                with lock: stats["429"] += 1
                time.sleep(float(r.getheader("Retry-After", "1")))
                continue
            if r.status != 200:
                with lock: stats["errors"] += 1
            break
        with lock: lat.append(time.monotonic() - start)

threads = [threading.Thread(target=sender) for _ in range(senders)]
t0 = time.monotonic()
for th in threads: th.start()
for th in threads: th.join()
elapsed = time.monotonic() - t0
merged = 0
for t in range(tasks):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
    expected = hashlib.md5(b"".join(data[t])).hexdigest()
    form = urllib.parse.urlencode({"file_id": f"s{run}-{t}", "expected_md5": expected})
    conn.request("POST", url.path + "/merge_chunks", form, {"Content-Type": "application/x-www-form-urlencoded"})
    r = conn.getresponse(); answer = r.read()
    merged += r.status == 200
lat.sort()
print(json.dumps({"chunks_per_s": round(chunks / elapsed, 1), "p50_ms": round(lat[len(lat) // 2] * 1000),
                  "p99_ms": round(lat[int(len(lat) * 0.99)] * 1000), "429": stats["429"], "errors": stats["errors"],
                  "merged_right": f"{merged}/{tasks}", "seconds": round(elapsed, 2)}))
