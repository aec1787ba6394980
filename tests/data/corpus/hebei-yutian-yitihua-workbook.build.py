#!/usr/bin/env python3
"""Builds hebei-yutian-yitihua-workbook.xlsx, an 一体化-style budget workbook export.

Values: the six projects of 418001 玉田县生态环境保护事务中心 exactly as its public
disclosure prints them (tests/data/seeds/000_f394b5ba38f6b2c8.txt: 项目编码, 项目名称,
预算数, 其中：财政资金, 资金用途, 绩效目标, and per indicator 一级/二级/三级指标,
绩效指标描述, 指标值 "≥90百分比", 指标值确定依据).  Arrangement: the 一体化 export
sheets 05-1 部门项目支出预算表 and 05-2 部门项目支出绩效目标表, two title rows above
the header on row 3, one row per indicator, project fields repeated on every row,
amounts and 指标值 as numbers, the 指标值 split into 指标性质 / 指标值 / 度量单位.

Usage: python3 hebei-yutian-yitihua-workbook.build.py OUT.xlsx   (needs openpyxl)
"""
import sys

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

UNIT = "418001玉田县生态环境保护事务中心"

# (项目代码, 项目名称, 预算数（元）, 资金用途, 指标值确定依据, indicators)
# indicator: (一级指标, 二级指标, 三级指标, 绩效指标描述); every 指标值 is ≥ 90 百分比.
PROJECTS = [
    ("13022923P00JXC414284D", "环保督查经费", 100000.00,
     "接待中央环保督察、省市环保督察组来我县帮扶指导工作", "依据政府相关文件", [
        ("产出指标", "数量指标", "召开年度工作会议次数", "召开年度工作会议次数"),
        ("产出指标", "质量指标", "全覆盖", "全覆盖"),
        ("产出指标", "时效指标", "全年度", "保证受损路段及时修复"),
        ("产出指标", "成本指标", "总成本控制数", "总成本控制数"),
        ("效益指标", "经济效益指标", "安全生产天数", "保证矿井正常运行，增加企业经济效益"),
        ("效益指标", "社会效益指标", "社会效益", "社会效益"),
        ("效益指标", "生态效益指标", "推动环保事业发展", "推动环保事业发展"),
        ("效益指标", "可持续影响指标", "建立健全长效机制", "建立健全长效机制"),
        ("满意度指标", "服务对象满意度指标", "群众满意度(%)", "群众满意度(%)"),
    ]),
    ("13022923P00JXC414283R", "环保举报奖", 50000.00,
     "环保举报、秸秆焚烧举报、烟花爆竹举报、企业违规、违法生产。", "依据相关文件", [
        ("产出指标", "数量指标", "完成率", "完成率"),
        ("产出指标", "质量指标", "空气质量综合指数", "空气质量综合指数"),
        ("产出指标", "时效指标", "按期完成", "按期完成"),
        ("产出指标", "成本指标", "项目总成本", "项目总成本"),
        ("效益指标", "经济效益指标", "综合利用率", "综合利用率"),
        ("效益指标", "社会效益指标", "社会促进情况", "社会促进情况"),
        ("效益指标", "生态效益指标", "推动环保事业发展", "推动环保事业发展"),
        ("效益指标", "可持续影响指标", "规范行业", "规范行业"),
        ("满意度指标", "服务对象满意度指标", "社会公众满意度（%）", "社会公众满意度（%）"),
    ]),
    ("13022923P00JXC4142851", "环境监测费", 784000.00,
     "租用30套微型站费用", "依据政府相关文件", [
        ("产出指标", "数量指标", "办理案件数", "办理案件数"),
        ("产出指标", "质量指标", "覆盖率", "覆盖率"),
        ("产出指标", "时效指标", "工作完成时限", "工作完成时限"),
        ("产出指标", "成本指标", "项目总成本", "项目总成本"),
        ("效益指标", "经济效益指标", "安全生产天数", "保证矿井正常运行，增加企业经济效益"),
        ("效益指标", "经济效益指标", "运行成本", "运行成本"),
        ("效益指标", "社会效益指标", "工作完成率", "工作完成率"),
        ("效益指标", "生态效益指标", "推动环保事业发展", "推动环保事业发展"),
        ("满意度指标", "服务对象满意度指标", "满意率", "满意率"),
    ]),
    ("13022923P00JXC414289F", "指挥中心精细化平台服务费", 5825000.00,
     "指挥中心精细化平台服务费", "依据相关文件", [
        ("产出指标", "数量指标", "完成集中审计项目数量", "完成集中审计项目数量"),
        ("产出指标", "质量指标", "综合事务管理工作完成率", "综合事务管理工作完成率"),
        ("产出指标", "时效指标", "工作任务完成及时率", "工作任务完成及时率"),
        ("产出指标", "成本指标", "项目实际成本", "项目实际成本"),
        ("效益指标", "经济效益指标", "环保信访投诉办结率", "环保信访投诉办结率"),
        ("效益指标", "社会效益指标", "社会氛围", "社会氛围"),
        ("效益指标", "生态效益指标", "推动环保事业发展", "推动环保事业发展"),
        ("效益指标", "可持续影响指标", "提升企业环境治理水平", "提升企业环境治理水平"),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度调查", "受益群众满意度调查"),
    ]),
    ("13022923P00JXC414288U", "重污染天气应急经费", 2000000.00,
     "重污染天气喷洒EPS专项治理溶液、光触媒、降低PM2.5、PM10指数", "依据相关文件", [
        ("产出指标", "数量指标", "举办活动场次", "举办活动场次"),
        ("产出指标", "质量指标", "正常使用率", "正常使用率"),
        ("产出指标", "时效指标", "任务完成进度", "任务完成进度"),
        ("产出指标", "成本指标", "项目支出", "项目支出"),
        ("效益指标", "经济效益指标", "运行成本", "运行成本"),
        ("效益指标", "社会效益指标", "社会影响力", "社会影响力"),
        ("效益指标", "生态效益指标", "生态效益增长率", "生态效益增长率"),
        ("效益指标", "可持续影响指标", "可持续性服务", "可持续性服务"),
        ("满意度指标", "服务对象满意度指标", "满意率", "满意率"),
    ]),
    ("13022923P00JXC414277C", "租赁费", 300000.00,
     "租用执法车5辆费用", "依据相关文件", [
        ("产出指标", "数量指标", "召开年度工作会议次数", "召开年度工作会议次数"),
        ("产出指标", "质量指标", "空气质量综合指数", "空气质量综合指数"),
        ("产出指标", "时效指标", "任务完成时间", "任务完成时间"),
        ("产出指标", "成本指标", "成本控制率", "完成项目的成本控制在预算水平"),
        ("效益指标", "经济效益指标", "安全生产天数", "保证矿井正常运行，增加企业经济效益"),
        ("效益指标", "社会效益指标", "社会稳定水平", "社会稳定水平"),
        ("效益指标", "生态效益指标", "推动环保事业发展", "推动环保事业发展"),
        ("效益指标", "可持续影响指标", "办公经费、专用材料费", "办公经费、专用材料费"),
        ("满意度指标", "服务对象满意度指标", "社会公众和服务对象满意度", "社会公众和服务对象满意度"),
    ]),
]
GOAL = "1.目标内容1"
COMPARATOR, VALUE, MEASURE = "≥", 90, "百分比"

