#!/usr/bin/env python3
"""Generate the synthetic test documents in corpus/ and their expected values.

usage: python3 tools/make_corpus.py [--out DIR]      (default: corpus/ next to tools/)

Standard library only, no network, fixed random seeds: re-running reproduces every file byte for
byte. Each document is a complete 政府信息公开工作年度报告 (title, six sections of prose, tables 二,
三 and 四); corpus/expected/<stem>.json holds what `gongkai extract` must return for it, in the
format of ../shared/corpus/expected/*.json (file, title, agency, year, template, cells, findings,
absent_findings, notes).

Numbers are drawn at random but made consistent (table 三: per column 一+二 = （七）+四, （七） = Σ
outcome rows, each row's 总计 = Σ of the six applicant columns; table 四: 总计 = 维持+纠正+其他+
尚未审结) unless a document is meant to break an identity, which its notes say.
"""
import argparse
import json
import os
import random

# --------------------------------------------------------------------------------------------
# The templates
# --------------------------------------------------------------------------------------------

COLS = ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org"]
ALLCOLS = COLS + ["total"]

# Outcome rows of table 三: (key, category number, category label, item number, item label).
# A row with no item is printed with its category label only.
OUTCOMES_HEAD = [
    ("granted", "一", "予以公开", None, None),
    ("partially_granted", "二", "部分公开（区分处理的，只计这一情形，不计其他情形）", None, None),
    ("denied.state_secret", "三", "不予公开", "1", "属于国家秘密"),
    ("denied.prohibited_by_law", "三", "不予公开", "2", "其他法律行政法规禁止公开"),
    ("denied.safety_stability", "三", "不予公开", "3", "危及“三安全一稳定”"),
    ("denied.third_party", "三", "不予公开", "4", "保护第三方合法权益"),
    ("denied.internal_affairs", "三", "不予公开", "5", "属于三类内部事务信息"),
    ("denied.deliberative", "三", "不予公开", "6", "属于四类过程性信息"),
    ("denied.enforcement_files", "三", "不予公开", "7", "属于行政执法案卷"),
    ("denied.query_matters", "三", "不予公开", "8", "属于行政查询事项"),
    ("unavailable.not_held", "四", "无法提供", "1", "本机关不掌握相关政府信息"),
    ("unavailable.needs_compilation", "四", "无法提供", "2", "没有现成信息需要另行制作"),
    ("unavailable.unclear", "四", "无法提供", "3", "补正后申请内容仍不明确"),
    ("rejected.petition", "五", "不予处理", "1", "信访举报投诉类申请"),
    ("rejected.duplicate", "五", "不予处理", "2", "重复申请"),
    ("rejected.publication", "五", "不予处理", "3", "要求提供公开出版物"),
    ("rejected.excessive", "五", "不予处理", "4", "无正当理由大量反复申请"),
    ("rejected.reconfirm", "五", "不予处理", "5", "要求行政机关确认或重新出具已获取信息"),
]
OTHER_2019 = [("other", "六", "其他处理", None, None)]
OTHER_2021 = [
    ("other.no_correction", "六", "其他处理", "1",
     "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.fee_unpaid", "六", "其他处理", "2",
     "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "六", "其他处理", "3", "其他"),
]
NEW_LABEL = "一、本年新收政府信息公开申请数量"
OVER_LABEL = "二、上年结转政府信息公开申请数量"
RESULT_LABEL = "三、本年度办理结果"
TOTAL_LABEL = "总计"
FORWARD_LABEL = "四、结转下年度继续办理"
CORNER = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"

REVIEW_BLOCKS = ["review", "litigation_direct", "litigation_after_review"]
REVIEW_FIELDS = ["upheld", "corrected", "other", "pending", "total"]
REVIEW_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

SECTION_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def outcome_rows(other_style):
    return OUTCOMES_HEAD + (OTHER_2019 if other_style == "2019" else OTHER_2021)


def request_keys(other_style):
    """Row keys of table 三 in print order (without 'requests.')."""
    return ["new", "carried_over"] + [k for k, *_ in outcome_rows(other_style)] + \
        ["total", "carried_forward"]


def bracket(n, style):
    """（一） or (一) followed by a space, as the document prints category numbers."""
    return f"（{n}）" if style == "full" else f"({n}) "


def item(num, label, style):
    return f"{num}.{label}" if style == "full" else f"{num}. {label}"


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

def gen_requests(rng, other_style, zero_cells=(), busy=1.0):
    """Consistent table 三 values: {row key: {column: value}} (row keys without 'requests.')."""
    rows = outcome_rows(other_style)
    caps = {"natural_person": 30, "commercial": 9, "research": 3, "nonprofit": 4,
            "legal_services": 6, "other_org": 5}
    prob = {"natural_person": 0.55, "commercial": 0.35, "research": 0.15, "nonprofit": 0.2,
            "legal_services": 0.3, "other_org": 0.25}
    # the usual outcomes are more frequent and larger than the rare ones
    common = {"granted": 3, "partially_granted": 1.5, "unavailable.not_held": 2}
    t = {}
    for key, *_ in rows:
        t[key] = {}
        w = common.get(key, 1)
        for c in COLS:
            v = 0
            if (key, c) not in zero_cells and rng.random() < min(0.95, prob[c] * busy * w):
                v = rng.randint(1, int(caps[c] * w))
            t[key][c] = v
    if t["granted"]["natural_person"] == 0:
        t["granted"]["natural_person"] = rng.randint(5, 40)
    # every column gets at least one non-zero outcome so that a shifted column shows
    for i, c in enumerate(COLS):
        if sum(t[k][c] for k, *_ in rows) == 0:
            cands = [k for k, *_ in rows if (k, c) not in zero_cells]
            t[cands[(i * 5) % len(cands)]][c] = i + 1
    t["total"] = {c: sum(t[k][c] for k, *_ in rows) for c in COLS}
    t["carried_forward"] = {c: rng.randint(0, 4 if c == "natural_person" else 1) for c in COLS}
    t["carried_over"] = {}
    t["new"] = {}
    for c in COLS:
        out = t["total"][c] + t["carried_forward"][c]
        co = rng.randint(0, min(3, out - 1)) if out > 1 else 0
        t["carried_over"][c] = co
        t["new"][c] = out - co
    for k in t:
        t[k]["total"] = sum(t[k][c] for c in COLS)
    return t


def gen_review(rng):
    r = {}
    for b in REVIEW_BLOCKS:
        vals = [rng.choice([0, 0, 1, 1, 2, 3, 4, 5]) for _ in range(4)]
        if sum(vals) == 0:
            vals[rng.randint(0, 3)] = 2
        r[b] = dict(zip(REVIEW_FIELDS, vals + [sum(vals)]))
    return r


def gen_active_2021(rng):
    return {
        "regulations": {"issued": rng.randint(1, 4), "repealed": rng.randint(0, 2),
                        "in_force": rng.randint(12, 40)},
        "normative_documents": {"issued": rng.randint(5, 30), "repealed": rng.randint(1, 9),
                                "in_force": rng.randint(60, 240)},
        "licensing": {"decisions": rng.randint(300, 9000)},
        "penalties": {"decisions": rng.randint(20, 900)},
        "coercion": {"decisions": rng.randint(1, 80)},
        "fees": {"amount": round(rng.randint(100, 99999) / 100, 2)},
    }


def gen_active_2019(rng):
    def svc():
        return {"prior_items": rng.randint(10, 400), "change": rng.randint(-6, 20),
                "decisions": rng.randint(20, 4000)}
    a = {
        "regulations": {"made": rng.randint(1, 3)},
        "normative_documents": {"made": rng.randint(6, 25)},
        "licensing": svc(), "other_services": svc(), "penalties": svc(), "coercion": svc(),
        "fees": {"prior_items": rng.randint(3, 30), "change": rng.randint(-4, 3)},
        "procurement": {"items": rng.randint(8, 60),
                        "amount": round(rng.randint(10000, 999999) / 100, 2)},
    }
    for k in ("regulations", "normative_documents"):
        a[k]["published"] = a[k]["made"] - rng.randint(0, 1)
        a[k]["total_published"] = a[k]["published"] + rng.randint(10, 150)
    return a


def num(v):
    """A number as printed: integers plainly, amounts with their decimals."""
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else f"{v:.1f}"
    return str(v)


# --------------------------------------------------------------------------------------------
# Expected cells
# --------------------------------------------------------------------------------------------

def cells_active(active, template):
    out = {}
    if template == "2021":
        order = [("regulations", ["issued", "repealed", "in_force"]),
                 ("normative_documents", ["issued", "repealed", "in_force"]),
                 ("licensing", ["decisions"]), ("penalties", ["decisions"]),
                 ("coercion", ["decisions"]), ("fees", ["amount"])]
    else:
        order = [("regulations", ["made", "published", "total_published"]),
                 ("normative_documents", ["made", "published", "total_published"]),
                 ("licensing", ["prior_items", "change", "decisions"]),
                 ("other_services", ["prior_items", "change", "decisions"]),
                 ("penalties", ["prior_items", "change", "decisions"]),
                 ("coercion", ["prior_items", "change", "decisions"]),
                 ("fees", ["prior_items", "change"]),
                 ("procurement", ["items", "amount"])]
    for row, fields in order:
        for f in fields:
            out[f"active.{row}.{f}"] = active[row][f]
    return out


def cells_requests(req, other_style, nulls=()):
    out = {}
    for k in request_keys(other_style):
        for c in ALLCOLS:
            out[f"requests.{k}.{c}"] = None if (k, c) in nulls else req[k][c]
    return out


def cells_review(rev):
    return {f"{b}.{f}": rev[b][f] for b in REVIEW_BLOCKS for f in REVIEW_FIELDS}


# --------------------------------------------------------------------------------------------
# Prose
# --------------------------------------------------------------------------------------------

def prose(doc):
    """The paragraphs of each section (a dict section number -> list of paragraphs)."""
    a, y, we = doc["agency"], doc["year"], doc["we"]
    req, rev = doc["req"], doc["rev"]
    p = {}
    p[1] = [
        f"{y}年，{we}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府"
        f"信息公开条例》和上级关于政务公开工作的部署要求，坚持“以公开为常态、不公开为例外”，围绕"
        f"{doc['field']}重点工作，不断提升政务公开质量和实效。",
        f"（一）主动公开。{we}依托门户网站、政务新媒体等平台及时发布政府信息，全年主动公开政府信息"
        f"{doc['published_items']}条，其中通过门户网站发布{doc['published_web']}条。",
        f"（二）依申请公开。本年度共收到政府信息公开申请{req['new']['total']}件，"
        f"上年结转{req['carried_over']['total']}件，均在法定期限内答复。",
        f"（三）政府信息管理。严格落实信息发布“三审三校”制度，对拟公开信息进行保密审查和合法性审查，"
        f"全年未发生泄密事件。",
        f"（四）平台建设。优化政府信息公开专栏设置，完善{doc['field']}信息专题，"
        f"及时更新机构职能、政策文件等栏目内容。",
        f"（五）监督保障。{we}主要负责同志定期听取政务公开工作汇报，将政务公开纳入年度目标考核，"
        f"组织开展业务培训{doc['trainings']}次。",
    ]
    p[2] = [f"根据职能分工，{we}依法公开规范性文件、行政许可、行政处罚等信息，具体情况如下："]
    done = req["total"]["total"]
    p[3] = [
        f"本年度{we}新收政府信息公开申请{req['new']['total']}件，其中自然人申请"
        f"{req['new']['natural_person']}件、法人或其他组织申请"
        f"{req['new']['total'] - req['new']['natural_person']}件；办理完毕{done}件，"
        f"结转下年度继续办理{req['carried_forward']['total']}件。具体情况如下："
    ]
    lit = rev["litigation_direct"]["total"] + rev["litigation_after_review"]["total"]
    p[4] = [
        f"本年度{we}因政府信息公开工作被申请行政复议{rev['review']['total']}件，"
        f"被提起行政诉讼{lit}件。"
    ]
    p[5] = [
        f"{y}年，{we}政府信息公开工作取得了一定成效，但仍存在一些不足：一是部分科室对政务公开"
        f"工作重视程度不够，信息报送不够及时；二是政策解读形式较为单一，图解、视频等解读方式运用不多；"
        f"三是依申请公开答复的规范化水平有待进一步提升。",
        f"下一步，{we}将重点做好以下工作：（一）加强组织领导，压实各科室信息公开主体责任；"
        f"（二）丰富政策解读形式，提高解读质量；（三）规范依申请公开办理流程，"
        f"加强答复文书合法性审查，依法保障申请人合法权益。",
    ]
    if doc["template"] == "2021" and y >= 2021:
        p[6] = [
            f"依据《政府信息公开信息处理费管理办法》，{we}本年度未收取信息处理费。",
            f"本年度{we}未发生其他需要报告的事项。",
        ]
    else:
        p[6] = [f"本年度{we}无其他需要报告的事项。"]
    return p


# --------------------------------------------------------------------------------------------
# Renderers: each returns a list of lines (no line terminators)
# --------------------------------------------------------------------------------------------

def active_blocks(active, template, header_typo=False, annotate=None):
    """Table 二 as a list of blocks: (block title, header cells, rows of cells)."""
    a = dict((k, dict(v)) for k, v in active.items())
    s = {r: {f: num(v) for f, v in fs.items()} for r, fs in a.items()}
    if annotate:
        (row, f), text = annotate
        s[row][f] = text
    if template == "2021":
        repealed = "本年度止件数" if header_typo else "本年废止件数"
        return [
            ("第二十条第（一）项", ["信息内容", "本年制发件数", repealed, "现行有效件数"],
             [["规章"] + [s["regulations"][f] for f in ("issued", "repealed", "in_force")],
              ["行政规范性文件"] + [s["normative_documents"][f]
                                for f in ("issued", "repealed", "in_force")]]),
            ("第二十条第（五）项", ["信息内容", "本年处理决定数量"],
             [["行政许可", s["licensing"]["decisions"]]]),
            ("第二十条第（六）项", ["信息内容", "本年处理决定数量"],
             [["行政处罚", s["penalties"]["decisions"]],
              ["行政强制", s["coercion"]["decisions"]]]),
            ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"],
             [["行政事业性收费", s["fees"]["amount"]]]),
        ]
    svc = ["prior_items", "change", "decisions"]
    return [
        ("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
         [["规章"] + [s["regulations"][f] for f in ("made", "published", "total_published")],
          ["规范性文件"] + [s["normative_documents"][f]
                         for f in ("made", "published", "total_published")]]),
        ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
         [["行政许可"] + [s["licensing"][f] for f in svc],
          ["其他对外管理服务事项"] + [s["other_services"][f] for f in svc]]),
        ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
         [["行政处罚"] + [s["penalties"][f] for f in svc],
          ["行政强制"] + [s["coercion"][f] for f in svc]]),
        ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"],
         [["行政事业性收费", s["fees"]["prior_items"], s["fees"]["change"]]]),
        ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"],
         [["政府集中采购", s["procurement"]["items"], s["procurement"]["amount"]]]),
    ]


