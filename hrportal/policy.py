"""The one permission policy: which role reaches which URL, and which capability.

Every named URL of the portal must appear in URL_POLICY (or under a namespace in NAMESPACE_POLICY);
AccessPolicyMiddleware enforces it before any view runs and refuses unknown names, and the role × URL
matrix test fails when a URL has no entry. Object-level scoping (a hiring manager's department, an
interviewer's own interviews) lives beside each app's models in ``<app>/access.py`` and takes its
capability answers from here.
"""

from __future__ import annotations

from hrportal.roles import Role, roles_of

PUBLIC = "public"
AUTHENTICATED = "authenticated"
# The REST API (issue 21): the page middleware lets these URLs through to the API's own bearer-token
# authentication (api/auth.py) — a session is no credential there, so no token → 401 JSON, never a redirect to
# the login page. What a token may do is its scopes intersected with API_SCOPE_POLICY below.
API_TOKEN = "api-token"  # noqa: S105 - a policy kind, not a secret

HR, MANAGER, INTERVIEWER, FINANCE, ADMIN = Role.HR, Role.MANAGER, Role.INTERVIEWER, Role.FINANCE, Role.ADMIN
RECRUITERS = frozenset({HR, ADMIN})
RECRUITING_READERS = frozenset({HR, MANAGER, ADMIN})
INTERVIEWERS = frozenset({HR, MANAGER, INTERVIEWER, ADMIN})  # who may be assigned to interview (never finance)
PAYROLL = frozenset({FINANCE, ADMIN})  # employees' pay, payroll runs, payslips sent
OFFER_READERS = frozenset({HR, MANAGER, FINANCE, ADMIN})  # offers' status; pay and cost by capability below

