// YAML scalar quoting for text the engine writes into a policy (completions and fixes).

/** Quotes a value where YAML would read it otherwise: empty, leading indicators, `: `, flow characters. */
export function quoteIfNeeded(value: string, inFlow: boolean, typedQuote: '"' | "'" | ''): string {
  const q = typedQuote || '"';
  const needs =
    typedQuote !== '' ||
    value === '' ||
    /^[-?:,[\]{}#&*!|>'"%@`\s]/.test(value) ||
    /: |\s#|:$/.test(value) ||
    (inFlow && /[,[\]{}]|:/.test(value)) ||
    /^(y|n|yes|no|on|off|true|false|null|~)$/i.test(value);
  if (!needs) return value;
  return q === "'" ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
}
