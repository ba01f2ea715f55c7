// Interface texts in Chinese (the default) and English. Programme names, reasons, formulas and
// warnings come from the engine itself in both languages (label_zh / label_en, message_zh /
// message_en, formula_zh / formula_en); this file holds only the page's own words.

const TEXTS = {
  zh: {
    "page.title": "民政待遇测算",
    "page.subtitle": "广州市社会救助与养老服务测算（试用）",
    "page.privacy":
      "所有计算都在您的浏览器中完成：您填写的信息不会发送到任何地方，关闭页面即清除。",
    "page.disclaimer": "测算结果仅供参考，以民政部门审核确认为准。",
    "page.loading": "正在加载计算引擎……",
    "page.load_failed": "计算引擎加载失败，请刷新页面重试。",
    "page.engine": "计算引擎版本",
    "lang.switch": "English",
    "lang.switch_label": "Switch to English",
    "nav.label": "测算项目",
    "tool.household": "家庭救助测算",
    "tool.household.intro":
      "填写家庭成员、收入和财产，测算可享受的社会救助项目及每月金额，并查看每一项的法规依据。",
    "tool.care_home": "养老机构费用估算",
    "tool.care_home.intro": "估算入住公办养老机构每月的床位费、护理费、伙食费，按对象类别的减免、长期护理保险支付和其他补贴，以及个人每月需支付的金额。",
    "tool.assessment": "老年人能力自评",
    "tool.assessment.intro":
      "按国家标准逐项自评老年人的日常生活、运动、精神状态和社会参与能力，得到能力等级及对应的照护等级。自评结果仅供参考，正式评估由评估机构进行。",
    "tool.star": "养老机构星级自查",
    "tool.star.intro": "按养老机构等级评定的评分卡逐项自评，查看可达到的等级，以及升到下一等级最少还需在哪些项目上提高多少分。自查结果仅供参考，以评定机构的评定为准。",
    "tool.missing": "此项测算尚未开放。",

    "form.required": "必填",
    "form.optional": "选填",
    "form.money_hint": "单位：元/月，最多两位小数",
    "form.money_hint_total": "单位：元，最多两位小数",
    "form.submit": "开始测算",
    "form.reset": "清空重填",
    "form.errors_summary": "填写内容有误，请按提示修改：",
    "form.error_whole": "请求有误",
    "form.engine_detail": "引擎提示",
    "form.choose": "请选择",
    "form.not_assessed": "未评估",
    "member.home_care_funding": "居家社区养老服务资助对象类别",
    "member.home_care_funding.hint": "经评估认定的资助类别，可多选，按较高的一类资助",
    "member.section.disability": "残疾人补贴相关（选填）",
    "member.section.disability.hint": "用于困难残疾人生活补贴和重度残疾人护理补贴。",
    "member.service_disability_grade": "残疾军人证或伤残人民警察证等级",
    "member.service_disability_grade.hint": "一至十级；一至四级可享受护理补贴",
    "member.disability_subsidy_approved": "残疾人补贴审批日期",
    "member.disability_subsidy_approved.hint": "自审批次月起发放",
    "member.elderly_care_subsidy": "已领取的老年人护理补贴（元/月）",
    "member.elderly_care_subsidy.hint": "与重度残疾人护理补贴按较高者享受",
    "member.section.meals": "长者饭堂助餐（本月，选填）",
    "member.section.meals.hint": "午餐、晚餐分别计次。",
    "meal_aid.meals": "本月用餐次数",
    "meal_aid.meals.hint": "0–62次",
    "meal_aid.meal_price": "每餐价格（元）",
    "meal_aid.delivered_meals": "其中送餐上门次数",
    "meal_aid.care_level": "照护等级（送餐时需要）",
    "meal_aid.care_level.hint": "1–5级",
    "flags.work_injury_care_allowance": "领取工伤保险生活护理费",
    "flags.retired_cadre_lixiu": "离休干部",
    "flags.full_time_student": "全日制在校学生（本科及以下）",
    "flags.childless": "无子女",
    "flags.outpatient_special_disease": "一类、二类门特患者",

    "household.section.other": "其他情况（选填）",
    "household.section.rigid": "过去12个月的刚性支出（用于刚性支出困难家庭认定）",
    "household.rigid.hint": "全家合计，单位：元。",
    "household.section.back_pay": "低保标准提高后的补发",
    "household.back_pay.hint": "新标准追溯执行时，按原标准已发放的月数补发差额。",
    "household.section.prices": "价格临时补贴：当月价格指数",
    "household.prices.hint": "居民消费价格指数同比涨幅，单位：%。",
    "rigid.basic_living": "基本生活支出",
    "rigid.medical_out_of_pocket": "自付医疗费用",
    "rigid.education": "教育支出",
    "rigid.rehabilitation": "康复支出",
    "back_pay.previous_standard": "原低保标准（元/人/月）",
    "back_pay.previous_standard.hint": "调整前每人每月的标准",
    "back_pay.months": "补发月数",
    "back_pay.months.hint": "1–12个月",
    "price_indices.cpi_yoy_percent": "居民消费价格指数（CPI）同比涨幅",
    "price_indices.cpi_yoy_percent.hint": "如 3.6 表示上涨3.6%",
    "price_indices.food_cpi_yoy_percent": "食品价格指数同比涨幅",
    "member.supporters": "法定赡养、抚养、扶养义务人",
    "member.supporters.hint": "用于特困人员认定：不回答时，特困人员可能“暂无法判断”",
    "supporters.unknown": "不清楚 / 未填写",
    "member.section.care": "照护需求（如已做能力评估，选填）",
    "member.section.care.hint": "用于确定特困人员的照料护理标准。",
    "member.ability_level": "老年人能力评估等级",
    "member.adl_unmet": "六项日常生活活动中不能自理的项数",
    "member.adl_unmet.hint": "吃饭、穿衣、上下床、如厕、室内行走、洗澡",
    "member.home_care_subsidy": "已享受的居家养老服务补贴（元/月）",
    "income.pension": "基本养老金",
    "income.pension.hint": "职工基本养老保险等（不含城乡居民基础养老金）",
    "income.social_insurance_benefits": "其他社会保险待遇",
    "income.social_insurance_benefits.hint": "如失业保险金",
    "income.longevity_allowance": "高龄津贴、长寿保健金",
    "flags.child_chooses_tekun": "孤儿或事实无人抚养儿童选择特困供养",
    "flags.unemployment_benefit": "正在领取失业保险金",
    "flags.preferential_care_recipient": "享受定期抚恤补助的优抚对象",

    "form.none": "无",

    "household.section.basic": "基本情况",
    "household.calculation_date": "测算日期",
    "household.calculation_date.hint": "按该日期所在月份的标准测算",
    "household.district": "所在区",
    "household.area": "城乡类别",
    "household.section.members": "家庭成员",
    "household.members.hint": "共同生活的家庭成员，收入按月平均填写。",
    "household.add_member": "添加家庭成员",
    "household.remove_member": "删除成员",
    "household.member": "成员",
    "household.section.assets": "家庭财产",
    "household.assets.hint": "全家合计，单位：元。",
    "household.explain": "显示详细计算过程",

    "member.id": "称呼",
    "member.default_self": "本人",
    "member.id.hint": "用于在结果中区分成员，如“本人”“配偶”",
    "member.relationship": "与申请人关系",
    "member.sex": "性别",
    "member.age": "年龄（周岁）",
    "member.age.hint": "填写年龄或出生日期其中一项",
    "member.birth_date": "出生日期",
    "member.hukou": "户籍",
    "member.disability.category": "残疾人证：类别",
    "member.disability.grade": "残疾等级",
    "member.flags": "特殊情况",
    "member.section.income": "月收入",
    "member.section.excluded": "不计入家庭收入的款项（如有，可填写以便说明）",

    "income.wages": "工资性收入",
    "income.employment_costs": "必要就业成本",
    "income.employment_costs.hint": "如个人缴纳的社会保险、交通费，从工资中扣除",
    "income.business_net": "经营净收入",
    "income.property_net": "财产净收入",
    "income.property_net.hint": "如出租房屋、存款利息",
    "income.transfer_net": "转移净收入",
    "income.transfer_net.hint": "如赡养费、离退休金等",
    "income.other": "其他收入",
    "income.rigid_expenditure_deduction": "因残、因病刚性支出（可扣减）",
    "income.disability_subsidies": "残疾人两项补贴",
    "income.basic_pension_central": "城乡居民基础养老金",
    "income.preferential_pension": "优待抚恤金",
    "income.family_planning_award": "计划生育奖励与扶助金",
    "income.scholarship": "奖学金",
    "income.heroism_award": "见义勇为等奖励",
    "income.social_assistance": "政府发放的社会救助款物",

    "assets.deposits": "存款、现金",
    "assets.securities": "有价证券",
    "assets.commercial_insurance": "商业保险（现金价值）",
    "assets.funds": "基金",
    "assets.online_financial": "互联网金融资产",
    "assets.receivables": "债权",
    "assets.vehicles": "机动车辆（价值）",
    "assets.extra_dwellings": "除自住外的其他住房（套）",

    "flags.serious_illness": "重病患者",
    "flags.orphan": "孤儿",
    "flags.de_facto_unsupported_child": "事实无人抚养儿童",
    "flags.lives_in_institution": "在养老、福利机构集中供养",

    "result.heading": "测算结果",
    "result.monthly_total": "每月合计",
    "result.per_month": "元/月",
    "result.yuan": "元",
    "result.one_off": "一次性发放",
    "result.why": "说明",
    "result.basis": "依据",
    "result.line_items": "金额构成",
    "result.steps": "详细计算过程",
    "result.parameters": "所用标准",
    "result.effective": "施行",
    "result.effective_to": "至",
    "result.note": "备注",
    "result.illustrative_notice": "本项测算用到了示例数值（官方数值尚未核实），结果仅作演示：",
    "result.warnings": "请注意",
    "result.summary": "本月可得（按成员）",
    "result.summary.household": "全家",
    "result.summary.who": "成员",
    "result.summary.what": "项目",
    "result.summary.amount": "金额",
    "result.summary.cash": "现金合计",
    "result.summary.vouchers": "服务券合计（非现金）",
    "form.kind.voucher": "服务券，非现金",
    "form.kind.status": "资格认定，无单独金额",
    "result.illustrative_result": "本结果用到了示例数值（官方数值尚未核实，见下方“请注意”），仅作演示，不代表实际金额或等级。",
    "result.receipt": "测算凭据",
    "result.receipt.engine": "引擎版本",
    "result.receipt.parameters": "参数校验码",
    "result.receipt.input": "输入校验码",
    "result.region": "适用地区",
    "result.date": "测算日期",
    "result.passed": "符合",
    "result.failed": "不符合",
    "result.open_source": "查看原文（将离开本页）",
    "result.inputs": "数据",

    "status.eligible": "符合条件",
    "status.not_eligible": "不符合条件",
    "status.undetermined": "暂无法判断",
    "status.not_assessed": "未测算",

    "pstatus.verified": "已核实",
    "pstatus.reported": "据公开报道",
    "pstatus.structure": "规则已核实、数值未公开",
    "pstatus.illustrative": "示例数值",
    "tech.summary": "技术信息（供核对）",
    "date.default_note": "默认按最新核实标准的最后一天测算：{number}有效期至{last}。",
    "date.later_banner": "所选日期的标准尚未收录：沿用最新核实的数值，来自{number}（{from}起施行，有效期至{last}）。实际标准可能已调整。",
    "answer.heading": "您可以领取",
    "answer.none": "按您填写的情况，暂未测算出可以领取的项目。",
    "answer.total": "每月合计",
    "answer.pending": "还需要您回答",
    "answer.ask": "去回答：",
    "answer.next": "下一步：",
    "answer.how_to_apply": "怎样申请",
    "answer.illustrative": "含示例数值",
    "answer.folded": "不符合条件或未测算的项目，及原因（{n}项）",
    "answer.undetermined_more": "以下项目暂无法判断，回答相应问题后重新测算即可：",
    "apply.heading": "怎样申请",
    "apply.where": "申请最低生活保障以家庭为单位：由一名共同生活的家庭成员作为申请人，向户籍所在地的乡镇人民政府（街道办事处）提出书面申请；实施网上申请受理的地方，也可以通过互联网申请。",
    "apply.proxy": "申请有困难的，可以委托村（居）民委员会或者其他人代为申请（需办理委托手续）。",
    "apply.documents": "需要携带的材料、以及其他项目的申请方式，本工具收录的文件没有写明，请向受理的乡镇人民政府（街道办事处）询问。",
    "apply.basis": "依据：",
    "save.heading": "保存或分享（数据只留在您的设备上）",
    "save.json": "下载测算文件（JSON）",
    "save.print": "打印或另存为PDF",
    "save.link": "生成分享链接",
    "save.link_label": "分享链接（填写的内容在链接“#”之后，打开链接时不会发送到任何服务器）",
    "save.open": "打开保存的测算文件",
    "save.open_failed": "无法读取此文件。",
    "ask.field.supporters": "{who}的法定义务人",
    "ask.field.date": "测算日期",
    "ask.field.back_pay": "原低保标准和补发月数",
    "ask.field.prices": "当月价格指数",
    "ask.field.rigid": "过去12个月的刚性支出",
    "form.range": "允许范围：{min}–{max}",
    "form.date_placeholder": "年-月-日，如 2025-07-01",
    "form.errors_count": "共{n}处需要修改：",
    "nav.about": "数据与来源",
    "path.heading": "如果工资增加，待遇会怎样？",
    "path.button": "看看工资增加时的变化",
    "path.x_axis": "申请人每月工资（元）",
    "path.caption": "申请人每月工资从{from}元到{to}元时，全家每月待遇合计的变化（其他情况不变）：",
    "path.starts": "工资达到{at}元时：开始享受{name}（全家每月合计 {before} → {after} 元）",
    "path.ends": "工资达到{at}元时：{name}停止（全家每月合计 {before} → {after} 元）",
    "path.cliff": "　工资只多一分钱，全家每月合计却少{drop}元",
    "path.no_change": "在此范围内，各项目的资格不变。",
    "path.failed": "暂时无法计算工资变化的影响。",
  },
  en: {
    "page.title": "Civil-affairs benefit calculator",
    "page.subtitle": "Guangzhou social assistance and elderly care (trial)",
    "page.privacy":
      "Everything is calculated in your browser: nothing you enter is sent anywhere, and it is gone when you close the page.",
    "page.disclaimer":
      "Results are an estimate; the civil-affairs office's review and decision is what counts.",
    "page.loading": "Loading the calculation engine…",
    "page.load_failed": "The calculation engine could not be loaded. Please reload the page.",
    "page.engine": "Engine version",
    "lang.switch": "中文",
    "lang.switch_label": "切换到中文",
    "nav.label": "Calculators",
    "tool.household": "Household assistance check",
    "tool.household.intro":
      "Enter the household's members, income and assets to see which assistance programmes apply, the monthly amounts, and the legal basis of each.",
    "tool.care_home": "Care-home monthly cost estimate",
    "tool.care_home.intro": "Estimate a month in a public care home: bed, care and meal fees, the reduction for the resident's group, long-term care insurance, other subsidies, and what the resident pays.",
    "tool.assessment": "Elderly ability self-assessment",
    "tool.assessment.intro":
      "Score an older person's daily living, mobility, mental state and social participation item by item, by the national standard, to get the ability level and the care tier it leads to. A self-assessment is an estimate; the official one is made by an assessment agency.",
    "tool.star": "Care-home star self-check",
    "tool.star.intro": "Score a care home item by item on the grading card, see the level it reaches, and the fewest points, by item, that reach the next level. A self-check is an estimate; the grading body's assessment is what counts.",
    "tool.missing": "This calculator is not available yet.",

    "form.required": "required",
    "form.optional": "optional",
    "form.money_hint": "元 a month, at most two decimals",
    "form.money_hint_total": "元, at most two decimals",
    "form.submit": "Calculate",
    "form.reset": "Start again",
    "form.errors_summary": "Please correct the following:",
    "form.error_whole": "The request has a problem",
    "form.engine_detail": "Engine message",
    "form.choose": "Choose",
    "form.not_assessed": "Not assessed",
    "member.home_care_funding": "Home and community care funding category",
    "member.home_care_funding.hint": "The categories found on assessment; the higher applies",
    "member.section.disability": "Disability subsidies (optional)",
    "member.section.disability.hint": "For the living subsidy and the care subsidy for disabled persons.",
    "member.service_disability_grade": "Grade on a disabled soldier's or police officer's certificate",
    "member.service_disability_grade.hint": "Grades 1–10; 1–4 qualify for the care subsidy",
    "member.disability_subsidy_approved": "Date the disability subsidies were approved",
    "member.disability_subsidy_approved.hint": "Paid from the following month",
    "member.elderly_care_subsidy": "Elderly care subsidy already received (元 a month)",
    "member.elderly_care_subsidy.hint": "Only the higher of it and the disability care subsidy is paid",
    "member.section.meals": "Meals at a seniors' canteen this month (optional)",
    "member.section.meals.hint": "Lunch and dinner count separately.",
    "meal_aid.meals": "Meals this month",
    "meal_aid.meals.hint": "0–62",
    "meal_aid.meal_price": "Price of one meal (元)",
    "meal_aid.delivered_meals": "Of which delivered",
    "meal_aid.care_level": "Care level (needed for deliveries)",
    "meal_aid.care_level.hint": "Levels 1–5",
    "flags.work_injury_care_allowance": "Receives the work-injury nursing allowance",
    "flags.retired_cadre_lixiu": "Retired cadre (离休)",
    "flags.full_time_student": "Full-time student (up to bachelor level)",
    "flags.childless": "No children",
    "flags.outpatient_special_disease": "门特 patient (class 1 or 2)",

    "household.section.other": "Other circumstances (optional)",
    "household.section.rigid": "Rigid spending over the past 12 months (hardship from rigid spending)",
    "household.rigid.hint": "For the whole household, in 元.",
    "household.section.back_pay": "Back pay after a raised dibao standard",
    "household.back_pay.hint": "When a new standard applies back to January, the difference is paid for the months already paid at the old one.",
    "household.section.prices": "Price-linked subsidy: this month's price indices",
    "household.prices.hint": "Year-on-year rise of consumer prices, in %.",
    "rigid.basic_living": "Basic living costs",
    "rigid.medical_out_of_pocket": "Medical costs paid out of pocket",
    "rigid.education": "Education",
    "rigid.rehabilitation": "Rehabilitation",
    "back_pay.previous_standard": "Previous dibao standard (元 per person a month)",
    "back_pay.previous_standard.hint": "The standard before the raise",
    "back_pay.months": "Months to pay back",
    "back_pay.months.hint": "1–12 months",
    "price_indices.cpi_yoy_percent": "Consumer price index (CPI), year-on-year rise",
    "price_indices.cpi_yoy_percent.hint": "e.g. 3.6 for a 3.6 % rise",
    "price_indices.food_cpi_yoy_percent": "Food price index, year-on-year rise",
    "member.supporters": "People legally bound to support this person",
    "member.supporters.hint": "Used to decide tekun support: without an answer it may be “cannot be decided yet”",
    "supporters.unknown": "Not known / not given",
    "member.section.care": "Care needs (if assessed; optional)",
    "member.section.care.hint": "Sets the tekun care standard.",
    "member.ability_level": "Elderly ability assessment level",
    "member.adl_unmet": "Of the six daily activities, how many cannot be done unaided",
    "member.adl_unmet.hint": "Eating, dressing, getting in and out of bed, toileting, walking indoors, bathing",
    "member.home_care_subsidy": "Home-care subsidy already granted (元 a month)",
    "income.pension": "Basic pension",
    "income.pension.hint": "e.g. the employees' pension (not the residents' basic pension)",
    "income.social_insurance_benefits": "Other social-insurance benefits",
    "income.social_insurance_benefits.hint": "e.g. unemployment benefit",
    "income.longevity_allowance": "Old-age or longevity allowance",
    "flags.child_chooses_tekun": "Orphan or unsupported child choosing tekun support",
    "flags.unemployment_benefit": "Receiving unemployment benefit",
    "flags.preferential_care_recipient": "Entitled person with a regular pension (优抚对象)",

    "form.none": "None",

    "household.section.basic": "Basics",
    "household.calculation_date": "Date of the check",
    "household.calculation_date.hint": "The standards of the month containing this date apply",
    "household.district": "District",
    "household.area": "Urban or rural",
    "household.section.members": "Household members",
    "household.members.hint": "Members living together; give average monthly income.",
    "household.add_member": "Add a member",
    "household.remove_member": "Remove member",
    "household.member": "Member",
    "household.section.assets": "Household assets",
    "household.assets.hint": "For the whole household, in 元.",
    "household.explain": "Show the detailed calculation",

    "member.id": "Name or role",
    "member.default_self": "me",
    "member.id.hint": "Tells members apart in the result, e.g. “me”, “spouse”",
    "member.relationship": "Relationship to the applicant",
    "member.sex": "Sex",
    "member.age": "Age (completed years)",
    "member.age.hint": "Give the age or the date of birth, not both",
    "member.birth_date": "Date of birth",
    "member.hukou": "Household registration (hukou)",
    "member.disability.category": "Disability certificate: category",
    "member.disability.grade": "Disability grade",
    "member.flags": "Circumstances",
    "member.section.income": "Monthly income",
    "member.section.excluded": "Payments not counted as income (optional, shown in the explanation)",

    "income.wages": "Wages",
    "income.employment_costs": "Necessary employment costs",
    "income.employment_costs.hint": "e.g. own social-insurance contributions, commuting; deducted from wages",
    "income.business_net": "Net business income",
    "income.property_net": "Net property income",
    "income.property_net.hint": "e.g. rent received, interest",
    "income.transfer_net": "Net transfer income",
    "income.transfer_net.hint": "e.g. maintenance received, pensions",
    "income.other": "Other income",
    "income.rigid_expenditure_deduction": "Rigid disability or illness spending (deductible)",
    "income.disability_subsidies": "The two disability subsidies",
    "income.basic_pension_central": "Residents' basic pension (basic part)",
    "income.preferential_pension": "Preferential pensions",
    "income.family_planning_award": "Family-planning awards",
    "income.scholarship": "Scholarships",
    "income.heroism_award": "Heroism awards",
    "income.social_assistance": "Social assistance received",

    "assets.deposits": "Deposits and cash",
    "assets.securities": "Securities",
    "assets.commercial_insurance": "Commercial insurance (cash value)",
    "assets.funds": "Funds",
    "assets.online_financial": "Online financial assets",
    "assets.receivables": "Money owed to the household",
    "assets.vehicles": "Motor vehicles (value)",
    "assets.extra_dwellings": "Dwellings owned besides the home (count)",

    "flags.serious_illness": "Serious illness",
    "flags.orphan": "Orphan",
    "flags.de_facto_unsupported_child": "Child without de facto care",
    "flags.lives_in_institution": "Lives in a care institution",

    "result.heading": "Result",
    "result.monthly_total": "Monthly total",
    "result.per_month": "元 a month",
    "result.yuan": "元",
    "result.one_off": "One-off payment",
    "result.why": "Why",
    "result.basis": "Basis",
    "result.line_items": "How the amount is made up",
    "result.steps": "Detailed calculation",
    "result.parameters": "Standards used",
    "result.effective": "in force from",
    "result.effective_to": "to",
    "result.note": "Note",
    "result.illustrative_notice":
      "This check used an illustrative figure (the official one has not been verified), so treat the outcome as a demonstration:",
    "result.warnings": "Please note",
    "result.summary": "This month, by member",
    "result.summary.household": "Household",
    "result.summary.who": "Member",
    "result.summary.what": "Programme",
    "result.summary.amount": "Amount",
    "result.summary.cash": "Cash in total",
    "result.summary.vouchers": "Service vouchers in total (not cash)",
    "form.kind.voucher": "service vouchers, not cash",
    "form.kind.status": "a status; no amount of its own",
    "result.illustrative_result":
      "This result used illustrative figures (the official ones have not been verified; see “Please note” below): it is a demonstration, not the real amount or level.",
    "result.receipt": "Receipt",
    "result.receipt.engine": "Engine version",
    "result.receipt.parameters": "Parameters checksum",
    "result.receipt.input": "Input checksum",
    "result.region": "Region",
    "result.date": "Date",
    "result.passed": "met",
    "result.failed": "not met",
    "result.open_source": "Read the source (leaves this page)",
    "result.inputs": "Inputs",

    "status.eligible": "Eligible",
    "status.not_eligible": "Not eligible",
    "status.undetermined": "Cannot be decided yet",
    "status.not_assessed": "Not assessed",

    "pstatus.verified": "verified",
    "pstatus.reported": "reported",
    "pstatus.structure": "rule verified, figure not published",
    "pstatus.illustrative": "illustrative figure",
    "tech.summary": "Technical details",
    "date.default_note": "The date defaults to the last day with verified figures: {number} is valid until {last}.",
    "date.later_banner": "The standards for the chosen date are not in our data yet: the latest verified figures are used, from {number} (in force from {from}, valid until {last}). The real standard may have changed.",
    "answer.heading": "What you can receive",
    "answer.none": "From your answers, no programme pays at present.",
    "answer.total": "Monthly total",
    "answer.pending": "Your answers are still needed",
    "answer.ask": "Answer: ",
    "answer.next": "Next: ",
    "answer.how_to_apply": "how to apply",
    "answer.illustrative": "uses an illustrative figure",
    "answer.folded": "Not eligible or not assessed, and why ({n})",
    "answer.undetermined_more": "These cannot be decided yet; answer the question and calculate again:",
    "apply.heading": "How to apply",
    "apply.where": "Dibao is applied for by the household: one member living in it applies in writing to the township government or sub-district office (街道办事处) where the hukou is registered; where applications are taken online, online too.",
    "apply.proxy": "If applying is difficult, the village or residents' committee or another person may apply for you (with a power of attorney).",
    "apply.documents": "What to bring, and how to apply for the other programmes, is not stated in the documents this tool encodes: ask the office that takes the application.",
    "apply.basis": "Basis: ",
    "save.heading": "Save or share (your data stays on your device)",
    "save.json": "Download the check (JSON)",
    "save.print": "Print or save as PDF",
    "save.link": "Make a share link",
    "save.link_label": "Share link (the answers are after the “#”; opening the link sends them to no server)",
    "save.open": "Open a saved check",
    "save.open_failed": "This file cannot be read.",
    "ask.field.supporters": "people bound to support {who}",
    "ask.field.date": "the date of the check",
    "ask.field.back_pay": "the previous standard and months to pay back",
    "ask.field.prices": "this month's price indices",
    "ask.field.rigid": "rigid spending over the past 12 months",
    "form.range": "allowed: {min}–{max}",
    "form.date_placeholder": "yyyy-mm-dd, e.g. 2025-07-01",
    "form.errors_count": "{n} answers need correcting:",
    "nav.about": "Data and sources",
    "path.heading": "If the wages rise, what happens to the benefits?",
    "path.button": "See what changes as the wages rise",
    "path.x_axis": "Applicant's monthly wages (元)",
    "path.caption": "The household's monthly total as the applicant's wages go from {from} to {to} 元 (all else unchanged):",
    "path.starts": "At wages of {at} 元: {name} starts (household total {before} → {after} 元)",
    "path.ends": "At wages of {at} 元: {name} ends (household total {before} → {after} 元)",
    "path.cliff": " one fen more in wages, and the household gets {drop} 元 less a month",
    "path.no_change": "No programme starts or ends in this range.",
    "path.failed": "The effect of the wages cannot be calculated just now.",
  },
};