URL_POLICY: dict[str, str | frozenset[Role]] = {
    # hrportal
    "login": PUBLIC,
    "logout": AUTHENTICATED,
    "set_language": PUBLIC,
    "healthz": PUBLIC,
    # wecom: WeCom's servers call this; the view checks the signature (wecom/callbacks/views.py)
    "wecom:callback": PUBLIC,
    "dashboard": AUTHENTICATED,
    "audit_log": frozenset({ADMIN}),
    "privacy_report": frozenset({ADMIN}),  # the auditor's view (issue 19 item 4)
    "ai_admin": frozenset({ADMIN}),  # AI backends: endpoints, breakers, counters, redacted samples (issue 22)
    # recruiting
    "recruiting:position_list": frozenset({HR, MANAGER, FINANCE, ADMIN}),
    "recruiting:position_detail": frozenset({HR, MANAGER, FINANCE, ADMIN}),
    "recruiting:position_create": RECRUITERS,
    "recruiting:position_edit": RECRUITERS,
    "recruiting:candidate_list": RECRUITING_READERS,
    "recruiting:candidate_detail": RECRUITING_READERS,
    "recruiting:application_board": RECRUITING_READERS,
    "recruiting:application_move": RECRUITING_READERS,
    "recruiting:import_history": RECRUITERS,
    "recruiting:intake": RECRUITERS,
    "recruiting:intake_batch": RECRUITERS,
    "recruiting:resume_detail": RECRUITERS,
    "recruiting:screening_run_start": RECRUITERS,
    "recruiting:screening_results": RECRUITING_READERS,
    "recruiting:screening_results_export": RECRUITERS,
    "recruiting:screening_run": RECRUITING_READERS,
    "recruiting:screening_run_progress": RECRUITING_READERS,
    "recruiting:position_refit_weights": RECRUITERS,
    # retention (issue 19): the purge's 14-day preview and extending one candidate's date
    "recruiting:retention_upcoming": RECRUITERS,
    "recruiting:retention_extend": RECRUITERS,
    # the candidate's rights link: no account, the signed token is the credential (recruiting/rights/links.py)
    "recruiting:rights_home": PUBLIC,
    "recruiting:rights_export": PUBLIC,
    "recruiting:rights_correction": PUBLIC,
    "recruiting:rights_deletion": PUBLIC,
    "recruiting:rights_review": PUBLIC,
    "recruiting:rights_queue": RECRUITERS,
    # the public careers page (issue 23): no login; anti-abuse in recruiting/careers/throttle.py
    "recruiting:careers_list": PUBLIC,
    "recruiting:careers_position": PUBLIC,
    "recruiting:careers_apply": PUBLIC,
    "recruiting:careers_qr": PUBLIC,
    "recruiting:rights_resolve": RECRUITERS,
    # interviews: question bank and plans (a hiring manager reads those of their department)
    "interviews:question_bank": RECRUITING_READERS,
    "interviews:question_generate": RECRUITERS,
    "interviews:question_create": RECRUITERS,
    "interviews:question_edit": RECRUITERS,
    "interviews:question_approve": RECRUITERS,
    "interviews:question_unapprove": RECRUITERS,
    "interviews:plan_detail": RECRUITING_READERS,
    "interviews:round_create": RECRUITERS,
    "interviews:round_edit": RECRUITERS,
    "interviews:round_delete": RECRUITERS,
    # interviews: the schedule (issue 4 item 3). Interviewers see only their own (interviews/access.py).
    "interviews:schedule": frozenset({HR, MANAGER, INTERVIEWER, ADMIN}),
    "interviews:interview_create": RECRUITERS,
    "interviews:interview_detail": frozenset({HR, MANAGER, INTERVIEWER, ADMIN}),
    "interviews:interview_edit": RECRUITERS,
    "interviews:interview_status": RECRUITERS,
    "interviews:interview_slots": RECRUITERS,
    "interviews:conflicts": RECRUITERS,
    # the interview room and scorecards (items 4–6): reachable by anyone who may be assigned as an
    # interviewer; the object check admits only the interview's assigned interviewers (403 otherwise).
    "interviews:room": INTERVIEWERS,
    "interviews:room_notes": INTERVIEWERS,
    "interviews:room_ai": INTERVIEWERS,
    "interviews:room_clock": INTERVIEWERS,  # actual start/end for interview costs (issue 18)
    # recording → transcript (issue 22): the same object check (assigned interviewers only)
    "interviews:recording_consent": INTERVIEWERS,
    "interviews:recording_chunk": INTERVIEWERS,
    "interviews:recording_transcript": INTERVIEWERS,
    "interviews:scorecard_save": INTERVIEWERS,
    "interviews:scorecard_submit": INTERVIEWERS,
    "interviews:scorecard_amend": INTERVIEWERS,
    # calibration, composite and the hiring decision (items 7–8)
    "interviews:calibration": RECRUITERS,
    "interviews:recalibrate": RECRUITERS,
    "interviews:decision": RECRUITING_READERS,
    "interviews:position_comparison": RECRUITING_READERS,
    "interviews:interview_weights": RECRUITERS,
    # the learning loop and the bias audit (issue 17)
    "interviews:learning": RECRUITERS,
    "interviews:learning_refit": RECRUITERS,
    "interviews:weight_set_activate": RECRUITERS,
    "interviews:weight_set_reject": RECRUITERS,
    "interviews:question_retire": RECRUITERS,
    "interviews:bias_audit": RECRUITERS,
    "interviews:bias_audit_csv": RECRUITERS,
    "interviews:bias_audit_run": RECRUITERS,
    # recruiting analytics (issue 20 item 1): aggregates only, scoped like the lists (a manager sees their
    # departments); finance reads them for offers and cost per hire; interviewers none (docs/analytics.md)
    "interviews:analytics": OFFER_READERS,
    "interviews:analytics_csv": OFFER_READERS,
    # feedback surveys (issue 18): the survey link is public (the signed single-use token is the credential,
    # interviews/surveys/links.py); the report shows aggregates only and is for recruiters
    "interviews:survey_answer": PUBLIC,
    "interviews:survey_report": RECRUITERS,
    "interviews:suggestion_decide": RECRUITERS,
    # wecom (issue 5): message log, templates, invitations
    "wecom:message_log": RECRUITERS,
    "wecom:message_detail": RECRUITERS,
    "wecom:message_retry": RECRUITERS,
    "wecom:send_invitations": RECRUITERS,
    "wecom:templates": RECRUITERS,
    "wecom:template_edit": RECRUITERS,
    # the candidate's self-service link: no account, the signed token is the credential (wecom/messages/links.py)
    "wecom:candidate_link": PUBLIC,
    # OAuth2 return from WeCom: the single-use code is the credential (wecom/oauth/services.py)
    "wecom:oauth_callback": PUBLIC,
    # the sandbox phone (only when WeCom is not configured): everyone sees their own, recruiters all
    "wecom:sandbox_phones": AUTHENTICATED,
    "wecom:sandbox_phone": AUTHENTICATED,
    "wecom:sandbox_action": AUTHENTICATED,
    # payroll (issue 15): finance and admin only — HR proposes offers but never sees payroll figures
    "payroll:run_list": PAYROLL,
    "payroll:run_detail": PAYROLL,
    "payroll:run_progress": PAYROLL,
    "payroll:run_adjustment": PAYROLL,
    "payroll:run_export": PAYROLL,
    "payroll:run_action": PAYROLL,
    "payroll:pay_records": PAYROLL,
    "payroll:pay_record_detail": PAYROLL,
    "payroll:declare": PAYROLL,
    # the social-insurance policy page: figures of the law, not of people — HR reads it too (offers)
    "payroll:policies": frozenset({HR, FINANCE, ADMIN}),
    # the employee's payslip link: no account, the signed token is the credential (payroll/payslips/links.py)
    "payroll:payslip": PUBLIC,
    # interview costs (issue 18): HR sees per-position totals, finance every figure (capability below);
    # rates, room prices, travel claims and the export are finance's; interviewers see nothing
    "payroll:interview_costs": frozenset({HR, FINANCE, ADMIN}),
    "payroll:interview_cost_export": PAYROLL,
    "payroll:cost_settings": PAYROLL,
    # offers, contracts, onboarding (issue 16): HR drafts and sends; finance approves out-of-range offers and
    # sees the cost; a hiring manager follows the status of their departments' offers (recruiting/access.py)
    "payroll:offer_list": OFFER_READERS,
    "payroll:offer_detail": OFFER_READERS,
    "payroll:offer_create": RECRUITERS,
    "payroll:offer_edit": RECRUITERS,
    "payroll:offer_action": frozenset({HR, FINANCE, ADMIN}),
    "payroll:offer_contract": frozenset({HR, FINANCE, ADMIN}),
    "payroll:onboarding": frozenset({HR, MANAGER, ADMIN}),
    # the candidate's signing link: no account, the signed token is the credential (payroll/contracts/links.py)
    "payroll:offer_sign": PUBLIC,
}

