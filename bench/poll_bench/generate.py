#!/usr/bin/env python3
"""Generates the polling benchmark's world (bench/poll_bench.sh): a site tree for nginx,
the deadlined configuration and the curl URL list.

    generate.py WORK SOURCES HOSTS PORT REPO_ROOT

WORK/site/127.0.0.H/zwgk/cM/index.html  one column page per source (~15-25 KB of UTF-8,
                                         20 dated items, header/nav/sidebar/footer chrome)
WORK/deadlined.yaml                      the shipped district's units, groups, calendars and
                                         rule packs (absolute paths) + polling + the sources
WORK/curl.conf                           url/output pairs for curl --parallel --config

Source i lives on host 127.0.0.(1 + i % HOSTS), so consecutive sources (and curl's
parallel transfers) are spread over the hosts. Items are dated back from today; every
tenth column is stale (newest item 40+ days old) so the freshness rules have overdue
work, the rest were updated within the last week. Deterministic for a given date.
"""

import datetime
import os
import re
import sys

work, count, hosts, port, root = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
ITEMS = 20
today = datetime.date.today()

# ---- the configuration: the shipped district (units, groups, calendars) with absolute paths
shipped_path = os.path.join(root, "config", "deadlined.yaml")
with open(shipped_path, encoding="utf-8") as f:
    shipped = f.read()
head = shipped.split("\n# Rule packs", 1)[0]
if "\nrules:" in head or "\nsources:" in head or "\ngroups:" not in head:
    sys.exit(f"generate.py: {shipped_path} no longer has units/groups before '# Rule packs'; update the generator")
config_dir = os.path.dirname(shipped_path)
head = re.sub(r"^(\s*-\s+)(calendars/\S+)$", lambda m: m.group(1) + os.path.join(config_dir, m.group(2)), head,
              flags=re.M)
units = re.findall(r"^\s*-\s*\{name:\s*([^,}]+)", head.split("\ngroups:", 1)[0], flags=re.M)
if not units:
    sys.exit("generate.py: no units found in the shipped configuration")

# ---- page text
TOPICS = ["召开", "开展", "部署", "举办", "组织", "推进", "落实", "启动", "完成", "印发"]
SUBJECTS = [
    "2026年度政务公开工作推进会", "安全生产大检查专项行动", "优化营商环境改革工作会议", "“双随机、一公开”监管抽查",
    "城乡居民基本医疗保险参保缴费工作", "防汛防风应急演练", "乡村振兴驻镇帮镇扶村工作座谈会", "政府信息主动公开目录梳理",
    "民生实事项目进展情况督查", "疫苗接种点服务质量评估", "河长制湖长制巡河工作", "“四好农村路”建设项目验收",
    "垃圾分类宣传进社区活动", "国有资产清查工作布置会", "法治政府建设年度报告编制", "12345热线工单办理情况通报",
    "森林防火宣传月活动", "重点项目建设现场推进会", "老旧小区改造工作协调会", "财政预算执行情况分析会",
]
SUMMARY = ("为深入贯彻落实上级有关工作部署，进一步提高工作质量和效率，{unit}组织各科室、各相关单位负责同志"
           "围绕{subject}进行专题研究，对下一阶段重点任务作出具体安排，要求各单位压实责任、细化措施、"
           "加强协调配合，确保各项工作按时保质完成，切实增强人民群众的获得感、幸福感、安全感。")
SIDE = ["机构概况", "领导信息", "工作动态", "通知公告", "政策文件", "政策解读", "规划计划", "人事信息", "财政信息",
        "政府采购", "办事指南", "办事统计", "依申请公开", "政府信息公开年报", "建议提案办理", "回应关切"]
FOOT_LINKS = ["网站地图", "联系我们", "网站声明", "隐私声明", "使用帮助", "纠错反馈"]


def item_dates(i):
    """20 dates, newest first: stale columns start 40-69 days back, the rest 0-6."""
    newest = today - datetime.timedelta(days=(40 + i % 30) if i % 10 == 0 else i % 7)
    out, d = [], newest
    for k in range(ITEMS):
        out.append(d)
        d -= datetime.timedelta(days=1 + (i * 7 + k * 3) % 4)
    return out