/** Closed sets of values (the wire enums) with their labels. */
const ENUMS = {
  district: {
    yuexiu: ["越秀区", "Yuexiu"],
    haizhu: ["海珠区", "Haizhu"],
    liwan: ["荔湾区", "Liwan"],
    tianhe: ["天河区", "Tianhe"],
    baiyun: ["白云区", "Baiyun"],
    huangpu: ["黄埔区", "Huangpu"],
    panyu: ["番禺区", "Panyu"],
    huadu: ["花都区", "Huadu"],
    nansha: ["南沙区", "Nansha"],
    conghua: ["从化区", "Conghua"],
    zengcheng: ["增城区", "Zengcheng"],
  },
  area: { urban: ["城镇", "Urban"], rural: ["农村", "Rural"] },
  hukou: {
    guangzhou: ["广州市户籍", "Guangzhou"],
    other_guangdong: ["广东省内其他地市户籍", "Elsewhere in Guangdong"],
    other: ["省外户籍", "Outside Guangdong"],
  },
  sex: {
    male: ["男", "Male"],
    female: ["女", "Female"],
  },
  relationship: {
    applicant: ["申请人本人", "Applicant"],
    spouse: ["配偶", "Spouse"],
    child: ["子女", "Child"],
    parent: ["父母", "Parent"],
    grandchild: ["孙子女、外孙子女", "Grandchild"],
    grandparent: ["祖父母、外祖父母", "Grandparent"],
    sibling: ["兄弟姐妹", "Sibling"],
    other: ["其他", "Other"],
  },
  disability: {
    visual: ["视力残疾", "Visual"],
    hearing: ["听力残疾", "Hearing"],
    speech: ["言语残疾", "Speech"],
    physical: ["肢体残疾", "Physical"],
    intellectual: ["智力残疾", "Intellectual"],
    mental: ["精神残疾", "Mental"],
    multiple: ["多重残疾", "Multiple"],
  },
  supporters: {
    none: ["没有法定义务人", "There is no one"],
    unable: ["有义务人，但无履行能力", "They are unable to support"],
    able: ["有义务人，且有能力履行", "Someone is able to support"],
  },
  ability_level: {
    intact: ["能力完好", "Intact"],
    mild: ["轻度失能", "Mildly impaired"],
    moderate: ["中度失能", "Moderately impaired"],
    severe: ["重度失能", "Severely impaired"],
    complete: ["完全失能", "Completely impaired"],
  },
  home_care_type: { type1: ["第一类资助对象", "Category 1"], type2: ["第二类资助对象", "Category 2"] },
  service_grade: Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [n, [`${n}级`, `Grade ${n}`]])),
  meal_care_level: Object.fromEntries([1, 2, 3, 4, 5].map((n) => [n, [`${n}级`, `Level ${n}`]])),
  adl_unmet: Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((n) => [n, [`${n}项`, String(n)]])),
  grade: {
    1: ["一级", "Grade 1"],
    2: ["二级", "Grade 2"],
    3: ["三级", "Grade 3"],
    4: ["四级", "Grade 4"],
  },
};

