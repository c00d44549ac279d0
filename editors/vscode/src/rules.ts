// The rule codes offered by "closurelens: Explain Rule" and where their pages live. Mirrors the
// catalogue in docs/rules/ (the server's `closurelens explain` is the source of the text itself).

export interface RuleEntry {
  code: string;
  name: string;
  summary: string;
}

/** The same base the server puts in codeDescription.href (server/rule_catalog.hpp). */
export const DOCS_BASE_URL = 'https://github.com/closurelens/closurelens/blob/main/docs/rules/';

export const RULES: readonly RuleEntry[] = Object.freeze([
  { code: 'CL101', name: 'late-binding-closure', summary: 'a closure made in a loop reads the loop variable late' },
  { code: 'CL102', name: 'unbound-local-capture', summary: 'assignment to a captured name without nonlocal' },
  { code: 'CL103', name: 'nonlocal-without-binding', summary: 'nonlocal names nothing an enclosing function binds' },
  { code: 'CL104', name: 'captured-exception-name', summary: 'a closure captures an `except ... as` name' },
  { code: 'CL105', name: 'unsynchronized-closure-state', summary: 'wrapper state changed without a lock' },
  { code: 'CL106', name: 'unbounded-closure-state', summary: 'wrapper state that grows on every call' },
  { code: 'CL201', name: 'missing-wraps', summary: 'wrapper without functools.wraps(func)' },
  { code: 'CL202', name: 'wrapper-discards-result', summary: "wrapper drops the wrapped function's result" },
  { code: 'CL203', name: 'decorator-returns-none', summary: 'decorator does not return its wrapper' },
  { code: 'CL204', name: 'wrapper-drops-arguments', summary: 'wrapper cannot take or does not forward the arguments' },
  { code: 'CL205', name: 'decorator-call-mismatch', summary: 'factory used bare, or plain decorator called' },
  { code: 'CL206', name: 'decorator-order', summary: 'decorator stacked above classmethod/staticmethod/property' },
  { code: 'CL207', name: 'cached-method', summary: 'lru_cache/cache on an instance method keeps self alive' },
  { code: 'CL208', name: 'class-decorator-without-get', summary: 'class-based decorator on a method without __get__' },
  { code: 'CL209', name: 'wraps-misuse', summary: 'functools.wraps / update_wrapper used wrongly' },
]);

/** "cl201", " CL201 ", "missing-wraps" -> "CL201"; undefined when it names no rule. */
export function normalizeRuleCode(text: string): string | undefined {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  const byCode = RULES.find((rule) => rule.code === upper);
  if (byCode !== undefined) return byCode.code;
  const byName = RULES.find((rule) => rule.name === trimmed.toLowerCase());
  return byName?.code;
}

export function ruleDocUrl(code: string): string {
  return `${DOCS_BASE_URL}${code}.md`;
}

/**
 * The code of a closurelens diagnostic, from the shapes VS Code hands out: a plain string or
 * number, or `{ value, target }` when the diagnostic had a codeDescription.
 */
export function diagnosticCode(code: unknown): string | undefined {
  if (typeof code === 'string') return normalizeRuleCode(code);
  if (typeof code === 'object' && code !== null && 'value' in code) {
    const value = (code as { value: unknown }).value;
    if (typeof value === 'string') return normalizeRuleCode(value);
  }
  return undefined;
}
