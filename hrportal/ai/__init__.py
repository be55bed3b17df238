"""AI backends below every app (issue 22): one interface, the deterministic engines as default and fallback,
and an OpenAI-compatible HTTP backend a company can self-host. Apps call ``complete_json`` with a task name, a
prompt, a JSON schema and the inputs their registered fallback needs; the backends know no app. docs/ai.md."""
