"""Generate a batch of synthetic but realistic reports in the `gkaudit-report/1` format.

    python benchmarks/generate.py OUT_DIR [--n 1000] [--seed 0] [--error-rate 0.025]

writes OUT_DIR/reports/*.json and OUT_DIR/planted.json (outside the reports folder, so that
`gkaudit check OUT_DIR/reports` reads reports only).

Each body publishes 3–7 consecutive years (2019–2020 in the gb2019 template, 2021 on in
gb2021, as rules/templates say); 结转下年度 of year Y is 上年结转 of Y+1, 现行有效 follows
制发 − 废止 and the 2019-format item counts connect, so the cross-year rules hold. The
narrative is built from the samples' wording with every figure taken from the tables.

About one report in 40 (--error-rate) carries one planted error of one kind — a total that does not add up
(T4.TOTAL), a cross-year carried-forward mismatch (XYEAR.CARRIED), a prose figure that
disagrees with the table (PROSE.GRANTED), a text cell (CELL.TYPE) — and planted.json
lists every (file, rule) the engine must report at warning level or above; a clean report
must have no such finding at all.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

APPLICANTS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org"]
DENIED = ["denied_state_secret", "denied_prohibited_by_law", "denied_security_stability", "denied_third_party",
          "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_query_matter"]
UNAVAILABLE = ["unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear"]
NOT_PROCESSED = ["not_processed_petition", "not_processed_repeat", "not_processed_publication",
                 "not_processed_mass_repeat", "not_processed_confirmation"]
OTHER = {"gb2019": ["other_processing"], "gb2021": ["other_no_supplement", "other_unpaid_fee", "other_other"]}
# how often each outcome occurs (weights); the rest of the outcome rows are rare
WEIGHTS = {"granted": 10, "partially_granted": 3, "unavailable_not_held": 4, "denied_third_party": 1,
           "denied_process_info": 1, "not_processed_repeat": 1, "other_processing": 1, "other_no_supplement": 1,
           "other_other": 1}
T4_ROWS = ["admin_review", "litigation_direct", "litigation_after_review"]
T4_COLS = ["upheld", "corrected", "other_result", "pending"]
KINDS = ["T4.TOTAL", "XYEAR.CARRIED", "PROSE.GRANTED", "CELL.TYPE"]

PLACES = ["东城", "西湖", "拱墅", "上城", "滨江", "萧山", "余杭", "临平", "钱塘", "富阳", "临安", "桐庐", "淳安", "建德",
          "鼓楼", "台江", "仓山", "晋安", "长乐", "平潭", "闽侯", "连江", "罗源", "闽清", "永泰", "沭阳", "泗阳", "泗洪"]
UNITS = ["街道办事处", "镇人民政府", "市场监督管理局", "自然资源和规划局", "住房和城乡建设局", "交通运输局", "教育局",
         "卫生健康委员会", "民政局", "人力资源和社会保障局", "生态环境分局", "公安分局", "财政局", "农业农村局"]

INTRO = ("{year}年，{body}在区委、区政府的正确领导下，认真贯彻《中华人民共和国政府信息公开条例》和区政府有关信息公开工作"
         "会议精神，严格按照政务公开工作要点，扎实做好重点领域信息公开，全面贯彻决策公开、执行公开、管理公开、服务公开、"
         "结果公开的“五公开”原则，进一步推动权力运行、政务服务公开化和规范化，依法保障人民群众的知情权、参与权和监督权。"
         "现将{year}年度政府信息公开工作情况总结报告如下：")
ACTIVE_2021 = "（一）主动公开。全年制发行政规范性文件{issued}件，废止{repealed}件，现行有效{in_force}件。"
ACTIVE_2019 = "（一）主动公开。以政府门户网站信息公开专栏为平台，及时发布机构职能、政策文件、财政预决算等各类信息。"
REQUESTS = ("（二）依申请公开。全年新收政府信息公开申请{new}件，上年结转{carried_over}件；予以公开{granted}件，"
            "部分公开{partial}件，不予公开{denied}件，无法提供{unavailable}件，不予处理{not_processed}件，"
            "其他处理{other}件，结转下年度继续办理{carried_forward}件。")
MANAGEMENT = ("（三）政府信息管理。健全审查、培训、台账管理等政府信息管理制度。认真贯彻落实信息发布内部审查制度，按照起草、"
              "审核、发布流程对信息进行全流程管理。把信息管理流程嵌入公文流转过程中，确保信息公开审查无遗漏。")
PLATFORM = ("（四）平台建设。着力打造融媒体微信、微博平台，优化政府网站信息公开专栏，将政府重大决策、重要工作部署和进度等"
            "信息送到群众手里。")
SUPERVISION = ("（五）监督保障。根据政务公开工作考核评估中发现的问题，以条目式细化问题清单，督促相关责任科室逐一对照整改。"
               "健全监查机制，严格监管政务信息发布情况，对发现问题及时通报。对门户网站的政务公开栏目定期进行自查，包括目录"
               "更新、内容上传、规范性以及空白栏目、错别字和错误链接等，快速落实整改，确保政务公开栏目常态化维护。对外公布"
               "政府信息公开投诉举报电话，全年未收到相关投诉举报。")
REVIEW = "全年发生政府信息公开行政复议{review}件、行政诉讼{litigation}件，详见下表。"
PROBLEMS = ("上年度存在的政策解读形式单一问题已通过图解、视频解读等方式整改。本年度存在的主要问题是缺乏专职工作人员进行管理"
            "维护，还存在信息公布不及时、内容不够全面的问题，依申请公开答复的规范性有待提高。\n"
            "{next}年，将继续围绕政务公开工作要点，以制度化、规范化、常态化、便民化为工作目标，不断改进工作方法，稳步推进"
            "政务公开工作深入开展。一是加强对《条例》的学习，有针对性地组织开展业务培训和案例研讨，提升业务能力水平。二是"
            "进一步沟通和指导，及时请教工作过程中的相关业务问题，完善答复文书模板。三是进一步健全考核机制，严格落实责任，"
            "把政务公开纳入年度工作目标责任制，将任务分解到位，责任落实到人。")
OTHER_MATTERS = "本年度未收取信息处理费。无其他需要报告的事项。"
HEADINGS = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
            "存在的主要问题及改进情况", "其他需要报告的事项"]


def template_of(year: int) -> str:
    return "gb2019" if year <= 2020 else "gb2021"


def table3(rng: random.Random, template: str, carried_over: dict[str, int]) -> dict:
    outcomes = ["granted", "partially_granted", *DENIED, *UNAVAILABLE, *NOT_PROCESSED, *OTHER[template]]
    weights = [WEIGHTS.get(row, 0.05) for row in outcomes]
    rows = {row: dict.fromkeys(APPLICANTS, 0) for row in ["new_requests", "carried_over", *outcomes,
                                                           "total_outcomes", "carried_forward"]}
    scale = rng.choice([0, 1, 3, 10, 30, 120])
    for column in APPLICANTS:
        share = {"natural_person": 1.0, "commercial": 0.3, "other_org": 0.1}.get(column, 0.03)
        new = rng.randint(0, max(0, round(scale * share * 2))) if scale else 0
        available = new + carried_over[column]
        forward = rng.randint(0, min(available, max(1, available // 8))) if available and rng.random() < 0.4 else 0
        decided = available - forward
        rows["new_requests"][column], rows["carried_over"][column] = new, carried_over[column]
        rows["carried_forward"][column], rows["total_outcomes"][column] = forward, decided
        for row in rng.choices(outcomes, weights, k=decided):
            rows[row][column] += 1
    for cells in rows.values():
        cells["total"] = sum(cells[column] for column in APPLICANTS)
    return rows


def table4(rng: random.Random) -> dict:
    rows = {}
    for row in T4_ROWS:
        cells = {column: 0 for column in T4_COLS}
        for _ in range(rng.choice([0, 0, 0, 1, 2, 4])):
            cells[rng.choices(T4_COLS, [5, 1, 1, 1])[0]] += 1
        rows[row] = cells
    # a suit after review follows a review (T4.SUIT_AFTER_REVIEW)
    while sum(rows["litigation_after_review"].values()) > sum(rows["admin_review"].values()):
        rows["admin_review"]["upheld"] += 1
    for cells in rows.values():
        cells["total"] = sum(cells.values())
    return rows


def table2_2021(rng: random.Random, state: dict) -> dict:
    rows = {}
    for row in ("regulations", "normative_documents"):
        before = state.setdefault(("in_force", row), rng.randint(0, 30) if row == "normative_documents" else 0)
        issued = rng.randint(0, 6) if row == "normative_documents" else rng.choice([0, 0, 0, 1])
        repealed = rng.randint(0, min(before, 3))
        state[("in_force", row)] = in_force = before + issued - repealed
        rows[row] = {"issued": issued, "repealed": repealed, "in_force": in_force}
    for row in ("licensing", "penalties", "enforcement"):
        rows[row] = {"decisions": rng.randint(0, 400)}
    rows["fees"] = {"fee_amount": 0}
    return rows


def table2_2019(rng: random.Random, state: dict) -> dict:
    rows = {}
    for row in ("regulations", "normative_documents"):
        made = rng.randint(0, 5) if row == "normative_documents" else 0
        published = made
        total = state.setdefault(("published", row), rng.randint(0, 20) if made else 0) + published
        state[("published", row)] = total
        rows[row] = {"newly_made": made, "newly_published": published, "total_published": total}
    for row in ("licensing", "other_services", "penalties", "enforcement", "fees"):
        items = state.setdefault(("items", row), rng.randint(0, 60))
        change = rng.randint(-min(items, 3), 5)
        state[("items", row)] = items + change
        rows[row] = {"previous_year_items": items, "change": change}
        if row != "fees":
            rows[row]["decisions"] = rng.randint(0, 300)
    rows["procurement"] = {"procurement_items": rng.randint(0, 20), "procurement_amount": round(rng.uniform(0, 300), 3)}
    return rows


def narrative(body: str, year: int, template: str, tables: dict, granted_shift: int = 0) -> list[dict]:
    t3 = {row: cells["total"] for row, cells in tables["table3"]["rows"].items()}
    t4 = {row: cells["total"] for row, cells in tables["table4"]["rows"].items()}
    if template == "gb2021":
        active = ACTIVE_2021.format(**tables["table2"]["rows"]["normative_documents"])
    else:
        active = ACTIVE_2019
    requests = REQUESTS.format(
        new=t3["new_requests"], carried_over=t3["carried_over"], granted=t3["granted"] + granted_shift,
        partial=t3["partially_granted"], denied=sum(t3[row] for row in DENIED),
        unavailable=sum(t3[row] for row in UNAVAILABLE), not_processed=sum(t3[row] for row in NOT_PROCESSED),
        other=sum(t3[row] for row in OTHER[template]), carried_forward=t3["carried_forward"])
    texts = [
        "\n".join([INTRO.format(year=year, body=body), active, requests, MANAGEMENT, PLATFORM, SUPERVISION]),
        "详见下表。", "详见下表。",
        REVIEW.format(review=t4["admin_review"], litigation=t4["litigation_direct"] + t4["litigation_after_review"]),
        PROBLEMS.format(next=year + 1), OTHER_MATTERS,
    ]
    numbers = ["一", "二", "三", "四", "五", "六"]
    return [{"number": n, "heading": h, "text": t} for n, h, t in zip(numbers, HEADINGS, texts)]


def body_years(rng: random.Random, index: int) -> tuple[str, str, list[int]]:
    place = PLACES[index % len(PLACES)]
    unit = UNITS[(index // len(PLACES)) % len(UNITS)]
    serial = index // (len(PLACES) * len(UNITS))
    body = f"{place}区{unit}" + (f"第{serial + 1}分局" if serial else "")
    span = rng.randint(3, 7)
    first = rng.randint(2019, 2026 - span)
    return body, f"示例市{place}区", list(range(first, first + span))


def generate(out: Path, n: int, seed: int = 0, error_rate: float = 1 / 40) -> list[dict]:
    """Write n reports into out/reports (and out/planted.json); return the planted list."""
    rng = random.Random(seed)
    reports = out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    planted: list[dict] = []
    written = index = 0
    kind_turn = 0
    while written < n:
        body, region, years = body_years(rng, index)
        years = years[: n - written]
        carried = dict.fromkeys(APPLICANTS, 0)
        state: dict = {}
        for position, year in enumerate(years):
            template = template_of(year)
            t3 = table3(rng, template, carried)
            carried = {column: t3["carried_forward"][column] for column in APPLICANTS}
            tables = {"table2": {"rows": (table2_2019 if template == "gb2019" else table2_2021)(rng, state)},
                      "table3": {"rows": t3}, "table4": {"rows": table4(rng)}}
            name = f"r{written:06d}-{year}.json"
            kind = None
            if rng.random() < error_rate:
                kind = KINDS[kind_turn % len(KINDS)]
                # a carried-over mismatch needs a previous year in the batch and none after it
                if kind == "XYEAR.CARRIED" and (position == 0 or position != len(years) - 1):
                    kind = None
                else:
                    kind_turn += 1
            shift = 0
            if kind == "T4.TOTAL":
                tables["table4"]["rows"]["admin_review"]["total"] += 1
            elif kind == "XYEAR.CARRIED":
                # 上年结转 differs from last year's 结转下年度; this year's own identity still holds
                for column in ("natural_person", "total"):
                    t3["carried_over"][column] += 1
                    t3["carried_forward"][column] += 1
            elif kind == "PROSE.GRANTED":
                shift = rng.choice([2, 3, 5])
            elif kind == "CELL.TYPE":
                tables["table2"]["rows"]["licensing"]["decisions"] = "—"
            report = {
                "format": "gkaudit-report/1",
                "source_file": name.replace(".json", ".docx"),
                "metadata": {"body": body, "region": region, "year": year, "template": template,
                             "title": f"{body}{year}年政府信息公开工作年度报告"},
                "narrative": narrative(body, year, template, tables, shift),
                "tables": tables,
            }
            (reports / name).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
            if kind:
                planted.append({"file": name, "rule": kind})
            written += 1
        index += 1
    (out / "planted.json").write_text(json.dumps(planted, ensure_ascii=False, indent=1), encoding="utf-8")
    return planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--error-rate", type=float, default=1 / 40, help="share of reports with a planted error")
    options = parser.parse_args()
    planted = generate(options.out, options.n, options.seed, options.error_rate)
    print(f"{options.n} reports in {options.out}, {len(planted)} planted errors")


if __name__ == "__main__":
    main()
