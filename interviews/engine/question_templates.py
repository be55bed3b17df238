"""Question templates of the bank generator: each entry is one question written in Chinese and English.

The two texts of a template are translations of each other, so every generated question has a zh and an
en version. Slots filled by the generator:

- ``{competency}`` — the competency's name (zh name in zh text, en name in en text),
- ``{title}`` — the position's title,
- ``{duty}`` — one short duty taken from the position's duties (templates with it are used only when the
  position lists duties),
- ``{skill}`` — one must-have skill (technical questions).

``difficulty`` is 1 (entry), 2 (standard) or 3 (demanding); the generator spreads a bank over all three.
Adding a template never changes the banks already generated for other types, but it does change which
templates a seed picks for the same type, so bump ``GENERATOR_VERSION`` when editing this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter


@dataclass(frozen=True)
class QuestionTemplate:
    id: str
    question_type: str
    difficulty: int
    zh: str
    en: str

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(name for _, name, _, _ in Formatter().parse(self.zh) if name)


def _templates(question_type: str, rows: list[tuple[int, str, str]]) -> tuple[QuestionTemplate, ...]:
    return tuple(
        QuestionTemplate(f"{question_type}.{index:02d}", question_type, difficulty, zh, en)
        for index, (difficulty, zh, en) in enumerate(rows, start=1)
    )


BEHAVIOURAL = _templates("behavioural", [
    (1, "请讲一个最能体现你{competency}的具体事例：当时的情况、你的任务、你采取的行动和最终结果分别是什么？",
        "Tell me about the example that best shows your {competency}: what was the situation, your task, "
        "the actions you took and the result?"),
    (2, "请回忆一次你必须依靠{competency}才能完成工作任务的经历。你具体做了什么？结果如何？",
        "Recall a time when you could only get a piece of work done by relying on your {competency}. "
        "What exactly did you do, and what was the outcome?"),
    (2, "请描述一次你在{competency}方面遇到挫折的经历，你是如何应对的，之后做了哪些改进？",
        "Describe a setback you had that involved your {competency}. How did you respond, and what did you "
        "improve afterwards?"),
    (3, "请举一个你在资源不足或时间紧迫的情况下仍然体现出{competency}的例子：你做了哪些取舍？结果用什么数据衡量？",
        "Give an example where you showed {competency} despite scarce resources or a tight deadline: which "
        "trade-offs did you make, and which figures measure the result?"),
    (1, "过去一年里，哪一项工作最能说明你的{competency}？请说说你本人在其中承担的角色。",
        "Which piece of work in the past year best demonstrates your {competency}? Describe the role you "
        "personally played."),
    (2, "请讲一次你的{competency}得到上级或客户认可的经历，他们认可的是你的哪些具体做法？",
        "Tell me about a time your {competency} was recognised by a manager or a customer. Which of your "
        "specific actions did they recognise?"),
    (3, "请描述一次你需要说服持不同意见的同事、同时体现{competency}的经历。你是怎么做的，最后达成了什么？",
        "Describe a time you had to win over colleagues who disagreed with you while showing {competency}. "
        "How did you go about it, and what was agreed in the end?"),
    (2, "在以往的岗位上，你做过的哪项工作与「{duty}」最相似？你在其中是如何体现{competency}的？",
        "In your previous roles, which work came closest to \"{duty}\"? How did you show {competency} in it?"),
    (3, "请讲一次你主动发现问题并推动解决、体现{competency}的经历。如果没有你，结果会有什么不同？",
        "Tell me about a time you spotted a problem on your own initiative and drove it to a fix, showing "
        "{competency}. What would have been different without you?"),
    (1, "请分享一个你在团队项目中运用{competency}的例子，其中哪些部分是你个人完成的？",
        "Share an example of using your {competency} in a team project. Which parts did you do yourself?"),
    (3, "请描述一次你在{competency}上做得不够好的经历：你从中学到了什么？之后是否用上了？",
        "Describe a time your {competency} fell short: what did you learn, and have you applied it since?"),
    (2, "请讲一次你第一次接触某类工作时，仍然很快体现出{competency}并取得成果的经历。",
        "Tell me about a time you were new to a kind of work and still showed {competency} quickly and "
        "delivered results."),
])

SITUATIONAL = _templates("situational", [
    (1, "假设你刚入职担任{title}，第一个月就遇到一件特别考验{competency}的事情，你会怎么处理？",
        "Suppose you have just joined as {title} and in your first month face a situation that really tests "
        "your {competency}. How would you handle it?"),
    (2, "如果你负责的「{duty}」进度落后了两周，而上级坚持按期交付，你会如何运用{competency}来处理？",
        "If your work on \"{duty}\" is two weeks behind and your manager insists on the original deadline, how "
        "would you use your {competency} to handle it?"),
    (2, "假设两个重要的合作部门对同一件事提出了相互冲突的要求，你会如何处理？请说明你在{competency}上的考虑。",
        "Suppose two key partner departments make conflicting demands about the same piece of work. How would "
        "you handle it, and how does your {competency} come into it?"),
    (3, "如果你发现团队正在执行的方案有明显缺陷，而方案是上级定的，你会怎么做？这与{competency}有什么关系？",
        "If you found a clear flaw in a plan your team is carrying out, and your manager set that plan, what "
        "would you do? How does it relate to {competency}?"),
    (1, "假设你需要在一周内把工作交接给不熟悉情况的新同事，你会如何安排，才能保证{competency}相关的工作不受影响？",
        "Suppose you must hand your work over within a week to a new colleague who does not know it. How would "
        "you plan it so that the work that depends on {competency} does not suffer?"),
    (2, "如果客户或内部用户对你的交付结果非常不满意，并直接向你的上级投诉，你会如何运用{competency}来处理？",
        "If a customer or internal user is very unhappy with what you delivered and complains straight to "
        "your manager, how would you use your {competency} to handle it?"),
    (3, "假设公司预算削减30%，而你负责的「{duty}」仍要达到原定目标，你会如何调整？{competency}在其中起什么作用？",
        "Suppose the budget is cut by 30% but your work on \"{duty}\" must still hit its original target. What "
        "would you change, and what part does {competency} play?"),
    (2, "如果你被安排带领一个成员都比你资深的小组，在{competency}方面你会怎样开展工作？",
        "If you were asked to lead a group whose members are all more senior than you, how would you go about "
        "it as far as {competency} is concerned?"),
    (1, "假设你接手了一项前任留下、文档不全的工作，你的第一步是什么？如何在其中体现{competency}？",
        "Suppose you take over work your predecessor left with poor documentation. What is your first step, "
        "and how would you show {competency} in it?"),
    (3, "如果你的数据分析结论与上级的直觉判断相反，而决策明天就要做出，你会怎么办？请结合{competency}说明。",
        "If your analysis contradicts your manager's gut feeling and the decision is due tomorrow, what would "
        "you do? Explain it in terms of {competency}."),
    (2, "假设同时有三件紧急任务落到你身上，只能先完成一件，你会如何排序和沟通？{competency}会如何影响你的选择？",
        "Suppose three urgent tasks land on you at once and you can finish only one first. How would you "
        "prioritise and communicate, and how does {competency} shape your choice?"),
    (3, "如果你在{title}岗位上发现一个能显著改善{competency}相关成果、但需要跨部门协作的机会，你会如何推进？",
        "If, as {title}, you saw a chance to markedly improve results that depend on {competency} but it needed "
        "several departments to cooperate, how would you push it forward?"),
])

PRESSURE = _templates("pressure", [
    (2, "请讲一次你在极大压力下（例如截止日期提前或关键同事离职）仍需体现{competency}的经历，你当时的感受和做法是什么？",
        "Tell me about a time you had to show {competency} under heavy pressure (a deadline moved up, a key "
        "colleague left). How did you feel and what did you do?"),
    (3, "假设你负责的项目在上线前一天发现严重问题，所有人都在等你的决定，你会如何处理？{competency}如何帮助你？",
        "Suppose a serious problem is found in your project the day before launch and everyone is waiting for "
        "your decision. What would you do, and how does {competency} help you?"),
    (1, "你认为自己在{competency}上最大的不足是什么？如果它影响了工作，你会怎么办？",
        "What is your biggest weakness in {competency}? If it affected your work, what would you do?"),
    (3, "如果在一次重要会议上，你的方案被高层当众否定，你会如何回应？事后你会怎样体现{competency}？",
        "If senior management rejected your proposal in front of everyone at an important meeting, how would "
        "you respond, and how would you show {competency} afterwards?"),
    (2, "请讲一次你连续很长时间高强度工作的经历，你是如何保持工作质量和{competency}的？",
        "Tell me about a long stretch of very intense work. How did you keep up the quality of your work and "
        "your {competency}?"),
    (3, "如果面试结束后我们认为你的{competency}还达不到{title}的要求，你会怎样说服我们？",
        "If after this interview we felt your {competency} was not yet at the level a {title} needs, how would "
        "you convince us otherwise?"),
    (2, "请描述一次你被客户或上级严厉批评的经历：你当时如何回应？后来在{competency}上做了什么改变？",
        "Describe a time a customer or manager criticised you sharply: how did you respond at the time, and "
        "what did you change in your {competency} afterwards?"),
    (1, "如果入职后第一个季度的目标被提高了一倍，你会怎么看待？你会如何运用{competency}去完成？",
        "If your target for the first quarter after joining were doubled, how would you see it, and how would "
        "you use your {competency} to reach it?"),
    (3, "假设你犯了一个错误，导致团队失去了一笔重要业务，而目前只有你知道，你会怎么做？这对{competency}意味着什么？",
        "Suppose a mistake of yours cost the team an important deal and so far only you know it. What would you "
        "do, and what does it mean for your {competency}?"),
    (2, "如果两位上级同时要求你优先处理各自的紧急任务，而且两人意见对立，你会如何在压力下运用{competency}来处理？",
        "If two managers each demanded that you put their urgent task first and they disagreed with each other, "
        "how would you use your {competency} under that pressure?"),
    (1, "当工作一再被打断、计划不断变化时，你通常如何保持{competency}？请举一个最近的例子。",
        "When your work keeps being interrupted and plans keep changing, how do you keep up your {competency}? "
        "Give a recent example."),
])

TECHNICAL = _templates("technical", [
    (2, "请描述一次你用{skill}解决复杂问题的经历：难点在哪里？你的方案是什么？最终效果如何？",
        "Describe a time you used {skill} to solve a complex problem: where was the difficulty, what was your "
        "solution, and what was the result?"),
    (1, "你在实际工作中是如何使用{skill}的？请举一个最近的具体例子。",
        "How do you use {skill} in your day-to-day work? Give a recent, concrete example."),
    (3, "使用{skill}时你遇到过的最棘手的问题是什么？你是如何定位和解决的？",
        "What is the hardest problem you have met when using {skill}? How did you track it down and fix it?"),
    (2, "如果要向一位新同事讲解{skill}的核心要点，你会重点讲哪三点？为什么？",
        "If you had to teach a new colleague the essentials of {skill}, which three points would you stress, "
        "and why?"),
    (3, "请讲一次你用{skill}显著提升效率或质量的经历：提升了多少？是怎么衡量的？",
        "Tell me about a time you used {skill} to markedly improve efficiency or quality: by how much, and how "
        "was it measured?"),
    (1, "你是如何学习和掌握{skill}的？你认为自己目前处于什么水平，依据是什么？",
        "How did you learn {skill}? What level are you at today, and what tells you so?"),
    (3, "在与{skill}相关的工作中，你做过哪些方案取舍？当时考虑了哪些因素？",
        "Which trade-offs between approaches have you made in work involving {skill}? What did you weigh up?"),
    (2, "假设在{title}岗位上，你需要用{skill}完成「{duty}」，你会如何规划和实施？",
        "Suppose that as {title} you had to use {skill} for \"{duty}\". How would you plan and carry it out?"),
    (2, "请说说你使用{skill}时踩过的坑或常见错误，以及你现在如何避免。",
        "Tell me about pitfalls or common mistakes you have run into with {skill}, and how you avoid them now."),
    (3, "如果让你评审一位同事用{skill}完成的工作成果，你会重点检查哪些方面？",
        "If you were reviewing a colleague's work done with {skill}, what would you check most carefully?"),
    (1, "请介绍一个你用{skill}完成、自己最满意的工作成果，其中你本人负责了哪一部分？",
        "Describe the piece of work done with {skill} that you are proudest of. Which part of it was yours?"),
    (2, "当{skill}的常规做法无法满足需求时，你会如何寻找替代方案？请举例说明。",
        "When the usual way of doing things with {skill} does not meet the need, how do you find an "
        "alternative? Give an example."),
])

TEMPLATES: dict[str, tuple[QuestionTemplate, ...]] = {
    "behavioural": BEHAVIOURAL,
    "situational": SITUATIONAL,
    "pressure": PRESSURE,
    "technical": TECHNICAL,
}

# Follow-up probes per question type: (zh, en). Behavioural probes walk the STAR structure in order.
FOLLOW_UPS: dict[str, tuple[tuple[str, str], ...]] = {
    "behavioural": (
        ("当时的具体背景是什么？涉及哪些人？", "What exactly was the situation, and who was involved?"),
        ("你个人承担的任务或目标是什么？", "What was your own task or goal?"),
        ("你本人具体做了哪些事？哪些是团队其他人做的？", "What did you do yourself, and what did others in the team do?"),
        ("最终结果如何？有没有可以衡量的数据？", "What was the result? Are there figures that measure it?"),
        ("如果重新来一次，你会有什么不同的做法？", "If you did it again, what would you do differently?"),
    ),
    "situational": (
        ("你第一步会做什么？为什么先做这一步？", "What would you do first, and why that first?"),
        ("你需要哪些人的支持？会如何与他们沟通？", "Whose support would you need, and how would you talk to them?"),
        ("如果这个方案行不通，你的备选方案是什么？", "If that did not work, what would your fallback be?"),
        ("你如何判断自己的处理是否成功？", "How would you know that you had handled it well?"),
        ("你以前遇到过类似的情况吗？当时是怎么做的？", "Have you faced something similar before? What did you do then?"),
    ),
    "pressure": (
        ("当时你的真实感受是什么？你如何调整自己？", "How did you honestly feel, and how did you steady yourself?"),
        ("你如何决定先处理什么、放下什么？", "How did you decide what to deal with first and what to drop?"),
        ("你向谁寻求了帮助或及时同步了情况？", "Whom did you ask for help or keep informed?"),
        ("这件事之后，你在方法上做了哪些改变？", "What did you change in how you work after this?"),
        ("如果压力再大一倍，你还会这样处理吗？", "If the pressure were twice as high, would you still handle it this way?"),
    ),
    "technical": (
        ("为什么选择这个方案，而不是其他方案？", "Why this approach rather than the alternatives?"),
        ("其中最大的技术难点是什么？你是怎么解决的？", "What was the hardest technical part, and how did you solve it?"),
        ("效果用什么指标衡量？前后数据分别是多少？", "Which metric measured the effect, and what were the figures before and after?"),
        ("如果数据量或用户量扩大十倍，方案需要做哪些调整？", "What would have to change if the data or users grew tenfold?"),
        ("这部分工作中，哪些是你独立完成的？", "Which parts of this work did you do on your own?"),
    ),
}

# What a 1, 3 and 5 answer shows for each question type; appended to the competency's own anchors.
TYPE_ANCHORS: dict[str, dict[int, tuple[str, str]]] = {
    "behavioural": {
        1: ("只有泛泛的看法或“我们”，没有具体事例、个人行动或结果",
            "only general opinions or \"we\"; no concrete example, own action or result"),
        3: ("有具体事例和本人行动，但背景、结果或数据不完整",
            "a concrete example with own actions, but the context, result or figures are incomplete"),
        5: ("完整的 STAR：情境清楚、本人行动具体、结果可量化，并有反思",
            "a complete STAR answer: clear situation, specific own actions, measurable result and reflection"),
    },
    "situational": {
        1: ("回答空泛或回避问题，没有可执行的步骤",
            "vague or evasive, with no workable steps"),
        3: ("给出合理、有顺序的处理步骤，但较少权衡利弊或相关方",
            "sensible, ordered steps, but little weighing of trade-offs or stakeholders"),
        5: ("方案结构清楚，考虑相关方、风险和备选方案，并说明判断依据",
            "a well-structured plan that covers stakeholders, risks and a fallback, with its reasoning"),
    },
    "pressure": {
        1: ("情绪化、防御或放弃，无法说明应对方法",
            "emotional, defensive or giving up; cannot say how they would cope"),
        3: ("保持冷静并给出可行的应对，但缺少优先级或主动沟通",
            "stays calm with a workable response, but without clear priorities or proactive communication"),
        5: ("冷静、有优先级、主动沟通，并能从压力事件中总结改进",
            "calm, prioritised, communicates proactively and draws lessons from the episode"),
    },
    "technical": {
        1: ("概念错误或只会罗列名词，没有实际使用经历",
            "wrong concepts or mere buzzwords; no real hands-on use"),
        3: ("能正确说明做法和关键步骤，有实际使用经历",
            "correctly explains the approach and key steps from real use"),
        5: ("深入原理、能权衡取舍，并有真实数据证明效果",
            "understands the internals, weighs trade-offs and proves the effect with real figures"),
    },
}