/** Units of parameters (schema `Unit`). */
const UNITS = {
  yuan_per_person_month: ["元/人/月", "元 per person a month"],
  yuan_per_month: ["元/月", "元 a month"],
  yuan_per_day: ["元/日", "元 a day"],
  yuan_per_year: ["元/年", "元 a year"],
  yuan: ["元", "元"],
  ratio: ["倍", "×"],
  months: ["个月", "months"],
  years: ["年", "years"],
  days: ["日", "days"],
  count: ["", ""],
  points: ["分", "points"],
};

/** Messages for the engine's stable error codes, shown next to the field. */
const ERRORS = {
  invalid_json: ["请求格式有误。", "The request is not valid."],
  input_too_large: ["填写的内容过多（最多100名成员）。", "Too much input (at most 100 members)."],
  invalid_type: ["格式不对，请填写数字。", "Wrong format: please enter a number."],
  missing_field: ["此项必须填写。", "This is required."],
  unknown_field: ["不支持的项目。", "This item is not supported."],
  invalid_value: ["请从列表中选择有效的值。", "Please choose a valid value."],
  invalid_money: [
    "请填写以元为单位的金额，最多两位小数（如 1500 或 785.40）。",
    "Enter an amount in 元 with at most two decimals (e.g. 1500 or 785.40).",
  ],
  negative_amount: ["金额不能为负数。", "An amount cannot be negative."],
  invalid_date: ["请填写有效日期。", "Enter a valid date."],
  out_of_range: ["数值超出允许范围。", "This number is out of range."],
  conflicting_fields: [
    "与其他填写内容矛盾（例如年龄和出生日期只填一项）。",
    "This contradicts another answer (e.g. give age or date of birth, not both).",
  ],
  duplicate_id: ["每位成员的称呼需不同。", "Each member needs a different name."],
  no_members: ["请至少填写一名家庭成员。", "Add at least one household member."],
  parameter_not_in_force: [
    "该日期没有可适用的标准，请换一个测算日期。",
    "No standard is encoded for this date; choose another date.",
  ],
  invalid_parameter_data: ["计算引擎数据有误，请联系网站管理员。", "The engine's data is faulty; please contact the site."],
  internal_error: ["计算引擎出现内部错误，请联系网站管理员。", "The engine met an internal error; please contact the site."],
};