def chrome_top(unit, column, host, path):
    base = f"http://127.0.0.{host}:{port}"
    nav = "".join(f'\n  <li><a href="{base}/{p}/">{t}</a></li>'
                  for p, t in [("", "首页"), ("zwgk", "政务公开"), ("zwfw", "政务服务"), ("hdjl", "互动交流"),
                               ("zjch", "走进从化"), ("ztzl", "专题专栏"), ("sjfb", "数据发布")])
    side = "".join(f'\n    <li><a href="{base}/zwgk/side{n}/">{t}</a></li>' for n, t in enumerate(SIDE))
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="SiteName" content="广州市从化区人民政府门户网站">
<meta name="SiteDomain" content="www.conghua.gov.cn">
<meta name="ColumnName" content="{column}">
<meta name="ColumnType" content="{column}">
<title>{column} - {unit} - 广州市从化区人民政府门户网站</title>
<link rel="stylesheet" href="{base}/images/common/css/style.css">
<link rel="stylesheet" href="{base}/images/common/css/list.css">
<script src="{base}/images/common/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); hm.src = "{base}/images/common/js/stat.js"; var s = document.getElementsByTagName("script")[0]; s.parentNode.insertBefore(hm, s); }})();</script>
</head>
<body>
<div class="topbar"><div class="w1200">
  <span>您好，欢迎访问广州市从化区人民政府门户网站！今天是{today.year}年{today.month}月{today.day}日</span>
  <a href="{base}/">网站首页</a> | <a href="javascript:void(0)" id="wza">无障碍浏览</a> | <a href="javascript:void(0)" id="zhjf">繁體</a> | <a href="{base}/jgzn/">English</a> | <a href="{base}/wzdt/">网站地图</a>
</div></div>
<div class="header"><div class="w1200">
  <a class="logo" href="{base}/"><img src="{base}/images/common/logo.png" alt="广州市从化区人民政府"></a>
  <form class="search" action="{base}/search/" method="get"><input name="q" placeholder="请输入关键字"><button>搜索</button></form>
</div></div>
<div class="nav"><ul class="w1200">{nav}
</ul></div>
<div class="crumb w1200">当前位置：<a href="{base}/">首页</a> &gt; <a href="{base}/zwgk/">政务公开</a> &gt; <a href="{base}/zwgk/">{unit}</a> &gt; <a href="{base}{path}">{column}</a></div>
<div class="main w1200">
  <div class="left-menu">
    <h3>{unit}</h3>
    <ul>{side}
    </ul>
  </div>
  <div class="right-con">
    <div class="con-title"><h2>{column}</h2><span class="more">共{ITEMS * 9}条信息</span></div>
"""


def chrome_bottom(unit, host):
    base = f"http://127.0.0.{host}:{port}"
    links = " | ".join(f'<a href="{base}/{n}/">{t}</a>' for n, t in enumerate(FOOT_LINKS))
    return f"""    <div class="pagination">共9页 <a href="index.html">首页</a> <a href="javascript:void(0)">上一页</a> <span class="current">1</span> <a href="index_1.html">2</a> <a href="index_2.html">3</a> <a href="index_3.html">4</a> <a href="index_4.html">5</a> <a href="index_1.html">下一页</a> <a href="index_8.html">尾页</a> 跳转到<input type="text" size="2">页</div>
  </div>
</div>
<div class="links w1200"><h4>相关链接</h4>
  <select onchange="window.open(this.value)"><option>国务院部门网站</option><option value="http://www.gov.cn/">中国政府网</option><option value="http://www.gd.gov.cn/">广东省人民政府</option><option value="http://www.gz.gov.cn/">广州市人民政府</option></select>
  <select onchange="window.open(this.value)"><option>各区政府网站</option><option value="http://www.huangpu.gov.cn/">黄埔区</option><option value="http://www.panyu.gov.cn/">番禺区</option><option value="http://www.huadu.gov.cn/">花都区</option><option value="http://www.zc.gov.cn/">增城区</option></select>
</div>
<div class="footer"><div class="w1200">
  <p>{links}</p>
  <p>主办单位：广州市从化区人民政府办公室　承办单位：广州市从化区政务服务数据管理局　维护单位：{unit}　联系电话：020-87939123</p>
  <p>网站标识码：4401170001　<a href="http://www.beian.miit.gov.cn/">粤ICP备05080399号</a>　<a href="http://www.beian.gov.cn/">粤公网安备 44011702000065号</a></p>
  <p>建议使用1366×768分辨率，IE10以上版本浏览器或Chrome、Firefox等浏览器访问本网站</p>
  <a href="http://bszs.conac.cn/sitename?method=show&amp;id=3D1A4B2C" class="dzjg"><img src="{base}/images/common/dzjg.png" alt="党政机关"></a>
  <a href="http://www.gov.cn/zhuanti/jiucuo/" class="jiucuo"><img src="{base}/images/common/jiucuo.png" alt="政府网站找错"></a>