def tab_active(blocks, width=4):
    """Table 二 as tab-separated lines, padded to `width` cells like the Yantai text."""
    out = []
    for title, header, rows in blocks:
        out.append("\t".join([title] + [""] * (width - 1)))
        out.append("\t".join(header + [""] * (width - len(header))))
        for r in rows:
            out.append("\t".join(r + [""] * (width - len(r))))
    return out


def req_strings(req, other_style, raw=None):
    """Cell texts of table 三: {row key: [7 strings]}; `raw` overrides single cells."""
    raw = raw or {}
    return {k: [raw.get((k, c), str(req[k][c])) for c in ALLCOLS] for k in request_keys(other_style)}


def outcome_labels(other_style, style="full"):
    """(row key, category label, item label) of each outcome row of table 三. The category label
    is given on the first row of its category only ("" after); rows without items have item None."""
    seen = set()
    for key, cn, clabel, inum, ilabel in outcome_rows(other_style):
        cat = "" if cn in seen else bracket(cn, style) + clabel
        seen.add(cn)
        yield key, cat, (None if inum is None else item(inum, ilabel, style))


def corner(style):
    return f"（{CORNER}）" if style == "full" else f"({CORNER})"


def tab_requests_flat(req, other_style, style="half", s=None, stop=None):
    """Table 三, tab-separated, one label column, category rows on their own (Yantai page 1).
    With `stop`, only the first `stop` outcome rows and no totals: the table goes on overleaf."""
    s = s or req_strings(req, other_style)
    out = [
        f"{corner(style)}\t申请人情况\t\t\t\t\t\t\t总计",
        "\t自然人\t法人或其他组织\t\t\t\t\t其他\t",
        "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t\t\t",
        "\t".join([NEW_LABEL] + s["new"] + [""]),
        "\t".join([OVER_LABEL] + s["carried_over"] + [""]),
        "\t".join([RESULT_LABEL] + [""] * 8),
    ]
    for key, cat, it in list(outcome_labels(other_style, style))[:stop]:
        if it is None:
            out.append("\t".join([cat] + s[key] + [""]))
            continue
        if cat:
            out.append("\t".join([cat] + [""] * 8))
        out.append("\t".join([it] + s[key] + [""]))
    if stop is None:
        out.append("\t".join([bracket("七", style) + TOTAL_LABEL] + s["total"] + [""]))
        out.append("\t".join([FORWARD_LABEL] + s["carried_forward"] + [""]))
    return out


