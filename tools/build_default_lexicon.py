#!/usr/bin/env python3
"""Builds data/lexicon/default.tsv, govmedia's default lexicon, and measures it.

    tools/build_default_lexicon.py ../shared/data /work/build-scan/govmedia

1. Takes the hand-written parts: data/lexicon/curated.tsv (secret, harmful by the groups of 附件2 —
   反动, 暴力, 色情, 迷信, illegal services —, ad, improper, serious_error wording rules, context and
   allow phrases) and data/lexicon/state_bodies.tsv (dated names of state bodies).
2. Adds `harmful` terms from the raw sources (konsheng 暴恐/涉枪涉爆/色情, houbb 赌博), after rules:
   at least 2 characters, not pure ASCII shorter than 5, no generic word of STOP, not already curated.
3. Scans the 5,303 ordinary news posts of the corpus with `govmedia scan` and drops every source
   term that raises an alert-level hit on ordinary news (a hit that the post's own context makes
   `review` does not count): such a term is used by ordinary posts, so it would only raise false
   alarms. Curated terms are never dropped here; their hits on the corpus are printed for review.
4. Writes default.tsv and prints hits per 1,000 posts per category, for docs/lexicon.md.
"""
import collections, json, os, subprocess, sys, tempfile

shared, binary = sys.argv[1], sys.argv[2]
src = os.path.join(shared, "lexicon-sources")
corpus = os.path.join(shared, "corpus", "weibo-cctvnews-2020q1.jsonl")
# Generic words of the sources that ordinary government posts use.
STOP = set("网络 招聘 兼职 客服 到货 本店 代购 微店 淘宝 盘古 福音会 小姐 技师 推油 按摩 中国教徒 统一教 "
           "拔出来 包二奶 爱女人 按摩棒 炸药 雷管 火药 TNT 手枪 猎枪 气枪 子弹 枪支 弹药 硝酸铵 "
           # Ordinary words the corpus happens not to hold, found by reading the short source terms and
           # scanning the real government feeds of ../shared/data/feeds-real: 掀起学习高潮, 裸露地面,
           # 体育彩票, 一大波, 充满激情, 崇洋媚外, 赤裸裸的; health posts (乳房, 性伴侣, medicines);
           # a county (博白县), a car (兰博基尼), villages (大庄), people's names of the gambling list.
           "高潮 裸露 彩票 赌场 庄家 大庄 兰博 乳房 肛门 阴道 精子 写真 丝袜 内裤 屁股 火辣 少妇 猛男 呻吟 "
           "阉割 脱光 调教 快感 体位 凌辱 激情 大波 赤裸 和弦 铃声 媚外 无耻 美腿 "
           "博白县 咖啡因 麻醉药 地西泮 泼尼松 呋塞米 甲睾酮 地奈德 氯噻嗪 代血浆 杜冷丁 美沙酮 性伴侣 "
           "王俊博 张博涵 张博雅 陈博志 张博树 博尔曼 推背图 亚硒酸 氧化汞 氧化铊 麻黄草".split())

def read(path, tagged=False):
    out = []
    with open(path, encoding="utf-8", errors="ignore") as f:
        for line in f:
            w = line.strip()
            if tagged:
                w = w.rsplit(" ", 1)[0].strip()
            if w:
                out.append(w)
    return out

def ok(term):
    if len(term) < 2 or term in STOP or "\t" in term:
        return False
    if all(ord(c) < 128 for c in term) and len(term) < 5:
        return False
    return True

def lines_of(path):
    return [l.rstrip("\n") for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#")]

curated = lines_of("data/lexicon/curated.tsv") + lines_of("data/lexicon/state_bodies.tsv")
curated_terms = {l.split("\t")[1] for l in curated}

harmful = []
for name in ["暴恐词库.txt", "涉枪涉爆.txt", "色情词库.txt", "色情类型.txt"]:
    harmful += read(os.path.join(src, "konsheng-Sensitive-lexicon", name))
harmful += read(os.path.join(src, "houbb-sensitive-word", "tag3_赌博.txt"), tagged=True)
seen, terms = set(curated_terms), []
for t in harmful:
    if ok(t) and t not in seen:
        seen.add(t)
        terms.append(t)

def scan(lexicon_lines):
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lexicon_lines) + "\n")
        path = f.name
    out = subprocess.run([binary, "scan", "--privacy", "--lexicon", path, corpus], capture_output=True, text=True,
                         check=True).stdout
    os.unlink(path)
    return [json.loads(l) for l in out.splitlines()]

source_lines = ["harmful\t" + t for t in terms]
hits = scan(curated + source_lines)
noisy = collections.Counter(h["term"] for h in hits if h["level"] == "alert" and h["term"] in set(terms))
kept = [t for t in terms if t not in noisy]
lines = curated + ["harmful\t" + t for t in kept]
with open("data/lexicon/default.tsv", "w", encoding="utf-8") as f:
    f.write("# govmedia default lexicon, built by tools/build_default_lexicon.py; see docs/lexicon.md\n")
    f.write("\n".join(lines) + "\n")

posts = sum(1 for _ in open(corpus, encoding="utf-8"))
final = scan(lines)
by_cat = collections.Counter((h["category"], h["level"]) for h in final)
terms_by_cat = collections.Counter(l.split("\t")[0] for l in lines)
print(f"posts {posts}; source candidates {len(terms)}, dropped for alerting on ordinary news {len(noisy)}")
print("| category | lines | alert hits | review hits | alert per 1,000 posts |")
for cat in sorted(set(terms_by_cat) | {c for c, _ in by_cat}):
    a, r = by_cat.get((cat, "alert"), 0), by_cat.get((cat, "review"), 0)
    print(f"| {cat} | {terms_by_cat.get(cat, 0)} | {a} | {r} | {1000 * a / posts:.2f} |")
print("dropped:", " ".join(f"{t}({n})" for t, n in noisy.most_common()))
print("remaining hits:", collections.Counter((h["category"], h["level"], h["term"]) for h in final).most_common(60))