SHEET_05_1 = "05-1 部门项目支出预算表"
HEADER_05_1 = ["单位编码", "单位名称", "项目代码", "项目名称", "资金用途", "合计", "财政拨款", "其他资金"]
SHEET_05_2 = "05-2 部门项目支出绩效目标表"
HEADER_05_2 = ["项目代码", "项目名称", "项目金额", "年度目标", "一级指标", "二级指标", "三级指标",
               "绩效指标描述", "指标性质", "指标值", "度量单位", "指标值确定依据"]


def rows_05_1():
    return [["418001", "玉田县生态环境保护事务中心", code, name, use, amount, amount, None]
            for code, name, amount, use, _basis, _inds in PROJECTS]


def rows_05_2():
    out = []
    for code, name, amount, _use, basis, inds in PROJECTS:
        for l1, l2, l3, desc in inds:
            out.append([code, name, amount, GOAL, l1, l2, l3, desc, COMPARATOR, VALUE, MEASURE, basis])
    return out


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def fill_sheet(ws, title, header, rows, money_cols, widths):
    last = len(header)
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(row=2, column=1, value="单位名称：" + UNIT)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last - 2)
    ws.cell(row=2, column=last - 1, value="金额单位：元")
    ws.merge_cells(start_row=2, start_column=last - 1, end_row=2, end_column=last)
    for c, h in enumerate(header, start=1):
        cell = ws.cell(row=3, column=c, value=h)
        cell.font = Font(bold=True)
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, start=4):
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            cell.border = BOX
            if c in money_cols and isinstance(v, float):
                cell.number_format = "#,##0.00"
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=3, column=c).column_letter].width = w
    ws.freeze_panes = "A4"


def main(out):
    wb = Workbook()
    ws1 = wb.active
    ws1.title = SHEET_05_1
    fill_sheet(ws1, "部门项目支出预算表", HEADER_05_1, rows_05_1(), {6, 7, 8},
               [10, 28, 24, 26, 40, 14, 14, 10])
    ws2 = wb.create_sheet(SHEET_05_2)
    fill_sheet(ws2, "部门项目支出绩效目标表", HEADER_05_2, rows_05_2(), {3},
               [24, 24, 14, 12, 12, 18, 24, 30, 8, 8, 8, 16])
    # Fixed author and creation date (openpyxl still stamps the modification time).
    import datetime
    stamp = datetime.datetime(2023, 1, 1)
    wb.properties.creator = "jixiao corpus"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "hebei-yutian-yitihua-workbook.xlsx")