def tab_requests_cols(req, other_style, style="half", s=None, start=0, nonprofit="社会公益组织"):
    """Table 三, tab-separated, rows with three label columns (category, blank, item) as on Yantai
    page 2. With `start`, the table goes on from an earlier page: no 一/二 rows, outcome rows from
    `start` on, and no category cell for a category begun before."""
    s = s or req_strings(req, other_style)
    out = [
        f"{corner(style)}\t\t\t申请人情况\t\t\t\t\t\t",
        "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
        f"\t\t\t\t商业企业\t科研机构\t{nonprofit}\t法律服务机构\t其他\t",
    ]
    if start == 0:
        out += [
            "\t".join([NEW_LABEL, "", ""] + s["new"]),
            "\t".join([OVER_LABEL, "", ""] + s["carried_over"]),
            "\t".join([RESULT_LABEL] + [""] * 9),
        ]
    for key, cat, it in list(outcome_labels(other_style, style))[start:]:
        out.append("\t".join([cat, "", it or ""] + s[key]))
    out.append("\t".join(["", bracket("七", style) + TOTAL_LABEL, ""] + s["total"]))
    out.append("\t".join([FORWARD_LABEL, "", ""] + s["carried_forward"]))
    return out


def label_apart(lines, marker, labels, indent):
    """`lines` with the tab-separated row containing `marker` broken in two, as real text has it:
    its first `labels` cells alone, then its numbers after `indent` empty cells."""
    out = []
    for line in lines:
        if marker in line:
            cells = line.split("\t")
            out += ["\t".join(cells[:labels]), "\t".join([""] * indent + cells[labels:])]
        else:
            out.append(line)
    return out


