#!/usr/bin/env python3
"""Draws the labelled (approved draft, published post) pairs of docs/review.md.

Each pair is a real post of ../shared/data/corpus/weibo-cctvnews-2020q1.jsonl and the edit
operations that turn it into the draft and the published text, as a published post really differs
from what its reviewers approved: without a material change (the platform's truncation, spaces,
emoji, hashtags and mentions, a link, a video card, half-width punctuation, traditional
characters) or with one (a number or date, a sentence added or removed, a negation, a name, another
post on the same topic). Only ids, operations and labels are written (the corpus stays in
../shared); tests/core/draft_match_test.cc applies the operations and measures the matcher.

  python3 tools/review_eval_pairs.py > tests/data/review-eval/labels.tsv
"""
import json
import random
import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared/data/corpus/weibo-cctvnews-2020q1.jsonl"
PER_OP = 16


def main():
    posts = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    full = [p for p in posts if "全文" not in p["text"][-8:] and len(p["text"]) >= 40]
    rng = random.Random(20240618)
    rows = []

    def pick(pred, n=PER_OP):
        pool = [p for p in full if pred(p["text"])]
        return rng.sample(pool, min(n, len(pool)))

    def add(p, ops, label):
        rows.append((p["id"], "+".join(ops), label))

    long = lambda t: len(t) >= 150
    # Without a material change.
    for p in pick(long):
        add(p, [f"truncate:{rng.randint(100, 140)}"], "same")
    for p in pick(lambda t: len(t) >= 60):
        add(p, [f"space:{rng.randint(2, 5)}"], "same")
    for p in pick(lambda t: len(t) >= 60):
        add(p, [f"emoji:{rng.randint(5, 40)}"], "same")
    for p in pick(lambda t: t.count("#") >= 2):
        add(p, ["nohash"], "same")
    for p in pick(lambda t: t.count("#") >= 2):
        add(p, ["nohashtag"], "same")
    for p in pick(lambda t: re.search(r"@\S", t) is not None):
        add(p, ["nomention"], "same")
    for p in pick(lambda t: "的微博视频" in t[-30:]):
        add(p, ["nocard"], "same")
    for p in pick(lambda t: True):
        add(p, [f"link:A{rng.randint(1000000, 9999999)}"], "same")
    for p in pick(lambda t: re.search("[，。！？：；（）]", t) is not None):
        add(p, ["half"], "same")
    for p in pick(lambda t: len(t) >= 60):
        add(p, ["trad"], "same")
    for p in pick(lambda t: len(t) >= 60):
        add(p, [f"space:{rng.randint(2, 5)}", f"emoji:{rng.randint(5, 40)}", f"link:B{rng.randint(100000, 999999)}"], "same")
    for p in pick(lambda t: long(t) and "#" in t[:100] and "@" in t):
        add(p, ["nohashtag", "nomention", f"truncate:{rng.randint(100, 140)}"], "same")
    for p in pick(lambda t: len(t) >= 60):
        add(p, ["trad", "half"], "same")
    # With one.
    digits = lambda t: re.search(r"\d", t) is not None
    for p in pick(digits):
        runs = len(re.findall(r"\d+", p["text"]))
        add(p, [f"number:{rng.randrange(runs)}"], "changed")
    for p in pick(lambda t: re.search(r"\d+月\d+日", t) is not None):
        add(p, ["date"], "changed")
    others = [p for p in full if "。" in p["text"]]
    for p in pick(lambda t: True):
        add(p, [f"add:{rng.choice(others)['id']}"], "changed")
    for p in pick(lambda t: len([s for s in re.split("(?<=[。！？])", t) if s.strip()]) >= 3):
        sentences = [s for s in re.split("(?<=[。！？])", p["text"]) if s.strip()]
        k = rng.randrange(len(sentences))
        words = re.sub(r"#[^#]*#|\S*的微博(视频|直播)|[^\u4e00-\u9fff]", "", sentences[k])
        if len(p["text"]) - len(sentences[k]) >= 30 and len(words) >= 4:
            add(p, [f"drop:{k}"], "changed")
    for a, b in [("可以", "不可以"), ("已", "未"), ("会", "不会"), ("是", "不是")]:
        for p in pick(lambda t: a in t and len(t) >= 60, 4):
            add(p, [f"replace:{a}={b}"], "changed")
    for a, b in [("武汉", "黄冈"), ("北京", "天津"), ("钟南山", "李兰娟"), ("湖北", "湖南")]:
        for p in pick(lambda t: a in t and len(t) >= 60, 4):
            add(p, [f"replace:{a}={b}"], "changed")
    # Another post on the same topic: the same day, a word of the topic in both.
    for word in ["疫情", "武汉", "春节", "肺炎"]:
        for p in pick(lambda t: word in t, 4):
            day = p["published_at"][:10]
            same = [q for q in full if q["id"] != p["id"] and q["published_at"][:10] == day and word in q["text"]]
            if same:
                add(p, [f"other:{rng.choice(same)['id']}"], "changed")
    for p in pick(lambda t: long(t) and re.search(r"\d", t[:90]) is not None):
        runs = len(re.findall(r"\d+", p["text"][:90]))
        add(p, [f"number:{rng.randrange(runs)}", f"truncate:{rng.randint(100, 140)}"], "changed")
    # Too little left to judge.
    for p in pick(long, 6):
        add(p, [f"truncate:{rng.randint(8, 14)}"], "undecidable")

    out = sys.stdout
    out.write("# (approved draft, published post) pairs: tools/review_eval_pairs.py, docs/review.md.\n")
    out.write("# id<TAB>operations<TAB>label (same: no material change; changed; undecidable)\n")
    for r in rows:
        out.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
