#!/usr/bin/env python3
"""Measures the default lexicon on a labelled set: precision and recall per category (docs/lexicon.md).

    tools/eval_lexicon.py BINARY SHARED_DATA_DIR [--show-misses] [--lexicon FILE] [--check]

(--lexicon measures a lexicon file instead of the one built into BINARY, with --privacy.
--check exits 1 unless the aims of issue 10 hold: recall at least 95% in every category and in every
group of at least 10 planted posts, at most 1 alert-level false hit per 1,000 ordinary posts; CTest
runs it as `lexicon_eval`.)

Ordinary posts: the 5,303 posts of ../shared/data/corpus/weibo-cctvnews-2020q1.jsonl (央视新闻, 2020 Q1),
taken as containing no violation. Planted posts: tests/data/lexicon-eval/planted.tsv (group, expected
category, expected level, published_at, text), written before the lexicon was rebuilt. Both are scanned
by `BINARY scan --leaders tests/data/lexicon-eval/leaders.tsv` with the built-in lexicon.

- recall of a group: planted posts of the group with at least one hit of the expected category;
  for an expected level `review` (mitigating context, undated), the post must also have no alert;
- precision of a category: hits of it in planted posts labelled with it, over those plus its hits in
  ordinary posts and in hard negatives (planted posts labelled `none`); hits in planted posts of
  another label are left out (a post may hold two violations);
- false alerts: alert-level hits in ordinary posts and hard negatives, per 1,000 ordinary posts.
"""
import collections, json, os, subprocess, sys, tempfile

binary, shared = sys.argv[1], sys.argv[2]
show = "--show-misses" in sys.argv
check = "--check" in sys.argv
RECALL_AIM, FALSE_ALERTS_AIM = 0.95, 1.0  # per category and group; per 1,000 ordinary posts
lexicon = sys.argv[sys.argv.index("--lexicon") + 1] if "--lexicon" in sys.argv else None
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "lexicon-eval")
corpus = os.path.join(shared, "corpus", "weibo-cctvnews-2020q1.jsonl")

def scan(path):
    extra = ["--lexicon", lexicon, "--privacy"] if lexicon else []
    out = subprocess.run([binary, "scan", "--leaders", os.path.join(here, "leaders.tsv")] + extra + [path],
                         capture_output=True, text=True, check=True).stdout
    by_post = collections.defaultdict(list)
    for line in out.splitlines():
        h = json.loads(line)
        by_post[h["id"]].append(h)
    return by_post

planted = []
for n, line in enumerate(open(os.path.join(here, "planted.tsv"), encoding="utf-8"), 1):
    if not line.strip() or line.startswith("#"):
        continue
    group, cat, level, at, text = line.rstrip("\n").split("\t")
    planted.append({"id": f"planted-{n}", "group": group, "category": cat, "level": level, "at": at, "text": text})
with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
    for p in planted:
        post = {"id": p["id"], "text": p["text"]}
        if p["at"] != "-":
            post["published_at"] = p["at"]
        f.write(json.dumps(post, ensure_ascii=False) + "\n")
    planted_path = f.name
ph = scan(planted_path)
os.unlink(planted_path)
oh = scan(corpus)
ordinary = sum(1 for _ in open(corpus, encoding="utf-8"))

tp, fp = collections.Counter(), collections.Counter()
false_alerts = []
for pid, hits in oh.items():
    for h in hits:
        fp[h["category"]] += 1
        if h["level"] == "alert":
            false_alerts.append(("ordinary", h["term"], h["matched"]))
found, total = collections.Counter(), collections.Counter()
misses = []
for p in planted:
    hits = ph.get(p["id"], [])
    if p["category"] == "none":
        for h in hits:
            fp[h["category"]] += 1
            if h["level"] == "alert":
                false_alerts.append((p["group"], h["term"], h["matched"]))
        continue
    for h in hits:
        if h["category"] == p["category"]:
            tp[h["category"]] += 1
    key = (p["group"], p["category"], p["level"])
    total[key] += 1
    ok = any(h["category"] == p["category"] for h in hits)
    if p["level"] == "review":
        ok = ok and not any(h["level"] == "alert" for h in hits)
    elif p["level"] == "alert":
        ok = ok and any(h["category"] == p["category"] and h["level"] == "alert" for h in hits)
    found[key] += ok
    if not ok:
        misses.append((p["group"], p["text"], [(h["category"], h["level"], h["term"]) for h in hits]))

print(f"ordinary posts: {ordinary}; planted posts: {len(planted)} "
      f"({sum(1 for p in planted if p['category'] == 'none')} hard negatives)\n")
print("| group | category | expected level | planted | found | recall |")
print("|---|---|---|---:|---:|---:|")
by_cat_found, by_cat_total = collections.Counter(), collections.Counter()
by_group_found, by_group_total = collections.Counter(), collections.Counter()
for key in sorted(total, key=lambda k: (k[1], k[0])):
    g, c, l = key
    by_cat_found[c] += found[key]
    by_cat_total[c] += total[key]
    by_group_found[g, c] += found[key]
    by_group_total[g, c] += total[key]
    print(f"| {g} | {c} | {l} | {total[key]} | {found[key]} | {100 * found[key] / total[key]:.1f}% |")
print("\n| category | planted posts | recall | hits in planted (true) | hits in ordinary + hard negatives (false) | precision |")
print("|---|---:|---:|---:|---:|---:|")
for c in sorted(set(by_cat_total) | set(fp)):
    t, f_ = tp[c], fp[c]
    prec = f"{100 * t / (t + f_):.1f}%" if t + f_ else "–"
    rec = f"{100 * by_cat_found[c] / by_cat_total[c]:.1f}%" if by_cat_total[c] else "–"
    print(f"| {c} | {by_cat_total[c]} | {rec} | {t} | {f_} | {prec} |")
print(f"\nalert-level false hits: {len(false_alerts)} ({1000 * len(false_alerts) / ordinary:.2f} per 1,000 ordinary posts)")
for a in false_alerts:
    print("  false alert:", *a)
if show:
    for m in misses:
        print("  miss:", *m)

review = [h for hits in oh.values() for h in hits if h["level"] == "review"]
print(f"review-level hits in ordinary posts: {len(review)} in {sum(1 for hits in oh.values() if any(h['level'] == 'review' for h in hits))} posts "
      f"({1000 * len(review) / ordinary:.2f} per 1,000 ordinary posts): "
      + ", ".join(f"{t} {n}" for t, n in collections.Counter(h["term"] for h in review).most_common()))
if check:
    failed = [f"category {c}: recall {100 * by_cat_found[c] / by_cat_total[c]:.1f}%" for c in sorted(by_cat_total)
              if by_cat_found[c] < RECALL_AIM * by_cat_total[c]]
    failed += [f"group {g} ({c}): recall {100 * by_group_found[g, c] / n:.1f}%" for (g, c), n in sorted(by_group_total.items())
               if n >= 10 and by_group_found[g, c] < RECALL_AIM * n]
    if len(false_alerts) > FALSE_ALERTS_AIM * ordinary / 1000:
        failed.append(f"{len(false_alerts)} alert-level false hits on {ordinary} ordinary posts")
    for f_ in failed:
        print("AIM MISSED:", f_)
    sys.exit(1 if failed else 0)