def review_rows(rev):
    """Table 四 as four rows of 15 cells (empty cells under the merged header cells)."""
    return [
        ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
        REVIEW_LABELS + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        [""] * 5 + REVIEW_LABELS + REVIEW_LABELS,
        [str(rev[b][f]) for b in REVIEW_BLOCKS for f in REVIEW_FIELDS],
    ]


def tab_review(rev, extra=None):
    """Table 四, tab-separated: header rows padded with one more empty cell, values on one line."""
    *head, vals = review_rows(rev)
    return ["\t".join(r + [""]) for r in head] + ["\t".join(vals + ([] if extra is None else [extra]))]


# ---- Markdown --------------------------------------------------------------------------------

def md_table(rows):
    """A pipe table; the first row stands above the |---| rule."""
    def line(cells):
        return "| " + " | ".join(cells) + " |"
    return [line(rows[0]), "|" + "---|" * len(rows[0])] + [line(r) for r in rows[1:]]


# ---- pdftotext -layout style (runs of spaces) ----------------------------------------------

def dwidth(s):
    return sum(2 if ord(ch) > 0x2e7f else 1 for ch in s)


def lay(cells, widths, lead=0):
    """One layout line: cells left-aligned in columns of the given display widths (≥2 spaces)."""
    out = " " * lead
    for i, (c, w) in enumerate(zip(cells, widths)):
        if i == len(cells) - 1:
            out += c
        else:
            out += c + " " * max(2, w - dwidth(c))
    return out.rstrip()