let current = "zh";
const listeners = new Set();

/** The current language: "zh" or "en". */
export function lang() {
  return current;
}

/** Switches the language and notifies listeners (which re-render). */
export function setLang(next) {
  current = next === "en" ? "en" : "zh";
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  document.title = t("page.title");
  for (const fn of listeners) fn(current);
}

/** Calls `fn` after every language switch. */
export function onLangChange(fn) {
  listeners.add(fn);
}

/** The text for `key` in the current language (the key itself when missing, so gaps show), with `{name}` filled from `vars`. */
export function t(key, vars) {
  const text = TEXTS[current][key] ?? TEXTS.zh[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? vars[k] : m)) : text;
}

/** Whether a text exists for `key`. */
export function has(key) {
  return key in TEXTS.zh;
}

/** The label of `value` in the enum `name`. */
export function enumLabel(name, value) {
  const pair = ENUMS[name]?.[value];
  return pair ? pair[current === "zh" ? 0 : 1] : String(value);
}

/** The values of the enum `name`, in display order. */
export function enumValues(name) {
  return Object.keys(ENUMS[name]);
}

/** The unit text of a parameter unit. */
export function unitLabel(unit) {
  const pair = UNITS[unit];
  return pair ? pair[current === "zh" ? 0 : 1] : unit;
}