URL_POLICY.update({
    # the API's schema and reference page describe the API, not data: integrators read them before they
    # hold a token (docs/decisions.md, "REST API")
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    # API tokens and webhook subscriptions are managed by admins on portal pages (api/pages/)
    "integrations:tokens": frozenset({ADMIN}),
    "integrations:token_revoke": frozenset({ADMIN}),
    "integrations:webhooks": frozenset({ADMIN}),
    "integrations:webhook_edit": frozenset({ADMIN}),
    "integrations:webhook_test": frozenset({ADMIN}),
})

NAMESPACE_POLICY: dict[str, str | frozenset[Role]] = {
    "admin": frozenset({ADMIN}),
    "api": API_TOKEN,  # every REST resource: token + scope + role (API_SCOPE_POLICY)
}
# Inside the admin namespace the login/logout pages must stay reachable.
URL_POLICY.update({"admin:login": PUBLIC, "admin:logout": AUTHENTICATED})

# Capabilities: what a role may see or do inside a page it can reach.
CAPABILITIES: dict[str, frozenset[Role]] = {
    "view_candidate_contact": frozenset({HR, ADMIN}),
    "view_candidate_salary": frozenset({HR, ADMIN}),
    # the interview room shows masked contact data to these roles; the interviewer role sees none at all
    "view_candidate_contact_masked": frozenset({HR, MANAGER, ADMIN}),
    "view_employee_salary": frozenset({FINANCE, ADMIN}),
    "view_employee_contact": frozenset({HR, ADMIN}),
    "edit_position": RECRUITERS,
    "move_stage": RECRUITING_READERS,
    "see_all_departments": frozenset({HR, FINANCE, ADMIN}),
    "import_history": RECRUITERS,
    "view_audit_log": frozenset({ADMIN}),
    "intake_resumes": RECRUITERS,
    "run_screening": RECRUITERS,
    "export_screening": RECRUITERS,
    "refit_weights": RECRUITERS,
    "edit_interview_plan": RECRUITERS,
    "schedule_interviews": RECRUITERS,
    "see_all_interviews": frozenset({HR, ADMIN}),
    "decide_hiring": RECRUITING_READERS,
    "view_calibration": RECRUITERS,
    "review_learned_weights": RECRUITERS,
    "view_bias_audit": RECRUITERS,
    "send_messages": RECRUITERS,
    "view_all_sandbox_phones": RECRUITERS,
    "manage_retention": RECRUITERS,
    "handle_rights_requests": RECRUITERS,
    "view_interview_cost_detail": PAYROLL,
    # offers (issue 16): a manager sees an offer's status only
    "manage_offers": RECRUITERS,
    "approve_offer_out_of_range": frozenset({FINANCE, ADMIN}),
    "view_offer_pay": frozenset({HR, FINANCE, ADMIN}),
    "view_offer_cost": frozenset({FINANCE, ADMIN}),
    # analytics sections (issue 20): interviewers' names with their pass rates are for the people who staff
    # panels; interview costs by source for those who see cost figures
    "view_interviewer_analytics": frozenset({HR, MANAGER, ADMIN}),
    "view_cost_analytics": frozenset({HR, FINANCE, ADMIN}),
}