def fw(v, on):
    return v.translate(FULLWIDTH) if on else v


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------

def new_doc(seed, agency, we, field, year, template, req_style=None, **req_args):
    """A document with its tables' numbers (doc["active"], ["req"], ["rev"]), drawn from `seed`
    in a fixed order. Table 三 follows `req_style` (default: the template); `req_args` go to
    gen_requests. Returns the generator too: finish_doc draws the rest once the caller has set
    the numbers it wants."""
    rng = random.Random(seed)
    doc = {
        "agency": agency, "we": we, "field": field, "year": year, "template": template,
        "published_items": rng.randint(120, 2600), "published_web": 0,
        "trainings": rng.randint(2, 6),
    }
    doc["active"] = gen_active_2021(rng) if template == "2021" else gen_active_2019(rng)
    doc["req_style"] = req_style or template
    doc["req"] = gen_requests(rng, doc["req_style"], **req_args)
    doc["rev"] = gen_review(rng)
    return doc, rng


def finish_doc(doc, rng):
    doc["published_web"] = doc["published_items"] - rng.randint(10, 100)
    return prose(doc)


def sections(p, tables, heading=lambda n, h: [h, ""], paragraph=lambda para: [para, ""], gap=(),
             headings=SECTION_HEADINGS):
    """The lines of the six sections: each heading, its paragraphs, `gap`, then its table from
    `tables` (section number -> lines) followed by a blank line."""
    L = []
    for n, h in enumerate(headings, 1):
        L += heading(n, h)
        for para in p[n]:
            L += paragraph(para)
        L += gap
        if n in tables:
            L += tables[n] + [""]
    return L


def record(doc, name, data, findings, absent_findings, notes, nulls=()):
    """What a document generator returns: the file's bytes and its expected values."""
    cells = {**cells_active(doc["active"], doc["template"]),
             **cells_requests(doc["req"], doc["req_style"], nulls=nulls),
             **cells_review(doc["rev"])}
    return {"name": name, "bytes": data, "doc": doc, "cells": cells, "findings": findings,
            "absent_findings": absent_findings, "notes": notes}


def doc_2019_tabs():
    doc, rng = new_doc(2019_01, "临沂市自然资源和规划局", "我局", "自然资源管理和国土空间规划", 2020,
                       "2019")
    active, req, rev = doc["active"], doc["req"], doc["rev"]
    active["licensing"]["change"] = -3
    active["procurement"]["amount"] = 1286.45
    p = finish_doc(doc, rng)
    L = ["", f"{doc['agency']} {doc['year']} 年政府信息公开工作年度报告", ""]
    L += sections(p, {2: tab_active(active_blocks(active, "2019")),
                      3: tab_requests_flat(req, "2019"),
                      4: tab_review(rev)})
    text = "\n".join(L) + "\n"
    return record(
        doc, "synthetic-2019-tabs.txt", text.encode("utf-8"), findings=[],
        absent_findings=["requests.balance", "requests.outcome_sum", "requests.row_total",
                         "review_litigation.total", "template.mismatch"],
        notes="2020 report in the 2019 template, UTF-8, tab-separated tables laid out like the "
              "Yantai text (empty padding cells, trailing tabs, half-width (一) brackets). Table 二 "
              "has the five 2019 blocks (22 values) with 本年增/减 -3 for 行政许可 and a decimal "
              "政府集中采购 amount 1286.45; table 三 has the single 2019 （六）其他处理 row (23 rows × 7); "
              "table 四 is one line of 15 numbers. All identities hold; the prose restates 申请, 行政复议 "
              "and 行政诉讼 counts that agree with the tables.",
    )