/** The message for an error code. */
export function errorMessage(code) {
  const pair = ERRORS[code];
  return pair ? pair[current === "zh" ? 0 : 1] : code;
}

/** Picks the Chinese or English member of an engine object (`label_zh` / `label_en`, …). */
export function pick(object, field) {
  if (!object) return "";
  const text = object[`${field}_${current}`] ?? object[`${field}_zh`] ?? "";
  return current === "zh" ? zhClean(text) : text;
}

const SUPPORTERS_ZH = { Unknown: "未填写", None: "没有", Unable: "无履行能力", Able: "有能力履行" };
const ROOMS_ZH = { single: "单人间", double: "双人间", multi: "多人间", ward: "病房" };

/**
 * An engine text for the Chinese page without the code words some of them carry: wire names in
 * brackets (`（back_pay）`), source keys (`（GZ-2025-STD）`), enum names (`法定义务人：Unknown`),
 * parameter keys, `max(…)`, and messages the engine has only in English. What is removed stays
 * in the technical details, where the wire names belong.
 */
export function zhClean(text) {
  if (typeof text !== "string" || !/[A-Za-z]/.test(text)) return text;
  const missing = /^no value of `[^`]+` \((.+?)\) is in force on (\d{4}-\d{2}-\d{2})/.exec(text);
  if (missing) return `${missing[2]}没有已收录的数值：${missing[1]}`;
  let x = text
    .replace(/：(Unknown|None|Unable|Able)\b/g, (_, v) => `：${SUPPORTERS_ZH[v]}`)
    .replace(/（(single|double|multi|ward)([，,）])/g, (_, r, end) => `（${ROOMS_ZH[r]}${end}`)
    .replace(/（[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+）/g, "")
    .replace(/（(?:[a-z][a-z0-9]*(?:[._][a-z0-9]+)+|supporters)）/g, "")
    .replace(/评分表gbt37276-2018/g, "评分表（GB/T 37276-2018）")
    .replace(/评分表[a-z][a-z0-9_-]*/g, "评分表")
    .replace(/[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+/g, "所需标准")
    .replace(/\bmax\(/g, "取较高者(")
    .replace(/\bmin\(/g, "取较低者(")
    .replace(/minzheng ?/g, "本工具");
  // A sentence left in English: say so in Chinese (the engine's text is in the technical details).
  if (/[A-Za-z]{2,}(?:[ ,;]+[A-Za-z]{2,}){2,}/.test(x)) x = "（此说明暂无中文）";
  return x;
}

/** Registers more texts (each form adds its own). */
export function addTexts(zh, en) {
  Object.assign(TEXTS.zh, zh);
  Object.assign(TEXTS.en, en);
}

/** Registers more enums. */
export function addEnums(enums) {
  Object.assign(ENUMS, enums);
}
