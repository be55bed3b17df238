"""The demo company 星河智造集团: departments, positions with Chinese duties/requirements, and each
position's competency model (4–6 weighted dimensions summing to 100, with must-have skills)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

COMPANY_NAME = "星河智造集团"
COMPANY_NAME_EN = "Xinghe Smart Manufacturing Group"
EMAIL_DOMAIN = "xinghe-demo.example.com"


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    name_en: str
    headcount: int  # demo employees in this department (full seed), head included


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec("SALES", "销售部", "Sales", 52),
    DepartmentSpec("DATA", "数据部", "Data", 26),
    DepartmentSpec("PROD", "生产部", "Production", 48),
    DepartmentSpec("RETAIL", "零售部", "Retail", 54),
    DepartmentSpec("PRODUCT", "产品部", "Product", 22),
    DepartmentSpec("RISK", "风控部", "Risk management", 22),
    DepartmentSpec("RD", "研发部", "R&D", 46),
    DepartmentSpec("HR", "人力资源部", "Human resources", 14),
    DepartmentSpec("FIN", "财务部", "Finance", 16),
)


@dataclass(frozen=True)
class Dimension:
    competency: str
    weight: int
    must_have: tuple[str, ...] = ()


@dataclass(frozen=True)
class PositionSpec:
    code: str
    title_zh: str
    title_en: str
    department: str
    duties: str
    requirements: str
    min_years: int
    min_education: str
    salary_min: Decimal
    salary_max: Decimal
    headcount: int
    priority: str
    status: str
    dimensions: tuple[Dimension, ...]
    skill_pool: tuple[str, ...]  # skills a resume for this job plausibly mentions
    majors: tuple[str, ...]
    titles_zh: tuple[str, ...]  # job titles on resumes (junior → senior)
    titles_en: tuple[str, ...]
    bullets_zh: tuple[str, ...]
    bullets_en: tuple[str, ...]
    historical_share: int  # relative number of historical applications
    # The planted relation rewards "managed a team for ≥ 3 years" only for these people-leading roles.
    leadership_bonus: bool = False

    @property
    def top_dimensions(self) -> tuple[str, str]:
        """Codes of the highest- and second-highest-weighted dimensions (weights are strictly ordered)."""
        ranked = sorted(self.dimensions, key=lambda d: -d.weight)
        return ranked[0].competency, ranked[1].competency


POSITIONS: tuple[PositionSpec, ...] = (
    PositionSpec(
        code="SM-01", title_zh="销售经理", title_en="Sales Manager", department="SALES",
        duties=(
            "1. 负责华东区域工业软件与智能装备的To B销售，完成年度销售指标；\n"
            "2. 开发并维护重点行业大客户，推动从商机到回款的全过程；\n"
            "3. 带领5–8人的销售小组，制定区域打法并辅导组员；\n"
            "4. 使用CRM管理商机漏斗，按周输出销售预测。"
        ),
        requirements=(
            "1. 本科及以上学历，5年以上To B销售经验，其中至少2年团队管理经验；\n"
            "2. 熟悉大客户销售与解决方案销售，有百万级项目签约经验；\n"
            "3. 优秀的商务谈判与沟通能力，能适应出差；\n"
            "4. 熟练使用CRM系统，有制造业客户资源者优先。"
        ),
        min_years=5, min_education="本科", salary_min=Decimal("18000"), salary_max=Decimal("35000"),
        headcount=3, priority="high", status="open",
        dimensions=(
            Dimension("DRIVE", 30, ("客户关系管理",)),
            Dimension("CUST", 25, ("大客户销售",)),
            Dimension("NEGO", 20, ("商务谈判",)),
            Dimension("LEAD", 15),
            Dimension("COMM", 10),
        ),
        skill_pool=("客户关系管理", "大客户销售", "商务谈判", "To B", "渠道管理", "招投标", "销售预测", "客户开发",
                    "解决方案销售", "团队管理", "Excel", "英语"),
        majors=("市场营销", "工商管理", "国际贸易", "机械工程"),
        titles_zh=("销售代表", "客户经理", "高级客户经理", "区域销售经理", "销售总监"),
        titles_en=("Sales Representative", "Account Manager", "Senior Account Manager", "Regional Sales Manager",
                   "Sales Director"),
        bullets_zh=(
            "负责华东区域制造业To B客户开发，年度签约额从800万增长到1500万，完成率126%",
            "通过CRM系统管理120余个商机，按周做销售预测，预测准确率保持在85%以上",
            "主导3个百万级解决方案销售项目，从需求调研、方案讲解到商务谈判全程负责",
            "建立渠道管理机制，新签约经销商12家，渠道销售占比提升到35%",
            "牵头完成2次大型招投标，中标金额合计2300万元",
            "维护重点大客户20余家，客户续约率达到92%",
            "每月组织销售复盘会，沉淀标准话术与客户开发流程",
            "协调售前、交付与财务团队，平均回款周期缩短15天",
        ),
        bullets_en=(
            "Grew annual B2B contract value in East China from RMB 8M to 15M (126% of quota)",
            "Managed 120+ opportunities in CRM with weekly sales forecasting at 85% accuracy",
            "Led three million-yuan solution selling deals from discovery through business negotiation",
            "Built a channel management programme that signed 12 new distributors",
            "Won two large public tenders worth RMB 23M in total",
            "Kept a 92% renewal rate across 20 key accounts",
        ),
        historical_share=110, leadership_bonus=True,
    ),
    PositionSpec(
        code="KAM-01", title_zh="大客户经理", title_en="Key Account Manager", department="SALES",
        duties=(
            "1. 负责集团级战略客户的关系维护与深度经营；\n"
            "2. 识别客户新需求，推动交叉销售与续约；\n"
            "3. 组织客户高层拜访与年度业务回顾。"
        ),
        requirements=(
            "1. 本科及以上学历，3年以上大客户管理经验；\n"
            "2. 熟悉To B行业的采购决策链，具备优秀的谈判能力；\n"
            "3. 诚信正直，责任心强。"
        ),
        min_years=3, min_education="本科", salary_min=Decimal("15000"), salary_max=Decimal("28000"),
        headcount=2, priority="normal", status="open",
        dimensions=(
            Dimension("CUST", 30, ("大客户销售",)),
            Dimension("NEGO", 25),
            Dimension("COMM", 20),
            Dimension("DRIVE", 15),
            Dimension("INTEG", 10),
        ),
        skill_pool=("大客户销售", "客户关系管理", "商务谈判", "To B", "解决方案销售", "销售预测", "Excel", "英语"),
        majors=("市场营销", "工商管理", "经济学"),
        titles_zh=("客户经理", "大客户经理", "高级大客户经理"),
        titles_en=("Account Manager", "Key Account Manager", "Senior Key Account Manager"),
        bullets_zh=(
            "负责8家年采购额千万级的战略客户，年度续约率100%",
            "推动交叉销售，单客户年均采购额增长40%",
            "组织客户高层拜访与季度业务回顾，客户满意度评分4.8/5",
            "梳理客户采购决策链，提前半年锁定年度框架协议",
        ),
        bullets_en=(
            "Owned eight strategic accounts with annual spend above RMB 10M, 100% renewal",
            "Drove cross-selling that lifted average account revenue by 40%",
            "Ran quarterly business reviews with client executives (CSAT 4.8/5)",
        ),
        historical_share=30,
    ),
    PositionSpec(
        code="DA-01", title_zh="数据分析师", title_en="Data Analyst", department="DATA",
        duties=(
            "1. 搭建销售、供应链与零售业务的指标体系和看板；\n"
            "2. 开展专题分析与A/B测试，输出可落地的业务建议；\n"
            "3. 与数据工程团队协作，保障数据口径一致。"
        ),
        requirements=(
            "1. 本科及以上学历，统计学、数学、计算机相关专业，2年以上数据分析经验；\n"
            "2. 精通SQL，熟练使用Python（Pandas）进行分析；\n"
            "3. 熟悉Tableau或Power BI，了解机器学习常用模型者优先。"
        ),
        min_years=2, min_education="本科", salary_min=Decimal("14000"), salary_max=Decimal("26000"),
        headcount=2, priority="normal", status="open",
        dimensions=(
            Dimension("ANAL", 40, ("数据分析",)),
            Dimension("TECH", 30, ("SQL", "Python")),
            Dimension("COMM", 15),
            Dimension("LEARN", 15),
        ),
        skill_pool=("SQL", "Python", "数据分析", "Pandas", "Excel", "Tableau", "Power BI", "统计分析", "A/B测试",
                    "机器学习", "数据可视化", "Hadoop", "Spark", "R语言"),
        majors=("统计学", "数学与应用数学", "计算机科学与技术", "经济学"),
        titles_zh=("数据分析助理", "数据分析师", "高级数据分析师", "数据分析主管"),
        titles_en=("Junior Data Analyst", "Data Analyst", "Senior Data Analyst", "Analytics Lead"),
        bullets_zh=(
            "使用SQL与Python（Pandas）搭建零售日报与经营看板，覆盖300余家门店",
            "设计并分析12次A/B测试，推动首页改版，转化率提升8.5%",
            "基于机器学习模型预测门店销量，MAPE从18%降到11%",
            "用Tableau搭建供应链指标体系，库存周转天数下降6天",
            "梳理数据口径并编写数据字典，跨部门报表差异从每月20余处降到2处",
            "开展用户流失归因分析，识别三类高风险人群并推动召回活动",
        ),
        bullets_en=(
            "Built SQL and Python (Pandas) dashboards covering 300+ stores",
            "Designed and analysed 12 A/B tests; homepage redesign lifted conversion by 8.5%",
            "Forecast store sales with machine learning models, cutting MAPE from 18% to 11%",
            "Created a Tableau KPI suite for supply chain; inventory days fell by six",
        ),
        historical_share=40,
    ),
    PositionSpec(
        code="PS-01", title_zh="生产主管", title_en="Production Supervisor", department="PROD",
        duties=(
            "1. 负责装配车间两个班组的生产计划执行、人员排班与现场管理；\n"
            "2. 推进精益生产与5S管理，降低不良率和单位成本；\n"
            "3. 落实安全生产责任，组织班前会和隐患排查。"
        ),
        requirements=(
            "1. 大专及以上学历，机械、自动化相关专业，5年以上制造业生产管理经验；\n"
            "2. 熟悉精益生产、六西格玛、ISO9001质量管理体系；\n"
            "3. 具备30人以上班组管理经验，能适应倒班。"
        ),
        min_years=5, min_education="大专", salary_min=Decimal("12000"), salary_max=Decimal("20000"),
        headcount=2, priority="high", status="open",
        dimensions=(
            Dimension("PLAN", 30, ("生产计划",)),
            Dimension("QUAL", 25, ("安全生产",)),
            Dimension("LEAD", 20),
            Dimension("PROB", 15),
            Dimension("TEAM", 10),
        ),
        skill_pool=("生产计划", "安全生产", "精益生产", "六西格玛", "5S管理", "ISO9001", "设备管理", "质量管理",
                    "ERP", "MES", "团队管理", "成本控制"),
        majors=("机械设计制造及其自动化", "自动化", "工业工程", "材料成型及控制工程"),
        titles_zh=("生产组长", "生产班长", "生产主管", "车间主任"),
        titles_en=("Line Leader", "Shift Leader", "Production Supervisor", "Workshop Manager"),
        bullets_zh=(
            "负责装配车间两个班组共45人的排产与现场管理，计划达成率从88%提升到97%",
            "推行精益生产与5S管理，单台工时下降12%，现场评比连续4个季度第一",
            "主导六西格玛改善项目，产品不良率从1.8%降到0.6%",
            "落实安全生产责任制，连续730天零工伤事故",
            "配合上线MES系统，实现工单、物料与质量数据的实时追溯",
            "建立设备点检与TPM机制，设备综合效率OEE提升9个百分点",
        ),
        bullets_en=(
            "Supervised 45 operators on two assembly shifts; plan attainment rose from 88% to 97%",
            "Rolled out lean manufacturing and 5S, cutting unit labour time by 12%",
            "Led a Six Sigma project that reduced defect rate from 1.8% to 0.6%",
            "Achieved 730 consecutive days without a lost-time injury",
        ),
        historical_share=45, leadership_bonus=True,
    ),
    PositionSpec(
        code="STM-01", title_zh="门店经理", title_en="Store Manager", department="RETAIL",
        duties=(
            "1. 全面负责门店的销售、利润、库存和人员管理；\n"
            "2. 开展会员运营与社群营销，提高复购率；\n"
            "3. 执行陈列标准与服务标准，处理顾客投诉。"
        ),
        requirements=(
            "1. 大专及以上学历，3年以上零售门店管理经验；\n"
            "2. 熟悉门店运营、陈列管理与库存管理；\n"
            "3. 有10人以上团队管理经验，抗压能力强，能适应节假日排班。"
        ),
        min_years=3, min_education="大专", salary_min=Decimal("10000"), salary_max=Decimal("18000"),
        headcount=4, priority="urgent", status="open",
        dimensions=(
            Dimension("CUST", 30, ("门店运营",)),
            Dimension("LEAD", 25),
            Dimension("DRIVE", 20),
            Dimension("PLAN", 15, ("库存管理",)),
            Dimension("ADAPT", 10),
        ),
        skill_pool=("门店运营", "陈列管理", "会员运营", "库存管理", "新零售", "团队管理", "Excel", "绩效管理",
                    "客户关系管理"),
        majors=("市场营销", "工商管理", "物流管理", "电子商务"),
        titles_zh=("店员", "店长助理", "店长", "区域督导"),
        titles_en=("Sales Associate", "Assistant Store Manager", "Store Manager", "Area Supervisor"),
        bullets_zh=(
            "管理一家年销售额2400万的旗舰店，带领18名店员，年度业绩同比增长22%",
            "搭建会员运营与私域社群，会员复购率从31%提升到45%",
            "优化陈列管理与动线，坪效提升15%",
            "建立周盘点与库存预警机制，库存准确率达到99.5%，损耗率下降0.4个百分点",
            "在双十一和春节旺季合理排班，高峰期顾客等待时间缩短一半",
            "处理顾客投诉并复盘，门店满意度评分位列区域第一",
        ),
        bullets_en=(
            "Ran a flagship store with RMB 24M annual sales and 18 staff; sales up 22% year on year",
            "Built membership operations and private-traffic groups; repeat purchase rate up from 31% to 45%",
            "Improved visual merchandising and store layout, raising sales per square metre by 15%",
        ),
        historical_share=60, leadership_bonus=True,
    ),
    PositionSpec(
        code="PM-01", title_zh="产品经理", title_en="Product Manager", department="PRODUCT",
        duties=(
            "1. 负责智能工厂SaaS产品的规划与迭代，制定产品路线图；\n"
            "2. 开展用户研究与需求分析，输出PRD与原型；\n"
            "3. 协调研发、设计与运营团队按期交付，并跟踪上线效果。"
        ),
        requirements=(
            "1. 本科及以上学历，3年以上B端产品经验；\n"
            "2. 熟练使用Axure/Figma等原型工具，具备数据分析能力；\n"
            "3. 有制造业或供应链产品经验者优先。"
        ),
        min_years=3, min_education="本科", salary_min=Decimal("18000"), salary_max=Decimal("32000"),
        headcount=1, priority="normal", status="open",
        dimensions=(
            Dimension("CUST", 30, ("需求分析",)),
            Dimension("INNOV", 25),
            Dimension("COMM", 20),
            Dimension("ANAL", 15),
            Dimension("PLAN", 10),
        ),
        skill_pool=("产品规划", "需求分析", "用户研究", "原型设计", "竞品分析", "数据分析", "项目管理", "敏捷开发",
                    "SQL", "To B", "跨部门协作"),
        majors=("计算机科学与技术", "工业设计", "信息管理与信息系统", "工商管理"),
        titles_zh=("产品助理", "产品经理", "高级产品经理", "产品总监"),
        titles_en=("Associate Product Manager", "Product Manager", "Senior Product Manager", "Head of Product"),
        bullets_zh=(
            "负责设备管理SaaS从0到1的产品规划，上线一年签约客户60家",
            "开展30余场用户访谈与现场调研，输出PRD与Axure原型，需求一次通过率90%",
            "搭建产品数据指标体系，通过竞品分析确定三大差异化功能",
            "采用敏捷开发双周迭代，与研发、测试协作，版本按期交付率95%",
            "推动新客户上手流程改版，新客户激活时间从14天缩短到5天",
        ),
        bullets_en=(
            "Took an equipment-management SaaS from zero to 60 paying customers in its first year",
            "Ran 30+ user interviews and wrote PRDs and Figma prototypes",
            "Shipped in two-week agile sprints with 95% on-time releases",
        ),
        historical_share=35,
    ),
    PositionSpec(
        code="RA-01", title_zh="风险分析师", title_en="Risk Analyst", department="RISK",
        duties=(
            "1. 负责供应链金融业务的信用风险分析与贷前审查；\n"
            "2. 开发并监控风控模型与信用评分卡；\n"
            "3. 跟踪逾期与坏账指标，提出风险策略优化建议。"
        ),
        requirements=(
            "1. 硕士及以上学历，金融、统计、数学相关专业，2年以上风控经验；\n"
            "2. 熟悉风控建模、信用评分卡，精通SQL与Python或SAS；\n"
            "3. 了解巴塞尔协议与反洗钱监管要求。"
        ),
        min_years=2, min_education="硕士", salary_min=Decimal("16000"), salary_max=Decimal("30000"),
        headcount=1, priority="normal", status="open",
        dimensions=(
            Dimension("RISK", 35, ("风控建模",)),
            Dimension("ANAL", 25, ("SQL",)),
            Dimension("INTEG", 15),
            Dimension("TECH", 15),
            Dimension("COMM", 10),
        ),
        skill_pool=("风控建模", "信用评分卡", "SQL", "Python", "SAS", "统计分析", "机器学习", "信贷审批", "反洗钱",
                    "巴塞尔协议", "Excel"),
        majors=("金融学", "统计学", "金融工程", "数学与应用数学"),
        titles_zh=("风险专员", "风险分析师", "高级风险分析师", "风险策略经理"),
        titles_en=("Risk Associate", "Risk Analyst", "Senior Risk Analyst", "Risk Strategy Manager"),
        bullets_zh=(
            "开发小微企业信用评分卡，KS值从0.32提升到0.41，坏账率下降0.8个百分点",
            "负责供应链金融贷前审查，年审批授信额度15亿元",
            "搭建逾期预警体系，M1回收率提升12%",
            "使用SQL与Python清洗千万级交易数据，构建反洗钱可疑交易监测规则",
            "按季度开展模型监控与压力测试，输出风险报告给管理层",
        ),
        bullets_en=(
            "Built an SME credit scorecard that lifted KS from 0.32 to 0.41",
            "Reviewed RMB 1.5B of supply-chain credit lines per year",
            "Designed AML monitoring rules over tens of millions of transactions in SQL and Python",
        ),
        historical_share=35,
    ),
    PositionSpec(
        code="RD-01", title_zh="研发工程师", title_en="R&D Engineer", department="RD",
        duties=(
            "1. 负责工业物联网平台后端服务的设计与开发；\n"
            "2. 参与微服务架构演进，保障系统高并发、高可用；\n"
            "3. 编写单元测试与技术文档，参与代码评审。"
        ),
        requirements=(
            "1. 本科及以上学历，计算机相关专业，3年以上后端开发经验；\n"
            "2. 精通Java或Go，熟悉Spring Boot、MySQL、Redis、Kafka；\n"
            "3. 熟悉Docker/Kubernetes，有分布式系统经验者优先。"
        ),
        min_years=3, min_education="本科", salary_min=Decimal("20000"), salary_max=Decimal("40000"),
        headcount=3, priority="high", status="open",
        dimensions=(
            Dimension("TECH", 30, ("Java", "MySQL")),
            Dimension("PROB", 25),
            Dimension("LEARN", 15),
            Dimension("TEAM", 12),
            Dimension("INNOV", 10),
            Dimension("COMM", 8),
        ),
        skill_pool=("Java", "Go", "Python", "Spring Boot", "MySQL", "Redis", "Kafka", "Docker", "Kubernetes",
                    "微服务", "分布式系统", "高并发", "Linux", "Git", "单元测试", "PostgreSQL"),
        majors=("计算机科学与技术", "软件工程", "电子信息工程", "通信工程"),
        titles_zh=("初级开发工程师", "开发工程师", "高级开发工程师", "技术专家"),
        titles_en=("Junior Software Engineer", "Software Engineer", "Senior Software Engineer", "Staff Engineer"),
        bullets_zh=(
            "负责设备接入网关后端开发（Java、Spring Boot），支撑10万台设备在线，峰值QPS 2万",
            "主导单体系统拆分为12个微服务，部署在Kubernetes上，发布时长从2小时缩短到15分钟",
            "使用Redis与Kafka重构告警链路，端到端延迟从5秒降到300毫秒",
            "优化MySQL慢查询与索引，核心接口P99延迟下降60%",
            "推动单元测试覆盖率从35%提升到80%，线上缺陷数下降一半",
            "编写技术文档并组织内部分享，带教3名新人",
        ),
        bullets_en=(
            "Built a Java / Spring Boot device gateway serving 100k connected devices at 20k QPS",
            "Split a monolith into 12 microservices on Kubernetes; deployment time fell from 2 hours to 15 minutes",
            "Rebuilt the alerting pipeline on Redis and Kafka, cutting latency from 5 s to 300 ms",
            "Raised unit test coverage from 35% to 80%",
        ),
        historical_share=60,
    ),
    PositionSpec(
        code="HRBP-01", title_zh="人力资源业务伙伴", title_en="HR Business Partner", department="HR",
        duties=(
            "1. 支持生产与零售事业部的招聘、绩效与员工关系工作；\n"
            "2. 诊断组织问题，推动组织发展与人才盘点；\n"
            "3. 处理劳动争议，确保用工合规。"
        ),
        requirements=(
            "1. 本科及以上学历，3年以上HRBP或人力资源综合经验；\n"
            "2. 熟悉劳动法与劳动合同法，有员工关系处理经验；\n"
            "3. 良好的沟通与影响能力。"
        ),
        min_years=3, min_education="本科", salary_min=Decimal("13000"), salary_max=Decimal("22000"),
        headcount=1, priority="low", status="paused",
        dimensions=(
            Dimension("COMM", 30, ("劳动法",)),
            Dimension("STRAT", 25),
            Dimension("INTEG", 20),
            Dimension("PROB", 15),
            Dimension("ADAPT", 10),
        ),
        skill_pool=("招聘", "员工关系", "薪酬福利", "劳动法", "绩效管理", "组织发展", "Excel"),
        majors=("人力资源管理", "心理学", "工商管理", "法学"),
        titles_zh=("人事专员", "HRBP", "高级HRBP"),
        titles_en=("HR Specialist", "HR Business Partner", "Senior HRBP"),
        bullets_zh=(
            "支持800人规模的生产事业部，年度招聘到岗率95%",
            "组织年度人才盘点与绩效校准，识别高潜人才40名",
            "处理劳动争议12起，均在仲裁前协商解决",
        ),
        bullets_en=(
            "Partnered with an 800-person manufacturing division; 95% of hiring plans filled",
            "Ran annual talent reviews and performance calibration",
        ),
        historical_share=15,
    ),
    PositionSpec(
        code="FA-01", title_zh="财务分析师", title_en="Financial Analyst", department="FIN",
        duties=(
            "1. 负责经营分析、预算编制与滚动预测；\n"
            "2. 分析成本结构，提出成本控制建议；\n"
            "3. 支持月结、审计与税务申报。"
        ),
        requirements=(
            "1. 本科及以上学历，财务、会计相关专业，3年以上财务分析经验；\n"
            "2. 熟悉预算管理与成本控制，熟练使用Excel与SAP或用友；\n"
            "3. 持有CPA或正在备考者优先。"
        ),
        min_years=3, min_education="本科", salary_min=Decimal("13000"), salary_max=Decimal("24000"),
        headcount=1, priority="normal", status="closed",
        dimensions=(
            Dimension("ANAL", 30, ("财务分析",)),
            Dimension("INTEG", 25),
            Dimension("RISK", 20),
            Dimension("PLAN", 15, ("预算管理",)),
            Dimension("COMM", 10),
        ),
        skill_pool=("财务分析", "预算管理", "成本控制", "税务筹划", "审计", "注册会计师", "SAP", "用友", "金蝶", "Excel"),
        majors=("会计学", "财务管理", "金融学", "审计学"),
        titles_zh=("会计", "财务分析师", "高级财务分析师", "财务经理"),
        titles_en=("Accountant", "Financial Analyst", "Senior Financial Analyst", "Finance Manager"),
        bullets_zh=(
            "负责事业部年度预算编制与滚动预测，预算偏差控制在3%以内",
            "搭建产品线成本模型，识别降本机会，年节约成本600万元",
            "配合年度审计与税务筹划，按期完成月结与报表",
        ),
        bullets_en=(
            "Owned the division's annual budget and rolling forecast within 3% variance",
            "Built a product-line cost model that found RMB 6M of annual savings",
        ),
        historical_share=20,
    ),
)

POSITION_BY_CODE = {p.code: p for p in POSITIONS}
DEPARTMENT_BY_CODE = {d.code: d for d in DEPARTMENTS}