def doc_2019_gbk_layout():
    doc, rng = new_doc(2019_02, "南京市江宁区人民政府办公室", "我办", "优化营商环境", 2019, "2019",
                       busy=1.3)
    active, req, rev = doc["active"], doc["req"], doc["rev"]
    active["penalties"]["change"] = -5
    p = finish_doc(doc, rng)
    frng = random.Random(7)

    def f(v):  # some cells in full-width digits (never the negative ones)
        return fw(v, not v.startswith("-") and frng.random() < 0.25)

    def wrap(para, width=36):
        out, line = [], ""
        for ch in para:
            line += ch
            if dwidth(line) >= 2 * width:
                out.append(line)
                line = ""
        if line:
            out.append(line)
        # a wrapped line must not look like a heading (一、…)
        for i in range(1, len(out)):
            if len(out[i]) > 1 and out[i][1] == "、" and out[i][0] in "一二三四五六":
                out[i - 1] += out[i][:2]
                out[i] = out[i][2:]
        return out

    # the tables in print order, as f draws from frng
    t2 = []
    for title, header, rows in active_blocks(active, "2019"):
        t2.append(" " * 24 + title)
        t2.append(lay(header, [24, 18, 18, 18], 2))
        for r in rows:
            t2.append(lay([r[0]] + [f(x) for x in r[1:]], [24, 18, 18, 18], 2))

    s = {k: [f(x) for x in v] for k, v in req_strings(req, "2019").items()}
    W = [34, 30, 8, 8, 10, 12, 12, 8, 8]
    t3 = [
        lay([corner("full"), "", "申请人情况"], [66, 30, 30]),
        lay(["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"], [34, 30, 8, 54, 0, 0, 0, 0, 8]),
        lay(["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
            [34, 30, 8, 10, 10, 14, 14, 8]),
        lay([NEW_LABEL, ""] + s["new"], W),
        lay([OVER_LABEL, ""] + s["carried_over"], W),
    ]
    for key, cat, it in outcome_labels("2019"):
        if key == "granted":
            cells = [RESULT_LABEL, cat]
        elif key == "partially_granted":  # the long label sits in the item column
            cells = ["", cat]
        else:
            cells = [cat, "" if it is None else it]
        t3.append(lay(cells + s[key], W))
    t3.append(lay([bracket("七", "full") + TOTAL_LABEL, ""] + s["total"], W))
    t3.append(lay([FORWARD_LABEL, ""] + s["carried_forward"], W))

    t4 = [
        lay(["行政复议", "行政诉讼"], [52, 10], 4),
        lay(REVIEW_LABELS + ["未经复议直接起诉", "复议后起诉"], [10, 10, 10, 10, 6, 46, 20]),
        lay([""] * 5 + REVIEW_LABELS + REVIEW_LABELS, [10, 10, 10, 10, 6] + [10, 10, 10, 10, 6] * 2),
        lay([f(str(rev[b][x])) for b in REVIEW_BLOCKS for x in REVIEW_FIELDS], [10, 10, 10, 10, 6] * 3, 2),
    ]

    L = ["", " " * 14 + f"{doc['agency']}{doc['year']}年政府信息公开工作年度报告", ""]
    L += sections(p, {2: t2, 3: t3, 4: t4},
                  heading=lambda n, h: ["\f" + h if n == 2 else h],  # pdftotext starts a page with \f
                  paragraph=lambda para: ["    " + w if i == 0 else w
                                          for i, w in enumerate(wrap(para))],
                  gap=[""])
    text = "\n".join(L) + "\n"
    return record(
        doc, "synthetic-2019-gbk-layout.txt", text.encode("gbk"), findings=[],
        absent_findings=["requests.balance", "requests.outcome_sum", "requests.row_total",
                         "review_litigation.total", "template.mismatch"],
        notes="2019 report in the 2019 template, GBK-encoded, laid out like `pdftotext -layout` output: "
              "centred title, prose hard-wrapped, a form feed after section 一, table columns separated "
              "by runs of 2+ spaces (blank header cells invisible), about a quarter of the numbers in "
              "full-width digits (０１２…), full-width brackets in labels, 三、本年度办理结果 sharing the "
              "（一）予以公开 line and category labels sharing the first item line. 本年增/减 -5 for "
              "行政处罚; procurement amount with decimals. All identities hold.",
    )


def doc_mixed_md():
    doc, rng = new_doc(2022_03, "绍兴市柯桥区住房和城乡建设局", "我局", "住房保障和城乡建设", 2022, "2021",
                       req_style="2019")
    active, req, rev = doc["active"], doc["req"], doc["rev"]
    p = finish_doc(doc, rng)

    t2 = []
    for title, header, rows in active_blocks(active, "2021"):
        t2 += ([""] if t2 else []) + md_table([[title] + [""] * (len(header) - 1), header] + rows)

    s = req_strings(req, "2019")
    t3 = [[corner("full"), "", "申请人情况", "", "", "", "", "", ""],
          ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
          ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
          [NEW_LABEL, ""] + s["new"],
          [OVER_LABEL, ""] + s["carried_over"]]
    for key, cat, it in outcome_labels("2019"):
        if it is None:  # a category without items is printed in the item column
            t3.append([RESULT_LABEL if key == "granted" else "", cat] + s[key])
        else:
            t3.append([cat, it] + s[key])
    t3 += [["", bracket("七", "full") + TOTAL_LABEL] + s["total"],
           [FORWARD_LABEL, ""] + s["carried_forward"]]

    L = [f"# {doc['agency']}{doc['year']}年政府信息公开工作年度报告", ""]
    L += sections(p, {2: t2, 3: md_table(t3), 4: md_table(review_rows(rev))},
                  heading=lambda n, h: [f"## {h}", ""])
    text = "\n".join(L)
    text = text.rstrip("\n") + "\n"
    return record(
        doc, "synthetic-mixed-2022.md", text.encode("utf-8"), findings=["template.mismatch"],
        absent_findings=["requests.balance", "requests.outcome_sum", "requests.row_total",
                         "review_litigation.total", "section.missing", "cells.missing"],
        notes="2022 report in Markdown (# title, ## section headings, pipe tables with |---| rules; "
              "table 三 and 四 with empty cells for merged header cells). Table 二 is the 2021 form "
              "(four blocks, 10 values, fee amount with decimals) but table 三 keeps the 2019 single "
              "（六）其他处理 row, so its cells use requests.other.<column> and the record must report "
              "template.mismatch (2021 table 二 vs 2019 table 三, and 2019 table 三 in a 2022 report). "
              "All identities hold.",
    )


def doc_deformed():
    # cells printed blank or as placeholders (their true value is 0, so the other identities hold)
    placeholders = {
        ("denied.state_secret", "research"): "",
        ("denied.deliberative", "nonprofit"): "-",
        ("rejected.publication", "legal_services"): "/",
        ("other.other", "commercial"): "无",
    }
    doc, rng = new_doc(2021_04, "宜宾市市场监督管理局", "我局", "市场监管", 2021, "2021",
                       zero_cells=set(placeholders), busy=1.2)
    active, req, rev = doc["active"], doc["req"], doc["rev"]
    active["normative_documents"]["issued"] = 22
    # break requests.balance in the 自然人 column: 二 raised by 3 (its row total follows it)
    req["carried_over"]["natural_person"] += 3
    req["carried_over"]["total"] += 3
    p = finish_doc(doc, rng)
    p[5] = [x.replace("下一步，", f"针对上述问题，{doc['year'] + 1}年度") for x in p[5]]
    s = req_strings(req, "2021", raw=placeholders)

    blocks = active_blocks(active, "2021", header_typo=True,
                           annotate=(("normative_documents", "issued"), "22（其中修订16件）"))
    # table 三 breaks after item 5 of (三); on page 1, (二)'s label stands alone above its numbers
    page1 = label_apart(tab_requests_flat(req, "2021", s=s, stop=7), "(二)", 1, 0)
    # page 2 starts with a form feed and repeats the header shifted (总计 one line down, 其他
    # moved, 社会组织 for 社会公益组织) as in the Yantai text; （六）1. is broken like (二)
    page2 = label_apart(tab_requests_cols(req, "2021", s=s, start=7, nonprofit="社会组织"),
                        "逾期不补正", 3, 3)
    page2[0] = "\f" + page2[0]

    L = ["", "", doc["agency"], "", str(doc["year"]), "",
         f"{doc['agency']} {doc['year']} 年政府信息公开工作年度报告", ""]
    headings = list(SECTION_HEADINGS)
    headings[4] = "五、存在问题及改进情况"
    L += sections(p, {2: tab_active(blocks), 3: page1 + [""] + page2, 4: tab_review(rev, extra="0")},
                  headings=headings)
    text = "\ufeff" + "\r\n".join(L) + "\r\n"
    return record(
        doc, "synthetic-deformed-2021.txt", text.encode("utf-8"), nulls=set(placeholders),
        findings=["label.nonstandard", "cells.count", "cells.blank", "requests.balance"],
        absent_findings=["requests.outcome_sum", "requests.row_total", "review_litigation.total",
                         "template.mismatch", "section.missing", "cells.missing"],
        notes="2021 report with the defects of real text: UTF-8 BOM and CRLF; agency and year on lines "
              "of their own before the title; table 二 header typo 本年度止件数 and the annotated cell "
              "22（其中修订16件） (value 22); table 三 split by a page break (form feed at the start of the "
              "repeated header line) with the header repeated and shifted (总计 one line lower, 社会组织), "
              "rows on page 2 with three label columns and no category cell for items 6–8 of （三）; "
              "（二）部分公开 and （六）1. printed as a label line followed by a line of numbers without "
              "label; a blank cell (denied.state_secret.research) and placeholders - / 无 "
              "(denied.deliberative.nonprofit, rejected.publication.legal_services, "
              "other.other.commercial), all null; section 五 headed 五、存在问题及改进情况; table 四 one "
              "line of 16 numbers (the 16th is an extra 0). 二、上年结转 for 自然人 (and its 总计) is 3 too "
              "high, so requests.balance fails in the 自然人 and 总计 columns; every other identity holds.",
    )


def doc_utf16():
    doc, rng = new_doc(2023_05, "湖州市德清县人民政府办公室", "我办", "乡村振兴", 2023, "2021", busy=1.4)
    active, req, rev = doc["active"], doc["req"], doc["rev"]
    p = finish_doc(doc, rng)
    L = [f"{doc['agency']}{doc['year']}年政府信息公开工作年度报告", ""]
    L += sections(p, {2: tab_active(active_blocks(active, "2021")),
                      3: tab_requests_cols(req, "2021", style="full"),
                      4: tab_review(rev)})
    text = "\ufeff" + "\r\n".join(L) + "\r\n"
    return record(
        doc, "synthetic-utf16-2023.txt", text.encode("utf-16-le"), findings=[],
        absent_findings=["requests.balance", "requests.outcome_sum", "requests.row_total",
                         "review_litigation.total", "label.nonstandard", "cells.count",
                         "template.mismatch"],
        notes="Clean 2023 report in the 2021 template, UTF-16LE with BOM and CRLF, tab-separated. "
              "Table 三 rows have three label columns (category, blank, item) as on page 2 of the "
              "Yantai text, with full-width （一） brackets; 三、本年度办理结果 and （一）予以公开 share "
              "the first cell. All identities hold and every label is the template's.",
    )


DOCS = [doc_2019_tabs, doc_2019_gbk_layout, doc_mixed_md, doc_deformed, doc_utf16]


def check(d):
    """Guard the generator itself: the identities hold unless the document says otherwise."""
    c = d["cells"]
    bad = set()
    rows = sorted({k.rsplit(".", 1)[0] for k in c if k.startswith("requests.")})
    v = {k: (x or 0) for k, x in c.items()}
    for r in rows:
        if v[f"{r}.total"] != sum(v[f"{r}.{col}"] for col in COLS):
            bad.add("requests.row_total")
    outs = [r for r in rows if r.split(".")[1] not in ("new", "carried_over", "total",
                                                       "carried_forward")]
    for col in ALLCOLS:
        if v[f"requests.total.{col}"] != sum(v[f"{r}.{col}"] for r in outs):
            bad.add("requests.outcome_sum")
        if v[f"requests.new.{col}"] + v[f"requests.carried_over.{col}"] != \
                v[f"requests.total.{col}"] + v[f"requests.carried_forward.{col}"]:
            bad.add("requests.balance")
        if v[f"requests.new.{col}"] < 0:
            raise SystemExit(f"{d['name']}: negative 一 in {col}")
    for b in REVIEW_BLOCKS:
        if v[f"{b}.total"] != sum(v[f"{b}.{f}"] for f in REVIEW_FIELDS[:4]):
            bad.add("review_litigation.total")
    expected_bad = bad & {"requests.row_total", "requests.outcome_sum", "requests.balance",
                          "review_litigation.total"}
    wanted = set(d["findings"]) & {"requests.row_total", "requests.outcome_sum",
                                   "requests.balance", "review_litigation.total"}
    if expected_bad != wanted:
        raise SystemExit(f"{d['name']}: identities broken {sorted(expected_bad)}, "
                         f"declared {sorted(wanted)}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(here, "..", "corpus"))
    a = ap.parse_args()
    os.makedirs(os.path.join(a.out, "expected"), exist_ok=True)
    for make in DOCS:
        d = make()
        check(d)
        doc = d["doc"]
        with open(os.path.join(a.out, d["name"]), "wb") as fh:
            fh.write(d["bytes"])
        expected = {
            "file": d["name"],
            "title": f"{doc['agency']}{doc['year']}年政府信息公开工作年度报告",
            "agency": doc["agency"],
            "year": doc["year"],
            "template": doc["template"],
            "cells": d["cells"],
            "findings": d["findings"],
            "absent_findings": d["absent_findings"],
            "notes": d["notes"],
        }
        stem = os.path.splitext(d["name"])[0]
        with open(os.path.join(a.out, "expected", stem + ".json"), "wb") as fh:
            fh.write((json.dumps(expected, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        print(f"{d['name']}: {len(d['bytes'])} bytes, {len(d['cells'])} cells")


if __name__ == "__main__":
    main()