# API scopes (issue 21): which roles may exercise a scope. A token's effective rights are its scopes ∩ what its
# user's roles allow here, so a token never reaches more than its user does in the browser (the same role
# sets as the pages above); object scoping and masking then come from the apps' access helpers.
API_SCOPE_POLICY: dict[str, frozenset[Role]] = {
    "read:departments": frozenset({HR, MANAGER, FINANCE, ADMIN}),
    "read:positions": frozenset({HR, MANAGER, FINANCE, ADMIN}),  # = recruiting:position_list
    "write:positions": RECRUITERS,  # = recruiting:position_edit
    "read:employees": frozenset({HR, FINANCE, ADMIN}),  # names and departments; contact/pay by capability
    "write:employees": RECRUITERS,  # the EHR pushes employees and performance reviews
    "read:candidates": RECRUITING_READERS,  # = recruiting:candidate_list (a manager: own departments, masked)
    "write:candidates": RECRUITERS,  # = recruiting:intake
    "read:applications": RECRUITING_READERS,
    "read:screening": RECRUITING_READERS,  # = recruiting:screening_results
    "read:interviews": frozenset({HR, MANAGER, INTERVIEWER, ADMIN}),  # = interviews:schedule (own ones)
    "read:scorecards": RECRUITING_READERS,  # = interviews:decision
    "read:offers": OFFER_READERS,  # = payroll:offer_list (pay by capability)
    "read:onboarding": frozenset({HR, MANAGER, ADMIN}),  # = payroll:onboarding
    "read:payroll": PAYROLL,  # = payroll:run_list
    "read:interview_costs": PAYROLL,  # finance's figures (payroll:interview_cost_export)
}


def can_use_scope(user, scope: str) -> bool:
    """True when the user's roles allow the API scope (unknown scope → KeyError: a typo must not pass)."""
    allowed = API_SCOPE_POLICY.get(scope)
    if allowed is None:
        raise KeyError(f"unknown API scope {scope!r}; add it to hrportal.policy.API_SCOPE_POLICY")
    return bool(roles_of(user) & allowed)


def rule_for(view_name: str | None) -> str | frozenset[Role] | None:
    """The policy entry for a resolved view name, or None when the URL has none (deny)."""
    if not view_name:
        return None
    if view_name in URL_POLICY:
        return URL_POLICY[view_name]
    namespace = view_name.split(":", 1)[0] if ":" in view_name else None
    if namespace is not None:
        return NAMESPACE_POLICY.get(namespace)
    return None


def can_reach(user, view_name: str) -> bool:
    rule = rule_for(view_name)
    if rule is None:
        return False
    if rule == PUBLIC:
        return True
    if rule == API_TOKEN:
        return False  # a session never reaches the API: only a bearer token does (api/auth.py)
    if not (user and user.is_authenticated):
        return False
    if rule == AUTHENTICATED:
        return True
    return bool(roles_of(user) & rule)


def can(user, capability: str) -> bool:
    """True when the user's roles grant the named capability (unknown capability → False)."""
    allowed = CAPABILITIES.get(capability)
    if allowed is None:
        raise KeyError(f"unknown capability {capability!r}; add it to hrportal.policy.CAPABILITIES")
    return bool(roles_of(user) & allowed)
