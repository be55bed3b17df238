"""The demo skill lexicon: canonical name, category and every zh/en spelling that means the same skill.

The resume screening engine builds its matcher from the Skill rows seeded from this list, so the
aliases are chosen to be unambiguous: no spelling belongs to two skills (a test checks it).
"""

from __future__ import annotations

# (canonical name, category, aliases)
SKILLS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # 编程 / programming
    ("Python", "编程", ("python3", "Python3", "py")),
    ("Java", "编程", ("JAVA", "J2EE", "JDK")),
    ("Go", "编程", ("Golang", "Go语言")),
    ("C++", "编程", ("cpp", "C/C++")),
    ("JavaScript", "编程", ("JS", "ECMAScript", "ES6")),
    ("TypeScript", "编程", ("TS",)),
    ("SQL", "编程", ("结构化查询语言", "T-SQL", "PL/SQL", "HiveSQL")),
    ("Linux", "编程", ("Unix", "Shell", "Bash")),
    ("Docker", "编程", ("容器化", "容器技术")),
    ("Kubernetes", "编程", ("K8s", "k8s", "容器编排")),
    ("Git", "编程", ("GitLab", "GitHub", "版本控制")),
    ("Spring Boot", "编程", ("SpringBoot", "Spring Cloud", "Spring框架")),
    ("React", "编程", ("React.js", "ReactJS")),
    ("Vue", "编程", ("Vue.js", "VueJS", "Vue3")),
    ("微服务", "编程", ("微服务架构", "microservices", "Microservice")),
    ("分布式系统", "编程", ("distributed systems", "分布式架构")),
    ("Redis", "编程", ("缓存中间件",)),
    ("MySQL", "编程", ("mysql", "MariaDB")),
    ("PostgreSQL", "编程", ("Postgres", "PG数据库")),
    ("Kafka", "编程", ("消息队列", "MQ", "RocketMQ")),
    ("高并发", "编程", ("high concurrency", "高并发架构")),
    ("单元测试", "编程", ("unit testing", "自动化测试", "TDD")),
    # 数据 / data
    ("机器学习", "数据", ("ML", "machine learning", "Machine Learning")),
    ("深度学习", "数据", ("deep learning", "DL", "神经网络")),
    ("数据分析", "数据", ("data analysis", "Data Analysis", "数据分析能力")),
    ("数据可视化", "数据", ("data visualization", "可视化报表")),
    ("Excel", "数据", ("excel", "数据透视表", "VLOOKUP")),
    ("Tableau", "数据", ("tableau",)),
    ("Power BI", "数据", ("PowerBI", "PBI")),
    ("Spark", "数据", ("PySpark", "Spark SQL")),
    ("Hadoop", "数据", ("Hive", "HDFS", "大数据平台")),
    ("统计分析", "数据", ("统计学", "statistics", "statistical analysis")),
    ("A/B测试", "数据", ("AB测试", "A/B testing", "AB实验")),
    ("数据挖掘", "数据", ("data mining",)),
    ("自然语言处理", "数据", ("NLP", "natural language processing")),
    ("Pandas", "数据", ("pandas", "NumPy")),
    ("SAS", "数据", ("SAS编程",)),
    ("R语言", "数据", ("R language", "RStudio")),
    ("风控建模", "数据", ("风险建模", "risk modeling", "风控模型")),
    ("信用评分卡", "数据", ("评分卡", "scorecard modeling", "信用评分")),
    # 销售 / sales
    ("客户关系管理", "销售", ("CRM", "crm", "Salesforce")),
    ("To B", "销售", ("ToB", "B端", "2B", "企业客户")),
    ("大客户销售", "销售", ("KA", "大客户管理", "key account", "Key Account Management")),
    ("渠道管理", "销售", ("渠道拓展", "channel management", "经销商管理")),
    ("商务谈判", "销售", ("谈判", "business negotiation", "negotiation")),
    ("招投标", "销售", ("投标", "bidding", "标书")),
    ("销售预测", "销售", ("sales forecasting", "业绩预测")),
    ("客户开发", "销售", ("新客户开发", "business development", "BD")),
    ("解决方案销售", "销售", ("solution selling", "方案销售", "顾问式销售")),
    ("门店运营", "零售", ("店铺运营", "store operations", "门店管理")),
    ("陈列管理", "零售", ("商品陈列", "visual merchandising", "VM陈列")),
    ("会员运营", "零售", ("会员管理", "membership operations", "私域运营")),
    ("库存管理", "零售", ("inventory management", "库存周转", "盘点")),
    ("新零售", "零售", ("O2O", "全渠道零售", "omnichannel")),
    # 管理 / management and product
    ("团队管理", "管理", ("团队建设", "team management", "people management", "带团队")),
    ("项目管理", "管理", ("PMP", "project management", "项目统筹")),
    ("敏捷开发", "管理", ("Scrum", "Agile", "敏捷")),
    ("OKR", "管理", ("目标与关键成果", "KPI管理")),
    ("绩效管理", "管理", ("performance management", "绩效考核")),
    ("跨部门协作", "管理", ("cross-functional collaboration", "跨团队协作")),
    ("产品规划", "产品", ("产品路线图", "product roadmap", "product planning")),
    ("需求分析", "产品", ("requirements analysis", "需求调研", "PRD")),
    ("用户研究", "产品", ("user research", "用户调研", "用户访谈")),
    ("原型设计", "产品", ("Axure", "Figma", "prototyping", "墨刀")),
    ("竞品分析", "产品", ("competitive analysis", "竞品调研")),
    # 财务 / finance and risk
    ("财务分析", "财务", ("financial analysis", "财报分析")),
    ("预算管理", "财务", ("budgeting", "全面预算", "预算编制")),
    ("成本控制", "财务", ("cost control", "成本管控", "降本增效")),
    ("税务筹划", "财务", ("tax planning", "税务管理")),
    ("审计", "财务", ("audit", "内部审计", "内审")),
    ("注册会计师", "财务", ("CPA", "中国注册会计师")),
    ("SAP", "财务", ("SAP FICO", "SAP ERP")),
    ("用友", "财务", ("用友U8", "用友NC", "Yonyou")),
    ("金蝶", "财务", ("金蝶K3", "Kingdee")),
    ("反洗钱", "风控", ("AML", "anti-money laundering")),
    ("信贷审批", "风控", ("credit approval", "授信审批", "贷前审查")),
    ("巴塞尔协议", "风控", ("Basel", "巴塞尔III")),
    # 生产 / production
    ("精益生产", "生产", ("Lean", "lean manufacturing", "TPS")),
    ("六西格玛", "生产", ("6σ", "Six Sigma", "6 Sigma", "DMAIC")),
    ("5S管理", "生产", ("5S", "6S", "现场管理")),
    ("ISO9001", "生产", ("ISO 9001", "质量管理体系")),
    ("安全生产", "生产", ("EHS", "HSE", "安全管理")),
    ("设备管理", "生产", ("设备维护", "equipment maintenance", "TPM")),
    ("生产计划", "生产", ("排产", "production planning", "PMC")),
    ("ERP", "生产", ("企业资源计划", "ERP系统")),
    ("MES", "生产", ("制造执行系统", "MES系统")),
    ("质量管理", "生产", ("quality management", "QC", "品质管理")),
    ("PLC", "生产", ("可编程逻辑控制器", "PLC编程")),
    # 人力资源 / HR
    ("招聘", "人力资源", ("recruitment", "人才招聘", "招聘配置")),
    ("员工关系", "人力资源", ("employee relations", "劳动关系")),
    ("薪酬福利", "人力资源", ("compensation and benefits", "C&B", "薪酬管理")),
    ("劳动法", "人力资源", ("劳动合同法", "labor law")),
    ("组织发展", "人力资源", ("organization development", "OD")),
    # 语言 / languages
    ("英语", "语言", ("English", "CET-6", "英语六级", "雅思", "IELTS")),
    ("日语", "语言", ("Japanese", "JLPT N1", "日语一级")),
)


def skill_names() -> list[str]:
    return [name for name, _, _ in SKILLS]


ENGLISH_NAMES = {"客户关系管理": "CRM", "新零售": "New retail", "机器学习": "Machine learning",
                 "数据分析": "Data analysis", "大客户销售": "Key account sales"}


def english_name(name: str, aliases) -> str:
    """The English name of a demo skill (issue 20: English pages show it): "" when the name is already Latin
    (Python, Excel), else the longest Latin alias, capitalised ("微服务" → "Microservices")."""
    if name.isascii():
        return ""
    if name in ENGLISH_NAMES:
        return ENGLISH_NAMES[name]
    latin = sorted((a for a in aliases if a.isascii() and any(ch.isalpha() for ch in a)), key=lambda a: (-len(a), a))
    return (latin[0][0].upper() + latin[0][1:]) if latin else ""