</div></div>
<script src="{base}/images/common/js/common.js"></script>
</body>
</html>
"""


def page(i, host, path, unit, column):
    """Three list shapes the real portal uses, chosen per host."""
    style = host % 3
    parts = [chrome_top(unit, column, host, path)]
    if style == 0:
        parts.append('    <div class="news-box">\n')
    elif style == 1:
        parts.append('    <div class="list-con">\n      <ul>\n')
    else:
        parts.append('    <table class="xxgk-list" width="100%">\n      <tr><th>序号</th><th>标题</th><th>发布日期</th></tr>\n')
    for k, d in enumerate(item_dates(i)):
        post = 6_000_000 + i * 100 + (ITEMS - k)
        subject = SUBJECTS[(i + k * 7) % len(SUBJECTS)]
        title = f"{unit}{TOPICS[(i + k) % len(TOPICS)]}{subject}（第{i}-{ITEMS - k}期）"
        summary = SUMMARY.format(unit=unit, subject=subject)
        href = f"content/post_{post}.html"  # relative to the column's URL
        if style == 0:
            parts.append(f"""      <div class="news-item">
        <h4><a href="{href}" target="_blank">{title}</a></h4>
        <p class="summary">{summary}</p>
        <p class="info">发布时间：{d.year}年{d.month}月{d.day}日　来源：{unit}　浏览次数：{(i * 37 + k * 11) % 900 + 50}</p>
      </div>
""")
        elif style == 1:
            parts.append(f"""        <li><a href="{href}" title="{title}" target="_blank">{title}</a><span class="time">{d.isoformat()}</span>
          <p class="zy">{summary}</p></li>
""")
        else:
            parts.append(f"""      <tr><td>{k + 1}</td><td class="bt"><a href="http://127.0.0.{host}:{port}{path}{href}" target="_blank">{title}</a><div class="zy">{summary}</div></td><td class="rq">{d.strftime('%Y/%m/%d')}</td></tr>
""")
    parts.append(["    </div>\n", "      </ul>\n    </div>\n", "    </table>\n"][style])
    parts.append(chrome_bottom(unit, host))
    return "".join(parts)


# ---- the world
sources, urls, sizes = [], [], []
for i in range(count):
    host = 1 + i % hosts
    column_no = i // hosts
    path = f"/zwgk/c{column_no}/"
    unit = units[i % len(units)]
    column = "动态" if i % 2 == 0 else "工作动态"
    directory = os.path.join(work, "site", f"127.0.0.{host}", "zwgk", f"c{column_no}")
    os.makedirs(directory, exist_ok=True)
    body = page(i, host, path, unit, column).encode("utf-8")
    sizes.append(len(body))
    with open(os.path.join(directory, "index.html"), "wb") as f:
        f.write(body)
    url = f"http://127.0.0.{host}:{port}{path}"
    urls.append(url)
    sources.append(f"  - {{id: bench-{i:05d}, unit: {unit}, url: '{url}', column: 动态, emits: item.published, "
                   f"parser: auto}}\n")

rules_glob = os.path.join(config_dir, "rules", "*.yaml")
with open(os.path.join(work, "deadlined.yaml"), "w", encoding="utf-8") as f:
    f.write(f"# Generated by bench/poll_bench/generate.py: {count} sources on {hosts} loopback hosts.\n")
    f.write(head.rstrip() + "\n\n")
    f.write(f"rules:\n  - {rules_glob}\n\n")
    f.write("polling:\n  concurrency: 64\n  per_host: 1\n  politeness_delay_ms: 0\n  proxy: none\n\n")
    f.write("sources:\n")
    f.writelines(sources)

with open(os.path.join(work, "curl.conf"), "w", encoding="utf-8") as f:
    for url in urls:
        f.write(f'url = "{url}"\noutput = "/dev/null"\n')

print(f"{count} pages, {min(sizes)}-{max(sizes)} bytes (mean {sum(sizes) // len(sizes)}), "
      f"{sum(sizes) / 1048576:.1f} MiB in all, {len(units)} units")
